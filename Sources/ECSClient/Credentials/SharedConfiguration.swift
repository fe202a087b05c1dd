import Foundation

/// The AWS shared `config` and `credentials` files: INI sections of `key = value` lines.
/// In `config` a profile's section is `[profile NAME]` (`[default]` for the default), and
/// `[sso-session NAME]` sections hold SSO sessions; in `credentials` a profile's section
/// is `[NAME]`. As botocore reads them: a key in `credentials` wins over the same key in
/// `config` for the profile as a whole (``profiles``), while static keys are looked for in
/// each file on its own (``credentialsFileProfiles``, ``configFileProfiles``); an indented
/// line continues the value above it (a nested `s3 =` block stays inside `s3`).
struct SharedConfiguration {
  /// Where the config file is (`AWS_CONFIG_FILE`, or `~/.aws/config`).
  let configPath: String
  /// Where the credentials file is (`AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`).
  let credentialsPath: String
  /// The config file's profiles, by name.
  private(set) var configFileProfiles: [String: [String: String]] = [:]
  /// The credentials file's profiles, by name.
  private(set) var credentialsFileProfiles: [String: [String: String]] = [:]
  /// The config file's `[sso-session NAME]` sections, by name.
  private(set) var ssoSessions: [String: [String: String]] = [:]

  /// Reads the files named by `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, or
  /// `~/.aws/config` and `~/.aws/credentials`; missing files are empty.
  init(environment: [String: String]) {
    let home = environment["HOME"] ?? NSHomeDirectory()
    configPath = Self.expandingHome(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home)
    credentialsPath = Self.expandingHome(
      environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home)
    if let text = try? String(contentsOfFile: configPath, encoding: .utf8) {
      for (section, keys) in Self.parse(text) {
        let words = section.split(separator: " ", omittingEmptySubsequences: true)
        if section == "default" {
          configFileProfiles["default", default: [:]].merge(keys) { _, later in later }
        } else if words.count == 2, words[0] == "profile" {
          configFileProfiles[String(words[1]), default: [:]].merge(keys) { _, later in later }
        } else if words.count == 2, words[0] == "sso-session" {
          ssoSessions[String(words[1]), default: [:]].merge(keys) { _, later in later }
        }
        // Other sections (services, plugins) hold no profile.
      }
    }
    if let text = try? String(contentsOfFile: credentialsPath, encoding: .utf8) {
      for (section, keys) in Self.parse(text) {
        credentialsFileProfiles[section, default: [:]].merge(keys) { _, later in later }
      }
    }
  }

  /// `~/` at the start of a path, as the AWS CLI expands it.
  private static func expandingHome(_ path: String, _ home: String) -> String {
    path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
  }

  /// Both files' profiles, keys of `credentials` winning over those of `config`.
  var profiles: [String: [String: String]] {
    configFileProfiles.merging(credentialsFileProfiles) { config, credentials in
      config.merging(credentials) { _, later in later }
    }
  }

  /// The file a profile's key comes from (the credentials file when both have it), or the
  /// one that defines the profile, for error messages.
  func file(of profile: String, key: String? = nil) -> String {
    if let key {
      if credentialsFileProfiles[profile]?[key] != nil { return credentialsPath }
      if configFileProfiles[profile]?[key] != nil { return configPath }
    }
    return configFileProfiles[profile] == nil && credentialsFileProfiles[profile] != nil
      ? credentialsPath : configPath
  }

  /// The profile named by `AWS_PROFILE`, else `default`.
  static func profileName(environment: [String: String]) -> String {
    environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
  }

  /// The sections of an INI text, in order, with their keys (lower case) and values.
  static func parse(_ text: String) -> [(String, [String: String])] {
    var sections: [(String, [String: String])] = []
    var lastKey: String?
    for rawLine in text.split(whereSeparator: \.isNewline) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        sections.append((name, [:]))
        lastKey = nil
        continue
      }
      guard !sections.isEmpty else { continue }
      if rawLine.first?.isWhitespace == true, let key = lastKey {
        // A continuation: part of the value above (a nested block), not a key of its own.
        sections[sections.count - 1].1[key, default: ""] += "\n" + line
        continue
      }
      guard let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      // An inline comment needs whitespace before it.
      if let comment = value.range(of: " #") ?? value.range(of: " ;") {
        value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
      }
      sections[sections.count - 1].1[key] = value
      lastKey = key
    }
    return sections
  }
}

/// The region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region`.
public enum AWSRegion {
  /// Resolves the region as the SDKs do.
  /// - Returns: The region, or nil when none is configured.
  public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    resolve(environment: environment, profile: nil)
  }

  /// The region for a profile named explicitly (nil: `AWS_PROFILE` or `default`).
  static func resolve(environment: [String: String], profile: String?) -> String? {
    for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
      if let region = environment[variable], !region.isEmpty { return region }
    }
    let name = profile ?? SharedConfiguration.profileName(environment: environment)
    return SharedConfiguration(environment: environment).profiles[name]?["region"]
  }
}
