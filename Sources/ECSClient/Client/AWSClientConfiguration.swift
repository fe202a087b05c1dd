import Foundation

/// How a service client reaches AWS.
///
/// ```swift
/// var configuration = try AWSClientConfiguration()              // region and credentials as the SDKs find them
/// configuration.endpoint = "http://127.0.0.1:5000"              // a local server
/// let ecs = ECS(configuration: configuration)
/// ```
public struct AWSClientConfiguration: Sendable {
  /// The region (`us-east-1`).
  public var region: String
  /// A base URL replacing the service's regional endpoint (`http://127.0.0.1:5000`); nil for
  /// `https://<service>.<region>.amazonaws.com`.
  public var endpoint: String?
  /// Where credentials come from; the SDKs' default chain, cached, by default.
  public var credentials: any CredentialsProvider
  /// Retries; the SDKs' standard mode by default.
  public var retry: RetryPolicy
  /// HTTP settings.
  public var http: HTTPTransportOptions
  /// The `User-Agent` sent.
  public var userAgent: String

  /// Creates a configuration.
  /// - Parameters:
  ///   - region: The region; by default `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile's.
  ///   - credentials: The provider; by default the SDKs' chain, cached.
  /// - Throws: ``AWSError`` of kind invalidRequest when no region is given or configured.
  public init(
    region: String? = nil, endpoint: String? = nil, credentials: (any CredentialsProvider)? = nil,
    retry: RetryPolicy = .standard, http: HTTPTransportOptions = .init(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    guard let region = region ?? AWSRegion.resolve(environment: environment), !region.isEmpty else {
      throw AWSError(
        .invalidRequest, code: "NoRegion",
        message: "no region given and none in AWS_REGION, AWS_DEFAULT_REGION or the profile")
    }
    self.region = region
    self.endpoint = endpoint
    self.credentials =
      credentials
      ?? CachingCredentialsProvider(
        CredentialsProviderChain.default(environment: environment, transport: http))
    self.retry = retry
    self.http = http
    userAgent = "meshbridge-ecsclient/0.1 swift"
  }
}
