import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import Recipes
import Testing

/// Docs/EnvoyConfig.md's samples, each configuration judged by a real Envoy in validate mode.
@Suite(.enabled(if: Peers.available(Peers.envoy), Peers.missing("envoy")))
struct EnvoyConfigSamplesTests {
  /// The example mesh as one YAML stream, and its `orders-7f3c2a` WorkloadEntry.
  static func exampleMeshYAML() throws -> (yaml: String, orders: WorkloadEntry) {
    let files = try FileManager.default.contentsOfDirectory(atPath: exampleMesh)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    let yaml = try files.map {
      try String(contentsOfFile: "\(exampleMesh)/\($0)", encoding: .utf8)
    }.joined(separator: "\n---\n")
    let orders = try MeshResourceDecoder().decode(yaml).compactMap { resource -> WorkloadEntry? in
      guard case .workloadEntry(let entry) = resource, entry.metadata.name == "orders-7f3c2a"
      else { return nil }
      return entry
    }
    let entry = try #require(orders.first)
    return (yaml, entry)
  }

  /// A route configuration answering 200 to everything, or sending to `cluster`.
  static func routes(to cluster: String? = nil) -> Envoy.RouteConfiguration {
    Envoy.RouteConfiguration(
      name: "outbound",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "all", domains: ["*"],
          routes: [
            cluster.map {
              Envoy.Route(
                match: Envoy.RouteMatch(prefix: "/"), route: Envoy.RouteAction(cluster: $0))
            }
              ?? Envoy.Route(
                match: Envoy.RouteMatch(prefix: "/"),
                directResponse: Envoy.DirectResponseAction(status: 200))
          ])
      ], validateClusters: cluster == nil ? nil : true)
  }

  @Test("the static bootstrap of the example mesh's orders workload, written as YAML")
  func staticBootstrap() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (yaml, orders) = try Self.exampleMeshYAML()
    let path = directory.appendingPathComponent("envoy.yaml").path
    let warnings = try writeStaticBootstrap(for: orders, meshYAML: yaml, to: path)
    // The example's Telemetry names a tracing provider the options give no address for.
    #expect(
      !warnings.isEmpty && warnings.map(\.description).allSatisfy { $0.contains("Telemetry") },
      "\(warnings)")
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written.contains("spiffe://example.org/ns/shop/sa/orders"))
    #expect(written.contains(SidecarContract.standard.certificateDirectory.path))
  }

  @Test("the typed listener and the buffer filter of our own are accepted by Envoy")
  func typedListenerAndOwnExtension() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let listener = outboundListener(routes: Self.routes())
    let plain = Envoy.Bootstrap(staticResources: Envoy.StaticResources(listeners: [listener]))
    let accepted = try await checkWithEnvoy(plain, envoy: envoy)
    #expect(accepted.isAccepted, "\(accepted)")

    let buffered = Envoy.Listener(
      name: "buffered", address: .tcp("127.0.0.1", port: 15002),
      filterChains: [
        Envoy.FilterChain(filters: [
          Envoy.NetworkFilter(
            Envoy.HTTPConnectionManager(
              statPrefix: "buffered", routeConfig: Self.routes(),
              httpFilters: [bufferFilter(), Envoy.HTTPFilter(Envoy.Router())]))
        ])
      ])
    let bootstrap = Envoy.Bootstrap(staticResources: Envoy.StaticResources(listeners: [buffered]))
    let yaml = try EnvoyConfigEncoder().yaml(bootstrap)
    #expect(yaml.contains("max_request_bytes: 1048576"), "\(yaml)")
    let verdict = try await checkWithEnvoy(bootstrap, envoy: envoy)
    #expect(verdict.isAccepted, "\(verdict)")
  }

  @Test("certificates with their SDS files: Envoy accepts the bootstrap that reads them")
  func certificatesAndValidation() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (yaml, orders) = try Self.exampleMeshYAML()
    let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let identity = try authority.trustDomain.id(path: "/ns/shop/sa/orders")
    let certs = directory.appendingPathComponent("certs").path
    let options = try sidecarOptions(
      writing: try authority.issueSVID(for: identity), of: authority, into: certs)
    #expect(FileManager.default.fileExists(atPath: options.certificateDirectory.sdsCertificatePath))
    #expect(FileManager.default.fileExists(atPath: options.certificateDirectory.keyPath))

    let translation = try SidecarTranslator(
      resources: try MeshResourceDecoder().decode(yaml), options: options
    ).staticBootstrap(for: SidecarWorkload(entry: orders))
    let verdict = try await checkWithEnvoy(translation.bootstrap, envoy: envoy)
    #expect(verdict.isAccepted, "\(verdict)")
  }

  @Test("a route to a cluster nobody defines is refused, with Envoy's errors")
  func refused() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let listener = outboundListener(routes: Self.routes(to: "nowhere"))
    let bootstrap = Envoy.Bootstrap(staticResources: Envoy.StaticResources(listeners: [listener]))
    let verdict = try await checkWithEnvoy(bootstrap, envoy: envoy)
    #expect(!verdict.isAccepted)
    #expect(verdict.errors.contains { $0.message.contains("nowhere") }, "\(verdict)")
  }
}
