import Foundation

/// Credentials from a profile of the shared files, resolved as botocore and the AWS CLI
/// resolve them, in this order:
///
/// 1. `role_arn` (without `web_identity_token_file`): STS AssumeRole, signed with the
///    credentials of `source_profile` (resolved the same way, so roles chain) or of
///    `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`);
/// 2. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN` (unless the profile
///    was named explicitly), else the profile's `web_identity_token_file` and `role_arn`;
/// 3. SSO: `sso_account_id` and `sso_role_name`, with `sso_session` or `sso_start_url`,
///    from the AWS CLI's token cache;
/// 4. `aws_access_key_id` and `aws_secret_access_key` in the credentials file;
/// 5. `credential_process`;
/// 6. `aws_access_key_id` and `aws_secret_access_key` in the config file.
///
/// A profile named explicitly or by `AWS_PROFILE` that neither file has is an error
/// (`ProfileNotFound`), never a reason to use other credentials; so is a profile whose
/// configuration is broken or asks for what is not supported (MFA, `login_session`).
/// STS calls go to the region of `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile
/// (`us-east-1` when none), at `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL` when set;
/// the SSO portal at `AWS_ENDPOINT_URL_SSO` or `AWS_ENDPOINT_URL`.
public struct ProfileCredentialsProvider: CredentialsProvider {
  let environment: [String: String]
  let profile: String?
  let http: HTTPTransportOptions

  /// Reads the profile `profile`, or `AWS_PROFILE`, or `default`.
  /// - Parameters:
  ///   - profile: A profile named explicitly (as `aws --profile` names it): the
  ///     environment's web identity variables are then not used.
  ///   - environment: The environment: `AWS_PROFILE`, the files' paths, `HOME`, …
  ///   - http: HTTP settings for STS, the SSO portal and the credential endpoints.
  public init(
    profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
    http: HTTPTransportOptions = .init()
  ) {
    self.profile = profile
    self.environment = environment
    self.http = http
  }

  /// The profile's credentials.
  /// - Throws: ``CredentialsNotConfigured`` when the profile is `default` by default and
  ///   absent, or holds none of the settings above; else ``AWSError`` with code
  ///   credentials, naming the file and profile and never a secret: `ProfileNotFound`,
  ///   `InvalidProfile` (`role_arn` without a source or with both, a missing
  ///   `source_profile`, a source profile without credentials, an incomplete SSO
  ///   configuration, a `credential_source` that is not one of the three),
  ///   `SourceProfileCycle`, `UnsupportedProfile` (`mfa_serial`, `login_session`),
  ///   `IncompleteCredentials`, and the errors of the source used (STS's, the SSO
  ///   portal's, the token files', the credential process's).
  public func credentials() async throws -> AWSCredentials {
    let files = SharedConfiguration(environment: environment)
    let name = try Self.checkedProfileName(profile, files: files, environment: environment)
    let resolver = ProfileResolver(
      files: files, environment: environment, http: http, explicitProfile: profile != nil,
      topProfile: name)
    if let credentials = try await resolver.resolve(name) { return credentials }
    throw CredentialsNotConfigured("profile \(name) holds no credentials")
  }

  /// The profile to use; an error when it was named (explicitly, or by `AWS_PROFILE`)
  /// and neither file has it, as botocore raises `ProfileNotFound` before looking
  /// anywhere else, environment variables included.
  static func checkedProfileName(
    _ explicit: String?, files: SharedConfiguration, environment: [String: String]
  ) throws -> String {
    let named = explicit ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    let name = named ?? "default"
    if named != nil && files.profiles[name] == nil {
      throw AWSError(
        .credentials, errorCode: "ProfileNotFound",
        message:
          "the profile \(name) is in neither \(files.configPath) nor \(files.credentialsPath)")
    }
    return name
  }
}

/// Checks that a profile named by `AWS_PROFILE` exists before any other source is tried,
/// as botocore does: the default chain's first step. It never gives credentials.
struct NamedProfileCheck: CredentialsProvider {
  let environment: [String: String]
  let profile: String?

