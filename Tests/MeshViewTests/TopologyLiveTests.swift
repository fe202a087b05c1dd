import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import MeshView
import Testing

/// The topology view against real sidecars: two Envoys 1.40 run from onboarding bundles,
/// orders calls payments through both with mutual TLS, and the view is built from their
/// own `/stats/prometheus`, then drawn by Graphviz and rendered by headless Chromium.
@Suite(
  "Topology from real sidecars",
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)),
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .enabled(
    if: Peers.browserAvailableOrRequired, Comment(rawValue: Peers.missingBrowserReason)))
struct TopologyLiveTests {
  static func mesh(orders: UInt32, payments: UInt32) -> String {
    """
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata: {name: default, namespace: shop}
    spec: {mtls: {mode: STRICT}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata:
      name: orders-1
      namespace: shop
      annotations: {ecs.amazonaws.com/task-arn: "arn:aws:ecs:us-east-1:1:task/east/0a1b2c"}
    spec: {address: 127.0.0.1, labels: {app: orders}, serviceAccount: orders, ports: {http: \(orders)}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata:
      name: payments-1
      namespace: shop
      annotations: {ecs.amazonaws.com/task-arn: "arn:aws:ecs:us-east-1:1:task/east/3d4e5f"}
    spec: {address: 127.0.0.1, labels: {app: payments}, serviceAccount: payments, ports: {http: \(payments)}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: legacy-vm, namespace: shop}
    spec: {address: 10.9.9.9, labels: {app: legacy}, serviceAccount: legacy}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: payments, namespace: shop}
    spec:
      hosts: [payments.shop.ecs.internal]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 9090, name: http, protocol: HTTP}]
      workloadSelector: {labels: {app: payments}}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: orders, namespace: shop}
    spec:
      hosts: [orders.shop.ecs.internal]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP}]
      workloadSelector: {labels: {app: orders}}
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: payments-from-orders, namespace: shop}
    spec:
      selector: {matchLabels: {app: payments}}
      action: ALLOW
      rules: [{from: [{source: {principals: [example.org/ns/shop/sa/orders]}}]}]
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: no-refunds, namespace: shop}
    spec:
      selector: {matchLabels: {app: payments}}
      action: DENY
      rules: [{to: [{operation: {paths: [/refunds*]}}]}]
    """
  }

  struct Sidecar {
    var envoy: EnvoyProcess
    var ports: (admin: UInt32, outbound: UInt32, prometheus: UInt32)
    var prometheusURL: String { "http://127.0.0.1:\(ports.prometheus)/stats/prometheus" }
  }

