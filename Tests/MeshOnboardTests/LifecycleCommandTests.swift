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

  @Test("inject adds the sidecar to a definition from a file; bridge mode exits 1 with why")
  func inject() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let host = directory.appendingPathComponent("host.json").path
    let bridge = directory.appendingPathComponent("bridge.json").path
    try
      #"{"taskDefinition": {"family": "orders", "networkMode": "host", "containerDefinitions": [{"name": "app", "image": "shop/orders:1"}]}}"#
      .write(toFile: host, atomically: true, encoding: .utf8)
    try
      #"{"family": "orders", "networkMode": "bridge", "containerDefinitions": [{"name": "app", "image": "shop/orders:1"}]}"#
      .write(toFile: bridge, atomically: true, encoding: .utf8)

    let injected = try BundleCommandTests.run([
      "inject", "--file", host, "--bundle-path", "/var/lib/meshbridge/orders",
    ])
    let refused = try BundleCommandTests.run(["inject", "--file", bridge, "--bundle-path", "/x"])
    let request = try #require(
      try JSONSerialization.jsonObject(with: Data(injected.stdout.utf8)) as? [String: Any])
    let names = (request["containerDefinitions"] as? [[String: Any]])?.compactMap {
      $0["name"] as? String
    }

    #expect(injected.status == 0, "\(injected.stderr)")
    #expect(names == ["meshbridge-sidecar", "app"])
    #expect(request["requiresCompatibilities"] as? [String] == ["EXTERNAL"])
    #expect(refused.status == 1 && refused.stderr.contains("its networkMode is bridge"))
  }
}
