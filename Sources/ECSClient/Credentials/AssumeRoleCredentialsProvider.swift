import Foundation

/// Temporary credentials for a role, from STS AssumeRole signed with a source provider's
/// credentials: what a profile with `role_arn` and `source_profile` or
/// `credential_source` gives.
///
/// ```swift
/// let role = AssumeRoleCredentialsProvider(
///   roleARN: "arn:aws:iam::123456789012:role/mesh-discovery",
///   source: EnvironmentCredentialsProvider(), region: "us-east-1")
/// let ecs = ECS(configuration: try AWSClientConfiguration(credentials: CachingCredentialsProvider(role)))
/// ```
public struct AssumeRoleCredentialsProvider: CredentialsProvider {
  /// The role's ARN (`arn:aws:iam::123456789012:role/NAME`).
  public let roleARN: String
  /// The session name the role's credentials carry (`role_session_name`);
  /// `meshbridge-session-<seconds since 1970>` when nil.
  public let sessionName: String?
  /// The external ID the role's trust policy may require (`external_id`).
  public let externalID: String?
  /// How long the credentials last, in seconds (`duration_seconds`); the role's default
  /// (an hour) when nil.
  public let durationSeconds: Int?
  let source: any CredentialsProvider
  let sts: STSEndpoint

  /// Creates the provider.
  /// - Parameters:
  ///   - roleARN: The role to assume.
  ///   - sessionName: The role session name; a generated one when nil.
  ///   - externalID: The external ID, when the role's trust policy asks for one.
  ///   - durationSeconds: How long the credentials last; the role's default when nil.
  ///   - source: Whose credentials sign the AssumeRole call.
  ///   - region: The STS region; its regional endpoint `https://sts.<region>.amazonaws.com`.
  ///   - endpoint: A base URL replacing that endpoint (`http://127.0.0.1:5000`).
  ///   - http: HTTP settings for the STS call.
  public init(
    roleARN: String, sessionName: String? = nil, externalID: String? = nil,
    durationSeconds: Int? = nil, source: any CredentialsProvider, region: String = "us-east-1",
    endpoint: URL? = nil, http: HTTPTransportOptions = .init()
  ) {
    self.roleARN = roleARN
    self.sessionName = sessionName
    self.externalID = externalID
    self.durationSeconds = durationSeconds
    self.source = source
    sts = STSEndpoint(region: region, endpoint: endpoint, http: http)
  }

  /// The role's credentials, with their expiry.
  /// - Throws: ``AWSError``: the source's error, STS's (`AccessDenied`, `ExpiredToken`,
  ///   `SignatureDoesNotMatch`, …), or `invalidResponse` for an answer without credentials.
  public func credentials() async throws -> AWSCredentials {
    let sourceCredentials = try await source.credentials()
    let client = try sts.client(signingWith: StaticCredentialsProvider(sourceCredentials))
    let response = try await client.assumeRole(
      .init(
        roleArn: roleARN, roleSessionName: sessionName ?? STSEndpoint.generatedSessionName(),
        durationSeconds: durationSeconds, externalId: externalID))
    return try STSEndpoint.credentials(response.credentials, from: "AssumeRole")
  }
}

/// Where the credential providers' STS calls go, and how.
struct STSEndpoint: Sendable {
  var region: String
  var endpoint: URL?
  var http: HTTPTransportOptions

  /// An STS client whose calls are signed with `credentials` (never the default chain,
  /// which may be what is being resolved). Calls get the standard retries and a total of
  /// 30 seconds.
  func client(signingWith credentials: any CredentialsProvider) throws -> STS {
    STS(
      configuration: try AWSClientConfiguration(
        region: region, endpoint: endpoint, credentials: credentials,
        timeout: try .init(connect: min(http.connectTimeout, .seconds(5)), total: .seconds(30)),
        http: http))
  }

  /// `meshbridge-session-<seconds since 1970>`, as botocore makes `botocore-session-…`.
  static func generatedSessionName(now: Date = Date()) -> String {
    "meshbridge-session-\(Int(now.timeIntervalSince1970))"
  }

  /// STS's credentials as ``AWSCredentials``. Their members are required by the model,
  /// so an answer without one has already failed to decode (`MalformedResponse`).
  /// - Throws: ``AWSError`` with code invalidResponse when the answer has no credentials.
  static func credentials(_ credentials: STS.Credentials?, from operation: String) throws
    -> AWSCredentials
  {
    guard let credentials else {
      throw AWSError(
        .invalidResponse, errorCode: "MalformedResponse",
        message: "the \(operation) response has no Credentials")
    }
    return AWSCredentials(
      accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken, expiration: credentials.expiration)
  }
}

/// For calls that are sent unsigned (AssumeRoleWithWebIdentity): there are no credentials
/// to give, and none are asked for.
struct UnsignedCallsOnly: CredentialsProvider {
  func credentials() async throws -> AWSCredentials {
    throw CredentialsNotConfigured("this client sends unsigned calls only")
  }
}