  func credentials() async throws -> AWSCredentials {
    _ = try ProfileCredentialsProvider.checkedProfileName(
      profile, files: SharedConfiguration(environment: environment), environment: environment)
    throw CredentialsNotConfigured("")
  }
}

/// One resolution of a profile: botocore's AssumeRoleProvider and profile providers.
struct ProfileResolver: Sendable {
  let files: SharedConfiguration
  let environment: [String: String]
  let http: HTTPTransportOptions
  /// Whether the profile was named explicitly (the environment's web identity then
  /// does not count).
  let explicitProfile: Bool
  /// The profile resolution started from: its region and endpoint settings apply to
  /// every STS call of a role chain.
  let topProfile: String

  /// The profile's credentials; nil when it holds none.
  func resolve(_ name: String) async throws -> AWSCredentials? {
    let profile = files.profiles[name] ?? [:]
    if Self.hasRoleToAssume(profile) {
      return try await assumeRole(name, visited: [name])
    }
    return try await resolveWithoutRole(name, environmentWebIdentity: !explicitProfile)
  }

  /// Steps 2 to 6: web identity, SSO, the credentials file, the process, the config file.
  func resolveWithoutRole(_ name: String, environmentWebIdentity: Bool) async throws
    -> AWSCredentials?
  {
    let profile = files.profiles[name] ?? [:]
    if let provider = try webIdentity(name, profile, environmentWebIdentity: environmentWebIdentity)
    {
      return try await within(name, key: "web_identity_token_file") {
        try await provider.credentials()
      }
    }
    if let provider = try sso(name, profile) {
      return try await within(name, key: "sso_account_id") { try await provider.credentials() }
    }
    if let credentials = try staticKeys(
      name, files.credentialsFileProfiles[name], files.credentialsPath)
    {
      return credentials
    }
    if profile["login_session"] != nil {
      throw unsupported(name, key: "login_session", "login_session (aws login) is not supported")
    }
    if let command = profile["credential_process"], !command.isEmpty {
      return try await within(name, key: "credential_process") {
        try await ProcessCredentialsProvider(command: command).credentials()
      }
    }
    return try staticKeys(name, files.configFileProfiles[name], files.configPath)
  }

  // MARK: Assume role

  /// `role_arn` applies unless `web_identity_token_file` is there too (then web identity
  /// assumes the role).
  static func hasRoleToAssume(_ profile: [String: String]) -> Bool {
    profile["role_arn"] != nil && profile["web_identity_token_file"] == nil
  }

  static func hasStaticKeys(_ profile: [String: String]) -> Bool {
    profile["aws_access_key_id"] != nil || profile["aws_secret_access_key"] != nil
  }

  /// The credential sources `credential_source` may name, as botocore spells them.
  static let credentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"]

  func assumeRole(_ name: String, visited: [String]) async throws -> AWSCredentials {
    let profile = files.profiles[name] ?? [:]
    let roleARN = profile["role_arn"] ?? ""
    let sourceProfile = profile["source_profile"]
    let credentialSource = profile["credential_source"]
    if profile["mfa_serial"] != nil {
      throw unsupported(
        name, key: "mfa_serial", "mfa_serial (an MFA code to type in) is not supported")
    }
    let source: any CredentialsProvider
    switch (sourceProfile, credentialSource) {
    case (.some, .some):
      throw invalid(name, key: "role_arn", "has both source_profile and credential_source")
    case (nil, nil):
      throw invalid(
        name, key: "role_arn", "has role_arn but neither source_profile nor credential_source")
    case (nil, .some(let sourceName)):
      guard Self.credentialSources.contains(sourceName) else {
        throw invalid(
          name, key: "credential_source",
          "has credential_source \(sourceName), not one of \(Self.credentialSources.joined(separator: ", "))"
        )
      }
      source = NamedSource(
        name: sourceName, profile: name, file: files.file(of: name, key: "credential_source"),
        environment: environment, http: http)
    case (.some(let sourceName), nil):
      let chain = try checkedSourceProfile(sourceName, of: name, visited: visited)
      source = ResolvedSource {
        try await self.sourceCredentials(sourceName, visited: chain)
      }
    }
    let duration = profile["duration_seconds"].flatMap { Int($0) }
    let provider = AssumeRoleCredentialsProvider(
      roleARN: roleARN, sessionName: profile["role_session_name"],
      externalID: profile["external_id"], durationSeconds: duration, source: source,
      region: stsRegion, endpoint: try endpoint(for: "STS"), http: http)
    return try await within(name, key: "role_arn") { try await provider.credentials() }
  }

