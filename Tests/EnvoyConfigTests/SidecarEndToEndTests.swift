import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// The translator's output in real Envoys on 127.0.0.1: sidecar `a` calls service `b`,
/// whose two versions each run behind their own sidecar in front of a backend the test
/// starts. Everything is configured by mesh resources only.
@Suite(
  "Translated sidecars carry traffic",
  .enabled(
    if: Peers.envoyAvailableOrRequired && Peers.pythonAvailableOrRequired,
    Comment(rawValue: Peers.missingEnvoyReason)))
struct SidecarEndToEndTests {
  struct SidecarPorts {
    var admin: UInt32
    var prometheus: UInt32
    var outbound: UInt32
    var inbound: UInt32

    init() throws {
      admin = UInt32(try Peers.freeLoopbackPort())
      prometheus = UInt32(try Peers.freeLoopbackPort())
      outbound = UInt32(try Peers.freeLoopbackPort())
      inbound = UInt32(try Peers.freeLoopbackPort())
    }
  }

  /// The mesh: a STRICT namespace, service `b` with subsets v1 and v2 split 50/50 (all
  /// but `/flaky`, which retries on v1), and a DENY policy for `/admin` on `b`.
  static func mesh(v1: SidecarPorts, v2: SidecarPorts) -> String {
    """
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata: {name: default, namespace: shop}
    spec: {mtls: {mode: STRICT}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: a, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: a}, serviceAccount: a}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: b-v1, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: b, version: v1}, serviceAccount: b, ports: {http: \(v1.inbound)}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: b-v2, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: b, version: v2}, serviceAccount: b, ports: {http: \(v2.inbound)}}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: b, namespace: shop}
    spec:
      hosts: [b.shop.svc.cluster.local]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP}]
      workloadSelector: {labels: {app: b}}
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: b, namespace: shop}
    spec:
      host: b.shop.svc.cluster.local
      trafficPolicy: {connectionPool: {http: {maxRequestsPerConnection: 1}}}
      subsets:
      - {name: v1, labels: {version: v1}}
      - {name: v2, labels: {version: v2}}
    ---
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: b, namespace: shop}
    spec:
      hosts: [b]
      http:
      - match: [{uri: {prefix: /flaky}}]
        route: [{destination: {host: b, subset: v1}}]
        retries: {attempts: 3, retryOn: 5xx}
      - route:
        - {destination: {host: b, subset: v1}, weight: 50}
        - {destination: {host: b, subset: v2}, weight: 50}
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: no-admin, namespace: shop}
    spec:
      selector: {matchLabels: {app: b}}
      action: DENY
      rules: [{to: [{operation: {paths: [/admin*]}}]}]
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: from-a, namespace: shop}
    spec:
      selector: {matchLabels: {app: b}}
      action: ALLOW
      rules: [{from: [{source: {principals: [example.org/ns/shop/sa/a]}}]}]
    """
  }

  /// The mesh's WorkloadEntries by name.
  static func workloadEntries(_ resources: [MeshResource]) -> [String: WorkloadEntry] {
    Dictionary(
      uniqueKeysWithValues: resources.compactMap { resource -> (String, WorkloadEntry)? in
        if case .workloadEntry(let entry) = resource { return (entry.metadata.name ?? "", entry) }
        return nil
      })
  }

  /// Writes a sidecar's certificate directory and configuration; returns the config path.
  static func prepare(
    _ name: String, authority: CertificateAuthority, serviceAccount: String, ports: SidecarPorts,
    translator: (SidecarOptions) -> SidecarTranslator, entry: WorkloadEntry,
    applicationPort: UInt32?, in root: URL
  ) throws -> (config: String, directory: URL) {
    let directory = root.appendingPathComponent(name)
    let identity = try WorkloadIdentity(
      trustDomain: authority.trustDomain, namespace: "shop", serviceAccount: serviceAccount)
    let svid = try authority.issueSVID(for: identity.spiffeID)
    let certificates = SidecarCertificateDirectory(path: directory.path)
    try SVIDDirectory(path: certificates.path)
      .write(svid, bundle: authority.bundle, additionalFiles: try certificates.sdsFiles())
    let options = SidecarOptions(
      trustDomain: authority.trustDomain, certificateDirectory: certificates,
      adminPort: ports.admin,
      prometheusPort: ports.prometheus, prometheusBindAddress: "127.0.0.1",
      outboundHTTPPort: ports.outbound,
      accessLogPath: directory.appendingPathComponent("access.log").path)
    let workload = SidecarWorkload(
      entry: entry, applicationPorts: applicationPort.map { [ports.inbound: $0] } ?? [:])
    let result = try translator(options).staticBootstrap(for: workload)
    #expect(result.warnings.isEmpty, "\(result.warnings)")
    let config = directory.appendingPathComponent("envoy.yaml").path
    try EnvoyConfigEncoder().yaml(result.bootstrap).write(
      toFile: config, atomically: true, encoding: .utf8)
    let validation = try Peers.validateEnvoy(configPath: config)
    #expect(validation.status == 0, "\(name): \(validation.stdout)\(validation.stderr)")
    return (config, directory)
  }

