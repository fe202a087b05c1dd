import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// Onboarding bundles: every file there with its mode and hash, Envoy accepting the
/// configuration, and a bundle there whole or not at all.
@Suite("Onboarding bundles")
struct BundleTests {
  static let mesh = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: orders-1f3c2a, namespace: shop}
    spec: {address: 127.0.0.1, labels: {app: orders}, serviceAccount: orders, ports: {http: 31080}}
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
    """

  static func workload(_ resources: [MeshResource]) throws -> SidecarWorkload {
    let entry = try #require(
      resources.compactMap { resource -> WorkloadEntry? in
        if case .workloadEntry(let entry) = resource { return entry }
        return nil
      }.first)
    return SidecarWorkload(entry: entry, applicationPorts: [31080: 8080])
  }

  /// A scratch directory, the mesh's resources and a CA of example.org.
  static func fixture() throws -> (URL, [MeshResource], CertificateAuthority) {
    (
      try Peers.temporaryDirectory(), try MeshResourceDecoder().decode(mesh),
      try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    )
  }

  /// Bundle options for a sidecar on this machine; pass free ports to run it (the
  /// outbound listener's too, so that no two test Envoys share one).
  static func options(adminPort: UInt32 = 15000, outboundPort: UInt32 = 15001) -> BundleOptions {
    BundleOptions(
      mountPath: nil,
      sidecar: SidecarOptions(
        adminPort: adminPort, prometheusPort: nil, outboundHTTPPort: outboundPort,
        accessLogPath: nil))
  }

  @Test("a trust domain other than the CA's is refused before anything is written")
  func trustDomainMustBeTheCAs() throws {
    let (root, resources, authority) = try Self.fixture()
    defer { try? FileManager.default.removeItem(at: root) }
    var options = Self.options()
    options.trustDomain = try TrustDomain("other.org")
    let target = root.appendingPathComponent("orders")

    let error = #expect(throws: BundleError.self) {
      try OnboardingBundle.write(
        for: try Self.workload(resources), resources: resources, authority: authority, to: target,
        options: options)
    }

    #expect(error?.code == .trustDomainMismatch)
    #expect(
      error?.reason.hasPrefix("the bundle's trust domain other.org is not the CA's (example.org)")
        == true)
    #expect(!FileManager.default.fileExists(atPath: target.path))
  }

  @Test("every file with its mode, a manifest of their SHA-256, and a configuration Envoy accepts")
  func write() throws {
    let (directory, resources, authority) = try Self.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = directory.appendingPathComponent("orders")

    let manifest = try OnboardingBundle.write(
      for: Self.workload(resources), resources: resources, authority: authority, to: bundle,
      options: Self.options())

    #expect(manifest.spiffeID == "spiffe://example.org/ns/shop/sa/orders")
    #expect(
      manifest.files.map(\.path) == [
        "README.md", "certs/bundle.pem", "certs/ca.json", "certs/cert.json", "certs/svid.key",
        "certs/svid.pem", "ecs-container.json", "envoy.yaml", "run-sidecar.sh",
      ])
    for file in manifest.files {
      // The certificate files are links into the current generation (certs/..data).
      let path = bundle.appendingPathComponent(file.path).resolvingSymlinksInPath().path
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      let mode = (attributes[.posixPermissions] as? Int).map { String($0, radix: 8) }
      #expect("0" + (mode ?? "") == file.mode, "\(file.path)")
      #expect(
        Digest.sha256Hex(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) == file.sha256)
    }
    #expect(manifest.files.first { $0.path == "certs/svid.key" }?.mode == "0600")
    let keyLink = try FileManager.default.destinationOfSymbolicLink(
      atPath: bundle.appendingPathComponent("certs/svid.key").path)
    #expect(keyLink == "..data/svid.key")
    let key = try FileManager.default.attributesOfItem(
      atPath: bundle.appendingPathComponent("certs/svid.key").resolvingSymlinksInPath().path)
    #expect(key[.ownerAccountID] as? Int == 1337 && key[.groupOwnerAccountID] as? Int == 1337)
    let svid = try SVID(
      chainPEM: String(contentsOf: bundle.appendingPathComponent("certs/svid.pem"), encoding: .utf8)
    )
    #expect(
      try SVIDVerifier(bundle: authority.bundle).verify(svid.chain)
        == SPIFFEID("spiffe://example.org/ns/shop/sa/orders"))
    let script = try String(
      contentsOf: bundle.appendingPathComponent("run-sidecar.sh"), encoding: .utf8)
    #expect(script.contains("--network host --user 1337:1337 --restart unless-stopped"))
    let container =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: bundle.appendingPathComponent("ecs-container.json")))
      as? [String: Any]
    #expect(container?["user"] as? String == "1337:1337")
    if Peers.envoyAvailableOrRequired {
      let result = try Peers.validateEnvoy(
        configPath: bundle.appendingPathComponent("envoy.yaml").path)
      #expect(result.status == 0, "\(result.stdout.suffix(800))\(result.stderr.suffix(800))")
    }
  }

  @Test(
    "the manifest's hashes are what Python's hashlib computes",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func hashesMatchPython() throws {
    let (directory, resources, authority) = try Self.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = directory.appendingPathComponent("orders")
    try OnboardingBundle.write(
      for: Self.workload(resources), resources: resources, authority: authority, to: bundle,
      options: Self.options())

    let result = try Peers.runPython(
      """
      import hashlib, json, os, sys
      bundle = sys.argv[1]
      manifest = json.load(open(os.path.join(bundle, "manifest.json")))
      for entry in manifest["files"]:
          data = open(os.path.join(bundle, entry["path"]), "rb").read()
          if hashlib.sha256(data).hexdigest() != entry["sha256"] or len(data) != entry["size"]:
              print("mismatch", entry["path"])
      print("checked", len(manifest["files"]))
      """, arguments: [bundle.path])

    #expect(result.stdout == "checked 9\n", "\(result.stdout)\(result.stderr)")
  }

  @Test(
    "a bundle is whole or absent: leftovers of an interrupted write go, a failed write leaves nothing"
  )
  func atomicity() throws {
    let (directory, resources, authority) = try Self.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = directory.appendingPathComponent("orders")
    // What a write killed half-way leaves: a hidden staging directory with some files.
    let leftover = directory.appendingPathComponent(".meshbridge-staging/orders.tmp-killed")
    try FileManager.default.createDirectory(
      at: leftover.appendingPathComponent("certs"), withIntermediateDirectories: true)
    try Data("half".utf8).write(to: leftover.appendingPathComponent("certs/svid.key"))

    let first = try OnboardingBundle.write(
      for: Self.workload(resources), resources: resources, authority: authority, to: bundle,
      options: Self.options())
    let second = try OnboardingBundle.write(
      for: Self.workload(resources), resources: resources, authority: authority, to: bundle,
      options: Self.options())
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)

    #expect(names.sorted() == [".meshbridge-locks", "orders"])
    #expect(
      first.files.first { $0.path == "certs/svid.pem" }?.sha256
        != second.files.first { $0.path == "certs/svid.pem" }?.sha256)

    // A mesh the translator rejects stops before anything is written.
    let broken =
      resources
      + (try MeshResourceDecoder().decode(
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec: {action: CUSTOM, provider: {name: opa}, rules: [{}]}
        """))
    let other = directory.appendingPathComponent("payments")
    #expect(throws: TranslationIssue.self) {
      try OnboardingBundle.write(
        for: Self.workload(resources), resources: broken, authority: authority, to: other,
        options: Self.options())
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
        ".meshbridge-locks", "orders",
      ])
  }
}
