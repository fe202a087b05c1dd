import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard bundle`: discovery, the task's WorkloadEntry, and its bundle, which Envoy
/// accepts.
@Suite(
  "mesh-onboard bundle",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct BundleCommandTests {
  static func run(_ arguments: [String]) throws -> Peers.Output {
    try Peers.run(
      ValidateCommandTests.executable, arguments: arguments,
      environment: DiscoverCommandTests.environment)
  }

  /// A temporary directory, the suite's AWS-like server with the ECS Anywhere scenario, a
  /// CA made by `ca init` in DIR/ca, and DIR/orders for the bundle.
  static func cluster() throws -> (URL, AWSTestServer, ca: String, out: String) {
    let directory = try Peers.temporaryDirectory()
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let ca = directory.appendingPathComponent("ca").path
    let initialized = try run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
    #expect(initialized.status == 0, "\(initialized.stderr)")
    return (directory, server, ca, directory.appendingPathComponent("orders").path)
  }

  @Test("writes the task's bundle; a task that is not a workload exits 1 with why")
  func bundle() throws {
    let (directory, server, ca, out) = try Self.cluster()
    defer { try? FileManager.default.removeItem(at: directory) }

    let written = try Self.run([
      "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out", out,
      "--namespace", "shop", "--mount-path", out, "--endpoint-url", server.endpoint,
    ])
    let pending = try Self.run([
      "bundle", "--cluster", "onprem-east", "--task", "2", "--ca", ca, "--out", out,
      "--endpoint-url", server.endpoint,
    ])

    #expect(written.status == 0, "\(written.stderr)")
    #expect(
      written.stdout.contains("for shop/orders-1f3c2a (spiffe://example.org/ns/shop/sa/orders"))
    #expect(FileManager.default.fileExists(atPath: "\(out)/manifest.json"))
    #expect(
      pending.status == 1 && pending.stderr.contains(": not RUNNING (PENDING) [notRunning]\n"),
      "\(pending.stderr)")
    if Peers.envoyAvailableOrRequired {
      // The bundle binds the task's address, 10.20.0.15; here inbound binds loopback.
      let config = try String(contentsOfFile: "\(out)/envoy.yaml", encoding: .utf8)
        .replacingOccurrences(of: "address: 10.20.0.15", with: "address: 127.0.0.1")
      let local = directory.appendingPathComponent("local.yaml").path
      try config.write(toFile: local, atomically: true, encoding: .utf8)
      let result = try Peers.validateEnvoy(configPath: local)
      #expect(result.status == 0, "\(result.stdout.suffix(600))\(result.stderr.suffix(600))")
    }
  }

  @Test("--proxy-user names who runs the sidecar and owns its key; a malformed one is bad usage")
  func proxyUser() throws {
    let (directory, server, ca, out) = try Self.cluster()
    defer { try? FileManager.default.removeItem(at: directory) }
    let bundle = [
      "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out", out,
      "--endpoint-url", server.endpoint, "--proxy-user",
    ]

    let written = try Self.run(bundle + ["4242:4343"])
    let malformed = try Self.run(bundle + ["envoy"])
    let key = try FileManager.default.attributesOfItem(
      atPath: URL(fileURLWithPath: "\(out)/certs/svid.key").resolvingSymlinksInPath().path)
    let script = try String(contentsOfFile: "\(out)/run-sidecar.sh", encoding: .utf8)

    #expect(written.status == 0, "\(written.stderr)")
    #expect(key[.ownerAccountID] as? Int == 4242 && key[.groupOwnerAccountID] as? Int == 4343)
    #expect(script.contains("--user 4242:4343"))
    #expect(malformed.status == 2)
    #expect(
      malformed.stderr.hasPrefix(
        "mesh-onboard bundle: --proxy-user takes UID:GID as numbers, such as 1337:1337, not envoy"))
  }
}
