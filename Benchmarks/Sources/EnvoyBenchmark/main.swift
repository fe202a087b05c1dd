import EnvoyConfig
import Foundation
import MeshModel

// EnvoyBenchmark generate SERVICES WORKLOADS scoped|unscoped [SAMPLE]
//     Builds a mesh of SERVICES services (10 per namespace, each with a VirtualService
//     splitting two subsets and a DestinationRule) and WORKLOADS WorkloadEntries spread
//     over them; with `scoped`, each namespace has a Sidecar limiting egress to itself.
//     Translates and encodes the sidecar configuration of SAMPLE workloads (all by
//     default), and encodes the same values with a plain JSONEncoder as the floor.
//     Prints `index_ms= translate_ms= encode_ms= floor_ms= configs= bytes=`: index_ms is
//     building the translator's index of the mesh, once for all configurations.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func meta(_ name: String, _ namespace: String) -> ObjectMeta {
  ObjectMeta(name: name, namespace: namespace)
}

/// The synthetic mesh: resources and the WorkloadEntries to configure.
func mesh(services: Int, workloads: Int, scoped: Bool) -> (
  resources: [MeshResource], entries: [WorkloadEntry]
) {
  var resources: [MeshResource] = []
  var entries: [WorkloadEntry] = []
  for index in 0..<services {
    let namespace = "ns\(index / 10)"
    let name = "svc\(index)"
    let host = "\(name).\(namespace).svc.cluster.local"
    resources.append(
      .serviceEntry(
        ServiceEntry(
          metadata: meta(name, namespace),
          spec: ServiceEntrySpec(
            hosts: [host], ports: [ServicePort(number: 8080, protocol: "HTTP", name: "http")],
            location: .meshInternal, resolution: .static,
            workloadSelector: WorkloadSelector(labels: ["app": name])))))
    resources.append(
      .destinationRule(
        DestinationRule(
          metadata: meta(name, namespace),
          spec: DestinationRuleSpec(
            host: host,
            subsets: [
              Subset(name: "v1", labels: ["version": "v1"]),
              Subset(name: "v2", labels: ["version": "v2"]),
            ]))))
    resources.append(
      .virtualService(
        VirtualService(
          metadata: meta(name, namespace),
          spec: VirtualServiceSpec(
            hosts: [host],
            http: [
              HTTPRoute(
                route: [
                  HTTPRouteDestination(
                    destination: Destination(host: host, subset: "v1"), weight: 90),
                  HTTPRouteDestination(
                    destination: Destination(host: host, subset: "v2"), weight: 10),
                ], timeout: "5s", retries: HTTPRetry(attempts: 2, retryOn: "5xx"))
            ]))))
    if scoped && index % 10 == 0 {
      resources.append(
        .sidecar(
          Sidecar(
            metadata: meta("default", namespace),
            spec: SidecarSpec(egress: [IstioEgressListener(hosts: ["./*"])]))))
    }
  }
  for index in 0..<workloads {
    let service = index % services
    let entry = WorkloadEntry(
      metadata: meta("w\(index)", "ns\(service / 10)"),
      spec: WorkloadEntrySpec(
        address: "10.\(index / 65536 % 256).\(index / 256 % 256).\(index % 256)",
        ports: ["http": 8080],
        labels: ["app": "svc\(service)", "version": index % 2 == 0 ? "v1" : "v2"],
        serviceAccount: "svc\(service)"))
    entries.append(entry)
    resources.append(.workloadEntry(entry))
  }
  return (resources, entries)
}

func run() throws {
  let arguments = CommandLine.arguments
  guard arguments.count >= 5, arguments[1] == "generate", let services = Int(arguments[2]),
    let workloads = Int(arguments[3])
  else {
    FileHandle.standardError.write(
      Data("usage: EnvoyBenchmark generate SERVICES WORKLOADS scoped|unscoped [SAMPLE]\n".utf8))
    exit(2)
  }
  let scoped = arguments[4] == "scoped"
  let sample = arguments.count > 5 ? Int(arguments[5]) ?? workloads : workloads
  let (resources, entries) = mesh(services: services, workloads: workloads, scoped: scoped)
  let chosen = stride(from: 0, to: entries.count, by: max(1, entries.count / sample)).prefix(sample)
    .map { entries[$0] }

  var start = ContinuousClock.now
  let translator = SidecarTranslator(resources: resources)
  let indexMilliseconds = milliseconds(since: start)
  start = ContinuousClock.now
  var bootstraps: [Envoy.Bootstrap] = []
  bootstraps.reserveCapacity(chosen.count)
  for entry in chosen {
    bootstraps.append(try translator.staticBootstrap(for: SidecarWorkload(entry: entry)).bootstrap)
  }
  let translateMilliseconds = milliseconds(since: start)

  let encoder = EnvoyConfigEncoder(prettyPrinted: false)
  var bytes = 0
  start = ContinuousClock.now
  for bootstrap in bootstraps { bytes += try encoder.json(bootstrap).count }
  let encodeMilliseconds = milliseconds(since: start)

  // The floor: the same typed values through a plain JSONEncoder (no sorted keys).
  let plain = JSONEncoder()
  var floorBytes = 0
  start = ContinuousClock.now
  for bootstrap in bootstraps { floorBytes += try plain.encode(bootstrap).count }
  let floorMilliseconds = milliseconds(since: start)

  print(
    String(
      format:
        "index_ms=%.1f translate_ms=%.1f encode_ms=%.1f floor_ms=%.1f configs=%d bytes=%d floor_bytes=%d",
      indexMilliseconds, translateMilliseconds, encodeMilliseconds, floorMilliseconds,
      bootstraps.count, bytes,
      floorBytes))
}

do {
  try run()
} catch {
  FileHandle.standardError.write(Data("EnvoyBenchmark: \(error)\n".utf8))
  exit(1)
}
