import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// Broken profiles and token caches: each is a typed error whose text names the file and
/// the profile, and holds no secret from the files.
@Suite("Profile credentials: bad input")
struct ProfileCredentialsTests {
  /// A secret every file below holds: no error may show it.
  static let secret = "wJalrXUtnFEMI-do-not-print-me"

  /// A directory with `config` (and `credentials`), and the environment pointing at it.
  static func files(config: String, credentials: String = "") throws -> (
    URL, [String: String]
  ) {
    let (directory, environment) = try CredentialsTests.files(
      config: config, credentials: credentials)
    return (
      directory,
      environment.merging(["HOME": directory.path, "AWS_EC2_METADATA_DISABLED": "true"]) { $1 }
    )
  }

  static func failure(
    profile: String, _ environment: [String: String]
  ) async throws -> AWSError {
    let error = try await #require(throws: AWSError.self) {
      try await CredentialsProviderChain.default(environment: environment, profile: profile)
        .credentials()
    }
    #expect(!String(describing: error).contains(Self.secret))
    return error
  }

  @Test("a cycle of source profiles names the file, the profile and the cycle")
  func sourceProfileCycle() async throws {
    let (directory, environment) = try Self.files(
      config: """
        [profile a]
        role_arn = arn:aws:iam::123456789012:role/a
        source_profile = b
        aws_secret_access_key = \(Self.secret)
        [profile b]
        role_arn = arn:aws:iam::123456789012:role/b
        source_profile = c
        [profile c]
        role_arn = arn:aws:iam::123456789012:role/c
        source_profile = a
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    let config = directory.appendingPathComponent("config").path

    let error = try await Self.failure(profile: "a", environment)

    #expect(
      error.description
        == "AWSError.credentials(SourceProfileCycle): profile c in \(config): source_profile a makes a cycle: a -> b -> c -> a"
    )
  }

  @Test("a corrupt cached SSO token names the token file and the profile, not the token")
  func corruptSSOToken() async throws {
    let (directory, environment) = try Self.files(
      config: """
        [profile sso]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        sso_account_id = 111122223333
        sso_role_name = Reader
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cache = directory.appendingPathComponent(".aws/sso/cache")
    try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    // sha1("https://corp.awsapps.com/start"), as the AWS CLI names the file.
    let file = cache.appendingPathComponent("a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json")
    try #"{"accessToken": "\#(Self.secret)", "expiresAt": "#.write(
      to: file, atomically: true, encoding: .utf8)
    let config = directory.appendingPathComponent("config").path

    let error = try await Self.failure(profile: "sso", environment)

    #expect(
      error.description
        == "AWSError.credentials(InvalidSSOToken): profile sso in \(config): the cached SSO token for start URL https://corp.awsapps.com/start (\(file.path)) is not JSON with accessToken and expiresAt; run aws sso login"
    )
  }

  @Test("an expired web identity token in a profile names the token file and the profile")
  func expiredWebIdentityToken() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tokenFile = directory.appendingPathComponent("token")
    try CredentialsOracleTests.webIdentityToken(expiringIn: -3600).write(
      to: tokenFile, atomically: true, encoding: .utf8)
    let (files, environment) = try Self.files(
      config: """
        [profile eks]
        web_identity_token_file = \(tokenFile.path)
        role_arn = arn:aws:iam::123456789012:role/eks
        """)
    defer { try? FileManager.default.removeItem(at: files) }

    let error = try await Self.failure(profile: "eks", environment)

    #expect(error.errorCode == "ExpiredWebIdentityToken")
    #expect(
      error.message.hasPrefix(
        "profile eks in \(files.path)/config: the web identity token in \(tokenFile.path) expired at "
      ))
  }

  @Test(
    "a named profile that is missing or unsupported is an error, never another identity",
    arguments: [
      (
        "missing", "ProfileNotFound", "the profile missing is in neither {config} nor {credentials}"
      ),
      (
        "mfa", "UnsupportedProfile",
        "profile mfa in {config}: mfa_serial (an MFA code to type in) is not supported"
      ),
      (
        "login", "UnsupportedProfile",
        "profile login in {config}: login_session (aws login) is not supported"
      ),
      (
        "half", "IncompleteCredentials",
        "profile half in {credentials} has aws_access_key_id without aws_secret_access_key"
      ),
    ])
  func namedProfileErrors(profile: String, code: String, message: String) async throws {
    let (directory, environment) = try Self.files(
      config: """
        [profile mfa]
        role_arn = arn:aws:iam::123456789012:role/admin
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/me
        [profile login]
        login_session = arn:aws:iam::123456789012:user/me
        """,
      credentials: """
        [base]
        aws_access_key_id = AKIABASE
        aws_secret_access_key = \(Self.secret)
        [half]
        aws_access_key_id = AKIAHALF
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    var withEnvironmentKeys = environment
    withEnvironmentKeys["AWS_PROFILE"] = profile
    withEnvironmentKeys["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT"
    withEnvironmentKeys["AWS_SECRET_ACCESS_KEY"] = Self.secret
    let expected = message.replacingOccurrences(
      of: "{config}", with: directory.appendingPathComponent("config").path
    ).replacingOccurrences(
      of: "{credentials}", with: directory.appendingPathComponent("credentials").path)

    let error = try await Self.failure(profile: profile, environment)
    let byVariable = try await #require(throws: AWSError.self) {
      try await ProfileCredentialsProvider(environment: withEnvironmentKeys).credentials()
    }

    #expect(error.description == "AWSError.credentials(\(code)): \(expected)")
    #expect(byVariable.errorCode == code)
  }

  @Test(
    "SSO: the cached token is sent to the portal; a token it refuses is a typed error",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func ssoPortal() async throws {
    let portal = try CredentialsOracleTests.ssoPortal()
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try CredentialsOracleTests.cacheSSOToken(
      home: directory, key: "corp", token: "session-access-token",
      expiresAt: "2100-01-01T00:00:00Z")
    try CredentialsOracleTests.cacheSSOToken(
      home: directory, key: "https://legacy.awsapps.com/start", token: "a-token-the-portal-refuses",
      expiresAt: "2100-01-01T00:00:00Z")
    let cache = directory.appendingPathComponent(".aws/sso/cache").path
    let good = SSOCredentialsProvider(
      startURL: "https://corp.awsapps.com/start", sessionName: "corp", ssoRegion: "us-east-1",
      accountID: "111122223333", roleName: "SessionRole", cacheDirectory: cache,
      endpoint: portal.endpointURL)
    let refused = SSOCredentialsProvider(
      startURL: "https://legacy.awsapps.com/start", ssoRegion: "us-east-1",
      accountID: "111122223333", roleName: "LegacyRole", cacheDirectory: cache,
      endpoint: portal.endpointURL)

    let credentials = try await good.credentials()
    let error = try await #require(throws: AWSError.self) { try await refused.credentials() }

    #expect(credentials.accessKeyID == "ASIASSOSESSION")
    #expect(credentials.sessionToken == "sso-session-SessionRole")
    #expect(credentials.expiration == Date(timeIntervalSince1970: 4_102_444_800))
    #expect(
      error.description
        == "AWSError.credentials(SSOTokenRejected, HTTP 401): the SSO portal refused the token in \(refused.tokenFile) (HTTP 401); run aws sso login"
    )
    #expect(!error.description.contains("a-token-the-portal-refuses"))
  }
}
