import Foundation
internal import MeshSupport

/// Credentials printed by a command (`credential_process`): JSON with `Version` 1,
/// `AccessKeyId`, `SecretAccessKey`, and optionally `SessionToken` and `Expiration`.
public struct ProcessCredentialsProvider: CredentialsProvider {
  let command: String
  let timeout: Duration

  /// Runs `command` through `/bin/sh -c`, waiting at most `timeout` (a minute by default).
  public init(command: String, timeout: Duration = .seconds(60)) {
    self.command = command
    self.timeout = timeout
  }

  struct Output: Decodable {
    var version: Int
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
      case version = "Version"
      case accessKeyID = "AccessKeyId"
      case secretAccessKey = "SecretAccessKey"
      case sessionToken = "SessionToken"
      case expiration = "Expiration"
    }
  }

  /// The most a credential process may print on each of its output streams (a
  /// credentials document is well under a kilobyte).
  static let outputLimit = 1 << 20

  public func credentials() async throws -> AWSCredentials {
    let result: ChildProcess.Result
    do {
      // Through MeshSupport's runner: Foundation's `Process` crashes now and then on
      // Linux, and the runner stops a process that overruns its time.
      result = try await ChildProcess.run(
        URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", command], input: Data(),
        timeout: timeout.timeInterval, outputLimit: Self.outputLimit)
    } catch let failure as ChildProcess.Failure {
      // The runner's words name the shell, never the command or what it printed.
      let message: String
      switch failure.kind {
      case .cannotStart: message = "credential_process could not start"
      case .timedOut: message = "credential_process timed out"
      case .outputTooLarge:
        message = "credential_process printed more than \(Self.outputLimit) bytes"
      }
      throw AWSError(.credentials, errorCode: "CredentialProcessFailed", message: message)
    }
    guard result.status == 0, !result.bySignal else {
      throw AWSError(
        .credentials, errorCode: "CredentialProcessFailed",
        message: result.bySignal
          ? "credential_process ended by signal \(result.status)"
          : "credential_process exited with status \(result.status)")
    }
    let data = result.standardOutput
    // The output holds the secret: errors say what is wrong with it, never what it is.
    guard let parsed = try? JSONDecoder().decode(Output.self, from: data) else {
      throw AWSError(
        .credentials, errorCode: "CredentialProcessFailed",
        message: "credential_process printed no JSON with Version, AccessKeyId and SecretAccessKey")
    }
    guard parsed.version == 1 else {
      throw AWSError(
        .credentials, errorCode: "CredentialProcessFailed",
        message: "credential_process Version \(parsed.version) is not 1")
    }
    return AWSCredentials(
      accessKeyID: parsed.accessKeyID, secretAccessKey: parsed.secretAccessKey,
      sessionToken: parsed.sessionToken,
      expiration: try parsed.expiration.map(ISO8601Time.parse))
  }
}

/// RFC 3339 times as AWS prints them (`2026-11-25T10:00:00Z`, with or without fractions).
enum ISO8601Time {
  static func parse(_ text: String) throws -> Date {
    let plain = ISO8601DateFormatter()
    if let date = plain.date(from: text) { return date }
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = fractional.date(from: text) { return date }
    throw AWSError(
      .credentials, errorCode: "InvalidExpiration",
      message: "expiration \(text) is not an RFC 3339 time"
    )
  }
}