  /// The chain of visited profiles with `sourceName` added, after checking that it exists
  /// and does not close a cycle (a profile may name itself when it holds static keys).
  func checkedSourceProfile(_ sourceName: String, of name: String, visited: [String]) throws
    -> [String]
  {
    guard let source = files.profiles[sourceName] else {
      throw invalid(
        name, key: "source_profile",
        "names source_profile \(sourceName), which is in neither \(files.configPath) nor \(files.credentialsPath)"
      )
    }
    if visited.contains(sourceName)
      && (sourceName != name || !Self.hasStaticKeys(source))
    {
      throw AWSError(
        .credentials, errorCode: "SourceProfileCycle",
        message:
          "profile \(name) in \(files.file(of: name, key: "source_profile")): source_profile \(sourceName) makes a cycle: "
          + (visited + [sourceName]).joined(separator: " -> "))
    }
    return visited + [sourceName]
  }

  /// A source profile's credentials: its own role when it has one and no static keys,
  /// else steps 2 to 6 without the environment's web identity.
  func sourceCredentials(_ name: String, visited: [String]) async throws -> AWSCredentials {
    let profile = files.profiles[name] ?? [:]
    if Self.hasStaticKeys(profile) || !Self.hasRoleToAssume(profile) {
      guard let credentials = try await resolveWithoutRole(name, environmentWebIdentity: false)
      else {
        throw invalid(
          name, key: nil, "is a source_profile but holds no credentials")
      }
      return credentials
    }
    return try await assumeRole(name, visited: visited)
  }

  // MARK: Web identity and SSO

  func webIdentity(
    _ name: String, _ profile: [String: String], environmentWebIdentity: Bool
  ) throws -> WebIdentityCredentialsProvider? {
    func setting(_ key: String, _ variable: String) -> String? {
      if environmentWebIdentity, let value = environment[variable] { return value }
      return profile[key]
    }
    guard let tokenFile = setting("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE"),
      !tokenFile.isEmpty
    else { return nil }
    guard let roleARN = setting("role_arn", "AWS_ROLE_ARN"), !roleARN.isEmpty else {
      throw invalid(
        name, key: "web_identity_token_file",
        "has a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE or web_identity_token_file) but no role (AWS_ROLE_ARN or role_arn)"
      )
    }
    return WebIdentityCredentialsProvider(
      tokenFile: tokenFile, roleARN: roleARN,
      sessionName: setting("role_session_name", "AWS_ROLE_SESSION_NAME"), region: stsRegion,
      endpoint: try endpoint(for: "STS"), http: http)
  }

  func sso(_ name: String, _ profile: [String: String]) throws -> SSOCredentialsProvider? {
    guard profile["sso_role_name"] != nil || profile["sso_account_id"] != nil else { return nil }
    var settings = profile
    var required = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"]
    if let sessionName = profile["sso_session"] {
      guard let session = files.ssoSessions[sessionName] else {
        throw invalid(
          name, key: "sso_session",
          "names sso_session \(sessionName), which has no [sso-session \(sessionName)] section")
      }
      for (key, value) in session {
        if let own = settings[key], own != value {
          throw invalid(
            name, key: key, "has a \(key) other than its sso-session \(sessionName)'s")
        }
        settings[key] = value
      }
      required.append("sso_session")
    }
    let missing = required.filter { settings[$0] == nil }
    guard missing.isEmpty,
      let roleName = settings["sso_role_name"], let accountID = settings["sso_account_id"],
      let startURL = settings["sso_start_url"], let region = settings["sso_region"]
    else {
      throw invalid(
        name, key: "sso_account_id",
        "is configured for SSO but lacks \(missing.joined(separator: ", "))")
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return SSOCredentialsProvider(
      startURL: startURL, sessionName: settings["sso_session"], ssoRegion: region,
      accountID: accountID, roleName: roleName, cacheDirectory: "\(home)/.aws/sso/cache",
      endpoint: try endpoint(for: "SSO"), http: http)
  }

  // MARK: Static keys

  /// A file's own static keys for the profile: nil without `aws_access_key_id`.
  func staticKeys(_ name: String, _ keys: [String: String]?, _ file: String) throws
    -> AWSCredentials?
  {
    guard let keys, let key = keys["aws_access_key_id"] else { return nil }
    guard let secret = keys["aws_secret_access_key"], !key.isEmpty, !secret.isEmpty else {
      throw AWSError(
        .credentials, errorCode: "IncompleteCredentials",
        message:
          "profile \(name) in \(file) has aws_access_key_id without aws_secret_access_key")
    }
    let token = keys["aws_session_token"] ?? keys["aws_security_token"]
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: secret,
      sessionToken: token.flatMap { $0.isEmpty ? nil : $0 })
  }

