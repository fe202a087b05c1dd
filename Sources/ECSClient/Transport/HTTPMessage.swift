import Foundation

/// An HTTP request for the transport.
struct HTTPRequest: Sendable {
  var method: String
  var url: String
  var headers: [(name: String, value: String)]
  var body: [UInt8]
  /// Seconds to connect, replacing the transport's `connectTimeout` for this request.
  var connectTimeout: TimeInterval? = nil
  /// Seconds for the whole request, replacing the transport's `requestTimeout`.
  var timeout: TimeInterval? = nil
  /// When the request must have ended, waiting for a pooled connection included: the
  /// bounds above are cut to what is left. Errors still name the bounds above, which
  /// have passed since the request was made when it is reached.
  var deadline: ContinuousClock.Instant? = nil
}

/// An HTTP response.
struct HTTPResponse: Sendable {
  var status: Int
  var headers: [(name: String, value: String)]
  var body: [UInt8]

  /// The first value of a header, by case-insensitive name.
  func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name.lowercased() == lower }?.value
  }
}
