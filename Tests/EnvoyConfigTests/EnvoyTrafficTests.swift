import EnvoyConfig
import Foundation
import MeshPKI
import MeshTestSupport
import Testing

/// One Envoy on 127.0.0.1 runs a configuration built with the typed API and carries real
/// requests: out through an mTLS cluster into its own inbound listener (SDS from files,
/// RBAC, access log) and on to HTTP backends started by the test, with weighted routes and
/// retries on the way.
@Suite(
  "Envoy carries traffic with the typed configuration",
  .enabled(
    if: Peers.envoyAvailableOrRequired && Peers.pythonAvailableOrRequired,
    Comment(rawValue: Peers.missingEnvoyReason)))
struct EnvoyTrafficTests {
  struct Ports {
    var admin: UInt16
    var outbound: UInt32
    var inbound: UInt32
  }

  /// The configuration: `outbound` routes `/split` to two backends by weight, `/flaky`
  /// to a backend with retries, and everything else through the mTLS cluster `mesh` to
  /// `inbound`, which denies `/admin` by RBAC and forwards the rest to backend v1.
  static func bootstrap(directory: URL, ports: Ports, v1: HTTPBackend, v2: HTTPBackend)
    -> Envoy.Bootstrap
  {
    let certificates = SidecarCertificateDirectory(path: directory.path)
    let certificate = certificates.certificateSecretConfig
    let validation = certificates.validationSecretConfig
    let meshPeers = Envoy.CertificateValidationContext(
      matchTypedSubjectAltNames: [.uri(.prefix("spiffe://example.org/"))])
    let common = Envoy.CommonTLSContext(
      tlsCertificateSDSSecretConfigs: [certificate],
      combinedValidationContext: Envoy.CombinedValidationContext(
        defaultValidationContext: meshPeers, validationContextSDSSecretConfig: validation))
    func backend(_ name: String, port: UInt16) -> Envoy.Cluster {
      Envoy.Cluster(
        name: name, type: .static, connectTimeout: .seconds(2),
        loadAssignment: Envoy.ClusterLoadAssignment(
          clusterName: name,
          endpoints: [
            Envoy.LocalityLbEndpoints(lbEndpoints: [.host("127.0.0.1", port: UInt32(port))])
          ]))
    }
    var mesh = backend("mesh", port: UInt16(ports.inbound))
    mesh.transportSocket = .tls(Envoy.UpstreamTLSContext(commonTLSContext: common))
    // One request per connection, so every request makes a new handshake and a rotated
    // SVID shows on the next one (pooled connections keep the certificate they began with).
    mesh.typedExtensionProtocolOptions = [
      Envoy.HTTPProtocolOptions.extensionName: Envoy.TypedConfig(
        Envoy.HTTPProtocolOptions(
          explicitHTTPConfig: .init(httpProtocolOptions: Envoy.EmptyMessage()),
          commonHTTPProtocolOptions: .init(maxRequestsPerConnection: 1)))
    ]

    let outboundRoutes = Envoy.RouteConfiguration(
      name: "outbound",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "all", domains: ["*"],
          routes: [
            Envoy.Route(
              match: Envoy.RouteMatch(prefix: "/split"),
              route: Envoy.RouteAction(
                weightedClusters: Envoy.WeightedCluster(clusters: [
                  .init(name: "v1", weight: 50), .init(name: "v2", weight: 50),
                ]))),
            Envoy.Route(
              match: Envoy.RouteMatch(prefix: "/flaky"),
              route: Envoy.RouteAction(
                cluster: "v1",
                retryPolicy: Envoy.RetryPolicy(retryOn: "5xx", numRetries: 3))),
            Envoy.Route(match: .any, route: Envoy.RouteAction(cluster: "mesh")),
          ])
      ], validateClusters: true)
    let inboundRoutes = Envoy.RouteConfiguration(
      name: "inbound",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "all", domains: ["*"],
          routes: [Envoy.Route(match: .any, route: Envoy.RouteAction(cluster: "v1"))])
      ])
    let denyAdmin = Envoy.HTTPRBAC(
      rules: Envoy.RBACRules(
        action: .deny,
        policies: [
          "no-admin": Envoy.RBACPolicy(
            permissions: [.urlPath(.prefix("/admin"))], principals: [.any])
        ]))
    let accessLog = Envoy.AccessLog(
      Envoy.FileAccessLog(
        path: directory.appendingPathComponent("access.log").path,
        logFormat: .json([
          "path": "%REQ(:PATH)%", "status": "%RESPONSE_CODE%", "peer": "%DOWNSTREAM_PEER_URI_SAN%",
        ])))
    return Envoy.Bootstrap(
      // File-based SDS needs the node's id and cluster.
      node: Envoy.Node(id: "sidecar~127.0.0.1~a~example", cluster: "a.example"),
      admin: Envoy.Admin(address: .tcp("127.0.0.1", port: UInt32(ports.admin))),
      staticResources: Envoy.StaticResources(
        listeners: [
          Envoy.Listener(
            name: "outbound", address: .tcp("127.0.0.1", port: ports.outbound),
            filterChains: [
              Envoy.FilterChain(filters: [
                Envoy.NetworkFilter(
                  Envoy.HTTPConnectionManager(statPrefix: "outbound", routeConfig: outboundRoutes))
              ])
            ]),
          Envoy.Listener(
            name: "inbound", address: .tcp("127.0.0.1", port: ports.inbound),
            filterChains: [
              Envoy.FilterChain(
                filters: [
                  Envoy.NetworkFilter(
                    Envoy.HTTPConnectionManager(
                      statPrefix: "inbound", routeConfig: inboundRoutes,
                      httpFilters: [Envoy.HTTPFilter(denyAdmin), Envoy.HTTPFilter(Envoy.Router())],
                      accessLog: [accessLog],
                      forwardClientCertDetails: .sanitizeSet,
                      setCurrentClientCertDetails: .init(uri: true)))
                ],
                transportSocket: .tls(
                  Envoy.DownstreamTLSContext(
                    commonTLSContext: common, requireClientCertificate: true)))
            ]),
        ],
        clusters: [mesh, backend("v1", port: v1.port), backend("v2", port: v2.port)]))
  }

  @Test("mTLS with the peer's SPIFFE ID, RBAC, weights, retries, stats, access log and rotation")
  func traffic() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SampleConfigs.writeCertificateDirectory(in: directory)
    let v1 = try HTTPBackend(name: "v1")
    let v2 = try HTTPBackend(name: "v2")
    let ports = Ports(
      admin: try Peers.freeLoopbackPort(), outbound: UInt32(try Peers.freeLoopbackPort()),
      inbound: UInt32(try Peers.freeLoopbackPort()))
    let configPath = directory.appendingPathComponent("envoy.yaml")
    try EnvoyConfigEncoder().yaml(
      Self.bootstrap(directory: directory, ports: ports, v1: v1, v2: v2)
    )
    .write(to: configPath, atomically: true, encoding: .utf8)
    let envoy = try await EnvoyProcess(configPath: configPath.path, adminPort: ports.admin)
    defer { envoy.stop() }
    let outbound = "http://127.0.0.1:\(ports.outbound)"

    // Through the mTLS hop: the backend sees the client's SPIFFE ID in XFCC.
    let hello = try await Peers.httpRequest("\(outbound)/hello")
    #expect(hello.status == 200, "\(hello.body)")
    let echoed = try JSONSerialization.jsonObject(with: Data(hello.body.utf8)) as? [String: Any]
    let headers = echoed?["headers"] as? [String: String]
    #expect(echoed?["backend"] as? String == "v1")
    #expect(
      headers?["x-forwarded-client-cert"]?.contains("URI=spiffe://example.org/ns/a/sa/a") == true,
      "\(hello.body)")

    // RBAC on the inbound side.
    #expect(try await Peers.httpRequest("\(outbound)/admin/users").status == 403)

    // Weighted routing: 200 requests split 50/50, each side within 30%..70%.
    var served: [String: Int] = [:]
    for _ in 0..<200 {
      let answer = try await Peers.httpRequest("\(outbound)/split")
      let name =
        (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?[
          "backend"] as? String
      served[name ?? "none", default: 0] += 1
    }
    #expect(
      (60...140).contains(served["v1"] ?? 0) && (60...140).contains(served["v2"] ?? 0), "\(served)")

    // Retries: the backend fails twice, the third attempt succeeds.
    #expect(try await Peers.httpRequest("\(outbound)/flaky/2/first").status == 200)
    #expect(try await envoy.stat("cluster.v1.upstream_rq_retry") == 2)

    // Prometheus stats and the access log.
    let prometheus = try await Peers.httpRequest("\(envoy.adminURL)/stats/prometheus")
    #expect(
      prometheus.body.contains(
        #"envoy_http_downstream_rq_xx{envoy_response_code_class="4",envoy_http_conn_manager_prefix="inbound"} 1"#
      ), "\(prometheus.body.prefix(500))")
    // Envoy flushes file access logs about once a second.
    var log = ""
    for _ in 0..<50 where !log.contains(#""status":403"#) {
      log =
        (try? String(contentsOf: directory.appendingPathComponent("access.log"), encoding: .utf8))
        ?? ""
      try await Task.sleep(nanoseconds: 100_000_000)
    }
    #expect(
      log.contains(#""path":"/hello""#)
        && log.contains(#""peer":"spiffe://example.org/ns/a/sa/a""#), "\(log)")
    #expect(log.contains(#""status":403"#), "\(log)")

    // Rotation: a new SVID for another identity (and a new bundle) replaces the
    // certificate directory's set in one rename of its `..data` link; Envoy picks it up
    // without a restart, and the next request carries the new identity.
    try SampleConfigs.writeCertificateDirectory(
      in: directory, id: "spiffe://example.org/ns/a/sa/rotated")
    var rotated = false
    var lastAnswer = ""
    for _ in 0..<100 where !rotated {
      try await Task.sleep(nanoseconds: 100_000_000)
      let answer = try await Peers.httpRequest("\(outbound)/after-rotation")
      rotated = answer.body.contains("URI=spiffe://example.org/ns/a/sa/rotated")
      lastAnswer = "\(answer.status) \(answer.body)"
    }
    #expect(rotated, "Envoy still serves the old SVID: \(lastAnswer) \(envoy.output.suffix(1500))")
    #expect(try await envoy.stat("server.hot_restart_epoch") == 0)
  }
}
