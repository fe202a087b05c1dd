import Foundation
internal import Synchronization

/// One call's request as its protocol writes it, and the answers it accepts.
struct WireRequest: Sendable {
  /// The protocol's headers (`Content-Type`, `X-Amz-Target`); `Host` and `User-Agent` are
  /// added for every call.
  var headers: [(name: String, value: String)]
  var body: [UInt8]
  /// Whether the request is signed; false for operations the model marks
  /// unauthenticated (STS's AssumeRoleWithWebIdentity), which need no credentials.
  var signed: Bool = true
  /// Content types (lowercase prefixes) a successful answer may have; an empty type is
  /// accepted too.
  var acceptedTypes: [String]
  /// What the accepted types are called in an error (`JSON`).
  var acceptedName: String
}

/// Signed calls to one AWS service, by operation name, as Soto's `AWSClient.execute`:
/// the one path every call takes, the generated clients' (``ECS``, ``SSM``, ``STS``)
/// included. It writes the request in the service's protocol (AWS JSON 1.0 or 1.1, or
/// query), signs it with SigV4, sends it over pooled connections, retries in the SDKs'
/// standard mode within ``AWSClientConfiguration/timeout``, and reads the answer or the
/// service's error.
///
/// ```swift
/// // An SSM operation the generated SSM client does not declare, on its connections:
/// struct GetParameterInput: Encodable { var Name: String }
/// struct GetParameterOutput: Decodable { struct Parameter: Decodable { var Value: String? }; var Parameter: Parameter? }
/// let ssm = SSM(configuration: configuration)
/// let answer = try await ssm.client.execute(
///   "GetParameter", input: GetParameterInput(Name: "/mesh/trust-domain"), as: GetParameterOutput.self,
///   idempotent: true)
///
/// // Any other service, from its model's metadata:
/// let iam = AWSClient(
///   service: AWSServiceDescription(signingName: "iam", wireProtocol: .query(apiVersion: "2010-05-08")),
///   configuration: configuration)
/// ```
///
/// Inputs are encoded with their `CodingKeys`, which must be the model's member names
/// (`Name`, `clusterArn`); dates travel as epoch seconds in JSON. Outputs decode from the
/// JSON body, or from the query protocol's `<OperationResult>` element.
public final class AWSClient: Sendable {
  /// The service called.
  public let service: AWSServiceDescription
  /// The configuration the client was made with: region, endpoint, credentials, retries,
  /// timeouts.
  public let configuration: AWSClientConfiguration
  let transport: CurlTransport
  let signer: SigV4Signer
  let quota: RetryQuota
  /// The endpoint, or why the configuration or the service description has none: thrown
  /// by every call, before any request.
  let endpoint: Result<AWSEndpoint, AWSError>
  /// Every request sent, counted: for tests and benchmarks that check call counts.
  let counter = RequestCounter()

  /// Creates a client for `service`. A region, endpoint or service description that is not
  /// usable makes every call fail with an `invalidRequest` error, before any request.
  public init(service: AWSServiceDescription, configuration: AWSClientConfiguration) {
    self.service = service
    self.configuration = configuration
    transport = CurlTransport(options: configuration.http.curlOptions)
    signer = SigV4Signer(service: service.signingName, region: configuration.region)
    quota = RetryQuota(capacity: configuration.retry.quotaCapacity)
    endpoint = Result { () throws(AWSError) in
      try service.validate()
      return try configuration.resolvedEndpoint(prefix: service.endpointPrefix)
    }
  }

  /// Requests sent so far, by operation name (retries counted).
  public var requestCounts: [String: Int] { counter.snapshot }

