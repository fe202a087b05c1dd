import Foundation

/// The suite's fault-injecting proxy (Tests/Servers/fault_proxy.py) on 127.0.0.1 in front of
/// an AWS-like server: drops, resets, delays, truncated answers, 5xx bursts and throttling,
/// request by request as the schedule says. Stopped when released.
public final class FaultProxy: @unchecked Sendable {
  // @unchecked: immutable after init; the process is only stopped in deinit.
  /// `http://127.0.0.1:PORT` of the proxy.
  public let endpoint: String
  private let process: BackgroundProcess
  private let scheduleFile: URL

  /// Starts the proxy in front of `upstream` (`http://127.0.0.1:PORT`) with `schedule`, the
  /// faults of successive requests, the last repeating (see fault_proxy.py).
  public init(upstream: String, schedule: [String]) throws {
    guard let python = Peers.python else {
      throw Peers.PeerMissing(description: Peers.missingPythonReason)
    }
    guard let upstreamPort = URL(string: upstream)?.port else {
      throw Peers.PeerMissing(description: "no port in \(upstream)")
    }
    let port = try Peers.freeLoopbackPort()
    endpoint = "http://127.0.0.1:\(port)"
    scheduleFile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "faults-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: schedule).write(to: scheduleFile)
    let script = Peers.packageRoot.appendingPathComponent("Tests/Servers/fault_proxy.py")
    process = try BackgroundProcess(
      python, arguments: [script.path, String(port), String(upstreamPort), scheduleFile.path])
    guard process.waitForOutput(containing: "listening on", timeout: 30) else {
      throw Peers.PeerMissing(
        description: "the fault proxy did not start: \(process.output.suffix(400))")
    }
  }

  deinit {
    process.stop()
    try? FileManager.default.removeItem(at: scheduleFile)
  }

  /// Requests the proxy received, how many of them it forwarded, and the client
  /// connections that carried them.
  public func counts() async throws -> (requests: Int, forwarded: Int, connections: Int) {
    let answer = try await Peers.httpRequest("\(endpoint)/__proxy")
    let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Int]
    return (object?["requests"] ?? 0, object?["forwarded"] ?? 0, object?["connections"] ?? 0)
  }
}
