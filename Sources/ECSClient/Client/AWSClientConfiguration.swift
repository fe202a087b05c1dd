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
  ///   - region: The region; by default `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's.
  ///   - endpoint: A base URL for a local or private server, `http(s)://host[:port]`.
  ///   - credentials: The provider; by default the SDKs' chain, cached.
  ///   - retry: The retry policy; the SDKs' standard mode by default.
  ///   - timeout: How long a call may take; ``Timeout/default`` by default.
  ///   - http: HTTP settings; ``HTTPTransportOptions/init(connectTimeout:requestTimeout:caBundlePath:maximumConnections:maximumResponseBytes:)``'s defaults.
  /// - Throws: ``AWSError`` with code invalidRequest: `NoRegion` when no region is given or
  ///   configured, `InvalidRegion` or `InvalidEndpoint` as ``validate()`` says.
  public init(
    region: String? = nil, endpoint: URL? = nil, credentials: (any CredentialsProvider)? = nil,
    retry: AWSRetryPolicy = .standard, timeout: Timeout = .default,
    http: HTTPTransportOptions = .init(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    guard let region = region ?? AWSRegion.resolve(environment: environment), !region.isEmpty else {
      throw AWSError(
        .invalidRequest, errorCode: "NoRegion",
        message: "no region given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile")
    }
    self.region = region
    self.endpoint = endpoint
    self.credentials =
      credentials
      ?? CachingCredentialsProvider(
        CredentialsProviderChain.default(environment: environment, transport: http))
    self.retry = retry
    self.timeout = timeout
    self.http = http
    userAgent = "meshbridge-ecsclient/0.1 swift"
    // A bad region or endpoint is the caller's mistake: it fails here, before any request.
    try validate()
  }
}