  // MARK: Settings and errors

  /// STS's region: the environment's, else the profile resolution started from.
  var stsRegion: String {
    AWSRegion.resolve(environment: environment, profile: topProfile) ?? "us-east-1"
  }

  /// A service's endpoint from `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`.
  /// - Throws: ``AWSError`` `InvalidEndpoint` naming the variable, for a value that is not
  ///   `http(s)://host[:port]`.
  func endpoint(for service: String) throws -> URL? {
    if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return nil }
    for variable in ["AWS_ENDPOINT_URL_\(service)", "AWS_ENDPOINT_URL"] {
      if let value = environment[variable], !value.isEmpty {
        do {
          return try AWSClientConfiguration.endpointURL(from: value)
        } catch {
          throw AWSError(
            .credentials, errorCode: "InvalidEndpoint", message: "\(variable): \(error.message)")
        }
      }
    }
    return nil
  }

  func invalid(_ name: String, key: String?, _ problem: String) -> AWSError {
    AWSError(
      .credentials, errorCode: "InvalidProfile",
      message: "profile \(name) in \(files.file(of: name, key: key)) \(problem)")
  }

  func unsupported(_ name: String, key: String, _ problem: String) -> AWSError {
    AWSError(
      .credentials, errorCode: "UnsupportedProfile",
      message: "profile \(name) in \(files.file(of: name, key: key)): \(problem)")
  }

  /// Runs a source for the profile; its errors say which profile and file they came from.
  func within(
    _ name: String, key: String, _ body: () async throws -> AWSCredentials
  ) async throws -> AWSCredentials {
    do {
      return try await body()
    } catch var error as AWSError {
      let context = "profile \(name) in \(files.file(of: name, key: key))"
      if !error.message.hasPrefix("profile ") {
        error.message = "\(context): \(error.message)"
      }
      throw error
    } catch let absent as CredentialsNotConfigured {
      throw AWSError(
        .credentials, errorCode: "NoCredentials",
        message: "profile \(name) in \(files.file(of: name, key: key)): \(absent.reason)")
    }
  }
}

/// The source a `credential_source` names.
struct NamedSource: CredentialsProvider {
  let name: String
  let profile: String
  let file: String
  let environment: [String: String]
  let http: HTTPTransportOptions

  func credentials() async throws -> AWSCredentials {
    let provider: any CredentialsProvider
    switch name {
    case "Environment": provider = EnvironmentCredentialsProvider(environment: environment)
    case "EcsContainer":
      provider = ContainerCredentialsProvider(environment: environment, transport: http)
    default:
      provider = InstanceMetadataCredentialsProvider(environment: environment, transport: http)
    }
    do {
      return try await provider.credentials()
    } catch let absent as CredentialsNotConfigured {
      throw AWSError(
        .credentials, errorCode: "NoCredentials",
        message:
          "profile \(profile) in \(file): credential_source \(name) has no credentials (\(absent.reason))"
      )
    }
  }
}

/// Credentials a closure resolves: a source profile's.
struct ResolvedSource: CredentialsProvider {
  let resolve: @Sendable () async throws -> AWSCredentials

  init(_ resolve: @escaping @Sendable () async throws -> AWSCredentials) {
    self.resolve = resolve
  }

  func credentials() async throws -> AWSCredentials { try await resolve() }
}
