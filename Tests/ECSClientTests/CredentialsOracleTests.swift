import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// botocore as the oracle for which credentials an environment and shared files select:
/// for each scenario botocore (the AWS CLI's resolver) and the default chain read the same
/// files and variables, and must end with the same static key, the same assumed role (by
/// STS GetCallerIdentity on moto, which checks every signature), the same SSO role's key
/// (from the suite's server standing in for the SSO portal), or the same kind of error.
@Suite(
  "botocore credential-resolution oracle",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .serialized)
struct CredentialsOracleTests {
  /// Runs each case through botocore in one process; HOME is the test's directory, so
  /// botocore's SSO token cache is the one the test writes.
  static let script = #"""
    import json, os, sys
    import botocore.session
    out = []
    for case in json.load(sys.stdin):
        for name in list(os.environ):
            if name.startswith("AWS_"):
                del os.environ[name]
        os.environ.update(case["env"])
        try:
            session = botocore.session.Session(profile=case.get("profile"))
            credentials = session.get_credentials()
            if credentials is None:
                out.append({"error": "None"})
                continue
            frozen = credentials.get_frozen_credentials()
            answer = {"key": frozen.access_key}
            if credentials.method in ("assume-role", "assume-role-with-web-identity"):
                sts = session.create_client(
                    "sts", region_name="us-east-1", aws_access_key_id=frozen.access_key,
                    aws_secret_access_key=frozen.secret_key, aws_session_token=frozen.token)
                answer["arn"] = sts.get_caller_identity()["Arn"]
            out.append(answer)
        except Exception as error:
            out.append({"error": type(error).__name__})
    print(json.dumps(out))
    """#

  /// botocore's exception classes, and the `AWSError.errorCode`s that say the same.
  static let sameErrors: [String: Set<String>] = [
    "None": ["NoCredentials"],
    "ProfileNotFound": ["ProfileNotFound"],
    "PartialCredentialsError": ["IncompleteCredentials", "InvalidProfile"],
    "InfiniteLoopConfigError": ["SourceProfileCycle"],
    "InvalidConfigError": ["InvalidProfile"],
    "CredentialRetrievalError": ["NoCredentials"],
    "MissingDependencyException": ["UnsupportedProfile"],
    "UnauthorizedSSOTokenError": ["ExpiredSSOToken", "SSOTokenRejected"],
    "SSOTokenLoadError": ["SSOTokenNotFound", "InvalidSSOToken"],
  ]

  struct Scenario: Sendable {
    var name: String
    var env: [String: String] = [:]
    var config = ""
    var credentials = ""
    var profile: String? = nil
    /// What both must select: `key K`, `role R/S` (assumed role R, session S; `*` for a
    /// generated session name) or `error CODE` (this client's error code).
    var expected: String
  }

  /// `{KEY}` and `{SECRET}` stand for moto's IAM user's key, `{TOKEN}` for a web identity
  /// token file, `{EXPIRED_SSO}` etc. for the files the test writes.
  static let scenarios: [Scenario] = [
    Scenario(
      name: "environment variables first",
      env: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"],
      credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
      expected: "key AKIAENV"),
    Scenario(
      name: "AWS_PROFILE does not turn environment variables off",
      env: [
        "AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s",
      ],
      credentials: "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n",
      expected: "key AKIAENV"),
    Scenario(
      name: "an explicit profile does",
      env: ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"],
      credentials: "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n",
      profile: "dev", expected: "key AKIADEV"),
    Scenario(
      name: "a missing AWS_PROFILE is an error, even with environment variables",
      env: [
        "AWS_PROFILE": "missing", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s",
      ],
      credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
      expected: "error ProfileNotFound"),
    Scenario(
      name: "a missing explicit profile is an error",
      credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
      profile: "missing", expected: "error ProfileNotFound"),
    Scenario(
      name: "AWS_PROFILE=default without a default profile is an error",
      env: ["AWS_PROFILE": "default"], expected: "error ProfileNotFound"),
    Scenario(name: "nothing anywhere", expected: "error NoCredentials"),
    Scenario(
      name: "an access key without its secret is an error",
      env: ["AWS_ACCESS_KEY_ID": "AKIAENV"],
      credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
      expected: "error IncompleteCredentials"),
    Scenario(
      name: "a secret without an access key is no source",
      env: ["AWS_SECRET_ACCESS_KEY": "s"],
      credentials: "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n",
      expected: "key AKIAFILE"),
    Scenario(
      name: "each file's static keys stand on their own",
      config: "[profile dev]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n",
      credentials: "[dev]\naws_secret_access_key = credentials-secret\n", profile: "dev",
      expected: "key AKIACONFIG"),
    Scenario(
      name: "the credentials file before the config file",
      config: "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n",
      credentials: "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n",
      expected: "key AKIACREDS"),
    Scenario(
      name: "credential_process before the config file's keys",
      config: """
        [default]
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = c
        credential_process = echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "p"}'
        """, expected: "key AKIAPROCESS"),
    Scenario(
      name: "the credentials file before credential_process",
      config: """
        [default]
        credential_process = echo '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "p"}'
        """,
      credentials: "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n",
      expected: "key AKIACREDS"),
    Scenario(
      name: "role_arn with a source_profile",
      env: ["AWS_PROFILE": "deploy"],
      config: """
        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/deploy
        source_profile = base
        role_session_name = ci-run
        """,
      credentials: "[base]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n",
      expected: "role deploy/ci-run"),
    Scenario(
      name: "roles chain through source profiles",
      config: """
        [profile top]
        role_arn = arn:aws:iam::123456789012:role/top
        source_profile = middle
        role_session_name = top-session
        [profile middle]
        role_arn = arn:aws:iam::123456789012:role/middle
        source_profile = base
        """,
      credentials: "[base]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n",
      profile: "top", expected: "role top/top-session"),
    Scenario(
      name: "role_arn before the profile's own static keys, which may be its source",
      config: """
        [profile self]
        role_arn = arn:aws:iam::123456789012:role/self
        source_profile = self
        role_session_name = self-session
        aws_access_key_id = {KEY}
        aws_secret_access_key = {SECRET}
        """, profile: "self", expected: "role self/self-session"),
    Scenario(
      name: "credential_source Environment",
      env: ["AWS_ACCESS_KEY_ID": "{KEY}", "AWS_SECRET_ACCESS_KEY": "{SECRET}"],
      config: """
        [profile fromenv]
        role_arn = arn:aws:iam::123456789012:role/fromenv
        credential_source = Environment
        role_session_name = env-session
        """, profile: "fromenv", expected: "role fromenv/env-session"),
    Scenario(
      name: "credential_source Environment without variables",
      config: """
        [profile fromenv]
        role_arn = arn:aws:iam::123456789012:role/fromenv
        credential_source = Environment
        """, profile: "fromenv", expected: "error NoCredentials"),
    Scenario(
      name: "a cycle of source profiles",
      config: """
        [profile a]
        role_arn = arn:aws:iam::123456789012:role/a
        source_profile = b
        [profile b]
        role_arn = arn:aws:iam::123456789012:role/b
        source_profile = a
        """, profile: "a", expected: "error SourceProfileCycle"),
    Scenario(
      name: "role_arn without a source",
      config: "[profile lonely]\nrole_arn = arn:aws:iam::123456789012:role/x\n",
      profile: "lonely", expected: "error InvalidProfile"),
    Scenario(
      name: "role_arn with two sources",
      config: """
        [profile both]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = both
        credential_source = Environment
        """, profile: "both", expected: "error InvalidProfile"),
    Scenario(
      name: "an unknown credential_source",
      config: """
        [profile bogus]
        role_arn = arn:aws:iam::123456789012:role/x
        credential_source = Bogus
        """, profile: "bogus", expected: "error InvalidProfile"),
    Scenario(
      name: "a source_profile that does not exist",
      config: """
        [profile orphan]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = nowhere
        """, profile: "orphan", expected: "error InvalidProfile"),
    Scenario(
      name: "a source_profile without credentials",
      config: """
        [profile needy]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = empty
        [profile empty]
        region = us-east-1
        """, profile: "needy", expected: "error InvalidProfile"),
    Scenario(
      name: "web identity from the environment before the credentials file",
      env: [
        "AWS_WEB_IDENTITY_TOKEN_FILE": "{TOKEN}",
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
        "AWS_ROLE_SESSION_NAME": "web-session",
      ],
      credentials: "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n",
      expected: "role web/web-session"),
    Scenario(
      name: "web identity with a generated session name",
      env: [
        "AWS_WEB_IDENTITY_TOKEN_FILE": "{TOKEN}",
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
      ], expected: "role web/*"),
    Scenario(
      name: "the profile's role before the environment's web identity",
      env: [
        "AWS_PROFILE": "deploy", "AWS_WEB_IDENTITY_TOKEN_FILE": "{TOKEN}",
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
      ],
      config: """
        [profile deploy]
        role_arn = arn:aws:iam::123456789012:role/deploy
        source_profile = base
        role_session_name = deploy-session
        """,
      credentials: "[base]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n",
      expected: "role deploy/deploy-session"),
    Scenario(
      name: "web identity in a profile",
      config: """
        [profile eks]
        web_identity_token_file = {TOKEN}
        role_arn = arn:aws:iam::123456789012:role/eks
        role_session_name = eks-session
        """, profile: "eks", expected: "role eks/eks-session"),
    Scenario(
      name: "an explicit profile ignores the environment's web identity",
      env: [
        "AWS_WEB_IDENTITY_TOKEN_FILE": "{TOKEN}",
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
      ],
      credentials: "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n",
      profile: "dev", expected: "key AKIADEV"),
    Scenario(
      name: "a web identity token without a role",
      env: ["AWS_WEB_IDENTITY_TOKEN_FILE": "{TOKEN}"], expected: "error InvalidProfile"),
    Scenario(
      name: "a role whose source profile uses web identity",
      config: """
        [profile chained]
        role_arn = arn:aws:iam::123456789012:role/chained
        source_profile = eks
        role_session_name = chained-session
        [profile eks]
        web_identity_token_file = {TOKEN}
        role_arn = arn:aws:iam::123456789012:role/eks
        """, profile: "chained", expected: "role chained/chained-session"),
    Scenario(
      name: "SSO with a start URL (the legacy form), before the credentials file",
      config: """
        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = LegacyRole
        """,
      credentials: "[legacy]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n",
      profile: "legacy", expected: "key ASIASSOLEGACY"),
    Scenario(
      name: "SSO with an sso-session",
      config: """
        [profile sso]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = SessionRole
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = us-east-1
        """, profile: "sso", expected: "key ASIASSOSESSION"),
    Scenario(
      name: "SSO configuration that lacks settings",
      config: "[profile halfsso]\nsso_account_id = 111122223333\n", profile: "halfsso",
      expected: "error InvalidProfile"),
    Scenario(
      name: "an expired SSO token (legacy form)",
      config: """
        [profile stale]
        sso_start_url = https://stale.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = LegacyRole
        """, profile: "stale", expected: "error ExpiredSSOToken"),
    Scenario(
      name: "no cached SSO token",
      config: """
        [profile nologin]
        sso_start_url = https://never.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 111122223333
        sso_role_name = LegacyRole
        """, profile: "nologin", expected: "error SSOTokenNotFound"),
    Scenario(
      name: "login_session",
      config: "[profile login]\nlogin_session = arn:aws:iam::123456789012:user/me\n",
      profile: "login", expected: "error UnsupportedProfile"),
  ]

  /// The SSO portal: GetRoleCredentials answers per role, for the cached tokens only.
  static func ssoPortal() throws -> AWSTestServer {
    func role(_ name: String, token: String, key: String) -> (String, Any) {
      (
        "/federation/credentials?role_name=\(name)&account_id=111122223333",
        [
          "requireHeader": ["x-amz-sso_bearer_token", token],
          "ok": [
            "roleCredentials": [
              "accessKeyId": key, "secretAccessKey": "sso-secret-\(name)",
              "sessionToken": "sso-session-\(name)", "expiration": 4_102_444_800_000,
            ]
          ],
        ]
      )
    }
    return try AWSTestServer(
      scenario: Dictionary(
        uniqueKeysWithValues: [
          role("LegacyRole", token: "legacy-access-token", key: "ASIASSOLEGACY"),
          role("SessionRole", token: "session-access-token", key: "ASIASSOSESSION"),
        ]))
  }

  /// A JWT whose `exp` is an hour away (the test's web identity token).
  static func webIdentityToken(expiringIn seconds: TimeInterval) -> String {
    func base64URL(_ text: String) -> String {
      Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
    let expiry = Int(Date().timeIntervalSince1970 + seconds)
    return base64URL(#"{"alg":"RS256","typ":"JWT"}"#) + "."
      + base64URL(#"{"sub":"system:serviceaccount:mesh:discovery","exp":\#(expiry)}"#)
      + ".c2lnbmF0dXJl"
  }

  /// Writes a token to the AWS CLI's cache the way `aws sso login` does.
  static func cacheSSOToken(home: URL, key: String, token: String, expiresAt: String) throws {
    let cache = home.appendingPathComponent(".aws/sso/cache")
    try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    let output = try Peers.runPython(
      "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())",
      arguments: [key])
    let name = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try
      #"{"startUrl": "https://example", "region": "us-east-1", "accessToken": "\#(token)", "expiresAt": "\#(expiresAt)"}"#
      .write(to: cache.appendingPathComponent("\(name).json"), atomically: true, encoding: .utf8)
  }

  /// `role NAME/SESSION` from an assumed-role ARN, `*` for generated session names.
  static func role(fromARN arn: String) -> String {
    let parts = arn.split(separator: "/").map(String.init)
    guard parts.count == 3, parts[0].hasSuffix(":assumed-role") else { return "arn \(arn)" }
    let generated =
      parts[2].hasPrefix("botocore-session-") || parts[2].hasPrefix("meshbridge-session-")
    return "role \(parts[1])/\(generated ? "*" : parts[2])"
  }

  @Test("the default chain selects what botocore selects, in every scenario")
  func matchesBotocore() async throws {
    let moto = try MotoServer(instances: 0, ecsAnywhere: true)
    try STSTests.createRoles(
      ["deploy", "top", "middle", "self", "fromenv", "web", "eks", "chained"], on: moto)
    let portal = try Self.ssoPortal()
    let home = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: home) }
    let tokenFile = home.appendingPathComponent("web-identity-token")
    try Self.webIdentityToken(expiringIn: 3600).write(
      to: tokenFile, atomically: true, encoding: .utf8)
    let future = "2100-01-01T00:00:00Z"
    try Self.cacheSSOToken(
      home: home, key: "https://legacy.awsapps.com/start", token: "legacy-access-token",
      expiresAt: future)
    try Self.cacheSSOToken(
      home: home, key: "corp", token: "session-access-token", expiresAt: future)
    try Self.cacheSSOToken(
      home: home, key: "https://stale.awsapps.com/start", token: "stale-token",
      expiresAt: "2020-01-01T00:00:00Z")
    func fill(_ text: String) -> String {
      text.replacingOccurrences(of: "{KEY}", with: moto.accessKeyID)
        .replacingOccurrences(of: "{SECRET}", with: moto.secretAccessKey)
        .replacingOccurrences(of: "{TOKEN}", with: tokenFile.path)
    }
    var environments: [[String: String]] = []
    for (index, scenario) in Self.scenarios.enumerated() {
      let directory = home.appendingPathComponent("case-\(index)")
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      let config = directory.appendingPathComponent("config")
      let credentials = directory.appendingPathComponent("credentials")
      try fill(scenario.config).write(to: config, atomically: true, encoding: .utf8)
      try fill(scenario.credentials).write(to: credentials, atomically: true, encoding: .utf8)
      var environment = scenario.env.mapValues(fill)
      environment["AWS_CONFIG_FILE"] = config.path
      environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
      environment["AWS_EC2_METADATA_DISABLED"] = "true"
      // botocore reads AWS_DEFAULT_REGION only (AWS_REGION is other SDKs').
      environment["AWS_DEFAULT_REGION"] = "us-east-1"
      environment["AWS_ENDPOINT_URL_STS"] = moto.endpoint
      environment["AWS_ENDPOINT_URL_SSO"] = portal.endpoint
      environments.append(environment)
    }
    struct Case: Encodable {
      var env: [String: String]
      var profile: String?
    }
    let input = try JSONEncoder().encode(
      zip(Self.scenarios, environments).map { Case(env: $1, profile: $0.profile) })
    let python = try #require(Peers.python)

    let output = try Peers.run(
      python, arguments: ["-c", Self.script], input: input, environment: ["HOME": home.path])
    try #require(output.status == 0, "\(output.stderr)")
    let answers = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: String]])
    try #require(answers.count == Self.scenarios.count)
    for (index, scenario) in Self.scenarios.enumerated() {
      var environment = environments[index]
      environment["HOME"] = home.path
      let answer = answers[index]
      let theirs: String
      var sameAsTheirs: Set<String>
      if let error = answer["error"] {
        let codes = Self.sameErrors[error] ?? []
        theirs = "error \(error)"
        sameAsTheirs = Set(codes.map { "error \($0)" })
      } else if let arn = answer["arn"] {
        theirs = Self.role(fromARN: arn)
        sameAsTheirs = [theirs]
      } else {
        theirs = "key \(answer["key"] ?? "")"
        sameAsTheirs = [theirs]
      }
      let ours: String
      do {
        let credentials = try await CredentialsProviderChain.default(
          environment: environment, profile: scenario.profile
        ).credentials()
        if scenario.expected.hasPrefix("role ") {
          let sts = STS(
            configuration: try AWSClientConfiguration(
              region: "us-east-1", endpoint: moto.endpointURL,
              credentials: StaticCredentialsProvider(credentials)))
          ours = Self.role(fromARN: try await sts.getCallerIdentity().arn ?? "")
        } else {
          ours = "key \(credentials.accessKeyID)"
        }
      } catch let error as AWSError {
        ours = "error \(error.errorCode)"
        #expect(
          !error.description.contains(moto.secretAccessKey), "\(scenario.name): \(error)")
      }

      #expect(sameAsTheirs.contains(ours), "\(scenario.name): botocore \(theirs), ours \(ours)")
      #expect(ours == scenario.expected, "\(scenario.name)")
    }
  }
}
