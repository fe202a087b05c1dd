import Foundation

/// What a waiter acceptor decides when it matches.
enum WaiterState: Sendable {
  case success
  case failure
  case retry
}

/// A condition on an operation's output and the state it leads to.
struct WaiterAcceptor<Output: Sendable>: Sendable {
  let state: WaiterState
  let matches: @Sendable (Output) -> Bool
}

/// Polls an operation until an acceptor decides, with the SDKs' backoff: the first poll
/// at once, then waits that grow from `minimumDelay` to `maximumDelay` with jitter, never
/// past the deadline.
struct Waiter<Output: Sendable> {
  let name: String
  let acceptors: [WaiterAcceptor<Output>]
  let minimumDelay: Duration
  let maximumDelay: Duration
  let timeout: Duration

  func wait(_ poll: () async throws -> Output) async throws {
    let deadline = Date().addingTimeInterval(timeout.timeInterval)
    let (minimumDelay, maximumDelay) = (
      self.minimumDelay.timeInterval, self.maximumDelay.timeInterval
    )
    var attempt = 0
    while true {
      attempt += 1
      let output = try await poll()
      if let acceptor = acceptors.first(where: { $0.matches(output) }) {
        switch acceptor.state {
        case .success: return
        case .failure:
          throw AWSError(
            .waiterFailed, errorCode: "WaiterFailed",
            message: "\(name) reached a failure state after \(attempt) polls",
            attempts: attempt)
        case .retry: break
        }
      }
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else {
        throw AWSError(
          .waiterFailed, errorCode: "WaiterTimeout",
          message: "\(name) did not succeed within \(formatSeconds(timeout.timeInterval))",
          attempts: attempt)
      }
      let ceiling = min(maximumDelay, minimumDelay * pow(2, Double(attempt - 1)))
      let delay = min(remaining, Double.random(in: minimumDelay...max(minimumDelay, ceiling)))
      try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
    }
  }
}
