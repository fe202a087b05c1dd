import EnvoyConfig
import Foundation
import MeshTestSupport
import Testing

/// The validator against Envoy 1.40 itself: what Envoy refuses comes back as diagnostics
/// naming the field or resource at fault, checked against Envoy's own verdict (the
/// suite's plain `envoy --mode validate`).
@Suite(
  "EnvoyValidator reads a real Envoy's verdict",
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
struct EnvoyValidatorTests {
  /// A validator running the suite's Envoy.
  static func validator(timeout: Duration = .seconds(60)) throws -> EnvoyValidator {
    let envoy = try #require(Peers.envoy, Comment(rawValue: Peers.missingEnvoyReason))
    return EnvoyValidator(executable: envoy, timeout: timeout)
  }

  /// A bootstrap whose one cluster is `cluster`.
  static func bootstrap(_ cluster: Envoy.Cluster, secrets: [Envoy.Secret]? = nil)
    -> Envoy.Bootstrap
  {
    Envoy.Bootstrap(staticResources: Envoy.StaticResources(clusters: [cluster], secrets: secrets))
  }

  @Test("a route to a cluster no one defines: a critical diagnostic naming the cluster")
  func unknownCluster() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let routes = Envoy.RouteConfiguration(
      name: "r",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "v", domains: ["*"],
          routes: [Envoy.Route(match: .any, route: Envoy.RouteAction(cluster: "missing"))])
      ],
      validateClusters: true)
    let bootstrap = Envoy.Bootstrap(
      staticResources: Envoy.StaticResources(listeners: [
        Envoy.Listener(
          name: "l", address: .tcp("127.0.0.1", port: 15001),
          filterChains: [
            Envoy.FilterChain(filters: [
              Envoy.NetworkFilter(Envoy.HTTPConnectionManager(statPrefix: "l", routeConfig: routes))
            ])
          ])
      ]))
    let path = directory.appendingPathComponent("envoy.yaml").path
    try EnvoyConfigEncoder().yaml(bootstrap).write(toFile: path, atomically: true, encoding: .utf8)

    let fromValue = try await Self.validator().validate(bootstrap)
    let fromFile = try await Self.validator().validate(configurationFile: path)
    let oracle = try Peers.validateEnvoy(configPath: path)

    let expected = EnvoyDiagnostic(
      level: .critical, message: "route: unknown cluster 'missing'",
      resource: EnvoyDiagnostic.Resource(kind: "cluster", name: "missing"))
    for validation in [fromValue, fromFile] {
      #expect(!validation.isAccepted && validation.status == oracle.status)
      #expect(validation.diagnostics == [expected])
      #expect(validation.errors == [expected])
      #expect(
        validation.description
          == "refused (exit status 1): critical: route: unknown cluster 'missing'"
      )
    }
    #expect(oracle.stderr.contains("unknown cluster 'missing'"), "\(oracle.stderr)")
  }

  @Test("a port out of range: the constraint and its field, without the configuration Envoy echoes")
  func constraintViolation() async throws {
    let cluster = Envoy.Cluster(
      name: "c", type: .static, connectTimeout: .seconds(1),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "c",
        endpoints: [Envoy.LocalityLbEndpoints(lbEndpoints: [.host("127.0.0.1", port: 70000)])]))
    // Envoy prints the whole bootstrap with a constraint failure: an inline key in it
    // must not reach the diagnostics.
    let secret = Envoy.Secret(
      name: "inline",
      tlsCertificate: Envoy.TLSCertificateConfig(
        certificateChain: .inline("chain-marker-text"), privateKey: .inline("key-marker-text")))

    let validation = try await Self.validator().validate(
      Self.bootstrap(cluster, secrets: [secret]))

    #expect(!validation.isAccepted)
    #expect(
      validation.diagnostics == [
        EnvoyDiagnostic(
          level: .critical, message: "value must be less than or equal to 65535",
          field: [
            "static_resources", "clusters", 0, "load_assignment", "endpoints", 0, "lb_endpoints",
            0, "endpoint", "address", "socket_address", "port_value",
          ])
      ])
    #expect(
      validation.description
        == "refused (exit status 1): critical: static_resources.clusters[0].load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.port_value: value must be less than or equal to 65535"
    )
    #expect(!validation.description.contains("marker-text"))
  }

  @Test(
    "an unknown field, in a message and in a typed_config's Any, named by its path",
    arguments: [
      (
        """
        static_resources:
          clusters:
          - {name: c, connect_timeout: 1s, bogus_field: 3}
        """,
        "static_resources.clusters[0].bogus_field",
        "no such field: 'bogus_field' (in envoy.config.cluster.v3.Cluster)"
      ),
      (
        """
        static_resources:
          clusters:
          - {name: c, connect_timeout: 1s}
          listeners:
          - name: l
            address: {socket_address: {address: 127.0.0.1, port_value: 15001}}
            filter_chains:
            - filters:
              - name: tcp
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                  stat_prefix: t
                  cluster: c
                  foo: 1
        """,
        "static_resources.listeners[0].filter_chains[0].filters[0].typed_config.foo",
        "no such field: 'foo' (in envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy)"
      ),
    ])
  func unknownField(yaml: String, field: String, message: String) async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("envoy.yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)

    let validation = try await Self.validator().validate(configurationFile: path)
    let oracle = try Peers.validateEnvoy(configPath: path)

    #expect(oracle.status != 0)
    #expect(!validation.isAccepted)
    #expect(validation.diagnostics.map(\.level) == [.critical])
    #expect(validation.diagnostics.first?.field?.description == field)
    #expect(validation.diagnostics.first?.message == message, "\(validation)")
  }

  @Test(
    "a refusal without a field keeps Envoy's words, not the message it echoes",
    arguments: [
      (
        "static_resources: {clusters: [{name: c, connect_timeout: -1s, type: STATIC}]}",
        "Invalid duration: Expected positive duration"
      ),
      ("a: [", "yaml-cpp: error at line 1, column 1: end of sequence flow not found"),
    ])
  func withoutField(yaml: String, message: String) async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("envoy.yaml").path
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)

    let validation = try await Self.validator().validate(configurationFile: path)

    #expect(validation.diagnostics == [EnvoyDiagnostic(level: .critical, message: message)])
  }
}

