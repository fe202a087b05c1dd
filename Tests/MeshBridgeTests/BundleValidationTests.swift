import EnvoyConfig
import Foundation
import MeshBridge
import MeshPKI
import MeshTestSupport
import Testing

/// `OnboardingBundle.validate` judges a bundle with a real Envoy as its sidecar will load
/// it: a bundle made for a container through a copy whose paths are the copy's, a broken
/// one with Envoy's diagnostics.
@Suite(
  "A bundle checked by Envoy as its container sees it",
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
struct BundleValidationTests {
  static func validator() throws -> EnvoyValidator {
    guard let envoy = Peers.envoy else {
      throw Peers.PeerMissing(description: Peers.missingEnvoyReason)
    }
    return EnvoyValidator(executable: envoy, timeout: .seconds(120))
  }

  /// The key goes to whoever runs the test: giving it to the proxy's user needs root.
  static let currentUser = FileOwner(userID: getuid(), groupID: getgid())

  @Test("a bundle for a container (mount path) and one read in place are both accepted")
  func accepted() async throws {
    for mountPath in [SidecarContract.standard.mountPath, nil] {
      let options = BundleOptions(mountPath: mountPath, proxyUser: Self.currentUser)
      let (directory, bundle, _) = try BundleContractTests.bundle(options: options)
      defer { try? FileManager.default.removeItem(at: directory) }
      let before = try FileManager.default.contentsOfDirectory(
        atPath: FileManager.default.temporaryDirectory.path
      ).filter { $0.hasPrefix("meshbridge-bundle-check-") }

      let verdict = try await OnboardingBundle.validate(
        bundle, options: options, with: try Self.validator())

      #expect(verdict.isAccepted, "\(mountPath ?? "in place"): \(verdict)")
      let after = try FileManager.default.contentsOfDirectory(
        atPath: FileManager.default.temporaryDirectory.path
      ).filter { $0.hasPrefix("meshbridge-bundle-check-") }
      #expect(after == before, "the copy is removed")
    }
  }

  @Test("a bundle whose configuration names a missing cluster is refused with Envoy's words")
  func refused() async throws {
    let options = BundleOptions(proxyUser: Self.currentUser)
    let (directory, bundle, _) = try BundleContractTests.bundle(options: options)
    defer { try? FileManager.default.removeItem(at: directory) }
    let configuration = bundle.appendingPathComponent(SidecarContract.standard.configurationFile)
    let text = try String(contentsOf: configuration, encoding: .utf8)
    // The SDS secrets' cluster becomes one the configuration does not define.
    let broken = text.replacingOccurrences(
      of: "static_resources:",
      with: """
        cluster_manager:
          local_cluster_name: no-such-cluster
        static_resources:
        """)
    #expect(broken != text)
    try broken.write(to: configuration, atomically: true, encoding: .utf8)

    let verdict = try await OnboardingBundle.validate(
      bundle, options: options, with: try Self.validator())

    #expect(!verdict.isAccepted)
    #expect(verdict.errors.contains { $0.message.contains("no-such-cluster") }, "\(verdict)")
  }

  @Test("a bundle that cannot be copied is BundleError.fileSystem naming it")
  func uncopyable() async throws {
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent(
      "meshbridge-no-bundle-\(UUID().uuidString)")
    let error = await #expect(throws: BundleError.self) {
      try await OnboardingBundle.validate(
        missing, options: BundleOptions(), with: try Self.validator())
    }
    #expect(error?.code == .fileSystem)
    #expect(error?.path == missing.path)
  }
}
