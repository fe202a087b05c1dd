import Foundation

/// Why an ``HTTPGet`` gave no body: what failed, the URL (without its secrets) and, for an
/// error status, the status. Its text is safe to log: no user information, no query
/// values, no header values, no body.
package struct HTTPGetError: Error, Sendable, Hashable, CustomStringConvertible {
  /// What failed. Extensible: a new code never breaks a caller's `switch`.
  package struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as the error prints it.
    package let name: String

    private init(_ name: String) {
      self.name = name
    }

    /// Not an `http` or `https` URL with a host.
    package static let invalidURL = Code("invalidURL")
    /// The GET cannot be sent as asked: a header that is not one line, a configuration
    /// out of bounds.
    package static let invalidRequest = Code("invalidRequest")
    /// No connection: refused, the host unknown or unreachable.
    package static let connectionFailed = Code("connectionFailed")
    /// No connection within the connect timeout.
    package static let connectTimeout = Code("connectTimeout")
    /// Connected, but the whole answer did not come within the timeout.
    package static let timeout = Code("timeout")
    /// The server's TLS certificate is not trusted (or the CA file cannot be read).
    package static let tlsVerificationFailed = Code("tlsVerificationFailed")
    /// The connection failed during the exchange, or the answer is not HTTP.
    package static let connectionBroken = Code("connectionBroken")
    /// The server answered with a status outside 200-299; ``HTTPGetError/status`` holds it.
    package static let status = Code("status")
    /// The body is larger than the configuration's cap.
    package static let bodyTooLarge = Code("bodyTooLarge")
    /// The calling task was cancelled.
    package static let cancelled = Code("cancelled")

    /// The code's name: `connectTimeout`.
    package var description: String { name }
  }

  /// What failed.
  package var code: Code
  /// The URL without user information, query values or fragment.
  package var url: String
  /// The HTTP status, for ``Code-swift.struct/status``; nil otherwise.
  package var status: Int?
  /// What happened, in words, without the URL: `HTTP status 404`, `no connection to
  /// 127.0.0.1:9 within 2 s`.
  package var message: String

  /// Creates a value; every parameter is the property of the same name. `url` must
  /// already be fit to print (``redacted(_:)``).
  package init(_ code: Code, url: String, status: Int? = nil, message: String) {
    self.code = code
    self.url = url
    self.status = status
    self.message = message
  }

  /// `HTTPGetError.status: GET http://127.0.0.1:9090/metrics: HTTP status 404`.
  package var description: String { "HTTPGetError.\(code): GET \(url): \(message)" }

  /// `url` fit to print: user information and the fragment dropped, each query value
  /// replaced by `REDACTED` (names kept: `?usedonly` stays as it is).
  package static func redacted(_ url: String) -> String {
    guard var components = URLComponents(string: url) else {
      // Not a URL: nothing in it can be told apart from a secret.
      return "(a URL that does not parse, \(url.utf8.count) bytes)"
    }
    components.user = nil
    components.password = nil
    components.fragment = nil
    if let items = components.queryItems, !items.isEmpty {
      components.queryItems = items.map {
        URLQueryItem(name: $0.name, value: $0.value == nil ? nil : "REDACTED")
      }
    }
    return components.string ?? "(a URL that does not parse, \(url.utf8.count) bytes)"
  }

  /// `HOST:PORT` of a URL, for messages (user information never included).
  static func authority(of url: String) -> String {
    var authority = Substring(url)
    if let scheme = authority.range(of: "://") { authority = authority[scheme.upperBound...] }
    authority = authority.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if let at = authority.lastIndex(of: "@") {
      authority = authority[authority.index(after: at)...]
    }
    return String(authority)
  }

  /// `2 s`, `0.5 s`, `1.25 s`: seconds as messages print them.
  static func seconds(_ value: TimeInterval) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return "\(Int(value)) s" }
    var text = String(format: "%.3f", value)
    while text.hasSuffix("0") { text.removeLast() }
    return text + " s"
  }
}
