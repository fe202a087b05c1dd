import Foundation

/// Plain HTTP GETs over ECSClient's libcurl transport (pooled connections, timeouts,
/// TLS verification always on, cancellation), for endpoints that are not AWS's: a
/// sidecar's Prometheus statistics, a health check. Nothing is signed.
///
/// ```swift
/// let fetcher = HTTPFetcher(options: HTTPTransportOptions(requestTimeout: 5))
/// let answer = try await fetcher.get("http://127.0.0.1:15090/stats/prometheus")
/// guard answer.status == 200 else { ... }
/// ```
public struct HTTPFetcher: Sendable {
  private let transport: CurlTransport

  /// A fetcher with its own pool of `options.maximumConnections` connections.
  public init(options: HTTPTransportOptions = HTTPTransportOptions()) {
    transport = CurlTransport(options: options.curlOptions)
  }

  /// The status and body of `GET url`, whatever the status.
  /// - Throws: ``AWSError`` of kind transport (refused, broken, TLS not trusted), timeout,
  ///   cancelled, or invalid response (a body over `maximumResponseBytes`).
  public func get(_ url: String, headers: [(name: String, value: String)] = []) async throws
    -> (status: Int, body: [UInt8])
  {
    let response = try await transport.send(
      HTTPRequest(method: "GET", url: url, headers: headers, body: []))
    return (response.status, response.body)
  }
}
