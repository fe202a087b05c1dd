import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshPKI
import Recipes
import Testing

/// The sidecar and bundle recipes, judged by a real Envoy: the bootstrap is accepted, and
/// Envoy started on it serves with the workload's SVID loaded from the certificate
/// directory.
@Suite(
  .enabled(if: Peers.available(Peers.envoy), Peers.missing("envoy")),
  .enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python")))
struct SidecarTests {
  static let mesh = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: orders-1, namespace: shop}
    spec:
      address: 127.0.0.1
      ports: {http: PORT}
      labels: {app: orders}
      serviceAccount: orders
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: orders, namespace: shop}
    spec:
      hosts: [orders.shop.svc.cluster.local]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP, targetPort: PORT}]
      workloadSelector: {labels: {app: orders}}

    """

  @Test("the bootstrap Envoy accepts; Envoy runs it with the workload's SVID loaded")
  func sidecar() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let inbound = try freeLoopbackPort()
    let meshFile = directory.appendingPathComponent("mesh.yaml")
    try Self.mesh.replacingOccurrences(of: "PORT", with: String(inbound))
      .write(to: meshFile, atomically: true, encoding: .utf8)
    let authority = try CertificateAuthority.createRoot(
      trustDomain: try TrustDomain("shop.example"))
    let options = SidecarOptions(
      adminPort: try freeLoopbackPort(), prometheusPort: nil,
      outboundHTTPPort: try freeLoopbackPort(), accessLogPath: nil)

    let files = try await makeSidecar(
      for: "orders-1", in: "shop", meshPaths: [meshFile.path], authority: authority,
      options: options, directory: directory.appendingPathComponent("orders"), envoy: envoy)

    #expect(FileManager.default.fileExists(atPath: files.certificates.sdsCertificatePath))
    let envoyProcess = Process()
    envoyProcess.executableURL = envoy
    envoyProcess.arguments = [
      "-c", files.bootstrap.path, "--disable-hot-restart", "--concurrency", "1", "-l", "error",
      "--base-id", String(inbound),
    ]
    envoyProcess.standardOutput = FileHandle.nullDevice
    envoyProcess.standardError = FileHandle.nullDevice
    try envoyProcess.run()
    let verdict = await Self.certificatesAndReadiness(adminPort: options.adminPort)
    await stop(envoyProcess)

    let loaded = try #require(verdict.certificates, "Envoy's admin did not answer within 30 s")
    #expect(loaded.contains("spiffe://shop.example/ns/shop/sa/orders"))
    #expect(verdict.ready)
  }

  /// Envoy's `/certs` once it lists a SPIFFE certificate (at most 30 s), and whether
  /// `/ready` then answers 200.
  static func certificatesAndReadiness(adminPort: UInt32) async -> (
    certificates: String?, ready: Bool
  ) {
    var certificates: String?
    let deadline = ContinuousClock.now + .seconds(30)
    while certificates?.contains("spiffe://") != true, ContinuousClock.now < deadline {
      certificates = await loopbackGET(port: adminPort, path: "/certs")
      if certificates == nil { try? await Task.sleep(for: .milliseconds(100)) }
    }
    return (certificates, await loopbackGET(port: adminPort, path: "/ready") != nil)
  }

  @Test("a workload the mesh does not have is an error naming it")
  func unknownWorkload() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let authority = try CertificateAuthority.createRoot(
      trustDomain: try TrustDomain("shop.example"))
    let error = try await #require(throws: SidecarRecipeError.self) {
      try await makeSidecar(
        for: "ghost", in: "shop", meshPaths: [exampleMesh], authority: authority,
        directory: directory, envoy: envoy)
    }
    #expect(error.description.contains("shop/ghost"))
  }

  @Test("bundles for every WorkloadEntry of the example mesh, each accepted by Envoy")
  func bundles() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let authority = try CertificateAuthority.createRoot(
      trustDomain: try TrustDomain("shop.example"))
    // The key goes to whoever runs the test: giving it to the proxy's user needs root.
    let options = BundleOptions(proxyUser: FileOwner(userID: getuid(), groupID: getgid()))

    let bundles = try await writeBundles(
      for: "shop", meshPaths: [exampleMesh], authority: authority, into: directory,
      options: options, envoy: envoy)

    #expect(bundles.count >= 2)
    for bundle in bundles {
      #expect(bundle.verdict.isAccepted, "\(bundle.manifest.workload): \(bundle.verdict)")
      #expect(bundle.manifest.spiffeID.hasPrefix("spiffe://shop.example/ns/shop/sa/"))
      let listed = Set(bundle.manifest.files.map(\.path))
      #expect(listed.contains(SidecarContract.standard.configurationFile))
      #expect(listed.contains("run-sidecar.sh"))
    }
    // Checked as the container sees it: nothing of the check's copy is left behind.
    let left = try FileManager.default.contentsOfDirectory(
      atPath: FileManager.default.temporaryDirectory.path)
    #expect(!left.contains { $0.hasPrefix("meshbridge-bundle-check-") })
  }
}
