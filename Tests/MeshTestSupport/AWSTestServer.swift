import Foundation

/// The suite's own AWS-like server (Tests/Servers/aws_test_server.py) on 127.0.0.1: it
/// answers each operation by a scenario (faults, pages, credential endpoints) and counts
/// the calls. Stopped when released.
public final class AWSTestServer: @unchecked Sendable {
  // @unchecked: immutable after init; the process is only stopped in deinit.
  public let endpoint: String
  private let process: BackgroundProcess
  private let scenarioFile: URL

  /// Starts the server with a scenario (operation or path -> steps; see the script), over
  /// HTTPS when a certificate and key (PEM files) are given.
  public init(scenario: [String: Any], tls: (certificate: String, key: String)? = nil) throws {
    guard let python = Peers.python else {
      throw Peers.PeerMissing(description: Peers.missingPythonReason)
    }
    let port = try Peers.freeLoopbackPort()
    endpoint = "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)"
    scenarioFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "scenario-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: scenario).write(to: scenarioFile)
    let script = Peers.packageRoot.appendingPathComponent("Tests/Servers/aws_test_server.py")
    process = try BackgroundProcess(
      python,
      arguments: [script.path, String(port), scenarioFile.path]
        + (tls.map { [$0.certificate, $0.key] } ?? []))
    guard process.waitForOutput(containing: "listening on", timeout: 30) else {
      throw Peers.PeerMissing(
        description: "the test server did not start: \(process.output.suffix(400))")
    }
  }

  deinit {
    process.stop()
    try? FileManager.default.removeItem(at: scenarioFile)
  }

  /// Calls received per operation (or path), from the server's own count.
  public func calls() throws -> [String: Int] {
    let output = try Peers.runPython(
      // The count is read without verifying the server's certificate: tests may serve an
      // untrusted one on purpose, and this is the suite's own loopback server.
      "import ssl,sys,urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/__calls', context=ssl._create_unverified_context()).read().decode())",
      arguments: [endpoint])
    return (try? JSONDecoder().decode([String: Int].self, from: Data(output.stdout.utf8))) ?? [:]
  }
}
