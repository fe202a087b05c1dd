import Foundation

/// The AWS shared `config` and `credentials` files: INI sections of `key = value` lines.
/// In `config` a profile's section is `[profile NAME]` (`[default]` for the default); in
/// `credentials` it is `[NAME]`. A key in `credentials` wins over the same key in `config`.
struct SharedConfiguration {
  /// Keys by profile name.
  private(set) var profiles: [String: [String: String]] = [:]

  /// Reads the files named by `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, or
  /// `~/.aws/config` and `~/.aws/credentials`; missing files are empty.
  init(environment: [String: String]) {
    let home = environment["HOME"] ?? NSHomeDirectory()
    let configPath = environment["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config"
    let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials"
    if let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
      merge(Self.parse(text, isConfig: true))
    }
    if let text = try? String(contentsOfFile: credentialsPath, encoding: .utf8) {
      merge(Self.parse(text, isConfig: false))
    }
  }

  init(config: String, credentials: String) {
    merge(Self.parse(config, isConfig: true))
    merge(Self.parse(credentials, isConfig: false))
  }

  private mutating func merge(_ other: [String: [String: String]]) {
    for (profile, keys) in other {
      profiles[profile, default: [:]].merge(keys) { _, later in later }
    }
  }

  /// The profile named by `AWS_PROFILE`, else `default`.
  static func profileName(environment: [String: String]) -> String {
    environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
  }

  static func parse(_ text: String, isConfig: Bool) -> [String: [String: String]] {
    var profiles: [String: [String: String]] = [:]
    var current: String?
    for rawLine in text.split(whereSeparator: \.isNewline) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        if isConfig {
          if name.hasPrefix("profile ") {
            name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
          } else if name != "default" {
            // Other sections of config (sso-session, services) are not profiles.
            current = nil
            continue
          }
        }
        current = name
        profiles[name, default: [:]] = profiles[name, default: [:]]
        continue
      }
      guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      // An inline comment needs whitespace before it.
      if let comment = value.range(of: " #") ?? value.range(of: " ;") {
        value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
      }
      profiles[profile, default: [:]][key] = value
    }
    return profiles
  }
}

/// Credentials from a profile of the shared files: static keys, or a `credential_process`.
public struct ProfileCredentialsProvider: CredentialsProvider {
  let environment: [String: String]
  let profile: String?

  /// Reads the profile `profile`, or `AWS_PROFILE`, or `default`.
  public init(
    profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.profile = profile
    self.environment = environment
  }

  public func credentials() async throws -> AWSCredentials {
    let configuration = SharedConfiguration(environment: environment)
    let name = profile ?? SharedConfiguration.profileName(environment: environment)
    guard let keys = configuration.profiles[name] else {
      throw CredentialsNotConfigured("no profile \(name) in the shared config or credentials file")
    }
    if let key = keys["aws_access_key_id"], let secret = keys["aws_secret_access_key"],
      !key.isEmpty, !secret.isEmpty
    {
      return AWSCredentials(
        accessKeyID: key, secretAccessKey: secret,
        sessionToken: keys["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 })
    }
    if let command = keys["credential_process"], !command.isEmpty {
      return try await ProcessCredentialsProvider(command: command).credentials()
    }
    if keys["aws_access_key_id"] != nil || keys["aws_secret_access_key"] != nil {
      throw AWSError(
        .credentials, errorCode: "IncompleteCredentials",
        message: "profile \(name) has only one of aws_access_key_id and aws_secret_access_key")
    }
    throw CredentialsNotConfigured("profile \(name) holds no credentials")
  }
}

/// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region`.
public enum AWSRegion {
  /// Resolves the region as the SDKs do.
  /// - Returns: The region, or nil when none is configured.
  public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
      if let region = environment[variable], !region.isEmpty { return region }
    }
    let profile = SharedConfiguration.profileName(environment: environment)
    return SharedConfiguration(environment: environment).profiles[profile]?["region"]
  }
}
