import Foundation
import MeshModel
import MeshView

// TopologyBenchmark NODES DIR
//   A synthetic mesh of NODES nodes: a tenth services (ten namespaces), the rest workloads
//   (ECS Anywhere tasks, Kubernetes pods and VMs in turn), each service with an ALLOW
//   policy naming two client services' accounts, and a Prometheus scrape per workload
//   calling three services (as Envoy writes them: counters, 5xx, TLS, 20 histogram
//   buckets). Times parsing every scrape, building the topology, writing DOT, and the
//   whole HTML page (Graphviz's layout included); writes DIR/mesh.dot for the baseline
//   run of `dot` alone. Prints `name_ms=...` fields.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let total = Int(arguments[1]), total >= 20 else {
  FileHandle.standardError.write(Data("usage: TopologyBenchmark NODES DIR\n".utf8))
  exit(2)
}
let directory = URL(fileURLWithPath: arguments[2])
let serviceCount = total / 10
let workloadCount = total - serviceCount

var yaml: [String] = []
for service in 0..<serviceCount {
  let namespace = "ns\(service % 10)"
  yaml.append(
    """
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: svc\(service), namespace: \(namespace)}
    spec:
      hosts: [svc\(service).\(namespace).ecs.internal]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP}]
      workloadSelector: {labels: {app: svc\(service)}}
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: svc\(service)-callers, namespace: \(namespace)}
    spec:
      selector: {matchLabels: {app: svc\(service)}}
      rules:
      - from: [{source: {principals: [cluster.local/ns/ns\((service + 1) % 10)/sa/svc\((service + 1) % serviceCount), cluster.local/ns/ns\((service + 2) % 10)/sa/svc\((service + 2) % serviceCount)]}}]
    """)
}
for workload in 0..<workloadCount {
  let service = workload % serviceCount
  let namespace = "ns\(service % 10)"
  let address = "10.\(workload / 65536).\(workload / 256 % 256).\(workload % 256)"
  switch workload % 3 {
  case 0, 1:
    let annotation =
      workload % 3 == 0
      ? "annotations: {ecs.amazonaws.com/task-arn: \"arn:aws:ecs:us-east-1:1:task/c/\(workload)\"}"
      : ""
    yaml.append(
      """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: w\(workload), namespace: \(namespace)\(annotation.isEmpty ? "" : ", " + annotation)}
      spec: {address: \(address), labels: {app: svc\(service)}, serviceAccount: svc\(service), ports: {http: 8080}}
      """)
  default:
    yaml.append(
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: w\(workload), namespace: \(namespace), labels: {app: svc\(service)}}
      spec: {serviceAccountName: svc\(service), containers: [{name: app, image: app:1}]}
      """)
  }
}
let objects = MeshLoader().load(Array(yaml.joined(separator: "\n---\n").utf8), file: "mesh")
guard objects.decodingFailures.isEmpty else {
  FileHandle.standardError.write(Data("\(objects.decodingFailures.prefix(3))\n".utf8))
  exit(1)
}
let inventory = Inventory(objects.objects)

/// What workload `index`'s sidecar would serve after `requests` calls to each service.
func scrapeText(_ index: Int, requests: Int) -> String {
  var lines = ["# TYPE envoy_cluster_upstream_rq_time histogram"]
  for offset in 1...3 {
    let service = (index + offset) % serviceCount
    let cluster = "outbound|8080||svc\(service)_ns\(service % 10)_ecs_internal"
    let label = "envoy_cluster_name=\"\(cluster)\""
    lines.append("envoy_cluster_upstream_rq_total{\(label)} \(requests)")
    lines.append(
      "envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"2\",\(label)} \(requests - 1)")
    lines.append("envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"5\",\(label)} 1")
    lines.append("envoy_cluster_upstream_cx_total{\(label)} 4")
    lines.append("envoy_cluster_ssl_handshake{\(label)} 4")
    var cumulative = 0
    for (position, bound) in [
      "0.5", "1", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000",
      "30000", "60000", "300000", "600000", "1800000", "3600000", "+Inf",
    ].enumerated() {
      cumulative += position < 6 ? requests / 6 : 0
      lines.append(
        "envoy_cluster_upstream_rq_time_bucket{\(label),le=\"\(bound)\"} \(min(cumulative, requests))"
      )
    }
  }
  for name in ["envoy_http_downstream_rq_total", "envoy_http_downstream_cx_total"] {
    lines.append("\(name){envoy_http_conn_manager_prefix=\"inbound_8080\"} \(requests)")
  }
  lines.append(
    "envoy_http_downstream_cx_ssl_total{envoy_http_conn_manager_prefix=\"inbound_8080\"} \(requests)"
  )
  return lines.joined(separator: "\n") + "\n"
}

let workloadIDs = inventory.objects.compactMap { object -> String? in
  guard object.kind == "WorkloadEntry" || object.kind == "Pod" else { return nil }
  return MeshTopology.workloadID(namespace: object.namespace, name: object.name)
}
let texts = workloadIDs.indices.map {
  (scrapeText($0, requests: 600), scrapeText($0, requests: 1200))
}

var start = ContinuousClock.now
var before: [WorkloadScrape] = []
var after: [WorkloadScrape] = []
let now = Date()
for (index, id) in workloadIDs.enumerated() {
  before.append(
    WorkloadScrape(
      workload: id, url: "http://\(id)/", time: now.addingTimeInterval(-60),
      result: .success(try PrometheusText(parsing: texts[index].0))))
  after.append(
    WorkloadScrape(
      workload: id, url: "http://\(id)/", time: now,
      result: .success(try PrometheusText(parsing: texts[index].1))))
}
let parseMilliseconds = milliseconds(since: start)
let lines = texts.reduce(0) {
  $0 + $1.0.split(separator: "\n").count + $1.1.split(separator: "\n").count
}

start = ContinuousClock.now
let topology = MeshTopology(inventory: inventory, scrapes: after, previous: before)
let buildMilliseconds = milliseconds(since: start)

let renderer = TopologyRenderer()
start = ContinuousClock.now
let dot = renderer.dot(topology)
let dotMilliseconds = milliseconds(since: start)
try Data(dot.utf8).write(to: directory.appendingPathComponent("mesh.dot"))

start = ContinuousClock.now
let page = try await renderer.html(topology)
let htmlMilliseconds = milliseconds(since: start)
try Data(page.utf8).write(to: directory.appendingPathComponent("mesh.html"))

print(
  "nodes=\(topology.nodes.count) edges=\(topology.edges.count) scrape_lines=\(lines) parse_ms=\(parseMilliseconds) build_ms=\(buildMilliseconds) dot_ms=\(dotMilliseconds) html_ms=\(htmlMilliseconds) page_bytes=\(page.utf8.count)"
)
