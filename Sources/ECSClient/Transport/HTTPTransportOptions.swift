import Foundation
internal import MeshSupport

/// How the client talks HTTP. TLS certificate verification is always on.
///
/// AWS service calls take their timeouts from ``AWSClientConfiguration/timeout``, which
/// also bounds their retries; `connectTimeout` and `requestTimeout` here are for the
/// credential endpoints (``ContainerCredentialsProvider``,
/// ``InstanceMetadataCredentialsProvider``).
public struct HTTPTransportOptions: Sendable, Hashable {
  /// The time to establish a connection. Default 5 s.
  public var connectTimeout: Duration
  /// The time for a whole request, answer included. Default 60 s.
  public var requestTimeout: Duration
  /// A PEM file of CA certificates to trust instead of the system's; nil for the system's.
  public var caBundlePath: String?
  /// The most concurrent requests, and pooled connections. Default 16.
  public var maximumConnections: Int
  /// The largest response body accepted. Default 16 MiB.
  public var maximumResponseBytes: Int

  /// Creates options; every parameter defaults as its property documents. Proxies come
  /// from the environment as libcurl reads them: `https_proxy` or `HTTPS_PROXY`,
  /// `http_proxy` (lower case only), `no_proxy` or `NO_PROXY`.
  public init(
    connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(60),
    caBundlePath: String? = nil,
    maximumConnections: Int = 16, maximumResponseBytes: Int = 16 << 20
  ) {
    self.connectTimeout = connectTimeout
    self.requestTimeout = requestTimeout
    self.caBundlePath = caBundlePath
    self.maximumConnections = maximumConnections
    self.maximumResponseBytes = maximumResponseBytes
  }

  var curlOptions: CurlTransport.Options {
    CurlTransport.Options(
      connectTimeout: connectTimeout.timeInterval, requestTimeout: requestTimeout.timeInterval,
      caBundlePath: caBundlePath,
      maximumConnections: maximumConnections, maximumResponseBytes: maximumResponseBytes)
  }

  /// The same bounds for MeshSupport's plain GET (the container credentials endpoint).
  var httpGet: HTTPGet.Configuration {
    HTTPGet.Configuration(
      connectTimeout: connectTimeout.timeInterval, timeout: requestTimeout.timeInterval,
      maximumBodyBytes: maximumResponseBytes, caBundlePath: caBundlePath)
  }
}