/// What the validator does when Envoy is missing, hangs or says nothing: stand-in
/// programs play Envoy, since no real one can be made to hang or fail silently.
@Suite("EnvoyValidator's failures")
struct EnvoyValidatorFailureTests {
  /// An executable shell script in `directory`.
  static func script(_ body: String, in directory: URL) throws -> URL {
    let url = directory.appendingPathComponent("envoy")
    try "#!/bin/sh\n\(body)\n".write(to: url, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url
  }

  @Test("a missing binary is envoyNotFound, naming the path")
  func missingBinary() async throws {
    let validator = EnvoyValidator(executable: URL(fileURLWithPath: "/nonexistent/bin/envoy"))

    let error = try await #require(throws: EnvoyConfigError.self) {
      try await validator.validate(configurationFile: "/dev/null")
    }

    #expect(error.code == .envoyNotFound)
    #expect(
      error.description
        == "EnvoyConfigError.envoyNotFound: /nonexistent/bin/envoy: no executable file there")
  }

  @Test("an Envoy that hangs is stopped at the timeout: envoyTimedOut")
  func timeout() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let hanging = try Self.script("exec sleep 60", in: directory)
    let validator = EnvoyValidator(executable: hanging, timeout: .milliseconds(500))
    let clock = ContinuousClock()
    let start = clock.now

    let error = try await #require(throws: EnvoyConfigError.self) {
      try await validator.validate(configurationFile: "/dev/null")
    }

    #expect(clock.now - start < .seconds(10))
    #expect(error.code == .envoyTimedOut)
    #expect(
      error.description
        == "EnvoyConfigError.envoyTimedOut: \(hanging.path): envoy did not finish validating /dev/null within 0.5 seconds, and was stopped"
    )
  }

  @Test("a refusal Envoy does not explain still has an error diagnostic")
  func silentRefusal() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let silent = try Self.script("exit 3", in: directory)

    let validation = try await EnvoyValidator(executable: silent)
      .validate(configurationFile: "/dev/null")

    #expect(!validation.isAccepted && validation.status == 3)
    #expect(
      validation.errors == [
        EnvoyDiagnostic(
          level: .critical,
          message: "envoy refused the configuration (exit status 3) without logging why")
      ])
  }
}
