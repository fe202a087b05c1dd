import Foundation
import MeshModel

// AnalyzeBenchmark SERVICES
//     Generates a mesh of SERVICES services, five resources each (ServiceEntry,
//     DestinationRule, VirtualService, two WorkloadEntries), plus a Sidecar and an
//     AuthorizationPolicy per namespace of ten services; builds the inventory and runs
//     every analyzer. Prints `resources= inventory_ms= analyze_ms= messages=` and the
//     slowest analyzers.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func mesh(services: Int) -> [InventoryObject] {
  var objects: [InventoryObject] = []
  func add(_ resource: MeshResource, line: Int) {
    objects.append(
      InventoryObject(.mesh(resource), origin: ResourceOrigin(file: "mesh.yaml", line: line)))
  }
  for index in 0..<services {
    let namespace = "ns\(index / 10)"
    let name = "svc\(index)"
    let host = "\(name).\(namespace).svc.cluster.local"
    let meta = ObjectMeta(name: name, namespace: namespace)
    add(
      .serviceEntry(
        ServiceEntry(
          metadata: meta,
          spec: ServiceEntrySpec(
            hosts: [host],
            addresses: ["240.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)"],
            ports: [ServicePort(number: 8080, protocol: "HTTP", name: "http")],
            location: .meshInternal, resolution: .static,
            workloadSelector: WorkloadSelector(labels: ["app": name])))), line: index * 50)
    add(
      .destinationRule(
        DestinationRule(
          metadata: meta,
          spec: DestinationRuleSpec(
            host: host,
            subsets: [
              Subset(name: "v1", labels: ["version": "v1"]),
              Subset(name: "v2", labels: ["version": "v2"]),
            ]))),
      line: index * 50 + 10)
    add(
      .virtualService(
        VirtualService(
          metadata: meta,
          spec: VirtualServiceSpec(
            hosts: [host],
            http: [
              HTTPRoute(
                match: [HTTPMatchRequest(uri: StringMatch(prefix: "/v2"))],
                route: [HTTPRouteDestination(destination: Destination(host: host, subset: "v2"))]),
              HTTPRoute(route: [
                HTTPRouteDestination(destination: Destination(host: name, subset: "v1"))
              ]),
            ]))), line: index * 50 + 20)
    for version in ["v1", "v2"] {
      add(
        .workloadEntry(
          WorkloadEntry(
            metadata: ObjectMeta(name: "\(name)-\(version)", namespace: namespace),
            spec: WorkloadEntrySpec(
              address: "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)",
              ports: ["http": 8080],
              labels: ["app": name, "version": version], serviceAccount: name))),
        line: index * 50 + 30)
    }
    if index % 10 == 0 {
      add(
        .sidecar(
          Sidecar(
            metadata: ObjectMeta(name: "default", namespace: namespace),
            spec: SidecarSpec(egress: [IstioEgressListener(hosts: ["./*"])]))),
        line: index * 50 + 40)
      add(
        .authorizationPolicy(
          AuthorizationPolicy(
            metadata: ObjectMeta(name: "callers", namespace: namespace),
            spec: AuthorizationPolicySpec(
              selector: LabelSelector(matchLabels: ["app": name]),
              rules: [
                AuthorizationRule(from: [
                  AuthorizationRuleFrom(
                    source: AuthorizationSource(principals: [
                      "cluster.local/ns/\(namespace)/sa/\(name)"
                    ]))
                ])
              ],
              action: .allow))), line: index * 50 + 45)
    }
  }
  return objects
}

let services = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let objects = mesh(services: services)
var start = ContinuousClock.now
let inventory = Inventory(objects)
let inventoryMilliseconds = milliseconds(since: start)
start = ContinuousClock.now
let count = MeshAnalysis.run(inventory).count
let analyzeMilliseconds = milliseconds(since: start)
// Each analyzer on its own, for where the time goes.
var timings: [(String, Double)] = []
for analyzer in MeshAnalysis.analyzers {
  var report = AnalysisReport()
  let analyzerStart = ContinuousClock.now
  analyzer.analyze(inventory, into: &report)
  timings.append((analyzer.name, milliseconds(since: analyzerStart)))
}
print(
  String(
    format: "resources=%d inventory_ms=%.1f analyze_ms=%.1f messages=%d", objects.count,
    inventoryMilliseconds, analyzeMilliseconds, count))
for (name, time) in timings.sorted(by: { $0.1 > $1.1 }).prefix(4) {
  print(String(format: "  %@ %.1f ms", name, time))
}
