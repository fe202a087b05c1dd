import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// Rotation renews a bundle's SVID from the SVID itself, when due, and the sidecar
/// serving from the bundle picks the new one up without a restart.
@Suite("Bundle rotation")
struct RotationTests {
  @Test("not due before the fraction of the lifetime; renewed after, with the manifest updated")
  func rotate() throws {
    let (directory, resources, authority) = try BundleTests.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = directory.appendingPathComponent("orders")
    let start = Date()
    let written = try OnboardingBundle.write(
      for: BundleTests.workload(resources), resources: resources, authority: authority, to: bundle,
      options: BundleTests.options(), now: start)
    let rotation = BundleRotation(fraction: 0.5)

    let early = try rotation.rotate(
      bundle: bundle, authority: authority, now: start.addingTimeInterval(600))
    let late = try rotation.rotate(
      bundle: bundle, authority: authority, now: start.addingTimeInterval(2400))
    let manifest = try BundleManifest.read(from: bundle)
    let svid = try SVID(
      chainPEM: String(
        contentsOf: bundle.appendingPathComponent("certs/svid.pem"), encoding: .utf8),
      keyPEM: String(contentsOf: bundle.appendingPathComponent("certs/svid.key"), encoding: .utf8))

    guard case .notDue = early, case .renewed(let notAfter) = late else {
      Issue.record("expected not due, then renewed: \(early), \(late)")
      return
    }
    #expect(notAfter > written.notAfter && manifest.notAfter == svid.notAfter)
    #expect(try svid.spiffeID == SPIFFEID("spiffe://example.org/ns/shop/sa/orders"))
    #expect(
      try SVIDVerifier(bundle: authority.bundle).verify(
        svid.chain, at: start.addingTimeInterval(2400)) == svid.spiffeID)
    #expect(
      manifest.files.first { $0.path == "certs/svid.pem" }?.sha256
        == Digest.sha256Hex(Array(svid.chainPEM.utf8)))
    #expect(
      manifest.files.first { $0.path == "certs/svid.key" }?.sha256
        != written.files.first { $0.path == "certs/svid.key" }?.sha256)
    let rotatedAll = BundleRotation(fraction: 0.5).rotateAll(
      in: directory, authority: authority, now: start.addingTimeInterval(4800))
    #expect(rotatedAll.keys.sorted() == ["orders"])
  }

  @Test(
    "a sidecar running as the proxy user (1337) reads its key and serves the rotated SVID without a restart",
    .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
  func liveRotation() async throws {
    let (directory, resources, authority) = try BundleTests.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = directory.appendingPathComponent("orders")
    let admin = UInt32(try Peers.freeLoopbackPort())
    let start = Date()
    var workload = try BundleTests.workload(resources)
    workload.entry.spec.ports = ["http": UInt32(try Peers.freeLoopbackPort())]
    workload.applicationPorts = [:]
    let written = try OnboardingBundle.write(
      for: workload, resources: resources, authority: authority, to: bundle,
      options: BundleTests.options(
        adminPort: admin, outboundPort: UInt32(try Peers.freeLoopbackPort())), now: start)
    // As the task definition and run-sidecar.sh run it: not as the user who wrote the
    // bundle. The key (0600) belongs to the proxy's user.
    let envoy = try await EnvoyProcess(
      configPath: bundle.appendingPathComponent("envoy.yaml").path, adminPort: UInt16(admin),
      user: (1337, 1337))
    defer { envoy.stop() }
    let serial = { () async throws -> String in
      let certs = try await Peers.httpRequest("\(envoy.adminURL)/certs")
      return certs.body
    }
    let before = try await serial()

    _ = try BundleRotation(fraction: 0).rotate(bundle: bundle, authority: authority, now: start)
    let renewed = try BundleManifest.read(from: bundle)
    var after = before
    for _ in 0..<100 where after == before {
      try await Task.sleep(nanoseconds: 100_000_000)
      after = try await serial()
    }

    #expect(before.contains("spiffe://example.org/ns/shop/sa/orders"), "\(before)")
    #expect(!envoy.output.contains("unable to read file"))
    #expect(after != before, "Envoy still serves the first SVID")
    #expect(renewed.notAfter >= written.notAfter)
    #expect(try await envoy.stat("server.hot_restart_epoch") == 0)
  }
}
