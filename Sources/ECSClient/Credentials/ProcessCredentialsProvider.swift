import Foundation

/// Credentials printed by a command (`credential_process`): JSON with `Version` 1,
/// `AccessKeyId`, `SecretAccessKey`, and optionally `SessionToken` and `Expiration`.
public struct ProcessCredentialsProvider: CredentialsProvider {
  let command: String
  let timeout: TimeInterval

  /// Runs `command` through `/bin/sh -c`, waiting at most `timeout` seconds.
  public init(command: String, timeout: TimeInterval = 60) {
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

  public func credentials() async throws -> AWSCredentials {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw AWSError(
        .credentials, errorCode: "CredentialProcessFailed",
        message: "credential_process could not start"
      )
    }
    // Read while the process runs, so a large output cannot block it.
    let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning {
      if Date() > deadline {
        process.terminate()
        throw AWSError(
          .credentials, errorCode: "CredentialProcessFailed",
          message: "credential_process timed out")
      }
      try await Task.sleep(nanoseconds: 5_000_000)
    }
    let data = await reader.value
    guard process.terminationStatus == 0 else {
      throw AWSError(
        .credentials, errorCode: "CredentialProcessFailed",
        message: "credential_process exited with status \(process.terminationStatus)")
    }
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
