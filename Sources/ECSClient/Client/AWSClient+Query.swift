import Foundation

extension AWSClient {
  /// Calls a query-protocol operation (STS, IAM): the input form-encoded after
  /// `Action=<operation>&Version=<API version>` and POSTed to `/`, the answer's
  /// `<resultWrapper>` element decoded from XML with libxml2. Retries, timeouts and error
  /// answers are as for JSON calls (``send(_:_:idempotent:)``).
  /// - Parameters:
  ///   - resultWrapper: The element holding the output (`AssumeRoleResult`), from the model.
  ///   - idempotent: Whether the operation may be repeated after a timeout or a broken
  ///     connection.
  ///   - signed: False for operations the model marks unauthenticated: sent without
  ///     credentials and without a signature.
  /// - Throws: ``AWSError``: the service's error, `MalformedResponse` for an answer that is
  ///   not the XML expected (saying where, never what it holds).
  func callQuery<Input: Encodable, Output: Decodable>(
    _ operation: String, _ input: Input, apiVersion: String, resultWrapper: String,
    idempotent: Bool, signed: Bool
  ) async throws -> Output {
    let body: [UInt8]
    do {
      body = try QueryEncoder().encode(
        input, action: operation, version: apiVersion)
    } catch {
      throw AWSError(
        .invalidRequest, errorCode: "SerializationFailed",
        message: "the \(operation) input cannot be encoded: \(Self.describeEncoding(error))")
    }
    let request = WireRequest(
      headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body,
      signed: signed, acceptedTypes: ["text/xml", "application/xml"], acceptedName: "XML")
    let response = try await send(operation, request, idempotent: idempotent)
    func malformed(_ reason: String) -> AWSError {
      AWSError(
        .invalidResponse, errorCode: "MalformedResponse",
        message: "the \(operation) response is not the XML expected: \(reason)",
        statusCode: response.status, requestID: response.header("x-amzn-RequestId"))
    }
    guard let root = XMLTreeElement(parsing: response.body) else {
      throw malformed("not well-formed XML")
    }
    guard root.name == "\(operation)Response" else {
      throw malformed("the root element is <\(root.name)>, not <\(operation)Response>")
    }
    // An output without members may come without its result element.
    let result =
      root.child(resultWrapper) ?? XMLTreeElement(name: resultWrapper, text: "", children: [])
    do {
      return try XMLTreeDecoder().decode(Output.self, from: result)
    } catch {
      throw malformed(Self.describe(error))
    }
  }

  /// Where an input failed to encode and why, never the value (it may be a token).
  static func describeEncoding(_ error: any Error) -> String {
    guard case EncodingError.invalidValue(_, let context) = error else {
      return "\(type(of: error))"
    }
    let path = context.codingPath.map(\.stringValue).joined(separator: ".")
    return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
  }
}
