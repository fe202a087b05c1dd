import ECSClient
import Foundation
import MeshTestSupport
import Testing

@Suite("Credential chain")
struct CredentialsTests {
  static let later = "2030-01-01T00:00:00Z"

  static func files(config: String, credentials: String) throws -> (URL, [String: String]) {
    let directory = try Peers.temporaryDirectory()
    let configFile = directory.appendingPathComponent("config")
    let credentialsFile = directory.appendingPathComponent("credentials")
    try config.write(to: configFile, atomically: true, encoding: .utf8)
    try credentials.write(to: credentialsFile, atomically: true, encoding: .utf8)
    return (
      directory,
      [
        "AWS_CONFIG_FILE": configFile.path, "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path,
        "HOME": "/nonexistent",
      ]
    )
  }

  @Test("environment variables come first")
  func environment() async throws {
    let environment = [
      "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
      "AWS_SESSION_TOKEN": "env-token",
      "AWS_EC2_METADATA_DISABLED": "true",
    ]

    let credentials = try await CredentialsProviderChain.default(environment: environment)
      .credentials()

    #expect(
      credentials
        == AWSCredentials(
          accessKeyID: "AKIAENV", secretAccessKey: "env-secret", sessionToken: "env-token"))
  }

  @Test(
    "profiles: AWS_PROFILE chooses, each file's keys stand alone, comments ignored, region from config"
  )
  func profiles() async throws {
    let (directory, files) = try Self.files(
      config: """
        [default]
        region = eu-west-1
        [profile onprem]
        region = us-east-2 ; inline comment
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = config-secret
        [sso-session corp]
        sso_region = us-east-1
        """,
      credentials: """
        # shared credentials
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = default-secret
        [onprem]
        aws_secret_access_key = credentials-secret
        """)
    defer { try? FileManager.default.removeItem(at: directory) }
    var environment = files
    environment["AWS_EC2_METADATA_DISABLED"] = "true"

    let byDefault = try await CredentialsProviderChain.default(environment: environment)
      .credentials()
    environment["AWS_PROFILE"] = "onprem"
    let onprem = try await CredentialsProviderChain.default(environment: environment).credentials()

    #expect(byDefault.accessKeyID == "AKIADEFAULT")
    // As botocore: the credentials file's profile has no access key, so the config file's
    // key and secret are used together, never mixed with the other file's secret.
    #expect(
      onprem == AWSCredentials(accessKeyID: "AKIACONFIG", secretAccessKey: "config-secret"))
    #expect(AWSRegion.resolve(environment: environment) == "us-east-2")
    #expect(
      AWSRegion.resolve(environment: environment.merging(["AWS_REGION": "ap-south-1"]) { $1 })
        == "ap-south-1")
  }

  @Test(
    "a configuration for a profile named in code: its region and keys; the region variables win; a missing one fails at once"
  )
  func configurationForProfile() async throws {
    let (directory, files) = try Self.files(
      config: """
        [default]
        region = eu-west-1
        [profile onprem]
        region = us-east-2
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = config-secret
        """,
      credentials: "")
    defer { try? FileManager.default.removeItem(at: directory) }
    var environment = files
    environment["AWS_EC2_METADATA_DISABLED"] = "true"
    environment["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT"
    environment["AWS_SECRET_ACCESS_KEY"] = "environment-secret"

    let onprem = try AWSClientConfiguration(profile: "onprem", environment: environment)
    let byDefault = try AWSClientConfiguration(environment: environment)
    let overridden = try AWSClientConfiguration(
      profile: "onprem", environment: environment.merging(["AWS_REGION": "ap-south-1"]) { $1 })

    #expect(onprem.region == "us-east-2")
    // As `aws --profile`: the profile's keys, not the environment's.
    #expect(try await onprem.credentials.credentials().accessKeyID == "AKIACONFIG")
    #expect(byDefault.region == "eu-west-1")
    #expect(try await byDefault.credentials.credentials().accessKeyID == "AKIAENVIRONMENT")
    #expect(overridden.region == "ap-south-1")
    let missing = try #require(throws: AWSError.self) {
      _ = try AWSClientConfiguration(profile: "nobody", environment: environment)
    }
    #expect(missing.errorCode == "ProfileNotFound")
    #expect(!missing.description.contains("secret"))
  }

  @Test(
    "credential_process: its JSON, its expiry; a bad exit or bad JSON is a typed error without the output"
  )
  func credentialProcess() async throws {
    let good =
      #"echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "proc-secret", "SessionToken": "t", "Expiration": "2030-01-01T00:00:00Z"}'"#
    let (directory, files) = try Self.files(
      config:
        "[default]\ncredential_process = \(good)\n[profile broken]\ncredential_process = echo leaked-secret-output; exit 3\n[profile garbage]\ncredential_process = echo not-json-secret\n",
      credentials: "")
    defer { try? FileManager.default.removeItem(at: directory) }

    let credentials = try await ProfileCredentialsProvider(environment: files).credentials()
    let broken = try await #require(throws: AWSError.self) {
      try await ProfileCredentialsProvider(profile: "broken", environment: files).credentials()
    }
    let garbage = try await #require(throws: AWSError.self) {
      try await ProfileCredentialsProvider(profile: "garbage", environment: files).credentials()
    }

    #expect(credentials.accessKeyID == "AKIAPROC" && credentials.sessionToken == "t")
    #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
    #expect(
      broken.message
        == "profile broken in \(directory.path)/config: credential_process exited with status 3")
    #expect(!garbage.description.contains("not-json-secret"))
  }

  @Test(
    "the container endpoint, with its authorization token from a file",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func containerEndpoint() async throws {
    let server = try AWSTestServer(scenario: [
      "/v2/credentials/task": [
        "requireHeader": ["Authorization", "container-token"],
        "ok": [
          "AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret",
          "Token": "container-session",
          "Expiration": Self.later,
        ],
      ]
    ])
    let tokenFile = try Peers.temporaryDirectory().appendingPathComponent("token")
    try "container-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
    let environment = [
      "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.endpoint + "/v2/credentials/task",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
    ]

    let credentials = try await ContainerCredentialsProvider(environment: environment).credentials()
    let relative = try await ContainerCredentialsProvider(
      environment: [
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token",
      ],
      relativeBase: server.endpoint
    ).credentials()
    let refused = try await #require(throws: AWSError.self) {
      try await ContainerCredentialsProvider(
        environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.169.254/creds"]
      ).credentials()
    }

    #expect(
      credentials.accessKeyID == "ASIACONTAINER" && credentials.sessionToken == "container-session")
    #expect(relative.accessKeyID == "ASIACONTAINER")
    #expect(refused.errorCode == "InvalidContainerCredentialsURI")
  }

  @Test(
    "the container endpoint's failures are credential errors: its error status, and no server",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func containerEndpointFailures() async throws {
    let server = try AWSTestServer(scenario: [
      "/v2/credentials/task": ["status": 403, "code": "Denied", "message": "not-for-you"]
    ])
    let closed = try Peers.freeLoopbackPort()
    func provider(_ uri: String) -> ContainerCredentialsProvider {
      ContainerCredentialsProvider(environment: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": uri,
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-token-secret",
      ])
    }

    let refused = try await #require(throws: AWSError.self) {
      try await provider(server.endpoint + "/v2/credentials/task").credentials()
    }
    let unreachable = try await #require(throws: AWSError.self) {
      try await provider("http://127.0.0.1:\(closed)/v2/credentials/task").credentials()
    }

    #expect(
      refused.description
        == "AWSError.credentials(ContainerCredentialsRefused, HTTP 403): the container credentials endpoint answered HTTP 403"
    )
    #expect(
      unreachable.description
        == "AWSError.credentials(ContainerCredentialsUnreachable): cannot connect to 127.0.0.1:\(closed): Connection refused"
    )
  }

  @Test(
    "instance metadata v2: token first, then the role and its credentials",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func instanceMetadata() async throws {
    let header: [String] = ["X-aws-ec2-metadata-token", "imds-token"]
    let server = try AWSTestServer(scenario: [
      "/latest/api/token": ["text": "imds-token"],
      "/latest/meta-data/iam/security-credentials/": [
        "requireHeader": header, "text": "mesh-role\n",
      ],
      "/latest/meta-data/iam/security-credentials/mesh-role": [
        "requireHeader": header,
        "ok": [
          "Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imds-secret",
          "Token": "imds-session",
          "Expiration": Self.later,
        ],
      ],
    ])

    let credentials = try await InstanceMetadataCredentialsProvider(
      environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.endpoint]
    ).credentials()
    let calls = try server.calls()

    #expect(credentials.accessKeyID == "ASIAIMDS" && credentials.sessionToken == "imds-session")
    #expect(calls["/latest/api/token"] == 1)
  }

  @Test("off EC2 the chain ends with a typed NoCredentials naming every source")
  func nothingConfigured() async throws {
    let port = try Peers.freeLoopbackPort()
    let environment = [
      "HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(port)",
    ]

    let error = try await #require(throws: AWSError.self) {
      try await CredentialsProviderChain.default(environment: environment).credentials()
    }

    #expect(error.code == .credentials && error.errorCode == "NoCredentials")
    #expect(
      error.message.contains("AWS_ACCESS_KEY_ID") && error.message.contains("instance metadata"))
  }

  /// Counts calls, answering slowly, to show that a refresh is shared.
  actor CountingProvider: CredentialsProvider {
    var calls = 0

    func credentials() async throws -> AWSCredentials {
      calls += 1
      try await Task.sleep(nanoseconds: 100_000_000)
      return AWSCredentials(
        accessKeyID: "AKIA\(calls)", secretAccessKey: "s",
        expiration: Date().addingTimeInterval(calls == 1 ? 60 : 3600))
    }
  }

  @Test("expiring credentials refresh once for many concurrent callers, before they expire")
  func cachingRefresh() async throws {
    let source = CountingProvider()
    let cache = CachingCredentialsProvider(source, refreshMargin: .seconds(300))

    let first = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 { group.addTask { try await cache.credentials().accessKeyID } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    // The first credentials expire within the margin: the next call refreshes.
    let second = try await withThrowingTaskGroup(of: String.self) { group in
      for _ in 0..<20 { group.addTask { try await cache.credentials().accessKeyID } }
      return try await group.reduce(into: Set<String>()) { $0.insert($1) }
    }
    let third = try await cache.credentials().accessKeyID

    #expect(first.count == 1)
    #expect(second == ["AKIA2"])
    #expect(third == "AKIA2")
    #expect(await source.calls == 2)
  }
}