  @Test(
    "mTLS with a's identity, DENY and ALLOW policies, weighted subsets, retries, stats and logs")
  func endToEnd() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let v1Backend = try HTTPBackend(name: "b-v1")
    let v2Backend = try HTTPBackend(name: "b-v2")
    let (a, v1, v2) = (try SidecarPorts(), try SidecarPorts(), try SidecarPorts())
    let resources = try MeshResourceDecoder().decode(Self.mesh(v1: v1, v2: v2))
    let entries = Self.workloadEntries(resources)
    let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let translator = { (options: SidecarOptions) in
      SidecarTranslator(resources: resources, options: options)
    }

    let sidecarA = try Self.prepare(
      "a", authority: authority, serviceAccount: "a", ports: a, translator: translator,
      entry: entries["a"]!, applicationPort: nil, in: root)
    let sidecarV1 = try Self.prepare(
      "b-v1", authority: authority, serviceAccount: "b", ports: v1, translator: translator,
      entry: entries["b-v1"]!, applicationPort: UInt32(v1Backend.port), in: root)
    let sidecarV2 = try Self.prepare(
      "b-v2", authority: authority, serviceAccount: "b", ports: v2, translator: translator,
      entry: entries["b-v2"]!, applicationPort: UInt32(v2Backend.port), in: root)
    let envoyA = try await EnvoyProcess(configPath: sidecarA.config, adminPort: UInt16(a.admin))
    let envoyV1 = try await EnvoyProcess(configPath: sidecarV1.config, adminPort: UInt16(v1.admin))
    let envoyV2 = try await EnvoyProcess(configPath: sidecarV2.config, adminPort: UInt16(v2.admin))
    defer {
      envoyA.stop()
      envoyV1.stop()
      envoyV2.stop()
    }

    let outbound = "http://127.0.0.1:\(a.outbound)"
    let host = ["Host": "b.shop.svc.cluster.local:8080"]
    let requests =
      [Peers.HTTPRequestSpec("\(outbound)/hello", headers: host)]
      + [Peers.HTTPRequestSpec("\(outbound)/admin/users", headers: host)]
      + [Peers.HTTPRequestSpec("\(outbound)/flaky/2/first", headers: ["Host": "b"])]
      + Array(repeating: Peers.HTTPRequestSpec("\(outbound)/split", headers: host), count: 100)
    let answers = try Peers.httpRequests(requests)

    // a's application reached b through both sidecars, with mutual TLS: b's backend sees
    // a's SPIFFE ID in the client certificate header.
    #expect(answers[0].status == 200, "\(answers[0].body) \(envoyA.output.suffix(800))")
    #expect(answers[0].body.contains("URI=spiffe://example.org/ns/shop/sa/a"), "\(answers[0].body)")
    // The DENY policy answers 403 on b's side.
    #expect(answers[1].status == 403, "\(answers[1].body)")
    // The short host name routes too, and the retry policy survives two failures.
    #expect(answers[2].status == 200, "\(answers[2].body)")
    // The weighted split over 100 requests: each version between 30 and 70.
    var served: [String: Int] = [:]
    for answer in answers.dropFirst(3) {
      let backend =
        (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?[
          "backend"] as? String
      served[backend ?? "status \(answer.status)", default: 0] += 1
    }
    #expect(
      (30...70).contains(served["b-v1"] ?? 0) && (30...70).contains(served["b-v2"] ?? 0),
      "\(served)")

    // A client without a's certificate gets nothing from b (STRICT mTLS), even plain HTTP.
    let direct = try Peers.httpRequests([
      Peers.HTTPRequestSpec("http://127.0.0.1:\(v1.inbound)/hello")
    ])
    #expect(direct[0].status == 0 || direct[0].status >= 400, "\(direct[0])")

    // b-v1's Prometheus endpoint counts the requests its inbound listener served.
    let metrics = try await Peers.httpRequest("http://127.0.0.1:\(v1.prometheus)/stats/prometheus")
    #expect(
      metrics.body.contains(
        "envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix=\"inbound_\(v1.inbound)\"}"),
      "\(metrics.body.prefix(300))")
    let deniedV1 = try await envoyV1.stat("http.inbound_\(v1.inbound).rbac.denied") ?? 0
    let deniedV2 = try await envoyV2.stat("http.inbound_\(v2.inbound).rbac.denied") ?? 0
    #expect(deniedV1 + deniedV2 == 1)
    #expect(
      try await envoyA.stat("cluster.outbound|8080|v1|b_shop_svc_cluster_local.upstream_rq_retry")
        == 2)

    // The access log of b-v1 has a's requests, with a's identity as the peer.
    var log = ""
    for _ in 0..<50 where !log.contains("spiffe://example.org/ns/shop/sa/a") {
      log =
        (try? String(
          contentsOf: sidecarV1.directory.appendingPathComponent("access.log"), encoding: .utf8))
        ?? ""
      try await Task.sleep(nanoseconds: 100_000_000)
    }
    #expect(
      log.contains(#""downstream_peer":"spiffe://example.org/ns/shop/sa/a""#), "\(log.prefix(500))")
  }
}
