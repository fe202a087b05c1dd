/// An error from an AWS call: the service's answer, or why there was none.
///
/// Its description is safe to log: it holds the AWS error code and message, the HTTP
/// status and request id, but never the secret key, the session token, the signature or
/// its inputs.
///
/// ```
/// AWSError.service(ClusterNotFoundException, HTTP 400, request 6b8c...): Cluster not found.
/// ```
public struct AWSError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Where the failure came from.
  public enum Kind: String, Sendable, Hashable {
    /// The service answered with an error (`code` is its error code).
    case service
    /// The connection failed or broke (refused, reset, dropped mid-response).
    case transport
    /// No answer within the timeout.
    case timeout
    /// The caller's task was cancelled.
    case cancelled
    /// The answer could not be understood (malformed JSON, unexpected content type).
    case invalidResponse
    /// No usable credentials.
    case credentials
    /// The client's configuration or the request is not usable.
    case invalidRequest
    /// A waiter reached a failure state or its deadline.
    case waiterFailed
  }

  /// Where the failure came from.
  public var kind: Kind
  /// The AWS error code (`ClusterNotFoundException`, `ThrottlingException`), or a code of
  /// this client's for failures without a service answer (`ConnectionFailed`, `Timeout`).
  public var code: String
  /// The service's message, or what failed.
  public var message: String
  /// The HTTP status, when there was a response.
  public var statusCode: Int?
  /// The request id the service returned (`x-amzn-RequestId`).
  public var requestID: String?
  /// How many attempts were made.
  public var attempts: Int

  /// Creates an error.
  public init(
    _ kind: Kind, code: String, message: String, statusCode: Int? = nil, requestID: String? = nil,
    attempts: Int = 1
  ) {
    self.kind = kind
    self.code = code
    self.message = message
    self.statusCode = statusCode
    self.requestID = requestID
    self.attempts = attempts
  }

  public var description: String {
    var context = [code]
    if let statusCode { context.append("HTTP \(statusCode)") }
    if let requestID { context.append("request \(requestID)") }
    if attempts > 1 { context.append("\(attempts) attempts") }
    return "AWSError.\(kind.rawValue)(\(context.joined(separator: ", "))): \(message)"
  }

  /// Whether the service said the caller is throttled.
  public var isThrottling: Bool { AWSRetryPolicy.throttlingCodes.contains(code) }
}
