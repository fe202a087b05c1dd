import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// AuthorizationPolicies written for `cluster.local` in a mesh with its own trust domain,
/// in real Envoys: Istio reads `cluster.local` in a principal as "this mesh's trust
/// domain", so the policy keeps allowing the workload it names.
@Suite(
  "Principals in cluster.local stand for the mesh's trust domain",
  .enabled(
    if: Peers.envoyAvailableOrRequired && Peers.pythonAvailableOrRequired,
    Comment(rawValue: Peers.missingEnvoyReason)))
struct TrustDomainRBACTests {
  typealias Ports = SidecarEndToEndTests.SidecarPorts

  /// Service `b` allows service account `a` by a cluster.local principal; `c` is in the
  /// mesh too, with no policy naming it.
  static func mesh(b: Ports) -> String {
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
    metadata: {name: c, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: c}, serviceAccount: c}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: b, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: b}, serviceAccount: b, ports: {http: \(b.inbound)}}
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
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: from-a, namespace: shop}
    spec:
      selector: {matchLabels: {app: b}}
      action: ALLOW
      rules: [{from: [{source: {principals: [cluster.local/ns/shop/sa/a]}}]}]
    """
  }

  @Test("a caller named in cluster.local gets 200 in mesh example.org, another gets 403")
  func clusterLocalPrincipal() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let backend = try HTTPBackend(name: "b")
    let (a, b, c) = (try Ports(), try Ports(), try Ports())
    let resources = try MeshResourceDecoder().decode(Self.mesh(b: b))
    let entries = SidecarEndToEndTests.workloadEntries(resources)
    let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let translator = { (options: SidecarOptions) in
      SidecarTranslator(resources: resources, options: options)
    }
    func sidecar(_ name: String, _ ports: Ports, application: UInt32?) throws -> String {
      try SidecarEndToEndTests.prepare(
        name, authority: authority, serviceAccount: name, ports: ports, translator: translator,
        entry: try #require(entries[name]), applicationPort: application, in: root
      ).config
    }
    let envoyA = try await EnvoyProcess(
      configPath: try sidecar("a", a, application: nil), adminPort: UInt16(a.admin))
    defer { envoyA.stop() }
    let envoyB = try await EnvoyProcess(
      configPath: try sidecar("b", b, application: UInt32(backend.port)),
      adminPort: UInt16(b.admin))
    defer { envoyB.stop() }
    let envoyC = try await EnvoyProcess(
      configPath: try sidecar("c", c, application: nil), adminPort: UInt16(c.admin))
    defer { envoyC.stop() }

    let host = ["Host": "b.shop.svc.cluster.local:8080"]
    let answers = try Peers.httpRequests([
      Peers.HTTPRequestSpec("http://127.0.0.1:\(a.outbound)/hello", headers: host),
      Peers.HTTPRequestSpec("http://127.0.0.1:\(c.outbound)/hello", headers: host),
    ])

    #expect(answers[0].status == 200, "\(answers[0].body) \(envoyB.output.suffix(800))")
    #expect(answers[0].body.contains("URI=spiffe://example.org/ns/shop/sa/a"), "\(answers[0].body)")
    #expect(answers[1].status == 403, "\(answers[1].body)")
    #expect(try await envoyB.stat("http.inbound_\(b.inbound).rbac.denied") == 1)
  }

  @Test("the policy's principal becomes the mesh's trust domain and each alias")
  func translatedPrincipals() throws {
    let b = try Ports()
    let resources = try MeshResourceDecoder().decode(Self.mesh(b: b))
    let entry = try #require(SidecarEndToEndTests.workloadEntries(resources)["b"])
    let options = SidecarOptions(
      trustDomain: try TrustDomain("example.org"),
      trustDomainAliases: [try TrustDomain("old.example.org")])

    let bootstrap = try SidecarTranslator(resources: resources, options: options)
      .staticBootstrap(for: SidecarWorkload(entry: entry)).bootstrap
    let yaml = try EnvoyConfigEncoder().yaml(bootstrap)

    #expect(yaml.contains("exact: spiffe://example.org/ns/shop/sa/a"))
    #expect(yaml.contains("exact: spiffe://old.example.org/ns/shop/sa/a"))
    #expect(!yaml.contains("spiffe://cluster.local/ns/shop/sa/a"))
    // Peers of both trust domains are accepted on the inbound listener.
    #expect(yaml.contains("prefix: spiffe://old.example.org/"))
  }
}