  /// Calls `operation` with `input` and decodes its output.
  ///
  /// - Parameters:
  ///   - operation: The operation's name in the model (`GetCallerIdentity`): letters and
  ///     digits.
  ///   - input: The input; its coding keys are the model's member names. `AWSEmptyShape()`
  ///     for an operation without input.
  ///   - output: The type to decode the output as; `AWSEmptyShape` to discard it.
  ///   - idempotent: Whether the operation may be repeated after a timeout or a broken
  ///     connection (reads, and writes with an idempotency token). Throttling, 5xx answers
  ///     and refused connections are retried either way.
  ///   - authenticated: False for the few operations the model marks unauthenticated
  ///     (`authtype: none`): sent without credentials or signature.
  ///   - resultWrapper: For the query protocol, the element holding the output; the
  ///     model's `resultWrapper`, `<operation>Result` by default. Ignored for JSON.
  /// - Throws: ``AWSError``: the service's error (code `service`, its error code), `transport`,
  ///   `timeout`, `credentials`; `invalidRequest` (`InvalidOperation`, `InvalidService`,
  ///   `SerializationFailed`, a bad region or endpoint); `invalidResponse` for an answer that
  ///   is not the service's (`MalformedResponse`, `UnexpectedContentType`, and
  ///   `MalformedErrorResponse` for an error answer without an AWS error code: an empty 404,
  ///   a proxy's HTML page).
  public func execute<Input: Encodable, Output: Decodable>(
    _ operation: String, input: Input, as output: Output.Type = Output.self,
    idempotent: Bool = false, authenticated: Bool = true, resultWrapper: String? = nil
  ) async throws -> Output {
    guard !operation.isEmpty, operation.count <= 128,
      operation.unicodeScalars.allSatisfy({
        $0.isASCII && (CharacterSet.alphanumerics.contains($0))
      })
    else {
      throw AWSError(
        .invalidRequest, errorCode: "InvalidOperation",
        message:
          "the operation name \(String(operation.prefix(128)).debugDescription) is not letters and digits"
      )
    }
    switch service.wireProtocol {
    case .json(let version, let targetPrefix):
      return try await callJSON(
        operation, input, version: version, targetPrefix: targetPrefix, idempotent: idempotent,
        signed: authenticated)
    case .query(let apiVersion):
      return try await callQuery(
        operation, input, apiVersion: apiVersion,
        resultWrapper: resultWrapper ?? "\(operation)Result", idempotent: idempotent,
        signed: authenticated)
    }
  }

