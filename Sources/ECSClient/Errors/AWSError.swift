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
  /// Where the failure came from. New codes may be added in any release: a `switch` over
  /// codes needs a `default`.
  ///
  /// The code says what kind of failure it was; ``AWSError/errorCode`` says which one,
  /// in AWS's words for service errors (as Soto keeps `errorCode` beside its own type).
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// The service answered with an error (``AWSError/errorCode`` is its error code).
    public static let service = Code("service")
    /// The connection failed or broke (refused, reset, dropped mid-response).
    public static let transport = Code("transport")
    /// No answer within the timeout.
    public static let timeout = Code("timeout")
    /// The caller's task was cancelled.
    public static let cancelled = Code("cancelled")
    /// The answer could not be understood (malformed JSON, unexpected content type).
    public static let invalidResponse = Code("invalidResponse")
    /// No usable credentials.
    public static let credentials = Code("credentials")
    /// The client's configuration or the request is not usable.
    public static let invalidRequest = Code("invalidRequest")
    /// A waiter reached a failure state or its deadline.
    public static let waiterFailed = Code("waiterFailed")

    /// The code's name.
    public var description: String { name }
  }

  /// Where the failure came from.
  public var code: Code
  /// The AWS error code (`ClusterNotFoundException`, `ThrottlingException`; compare with
  /// `ECS.ErrorCode`), or a code of this client's for failures without a service answer
  /// (`ConnectionFailed`, `Timeout`, `NoCredentials`).
  public var errorCode: String
  /// The service's message, or what failed.
  public var message: String
  /// The HTTP status, when there was a response.
  public var statusCode: Int?
  /// The request id the service returned (`x-amzn-RequestId`).
  public var requestID: String?
  /// How many attempts were made.
  public var attempts: Int

  /// Creates an error.
  ///
  /// - Parameters:
  ///   - code: Where the failure came from.
  ///   - errorCode: The AWS error code, or this client's code for the failure.
  ///   - message: The service's message, or what failed; never a secret.
  ///   - statusCode: The HTTP status, when there was a response.
  ///   - requestID: The request id the service returned.
  ///   - attempts: How many attempts were made.
  public init(
    _ code: Code, errorCode: String, message: String, statusCode: Int? = nil,
    requestID: String? = nil, attempts: Int = 1
  ) {
    self.code = code
    self.errorCode = errorCode
    self.message = message
    self.statusCode = statusCode
    self.requestID = requestID
    self.attempts = attempts
  }

  public var description: String {
    var context = [errorCode]
    if let statusCode { context.append("HTTP \(statusCode)") }
    if let requestID { context.append("request \(requestID)") }
    if attempts > 1 { context.append("\(attempts) attempts") }
    return "AWSError.\(code)(\(context.joined(separator: ", "))): \(message)"
  }

  /// Whether the service said the caller is throttled.
  public var isThrottling: Bool { AWSRetryPolicy.throttlingCodes.contains(errorCode) }
}
