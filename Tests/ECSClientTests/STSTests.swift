import ECSClient
import Foundation
import MeshBridgeTesting
import MeshTestSupport
import Synchronization
import Testing

/// A clock a test moves by hand.
final class TestClock: Sendable {
  private let current: Mutex<Date>

  init(_ start: Date = Date()) {
    current = Mutex(start)
  }

  func advance(by seconds: TimeInterval) {
    current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }

  var now: @Sendable () -> Date {
    { [self] in current.withLock { $0 } }
  }
}

/// STS through the generated query-protocol client, against moto with signature checks
/// (the project's launcher, which also takes AssumeRoleWithWebIdentity unsigned as AWS
/// does): every signed call is verified, so a wrong key or a bad signature fails.
@Suite(
  "STS on moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .serialized)
struct STSTests {
  static let role = "arn:aws:iam::123456789012:role/mesh-discovery"

  static func user(_ moto: MotoServer, secret: String? = nil) -> StaticCredentialsProvider {
    StaticCredentialsProvider(
      AWSCredentials(
        accessKeyID: moto.credentials.accessKeyID,
        secretAccessKey: secret ?? moto.credentials.secretAccessKey))
  }

  /// Creates IAM roles that may do anything, signed with moto's user: moto authorizes a
  /// call signed with a role's credentials by the role's policies, so a role whose
  /// credentials sign further calls (a chain's middle, ECS calls) must exist.
  static func createRoles(_ names: [String], on moto: MotoServer) throws {
    let script = """
      import botocore.session, json, sys
      endpoint, key, secret = sys.argv[1:4]
      iam = botocore.session.get_session().create_client(
          "iam", endpoint_url=endpoint, region_name="us-east-1",
          aws_access_key_id=key, aws_secret_access_key=secret)
      trust = {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
      everything = {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "*", "Resource": "*"}]}
      for name in sys.argv[4:]:
          iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
          iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(everything))
      """
    let output = try Peers.runPython(
      script,
      arguments: [
        moto.endpoint.absoluteString, moto.credentials.accessKeyID,
        moto.credentials.secretAccessKey,
      ] + names)
    try #require(output.status == 0, "\(output.stderr)")
  }

  static func identity(_ credentials: AWSCredentials, _ moto: MotoServer) async throws -> String? {
    var configuration = moto.configuration
    configuration.credentials = StaticCredentialsProvider(credentials)
    return try await STS(configuration: configuration).getCallerIdentity().arn
  }

  @Test("AssumeRole signed with the user's key gives role credentials moto accepts")
  func assumeRole() async throws {
    let moto = try await MotoServer()
    try Self.createRoles(["mesh-discovery"], on: moto)
    let provider = AssumeRoleCredentialsProvider(
      roleARN: Self.role, sessionName: "discovery-run", externalID: "mesh-external-id",
      durationSeconds: 900, source: Self.user(moto), endpoint: moto.endpoint)
    let before = Date()

    let credentials = try await provider.credentials()
    let arn = try await Self.identity(credentials, moto)
    var configuration = moto.configuration
    configuration.credentials = StaticCredentialsProvider(credentials)
    let clusters = try await ECS(configuration: configuration).listClusters()

    #expect(credentials.accessKeyID.hasPrefix("ASIA"))
    #expect(credentials.sessionToken?.isEmpty == false)
    let expiration = try #require(credentials.expiration)
    #expect(abs(expiration.timeIntervalSince(before) - 900) < 60)
    #expect(arn == "arn:aws:sts::123456789012:assumed-role/mesh-discovery/discovery-run")
    #expect(clusters.clusterArns == [])
    #expect(!"\(credentials)".contains(credentials.secretAccessKey))
  }

  @Test("AssumeRole signed with a wrong secret gets SignatureDoesNotMatch, without the secret")
  func wrongSecret() async throws {
    let moto = try await MotoServer()
    let provider = AssumeRoleCredentialsProvider(
      roleARN: Self.role, source: Self.user(moto, secret: "not-the-secret-0123456789"),
      endpoint: moto.endpoint)

    let error = try await #require(throws: AWSError.self) { try await provider.credentials() }

    #expect(error.code == .service && error.errorCode == "SignatureDoesNotMatch")
    #expect(error.statusCode == 403 && error.attempts == 1)
    #expect(!String(describing: error).contains("not-the-secret"))
    #expect(!String(describing: error).contains(moto.credentials.secretAccessKey))
  }

  @Test("AssumeRoleWithWebIdentity is sent unsigned with the token file's token")
  func webIdentity() async throws {
    let moto = try await MotoServer()
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tokenFile = directory.appendingPathComponent("token")
    try CredentialsOracleTests.webIdentityToken(expiringIn: 3600).write(
      to: tokenFile, atomically: true, encoding: .utf8)
    let provider = WebIdentityCredentialsProvider(
      tokenFile: tokenFile.path, roleARN: "arn:aws:iam::123456789012:role/eks-workload",
      sessionName: "pod-1", endpoint: moto.endpoint)

    let credentials = try await provider.credentials()
    let arn = try await Self.identity(credentials, moto)

    #expect(credentials.accessKeyID.hasPrefix("ASIA") && credentials.expiration != nil)
    #expect(arn == "arn:aws:sts::123456789012:assumed-role/eks-workload/pod-1")
  }

  @Test("an expired web identity token is refused before STS, naming the file, not the token")
  func expiredWebIdentityToken() async throws {
    let moto = try await MotoServer()
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tokenFile = directory.appendingPathComponent("token")
    let token = CredentialsOracleTests.webIdentityToken(expiringIn: -60)
    try token.write(to: tokenFile, atomically: true, encoding: .utf8)
    let provider = WebIdentityCredentialsProvider(
      tokenFile: tokenFile.path, roleARN: "arn:aws:iam::123456789012:role/eks-workload",
      endpoint: moto.endpoint)

    let error = try await #require(throws: AWSError.self) { try await provider.credentials() }

    #expect(error.code == .credentials && error.errorCode == "ExpiredWebIdentityToken")
    #expect(error.message.hasPrefix("the web identity token in \(tokenFile.path) expired at "))
    #expect(!String(describing: error).contains(token))
  }

  @Test("cached role credentials are refreshed before they expire, by the injected clock")
  func refreshBeforeExpiry() async throws {
    let moto = try await MotoServer()
    let clock = TestClock()
    let cache = CachingCredentialsProvider(
      AssumeRoleCredentialsProvider(
        roleARN: Self.role, sessionName: "cached", durationSeconds: 900,
        source: Self.user(moto), endpoint: moto.endpoint),
      refreshMargin: .seconds(300), now: clock.now)

    let first = try await cache.credentials()
    clock.advance(by: 500)
    let stillFirst = try await cache.credentials()
    clock.advance(by: 150)  // 250 s left: within the margin
    let second = try await cache.credentials()

    #expect(stillFirst == first)
    #expect(second.accessKeyID != first.accessKeyID)
    #expect(
      try await Self.identity(second, moto)?.hasSuffix("assumed-role/mesh-discovery/cached") == true
    )
  }
}