  static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .secondsSince1970
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }()

  static let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .secondsSince1970
    return decoder
  }()

  /// An AWS JSON call: the input as JSON POSTed to `/` with `X-Amz-Target`.
  private func callJSON<Input: Encodable, Output: Decodable>(
    _ operation: String, _ input: Input, version: String, targetPrefix: String, idempotent: Bool,
    signed: Bool
  ) async throws -> Output {
    let body: [UInt8]
    do {
      body = Array(try Self.encoder.encode(input))
    } catch {
      throw AWSError(
        .invalidRequest, errorCode: "SerializationFailed",
        message: "the \(operation) input cannot be encoded: \(Self.describeEncoding(error))")
    }
    let request = WireRequest(
      headers: [
        ("Content-Type", "application/x-amz-json-\(version)"),
        ("X-Amz-Target", "\(targetPrefix).\(operation)"),
      ], body: body, signed: signed,
      acceptedTypes: ["application/x-amz-json", "application/json"], acceptedName: "JSON")
    let response = try await send(operation, request, idempotent: idempotent)
    do {
      return try Self.decoder.decode(
        Output.self, from: Data(response.body.isEmpty ? Array("{}".utf8) : response.body))
    } catch {
      throw AWSError(
        .invalidResponse, errorCode: "MalformedResponse",
        message: "the \(operation) response is not the JSON expected: \(Self.describe(error))",
        statusCode: response.status, requestID: response.header("x-amzn-RequestId"))
    }
  }

  /// Where a response failed to decode: the field path and the reason, never the values.
  static func describe(_ error: any Error) -> String {
    func path(_ context: DecodingError.Context) -> String {
      context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error {
    case DecodingError.typeMismatch(let type, let context): return "\(path(context)) is not \(type)"
    case DecodingError.valueNotFound(let type, let context):
      return "\(path(context)) is null, expected \(type)"
    case DecodingError.keyNotFound(let key, let context):
      return "\(path(context)).\(key.stringValue) is missing"
    case DecodingError.dataCorrupted(let context):
      return "\(path(context)): \(context.debugDescription)"
    default: return "not JSON"
    }
  }

  /// Sends a call with retries within the configuration's timeout; returns the
  /// successful response.
  ///
  /// Every attempt gets `timeout.attempt` seconds, cut to what is left of
  /// `timeout.total`; a retry is made only if its backoff ends with time left for it.
  func send(_ operation: String, _ request: WireRequest, idempotent: Bool) async throws
    -> HTTPResponse
  {
    let endpoint = try self.endpoint.get()
    let policy = configuration.retry
    let timeout = (
      connect: configuration.timeout.connect.timeInterval,
      attempt: configuration.timeout.attempt.timeInterval,
      total: configuration.timeout.total.timeInterval
    )
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: configuration.timeout.total)
    func remaining() -> TimeInterval { clock.now.duration(to: deadline) / .seconds(1) }
    var attempt = 1
    var retryCosts = 0
    var lastError: AWSError?
    while true {
      if let lastError, remaining() < Self.shortestRetry {
        // The backoff ended late (a busy machine wakes sleepers late): no time is left for
        // the retry, and the caller gets the error that called for it.
        throw lastError.code == .timeout
          ? Self.callTimeout(operation, host: endpoint.host, total: timeout.total, after: lastError)
          : lastError
      }
      do {
        let response = try await attemptOnce(operation, request, endpoint: endpoint) {
          let limit = min(timeout.attempt, remaining())
          return (connect: min(timeout.connect, limit), attempt: limit)
        }
        quota.release(retryCosts)
        return response
      } catch var error as AWSError {
        error.attempts = attempt
        if error.code == .timeout && remaining() < Self.shortestRetry {
          // The attempt had only the rest of the call's time: the call timed out.
          throw Self.callTimeout(
            operation, host: endpoint.host, total: timeout.total, after: error)
        }
        guard attempt < policy.maximumAttempts,
          let cost = policy.retryCost(of: error, idempotent: idempotent)
        else { throw error }
        let delay = policy.delay(beforeRetry: attempt)
        // A retry left with less than this could only time out, hiding the error that
        // made it: the caller gets that error instead, within the call's time.
        guard remaining() - delay >= Self.shortestRetry, quota.acquire(cost) else { throw error }
        retryCosts += cost
        lastError = error
        try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        attempt += 1
      }
    }
  }

  /// The least time a retry must have left of the call's `total` to be made.
  static let shortestRetry: TimeInterval = 0.1

  /// The call's own timeout (`CallTimeout`): `total` ran out during an attempt. It says
  /// the operation, the server, the bound and whether a connection ever came up.
  static func callTimeout(
    _ operation: String, host: String, total: TimeInterval, after error: AWSError
  ) -> AWSError {
    guard error.errorCode != "CallTimeout" else { return error }
    var timeout = error
    timeout.errorCode = "CallTimeout"
    let what =
      error.errorCode == "ConnectTimeout"
      ? "no connection to \(host)" : "no complete answer from \(host)"
    timeout.message =
      "\(operation): \(what) within \(formatSeconds(total)), the time allowed for the whole call"
    return timeout
  }

  /// One attempt; `limits` gives its connect and attempt bounds once credentials are in
  /// hand, so that the time their lookup took counts against the call's.
  private func attemptOnce(
    _ operation: String, _ request: WireRequest, endpoint: AWSEndpoint,
    limits: () -> (connect: TimeInterval, attempt: TimeInterval)
  ) async throws -> HTTPResponse {
    var credentials: AWSCredentials?
    if request.signed {
      do {
        credentials = try await configuration.credentials.credentials()
      } catch let error as AWSError {
        throw error
      } catch {
        throw AWSError(.credentials, errorCode: "NoCredentials", message: "\(error)")
      }
    }
    let limits = limits()
    guard limits.attempt > 0 else {
      throw AWSError(
        .timeout, errorCode: "CallTimeout",
        message:
          "\(operation): the credentials lookup took all of the time allowed for the whole call")
    }
    let unsigned = SignableRequest(
      method: "POST", path: "/",
      headers: [("Host", endpoint.host)] + request.headers + [
        ("User-Agent", configuration.userAgent)
      ], body: request.body)
    let headers = credentials.map { signer.sign(unsigned, credentials: $0).request.headers }
    counter.increment(operation)
    let response = try await transport.send(
      HTTPRequest(
        method: "POST", url: endpoint.baseURL + "/", headers: headers ?? unsigned.headers,
        body: request.body, connectTimeout: limits.connect, timeout: limits.attempt,
        deadline: .now.advanced(by: .seconds(limits.attempt))))
    if (200..<300).contains(response.status) {
      let type = (response.header("Content-Type") ?? "").lowercased()
      guard type.isEmpty || request.acceptedTypes.contains(where: type.hasPrefix) else {
        throw AWSError(
          .invalidResponse, errorCode: "UnexpectedContentType",
          message: "the answer is \(type), not \(request.acceptedName)",
          statusCode: response.status, requestID: response.header("x-amzn-RequestId"))
      }
      return response
    }
    throw Self.serviceError(response)
  }

  /// An error answer: the code from `__type` (or `x-amzn-ErrorType`), after any `#` and
  /// before any `:`; the message from `message` or `Message`. Some endpoints (and local
  /// servers) answer authentication failures in the XML of the query protocol; its `Code`
  /// and `Message` are read too.
  ///
  /// An answer without an AWS error code is not the service's (an empty 404 from a wrong
  /// endpoint, a proxy's HTML 502, a maintenance page): `invalidResponse` with error code
  /// `MalformedErrorResponse`, never a code made up from the status. Its status stays in
  /// ``AWSError/statusCode``, so that a 5xx is retried as the SDKs retry it.
  static func serviceError(_ response: HTTPResponse) -> AWSError {
    var requestID = response.header("x-amzn-RequestId")
    var code: String?
    var message: String?
    let form: String
    if let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    {
      code = object["__type"] as? String
      message = (object["message"] as? String) ?? (object["Message"] as? String)
      form = "JSON without __type"
    } else if let xml = XMLErrorBody(response.body) {
      code = xml.code
      message = xml.message
      requestID = requestID ?? xml.requestID
      form = "XML"
    } else if response.body.isEmpty {
      form = "an empty body"
    } else {
      let type = (response.header("Content-Type") ?? "").split(separator: ";").first ?? ""
      form = type.isEmpty ? "a body that is not an AWS error" : "a \(type.lowercased()) body"
    }
    var errorCode = code ?? response.header("x-amzn-ErrorType") ?? ""
    errorCode = errorCode.split(separator: "#").last.map(String.init) ?? errorCode
    errorCode = errorCode.split(separator: ":").first.map(String.init) ?? errorCode
    errorCode = errorCode.trimmingCharacters(in: .whitespaces)
    guard !errorCode.isEmpty else {
      return AWSError(
        .invalidResponse, errorCode: "MalformedErrorResponse",
        message:
          "the HTTP \(response.status) answer is \(form), with no AWS error code: not an answer of the service (a wrong endpoint, or a proxy's page)",
        statusCode: response.status, requestID: requestID)
    }
    return AWSError(
      .service, errorCode: errorCode, message: message.map(withoutSigningInputs) ?? "no message",
      statusCode: response.status, requestID: requestID)
  }

  /// The message without the canonical request and string to sign that AWS appends to a
  /// `SignatureDoesNotMatch`: errors end up in logs, and those inputs are not for logs.
  static func withoutSigningInputs(_ message: String) -> String {
    let markers = [
      "The Canonical String for this request should have been",
      "The String-to-Sign should have been",
    ]
    guard let cut = markers.compactMap({ message.range(of: $0)?.lowerBound }).min() else {
      return message
    }
    return message[..<cut].trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// Requests sent per operation.
final class RequestCounter: Sendable {
  private let counts = Mutex<[String: Int]>([:])

  func increment(_ operation: String) {
    counts.withLock { $0[operation, default: 0] += 1 }
  }

  var snapshot: [String: Int] {
    counts.withLock { $0 }
  }
}
