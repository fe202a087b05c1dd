import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard demo`: a cluster onboarded in one go, against the suite's AWS-like server,
/// with Envoy checking the bundles.
@Suite(
  "mesh-onboard demo",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
struct DemoCommandTests {
  @Test("every step told; CA, resources and an Envoy-accepted bundle written; next steps")
  func demo() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let envoy = try #require(Peers.envoy)

    let first = try BundleCommandTests.run([
      "demo", "--cluster", "onprem-east", "--namespace", "shop", "--out", directory.path,
      "--envoy", envoy.path, "--endpoint-url", server.endpoint,
    ])
    let again = try BundleCommandTests.run([
      "demo", "--cluster", "onprem-east", "--namespace", "shop", "--out", directory.path,
      "--endpoint-url", server.endpoint,
    ])

    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    let steps = first.stdout.split(separator: "\n").filter { $0.hasPrefix("== ") }
    #expect(
      steps == [
        "== Mesh CA in \(directory.path)/ca", "== Discovering onprem-east",
        "== Mesh resources in \(directory.path)/resources",
        "== Onboarding bundles in \(directory.path)/bundles",
        "== Envoy checks every sidecar configuration", "== Next",
      ])
    #expect(first.stdout.contains("  orders-1f3c2a: accepted"))
    #expect(
      first.stdout.contains("skipped \(ECSAnywhereScenario.prefix):task/onprem-east/2 [notRunning]")
    )
    #expect(
      first.stdout.contains("skipped instance \(ECSAnywhereScenario.prefix):container-instance"))
    #expect(
      first.stdout.contains(
        "mesh-onboard inject --task-definition orders --bundle-path /var/lib/meshbridge/orders --register\n"
      ))
    let files = [
      "ca/ca.pem", "ca/ca.key", "resources/shop/workloadentry.orders-1f3c2a.yaml",
      "resources/shop/serviceentry.orders.yaml", "bundles/orders-1f3c2a/manifest.json",
    ]
    for file in files {
      #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path))
    }
    // A second run keeps the CA it made, and finds nothing to change on disk.
    #expect(again.status == 0 && !again.stdout.contains("created"), "\(again.stdout)")
    #expect(again.stdout.contains("valid; 0 added, 0 changed, 0 removed on disk"))
  }

  @Test("bad usage exits 2")
  func usage() throws {
    let both = try BundleCommandTests.run([
      "demo", "--cluster", "a", "--out", "/tmp/x", "--ca", "/tmp/ca", "--trust-domain", "a.org",
    ])
    let missing = try BundleCommandTests.run(["demo", "--cluster", "a"])

    #expect(both.status == 2 && both.stderr.contains("--trust-domain is for a CA created here"))
    #expect(missing.status == 2 && missing.stderr.contains("--out is required"))
  }
}
