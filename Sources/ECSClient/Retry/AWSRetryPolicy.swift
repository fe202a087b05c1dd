import Foundation
internal import Synchronization

/// The AWS SDKs' "standard" retry mode: up to three attempts, exponential backoff with
/// full jitter (at most 20 seconds), a retry quota shared by the client (a token bucket
/// that stops retry storms), and the same retryable error codes and statuses.
public struct AWSRetryPolicy: Sendable, Hashable {
  /// Attempts in all, the first included. Default 3.
  public var maximumAttempts: Int
  /// The backoff unit: the n-th retry waits a random time up to `baseDelay * 2^(n-1)`.
  /// Default 1 second, as the SDKs'.
  public var baseDelay: Duration
  /// The longest wait between attempts. Default 20 seconds.
  public var maximumDelay: Duration
  /// Tokens in the retry quota. Default 500.
  public var quotaCapacity: Int

  /// Creates a policy; the defaults are the SDKs' standard mode.
  /// - Throws: ``AWSError`` with code invalidRequest for fewer than one attempt or negative
  ///   delays.
  public init(
    maximumAttempts: Int = 3, baseDelay: Duration = .seconds(1),
    maximumDelay: Duration = .seconds(20), quotaCapacity: Int = 500
  ) throws {
    guard maximumAttempts >= 1, baseDelay >= .zero, maximumDelay >= .zero, quotaCapacity >= 0
    else {
      throw AWSError(
        .invalidRequest, errorCode: "InvalidRetryPolicy",
        message: "attempts must be >= 1 and delays >= 0")
    }
    self.maximumAttempts = maximumAttempts
    self.baseDelay = baseDelay
    self.maximumDelay = maximumDelay
    self.quotaCapacity = quotaCapacity
  }

  /// The SDKs' standard mode.
  public static let standard = AWSRetryPolicy(
    validated: 3, baseDelay: .seconds(1), maximumDelay: .seconds(20), quotaCapacity: 500)

  /// No retries.
  public static let none = AWSRetryPolicy(
    validated: 1, baseDelay: .zero, maximumDelay: .zero, quotaCapacity: 0)

  private init(
    validated attempts: Int, baseDelay: Duration, maximumDelay: Duration, quotaCapacity: Int
  ) {
    maximumAttempts = attempts
    self.baseDelay = baseDelay
    self.maximumDelay = maximumDelay
    self.quotaCapacity = quotaCapacity
  }

  /// Error codes the SDKs treat as throttling.
  static let throttlingCodes: Set<String> = [
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete", "EC2ThrottledException",
  ]

  /// Error codes the SDKs treat as transient.
  static let transientCodes: Set<String> = [
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
    "ServiceUnavailable", "ServerException",
  ]

  /// HTTP statuses the SDKs treat as transient.
  static let transientStatuses: Set<Int> = [500, 502, 503, 504]

  /// Whether an error may be retried, and what it costs from the quota.
  /// - Parameter idempotent: Whether repeating the operation is harmless; errors after
  ///   which the request may have run (a timeout, a broken connection) are retried only
  ///   then.
  func retryCost(of error: AWSError, idempotent: Bool) -> Int? {
    switch error.code {
    case .service:
      if Self.throttlingCodes.contains(error.errorCode) { return 5 }
      if Self.transientCodes.contains(error.errorCode) { return 5 }
      if let status = error.statusCode, Self.transientStatuses.contains(status) { return 5 }
      return nil
    case .transport:
      // An untrusted certificate stays untrusted: asking again only delays the answer.
      if error.errorCode == "TLSVerificationFailed" { return nil }
      // A refused connection never reached the service; a broken one may have.
      return error.errorCode == "ConnectionFailed" || idempotent ? 5 : nil
    case .timeout:
      // No connection came up: the service never saw the request, so any call may repeat.
      return idempotent || error.errorCode == "ConnectTimeout" ? 10 : nil
    case .invalidResponse:
      // A 502 or 503 page from a proxy or load balancer in front of the service: retried
      // by its status, as the SDKs retry it, whatever the operation.
      if let status = error.statusCode, Self.transientStatuses.contains(status) { return 5 }
      return idempotent && (error.statusCode.map { $0 >= 500 } ?? true) ? 5 : nil
    default:
      // cancelled, credentials, invalidRequest, waiterFailed: asking again gives the same.
      return nil
    }
  }

  /// The wait before retry `attempt` (1 for the first retry), in seconds: full jitter.
  func delay(beforeRetry attempt: Int) -> TimeInterval {
    let ceiling = min(
      maximumDelay.timeInterval, baseDelay.timeInterval * pow(2, Double(attempt - 1)))
    return Double.random(in: 0...max(ceiling, 0))
  }
}

/// The retry quota of one client: retries take tokens, successes give some back, and
/// when it runs dry failures are returned at once instead of retried.
final class RetryQuota: Sendable {
  private let capacity: Int
  private let tokens: Mutex<Int>

  init(capacity: Int) {
    self.capacity = capacity
    tokens = Mutex(capacity)
  }

  /// Takes `cost` tokens if there are enough.
  func acquire(_ cost: Int) -> Bool {
    tokens.withLock { tokens in
      guard tokens >= cost else { return false }
      tokens -= cost
      return true
    }
  }

  /// A success: refunds what its retries took, or one token for a first-try success.
  func release(_ cost: Int) {
    tokens.withLock { $0 = min(capacity, $0 + max(cost, 1)) }
  }

  var available: Int {
    tokens.withLock { $0 }
  }
}
