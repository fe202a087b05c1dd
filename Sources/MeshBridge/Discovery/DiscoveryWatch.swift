import ECSClient
import Foundation
import MeshModel

extension ECSDiscovery {
  /// The mesh resources of a cluster as they change: the first element adds everything
  /// discovered, each later one what changed since (only non-empty differences are
  /// yielded), so a controller applies only changes.
  ///
  /// Discovery runs every `interval`. A failure that may pass (throttling, server errors,
  /// timeouts, dropped connections) is retried with backoff doubling up to
  /// `maximumBackoff`, and each such failed round is handed to `onFailure` with its error
  /// and the wait before the next round, so that a watch that cannot reach AWS says so
  /// instead of staying silent; any other failure ends the sequence with its error.
  /// Cancelling the consuming task stops the polling.
  ///
  /// ```swift
  /// let changes = discovery.watch(cluster: "onprem-east", mapping: MeshMapping()) { failure in
  ///   log.warning("\(failure)")   // onprem-east: discovery failed (1 in a row): …; next round in 60 s
  /// }
  /// for try await change in changes {
  ///   apply(change.added + change.changed); delete(change.removed)
  /// }
  /// ```
  ///
  /// - Parameters:
  ///   - cluster: The cluster to watch.
  ///   - mapping: How its tasks and services become mesh resources.
  ///   - interval: Seconds between rounds. Default 30.
  ///   - maximumBackoff: The longest wait after failed rounds. Default 300.
  ///   - onFailure: Called on the polling task after each round that failed with an error
  ///     the watch waits out, before the wait. Nil by default.
  public func watch(
    cluster: String, mapping: MeshMapping, interval: TimeInterval = 30,
    maximumBackoff: TimeInterval = 300,
    onFailure: (@Sendable (WatchFailure) -> Void)? = nil
  ) -> AsyncThrowingStream<ResourceDiff, any Error> {
    AsyncThrowingStream { continuation in
      let polling = Task {
        var previous: [MeshResource] = []
        var backoff = interval
        var first = true
        var failures = 0
        while !Task.isCancelled {
          do {
            let current = mapping.resources(for: try await discover(cluster: cluster))
            let change = ResourceDiff(from: previous, to: current)
            if first || !change.isEmpty { continuation.yield(change) }
            previous = current
            first = false
            backoff = interval
            failures = 0
          } catch let error as AWSError where Self.isTransient(error) {
            backoff = min(maximumBackoff, max(interval, backoff * 2))
            failures += 1
            onFailure?(
              WatchFailure(
                cluster: cluster, error: error, consecutiveFailures: failures, nextRoundIn: backoff
              ))
          } catch is CancellationError {
            break
          } catch {
            continuation.finish(throwing: error)
            return
          }
          do {
            try await Task.sleep(nanoseconds: UInt64(max(0, backoff) * 1e9))
          } catch {
            break
          }
        }
        continuation.finish()
      }
      continuation.onTermination = { _ in polling.cancel() }
    }
  }

  /// Failures that a later poll may not meet: throttling, server errors, the network.
  static func isTransient(_ error: AWSError) -> Bool {
    switch error.code {
    case .transport, .timeout: return true
    case .service:
      return (error.statusCode ?? 0) >= 500 || error.errorCode.contains("Throttl")
        || error.errorCode == "TooManyRequestsException"
    default: return false
    }
  }
}

extension ECSDiscovery {
  /// A round of ``ECSDiscovery/watch(cluster:mapping:interval:maximumBackoff:onFailure:)``
  /// that failed with an error the watch waits out, and when the next round runs.
  ///
  /// Its description is one line, safe to log (``AWSError``'s holds no secret):
  ///
  /// ```
  /// onprem-east: discovery failed (2 in a row): AWSError.service(ThrottlingException, HTTP 400, request 7f3c…, 3 attempts): Rate exceeded; next round in 60 s
  /// ```
  public struct WatchFailure: Sendable, Hashable, CustomStringConvertible {
    /// The cluster watched.
    public var cluster: String
    /// Why the round failed: the AWS error code and HTTP status, or the transport's reason.
    public var error: AWSError
    /// Failed rounds in a row, this one included.
    public var consecutiveFailures: Int
    /// Seconds until the next round: the backoff, at most the watch's `maximumBackoff`.
    public var nextRoundIn: TimeInterval

    /// Creates a failure report.
    public init(
      cluster: String, error: AWSError, consecutiveFailures: Int, nextRoundIn: TimeInterval
    ) {
      self.cluster = cluster
      self.error = error
      self.consecutiveFailures = consecutiveFailures
      self.nextRoundIn = nextRoundIn
    }

    public var description: String {
      // One line whatever the service's message holds: control characters are escaped.
      let cause = String(
        String.UnicodeScalarView(
          "\(error)".unicodeScalars.flatMap { scalar in
            scalar.properties.generalCategory == .control
              ? Array(scalar.escaped(asASCII: true).unicodeScalars) : [scalar]
          }))
      return
        "\(cluster): discovery failed (\(consecutiveFailures) in a row): \(cause); next round in \(formatSeconds(nextRoundIn))"
    }
  }
}
