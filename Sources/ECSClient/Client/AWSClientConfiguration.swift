import Foundation

/// How a service client reaches AWS.
///
/// ```swift
/// var configuration = try AWSClientConfiguration()              // region and credentials as the SDKs find them
/// configuration.endpoint = URL(string: "http://127.0.0.1:5000") // a local server
/// configuration.timeout = try .init(connect: .seconds(2), total: .seconds(10)) // fail fast
/// let ecs = ECS(configuration: configuration)
/// ```
public struct AWSClientConfiguration: Sendable {
  /// The region (`us-east-1`).
  public var region: String
  /// A base URL replacing the service's regional endpoint (`http://127.0.0.1:5000`); nil for
  /// `https://<service>.<region>.amazonaws.com`. Only `http(s)://host[:port]`: see
  /// ``validate()``.
  public var endpoint: URL?
  /// Where credentials come from; the SDKs' default chain, cached, by default.
  public var credentials: any CredentialsProvider
  /// Retries; the SDKs' standard mode by default.
  public var retry: AWSRetryPolicy
  /// How long a call may take; ``Timeout/default`` (connect 5 s, attempt 20 s, total 60 s)
  /// by default. AWS calls take their timeouts from here, not from `http`.
  public var timeout: Timeout
  /// HTTP settings: connections, the largest answer, CA certificates. Its
  /// `connectTimeout` and `requestTimeout` apply to the credential endpoints only; AWS
  /// calls use ``timeout``.
  public var http: HTTPTransportOptions
  /// The `User-Agent` sent.
  public var userAgent: String

  /// Creates a configuration.
  /// - Parameters:
  ///   - profile: A profile of `~/.aws/config` or `~/.aws/credentials` named in code, as
  ///     `aws --profile` and botocore's `Session(profile_name=)` take it: the default
  ///     credentials and the region come from it (the region variables still win, as in
  ///     botocore); nil for `AWS_PROFILE` or `default`.
  ///   - region: The region; by default `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's.
  ///   - endpoint: A base URL for a local or private server, `http(s)://host[:port]`.
  ///   - credentials: The provider; by default the SDKs' chain for `profile`, cached.
  ///   - retry: The retry policy; the SDKs' standard mode by default.
  ///   - timeout: How long a call may take; ``Timeout/default`` by default.
  ///   - http: HTTP settings; ``HTTPTransportOptions/init(connectTimeout:requestTimeout:caBundlePath:maximumConnections:maximumResponseBytes:)``'s defaults.
  /// - Throws: ``AWSError`` with code credentials and `ProfileNotFound` when `profile` is
  ///   in neither shared file; with code invalidRequest: `NoRegion` when no region is given
  ///   or configured, `InvalidRegion` or `InvalidEndpoint` as ``validate()`` says.
  public init(
    profile: String? = nil, region: String? = nil, endpoint: URL? = nil,
    credentials: (any CredentialsProvider)? = nil,
    retry: AWSRetryPolicy = .standard, timeout: Timeout = .default,
    http: HTTPTransportOptions = .init(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    if let profile {
      // As botocore's Session(profile_name=): a profile that is not there fails here, not
      // as a missing region or at the first call.
      _ = try ProfileCredentialsProvider.checkedProfileName(
        profile, files: SharedConfiguration(environment: environment), environment: environment)
    }
    guard let region = region ?? AWSRegion.resolve(environment: environment, profile: profile),
      !region.isEmpty
    else {
      throw AWSError(
        .invalidRequest, errorCode: "NoRegion",
        message: "no region given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile")
    }
    self.region = region
    self.endpoint = endpoint
    self.credentials =
      credentials
      ?? CachingCredentialsProvider(
        CredentialsProviderChain.default(
          environment: environment, profile: profile, transport: http))
    self.retry = retry
    self.timeout = timeout
    self.http = http
    userAgent = "meshbridge-ecsclient/0.1 swift"
    // A bad region or endpoint is the caller's mistake: it fails here, before any request.
    try validate()
  }
}
