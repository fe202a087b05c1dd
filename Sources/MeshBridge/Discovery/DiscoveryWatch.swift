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
  /// `maximumBackoff`; any other failure ends the sequence with its error. Cancelling the
  /// consuming task stops the polling.
  ///
  /// ```swift
  /// for try await change in discovery.watch(cluster: "onprem-east", mapping: MeshMapping()) {
  ///   apply(change.added + change.changed); delete(change.removed)
  /// }
  /// ```
  public func watch(
    cluster: String, mapping: MeshMapping, interval: TimeInterval = 30,
    maximumBackoff: TimeInterval = 300
  ) -> AsyncThrowingStream<ResourceDiff, any Error> {
    AsyncThrowingStream { continuation in
      let polling = Task {
        var previous: [MeshResource] = []
        var backoff = interval
        var first = true
        while !Task.isCancelled {
          do {
            let current = mapping.resources(for: try await discover(cluster: cluster))
            let change = ResourceDiff(from: previous, to: current)
            if first || !change.isEmpty { continuation.yield(change) }
            previous = current
            first = false
            backoff = interval
          } catch let error as AWSError where Self.isTransient(error) {
            backoff = min(maximumBackoff, max(interval, backoff * 2))
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
    switch error.kind {
    case .transport, .timeout: return true
    case .service:
      return (error.statusCode ?? 0) >= 500 || error.code.contains("Throttl")
        || error.code == "TooManyRequestsException"
    default: return false
    }
  }
}