  /// Writes the workload's bundle and starts Envoy on it.
  static func sidecar(
    _ name: String, resources: [MeshResource], authority: CertificateAuthority,
    applicationPort: UInt32?, in root: URL
  ) async throws -> Sidecar {
    let entry = try #require(
      resources.compactMap { resource -> WorkloadEntry? in
        if case .workloadEntry(let entry) = resource, entry.metadata.name == name { return entry }
        return nil
      }.first)
    let inbound = try #require(entry.spec.ports?["http"])
    let ports = (
      admin: UInt32(try Peers.freeLoopbackPort()), outbound: UInt32(try Peers.freeLoopbackPort()),
      prometheus: UInt32(try Peers.freeLoopbackPort())
    )
    let bundle = root.appendingPathComponent(name)
    try OnboardingBundle.write(
      for: SidecarWorkload(
        entry: entry, applicationPorts: applicationPort.map { [inbound: $0] } ?? [:]),
      resources: resources, authority: authority, to: bundle,
      options: BundleOptions(
        mountPath: nil,
        sidecar: SidecarOptions(
          adminPort: ports.admin, prometheusPort: ports.prometheus,
          prometheusBindAddress: "127.0.0.1", outboundHTTPPort: ports.outbound)))
    let envoy = try await EnvoyProcess(
      configPath: bundle.appendingPathComponent("envoy.yaml").path, adminPort: UInt16(ports.admin))
    return Sidecar(envoy: envoy, ports: ports)
  }

  @Test(
    "real Envoy statistics parse strictly; the view shows the mTLS call with its numbers, in Chromium too"
  )
  func liveTopology() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let backend = try HTTPBackend(name: "payments-app")
    let (ordersPort, paymentsPort) = (
      UInt32(try Peers.freeLoopbackPort()), UInt32(try Peers.freeLoopbackPort())
    )
    let resources = try MeshResourceDecoder().decode(
      Self.mesh(orders: ordersPort, payments: paymentsPort))
    let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let orders = try await Self.sidecar(
      "orders-1", resources: resources, authority: authority, applicationPort: nil, in: root)
    defer { orders.envoy.stop() }
    let payments = try await Self.sidecar(
      "payments-1", resources: resources, authority: authority,
      applicationPort: UInt32(backend.port), in: root)
    defer { payments.envoy.stop() }

    let outbound = "http://127.0.0.1:\(orders.ports.outbound)"
    let host = ["Host": "payments.shop.ecs.internal:9090"]
    let answers = try await Peers.offPool {
      try Peers.httpRequests(
        Array(repeating: Peers.HTTPRequestSpec("\(outbound)/charge", headers: host), count: 20)
          + Array(
            repeating: Peers.HTTPRequestSpec("\(outbound)/refunds/7", headers: host), count: 3))
    }
    #expect(answers.prefix(20).allSatisfy { $0.status == 200 }, "\(answers.map(\.status))")
    #expect(answers.suffix(3).allSatisfy { $0.status == 403 }, "\(answers.map(\.status))")

    // Envoy publishes histograms at its stats flush (every 5 s): wait for the first.
    var flushed = false
    for _ in 0..<100 where !flushed {
      let text = try await Peers.httpRequest(orders.prometheusURL).body
      flushed = (try PrometheusText(parsing: text)).sum("envoy_cluster_upstream_rq_time_count") > 0
      if !flushed { try await Task.sleep(nanoseconds: 200_000_000) }
    }
    #expect(flushed, "no request time histogram after 20 s")

    let inventory = Inventory(resources.map { InventoryObject(.mesh($0)) })
    let scraper = TopologyScraper()
    // The legacy VM's "sidecar" is the app's backend: JSON, not Prometheus text.
    let targets = [
      ScrapeTarget(url: orders.prometheusURL), ScrapeTarget(url: payments.prometheusURL),
      ScrapeTarget(url: "http://127.0.0.1:\(backend.port)/metrics", workload: "shop/legacy-vm"),
    ]
    let first = await scraper.scrape(targets, inventory: inventory)
    _ = try await Peers.offPool {
      try Peers.httpRequests(
        Array(repeating: Peers.HTTPRequestSpec("\(outbound)/charge", headers: host), count: 10))
    }
    try await Task.sleep(nanoseconds: 500_000_000)
    let second = await scraper.scrape(targets, inventory: inventory)

    // Envoy 1.40's whole output is the strict format, histograms included.
    let ordersMetrics = try #require(second[0].metrics, "\(second[0].result)")
    #expect(ordersMetrics.samples.count > 500)
    #expect(ordersMetrics.types["envoy_cluster_upstream_rq_time"] == .histogram)
    #expect(
      second.map(\.workload).prefix(2) == ["workload:shop/orders-1", "workload:shop/payments-1"])

    let topology = MeshTopology(
      inventory: inventory, scrapes: second, previous: first,
      trustDomain: try TrustDomain("example.org"))
    let call = try #require(
      topology.edge(from: "workload:shop/orders-1", to: "service:payments.shop.ecs.internal"))
    let traffic = try #require(call.traffic)
    // Allowed by orders' principal, but no-refunds denies /refunds* to every caller.
    #expect(call.observed && call.allowedByPolicy && call.allowedForSomeRequestsOnly)
    #expect(traffic.requests == 33 && traffic.denied == 3 && traffic.mutualTLS == true)
    #expect(traffic.errorRatio == 0)
    #expect((traffic.requestsPerSecond ?? 0) > 0)
    let p50 = try #require(traffic.p50Milliseconds)
    let p99 = try #require(traffic.p99Milliseconds)
    #expect(p50 > 0 && p99 >= p50 && p99 < 5000, "p50 \(p50) p99 \(p99)")
    let serving = try #require(
      topology.edge(
        from: "service:payments.shop.ecs.internal", to: "workload:shop/payments-1", kind: .serves
      ).flatMap(\.traffic))
    #expect(serving.requests == 33 && serving.denied == 3 && serving.mutualTLS == true)
    #expect(topology.node("workload:shop/orders-1")?.platform == .ecsAnywhere)
    #expect(topology.node("workload:shop/legacy-vm")?.platform == .vm)
    #expect(
      topology.node("workload:shop/legacy-vm")?.scrapeError?.contains("not Prometheus text")
        == true)

    // The page, drawn by Graphviz and rendered by Chromium.
    let page = root.appendingPathComponent("mesh.html")
    try await TopologyRenderer().html(topology).write(to: page, atomically: true, encoding: .utf8)
    let rendered = try await Peers.renderInChromium(page)
    try rendered.screenshot.write(
      to: try Peers.artifactsDirectory().appendingPathComponent("topology-live.png"))
    let dom = rendered.dom
    #expect(dom.components(separatedBy: #"class="node workload ecs-anywhere""#).count - 1 == 2)
    #expect(dom.contains(#"class="node workload vm scrape-failed""#))
    #expect(dom.components(separatedBy: #"class="node service""#).count - 1 == 2)
    #expect(
      dom.contains(#"id="edge-call-workload-shop-orders-1-service-payments-shop-ecs-internal""#))
    #expect(dom.contains(#"class="edge call observed allowed partly-allowed mtls denied""#))
    #expect(dom.contains(">some requests<"), "the table's policy cell")
    #expect(dom.contains("🔒"))
    #expect(dom.contains("3 × 403"))
    #expect(dom.contains(">33<"), "the table's request count")
    // A PNG of the requested size with something drawn on it.
    #expect(rendered.screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(rendered.screenshot.count > 20_000)
  }
}
