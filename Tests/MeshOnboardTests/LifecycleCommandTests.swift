import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard rotate` and `activate`.
@Suite(
  "mesh-onboard rotate and activate",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct LifecycleCommandTests {
  @Test("rotate renews a bundle that is due and leaves a fresh one alone")
  func rotate() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let ca = directory.appendingPathComponent("ca").path
    let bundles = directory.appendingPathComponent("bundles").path
    #expect(
      try BundleCommandTests.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
        .status == 0)
    #expect(
      try BundleCommandTests.run([
        "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out",
        "\(bundles)/orders", "--endpoint-url", server.endpoint,
      ]).status == 0)
    let key = { try String(contentsOfFile: "\(bundles)/orders/certs/svid.key", encoding: .utf8) }
    let before = try key()

    let fresh = try BundleCommandTests.run(["rotate", "--ca", ca, "--bundles", bundles])
    let unchanged = try key()
    let due = try BundleCommandTests.run([
      "rotate", "--ca", ca, "--bundles", bundles, "--fraction", "0",
    ])
    let bad = try BundleCommandTests.run([
      "rotate", "--ca", ca, "--bundles", bundles, "--fraction", "2",
    ])

    #expect(fresh.status == 0 && fresh.stdout.hasPrefix("orders: not due until"))
    #expect(unchanged == before)
    #expect(due.status == 0 && due.stdout.hasPrefix("orders: renewed, valid until"))
    #expect(try key() != before)
    #expect(bad.status == 2)
  }

  @Test("activate prints the install command once, on standard output only")
  func activate() throws {
    let code = "Zz98SecretCode"
    let server = try AWSTestServer(scenario: [
      "CreateActivation": ["ok": ["ActivationId": "act-42", "ActivationCode": code]]
    ])

    let output = try BundleCommandTests.run([
      "activate", "--cluster", "onprem-east", "--count", "3", "--endpoint-url", server.endpoint,
    ])

    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stdout.contains("--activation-id \"act-42\" --activation-code \"\(code)\""))
    #expect(!output.stderr.contains(code) && output.stderr.contains("act-42"))
    #expect(output.stderr.contains("for 3 hosts"))
  }
}
