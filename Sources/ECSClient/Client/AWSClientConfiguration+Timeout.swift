import Foundation

extension AWSClientConfiguration {
  /// How long an AWS call may take: to connect, per attempt, and in all.
  ///
  /// `total` bounds the whole call as its caller sees it: every attempt, the backoff
  /// between them and the credentials lookup. Each attempt gets at most `attempt` seconds
  /// and never more than what is left of `total`; a retry whose backoff would end past
  /// `total` is not made, and the call fails with the last attempt's error. So an endpoint
  /// that never answers fails after `total` seconds, not after attempts × curl's default.
  ///
  /// ```swift
  /// var configuration = try AWSClientConfiguration()
  /// configuration.timeout = try .init(connect: .seconds(2), total: .seconds(10))
  /// ```
  public struct Timeout: Sendable, Hashable {
    /// The time to establish a connection (TCP, and TLS for https). Default 5 s.
    public let connect: Duration
    /// The time for one attempt, connection included, until the whole answer is read.
    /// Default 20 s: ECS and SSM answer in well under a second, and a second attempt
    /// within `total` is worth more than waiting longer on a stuck one.
    public let attempt: Duration
    /// The time for the whole call, retries and backoff included. Default 60 s.
    public let total: Duration

    /// The longest bound accepted: a day. Longer is not a timeout any more, and libcurl
    /// takes milliseconds in a `long`.
    public static let longest: Duration = .seconds(86_400)

    /// The defaults: connect 5 s, attempt 20 s, total 60 s.
    public static let `default` = Timeout(
      validatedConnect: .seconds(5), attempt: .seconds(20), total: .seconds(60))

    /// Creates bounds; every parameter defaults as its property documents.
    /// - Throws: ``AWSError`` with code invalidRequest, error code `InvalidTimeout`, when a bound
    ///   is not more than zero and at most ``longest``.
    public init(
      connect: Duration = Timeout.default.connect,
      attempt: Duration = Timeout.default.attempt,
      total: Duration = Timeout.default.total
    ) throws {
      for (name, value) in [("connect", connect), ("attempt", attempt), ("total", total)] {
        guard value > .zero, value <= Self.longest else {
          throw AWSError(
            .invalidRequest, errorCode: "InvalidTimeout",
            message:
              "the \(name) timeout must be more than 0 and at most \(formatSeconds(Self.longest.timeInterval)), not \(formatSeconds(value.timeInterval))"
          )
        }
      }
      self.init(validatedConnect: connect, attempt: attempt, total: total)
    }

    private init(validatedConnect connect: Duration, attempt: Duration, total: Duration) {
      self.connect = connect
      self.attempt = attempt
      self.total = total
    }
  }
}

extension Duration {
  /// The duration in seconds, for libcurl's bounds and the clock arithmetic of retries.
  package var timeInterval: TimeInterval {
    let (seconds, attoseconds) = components
    return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
  }
}

/// `2 s`, `0.5 s`, `1.25 s`: seconds as error messages print them (MeshBridge's too).
package func formatSeconds(_ seconds: TimeInterval) -> String {
  if seconds == seconds.rounded() && abs(seconds) < 1e15 {
    return "\(Int(seconds)) s"
  }
  var text = String(format: "%.3f", seconds)
  while text.hasSuffix("0") { text.removeLast() }
  return text + " s"
}
