import Foundation

/// A plain HTTP GET on the system's libcurl, for endpoints that are not AWS's: a sidecar's
/// Prometheus statistics, the ECS container credentials endpoint.
///
/// ```swift
/// let get = HTTPGet(configuration: HTTPGet.Configuration(connectTimeout: 2, timeout: 5))
/// let response = try await get.fetch("http://127.0.0.1:15090/stats/prometheus")
/// ```
///
/// Every GET has a connect timeout, a timeout for the whole exchange and a cap on the body;
/// TLS certificates are always verified; redirects are not followed; a status outside
/// 200-299 is an error. Each GET runs on a thread of its own (libcurl blocks), not on one
/// of Swift's cooperative pool, and on a connection of its own: its callers ask seconds
/// apart, where a pool of connections would only hold sockets open. Proxies come from the
/// environment as libcurl reads them (`https_proxy`/`HTTPS_PROXY`, `http_proxy`,
/// `no_proxy`/`NO_PROXY`).
package struct HTTPGet: Sendable {
  /// Bounds and trust for a GET.
  package struct Configuration: Sendable, Hashable {
    /// Seconds to establish the connection (TCP, and TLS for https). Default 5.
    package var connectTimeout: TimeInterval
    /// Seconds for the whole GET, connecting included, until the last byte of the body.
    /// Default 30.
    package var timeout: TimeInterval
    /// The largest body accepted, in bytes. Default 16 MiB.
    package var maximumBodyBytes: Int
    /// A PEM file of CA certificates to trust instead of the system's; nil (the default)
    /// for the system's.
    package var caBundlePath: String?

    /// The longest bound accepted: a day. libcurl takes milliseconds in a `long`.
    package static let longestTimeout: TimeInterval = 86_400

    /// Creates a configuration; every parameter defaults as its property documents.
    /// Values are checked when a GET starts (``HTTPGetError/Code-swift.struct/invalidRequest``),
    /// so that callers with their own configuration types report them their own way first.
    package init(
      connectTimeout: TimeInterval = 5, timeout: TimeInterval = 30,
      maximumBodyBytes: Int = 16 << 20, caBundlePath: String? = nil
    ) {
      self.connectTimeout = connectTimeout
      self.timeout = timeout
      self.maximumBodyBytes = maximumBodyBytes
      self.caBundlePath = caBundlePath
    }

    /// Why the configuration cannot be used, or nil.
    package var problem: String? {
      for (name, value) in [("connect timeout", connectTimeout), ("timeout", timeout)] {
        guard value.isFinite, value > 0, value <= Self.longestTimeout else {
          return
            "the \(name) must be more than 0 and at most \(Int(Self.longestTimeout)) seconds, not \(value)"
        }
      }
      guard maximumBodyBytes > 0 else {
        return "the largest body must be at least 1 byte, not \(maximumBodyBytes)"
      }
      return nil
    }
  }

  /// A successful answer: a status in 200-299 and the whole body.
  package struct Response: Sendable, Hashable {
    /// The HTTP status, 200-299.
    package var status: Int
    /// The body, at most ``Configuration/maximumBodyBytes`` bytes.
    package var body: [UInt8]

    /// Creates a value; every parameter is the property of the same name.
    package init(status: Int, body: [UInt8]) {
      self.status = status
      self.body = body
    }
  }

  /// The bounds and trust every GET of this value uses.
  package var configuration: Configuration

  /// A GET with `configuration`.
  package init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// The body of `GET url`.
  ///
  /// - Parameters:
  ///   - url: An `http` or `https` URL. User information in it is used, and never printed.
  ///   - headers: Request headers, sent as given (an `Authorization` token, say).
  /// - Returns: The status (200-299) and the body.
  /// - Throws: ``HTTPGetError`` with code `invalidURL`, `invalidRequest` (a header with a
  ///   line break, a bad configuration), `connectionFailed`, `connectTimeout`, `timeout`,
  ///   `tlsVerificationFailed`, `connectionBroken`, `status` (with the status),
  ///   `bodyTooLarge` or `cancelled` (the calling task was cancelled; the transfer stops
  ///   within about a second).
  package func fetch(_ url: String, headers: [(name: String, value: String)] = [])
    async throws(HTTPGetError) -> Response
  {
    let printable = HTTPGetError.redacted(url)
    guard let components = URLComponents(string: url),
      let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = components.host, !host.isEmpty
    else {
      throw HTTPGetError(.invalidURL, url: printable, message: "not an http or https URL")
    }
    if let problem = configuration.problem {
      throw HTTPGetError(.invalidRequest, url: printable, message: problem)
    }
    for (name, value) in headers
    where name.isEmpty || name.contains(":")
      || (name + value).utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
    {
      // The value is not printed: it is often a token.
      throw HTTPGetError(
        .invalidRequest, url: printable,
        message: "the header \(name.debugDescription) is not a single name: value line")
    }
    guard !Task.isCancelled else {
      throw HTTPGetError(.cancelled, url: printable, message: "the GET was cancelled")
    }
    let request = CurlGet.Request(
      url: url, printableURL: printable, headers: headers.map { "\($0.name): \($0.value)" },
      configuration: configuration)
    let cancellation = CurlGet.Cancellation()
    let result = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        // libcurl blocks the calling thread for the whole transfer: a thread of its own.
        Thread.detachNewThread {
          continuation.resume(returning: CurlGet.perform(request, cancellation: cancellation))
        }
      }
    } onCancel: {
      cancellation.cancel()
    }
    return try result.get()
  }
}
