import Foundation
internal import Synchronization

/// What the generated code knows of a service: an AWS JSON (awsJson1_1) one such as ECS,
/// or a query-protocol one such as STS.
struct ServiceDescription: Sendable {
  /// SigV4 signing name (`ecs`).
  let signingName: String
  /// Host prefix of the regional endpoint (`ecs`).
  let endpointPrefix: String
  /// `X-Amz-Target` prefix (`AmazonEC2ContainerServiceV20141113`); empty for query services.
  let targetPrefix: String
  /// `application/x-amz-json-<version>`; empty for query services.
  let jsonVersion: String
  /// The query protocol's `Version` parameter, the API version (`2011-06-15`); nil for
  /// JSON services.
  let queryVersion: String?

  /// A JSON service.
  init(signingName: String, endpointPrefix: String, targetPrefix: String, jsonVersion: String) {
    self.signingName = signingName
    self.endpointPrefix = endpointPrefix
    self.targetPrefix = targetPrefix
    self.jsonVersion = jsonVersion
    queryVersion = nil
  }

  /// A query-protocol service: form-encoded requests, XML answers.
  init(signingName: String, endpointPrefix: String, queryVersion: String) {
    self.signingName = signingName
    self.endpointPrefix = endpointPrefix
    targetPrefix = ""
    jsonVersion = ""
    self.queryVersion = queryVersion
  }
}

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

/// Sends a service's calls: awsJson1_1 (``call(_:_:idempotent:as:)``, JSON bodies POSTed
/// to `/` with `X-Amz-Target`) and query (`callQuery`, form-encoded bodies, XML answers),
/// signed with SigV4, retried in standard mode, errors read from `__type` and `message`
/// or from the XML `<Error>`.
final class AWSJSONClient: Sendable {
  let service: ServiceDescription
  let configuration: AWSClientConfiguration
  let transport: CurlTransport
  let signer: SigV4Signer
  let quota: RetryQuota
  /// The endpoint, or why the configuration has none: thrown by every call, before any
  /// request.
  let endpoint: Result<AWSEndpoint, AWSError>
  /// Every request sent, counted: for tests and benchmarks that check call counts.
  let counter = RequestCounter()

  init(service: ServiceDescription, configuration: AWSClientConfiguration) {
    self.service = service
    self.configuration = configuration
    transport = CurlTransport(options: configuration.http.curlOptions)
    signer = SigV4Signer(service: service.signingName, region: configuration.region)
    quota = RetryQuota(capacity: configuration.retry.quotaCapacity)
    endpoint = Result { () throws(AWSError) in
      try configuration.resolvedEndpoint(prefix: service.endpointPrefix)
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

  /// Calls `operation` with `input` and decodes its output.
  /// - Parameter idempotent: Whether the operation may be repeated after a timeout or a
  ///   broken connection (reads, and writes with an idempotency token).
  /// - Throws: ``AWSError``.
  func call<Input: Encodable, Output: Decodable>(
    _ operation: String, _ input: Input, idempotent: Bool, as output: Output.Type = Output.self
  ) async throws -> Output {
    let body: [UInt8]
    do {
      body = Array(try Self.encoder.encode(input))
    } catch {
      throw AWSError(
        .invalidRequest, errorCode: "SerializationFailed",
        message: "the \(operation) input cannot be encoded: \(error)")
    }
    let request = WireRequest(
      headers: [
        ("Content-Type", "application/x-amz-json-\(service.jsonVersion)"),
        ("X-Amz-Target", "\(service.targetPrefix).\(operation)"),
      ], body: body, acceptedTypes: ["application/x-amz-json", "application/json"],
      acceptedName: "JSON")
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
    let timeout = configuration.timeout
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .seconds(timeout.total))
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
  static func serviceError(_ response: HTTPResponse) -> AWSError {
    var requestID = response.header("x-amzn-RequestId")
    var code: String?
    var message: String?
    if let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
    {
      code = object["__type"] as? String
      message = (object["message"] as? String) ?? (object["Message"] as? String)
    } else if let xml = XMLErrorBody(response.body) {
      code = xml.code
      message = xml.message
      requestID = requestID ?? xml.requestID
    } else if !response.body.isEmpty && response.status < 500 {
      return AWSError(
        .invalidResponse, errorCode: "MalformedErrorResponse",
        message: "the HTTP \(response.status) answer is neither JSON nor XML",
        statusCode: response.status,
        requestID: requestID)
    }
    var errorCode = code ?? response.header("x-amzn-ErrorType") ?? ""
    errorCode = errorCode.split(separator: "#").last.map(String.init) ?? errorCode
    errorCode = errorCode.split(separator: ":").first.map(String.init) ?? errorCode
    if errorCode.isEmpty {
      errorCode = response.status >= 500 ? "ServiceUnavailable" : "HTTP\(response.status)"
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
