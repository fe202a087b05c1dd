import Foundation

/// What a signed call needs to know of an AWS service: the name it signs with, the host
/// prefix of its regional endpoint, and its wire protocol. The generated clients declare
/// theirs (``ECS/service``); for any other service, write it from the service's model
/// (botocore's `service-2.json` `metadata`: `signingName`, `endpointPrefix`, `protocol`,
/// `jsonVersion`, `targetPrefix`, `apiVersion`).
///
/// ```swift
/// let dynamoDB = AWSServiceDescription(
///   signingName: "dynamodb",
///   wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))
/// let iam = AWSServiceDescription(signingName: "iam", wireProtocol: .query(apiVersion: "2010-05-08"))
/// ```
public struct AWSServiceDescription: Sendable, Hashable {
  /// How requests and answers are written.
  public enum WireProtocol: Sendable, Hashable {
    /// AWS JSON 1.0 or 1.1 (`awsJson1_0`, `awsJson1_1`): the input as a JSON body POSTed to
    /// `/` with `X-Amz-Target: <targetPrefix>.<operation>` and `Content-Type:
    /// application/x-amz-json-<version>`; JSON answers, errors from `__type`.
    case json(version: String, targetPrefix: String)
    /// The query protocol: the input form-encoded after `Action=<operation>&Version=
    /// <apiVersion>` and POSTed to `/`; XML answers, the output in `<OperationResult>`,
    /// errors in `<ErrorResponse>`.
    case query(apiVersion: String)
  }

  /// The SigV4 signing name (`ecs`, `sts`, `dynamodb`).
  public var signingName: String
  /// The host prefix of the regional endpoint, `https://<prefix>.<region>.amazonaws.com`;
  /// usually the signing name.
  public var endpointPrefix: String
  /// How requests and answers are written.
  public var wireProtocol: WireProtocol

  /// Creates a description.
  /// - Parameters:
  ///   - signingName: The SigV4 signing name.
  ///   - endpointPrefix: The regional endpoint's host prefix; the signing name by default.
  ///   - wireProtocol: JSON (with its version and target prefix) or query (with the API
  ///     version).
  public init(signingName: String, endpointPrefix: String? = nil, wireProtocol: WireProtocol) {
    self.signingName = signingName
    self.endpointPrefix = endpointPrefix ?? signingName
    self.wireProtocol = wireProtocol
  }

  /// Checks what goes into a host name, a header or a signature's scope.
  /// - Throws: ``AWSError`` with code invalidRequest, error code `InvalidService`.
  func validate() throws(AWSError) {
    func check(_ value: String, _ name: String, allowing extra: Set<Character>) throws(AWSError) {
      let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
      guard !value.isEmpty, value.count <= 128, value.allSatisfy(letters.union(extra).contains)
      else {
        let allowed =
          "letters, digits and " + extra.sorted().map(String.init).joined(separator: " ")
        throw AWSError(
          .invalidRequest, errorCode: "InvalidService",
          message:
            "the service's \(name) \(String(value.prefix(128)).debugDescription) is not \(allowed)")
      }
    }
    try check(signingName, "signing name", allowing: ["-"])
    try check(endpointPrefix, "endpoint prefix", allowing: ["-", "."])
    switch wireProtocol {
    case .json(let version, let targetPrefix):
      guard version == "1.0" || version == "1.1" else {
        throw AWSError(
          .invalidRequest, errorCode: "InvalidService",
          message:
            "the JSON protocol version \(String(version.prefix(16)).debugDescription) is not 1.0 or 1.1"
        )
      }
      try check(targetPrefix, "target prefix", allowing: ["_", "-", "."])
    case .query(let apiVersion):
      try check(apiVersion, "API version", allowing: ["-"])
    }
  }
}

/// The input or output of an operation that has none: pass `AWSEmptyShape()` as the input
/// of ``AWSClient/execute(_:input:as:idempotent:authenticated:resultWrapper:)``, or ask
/// for it as the output to discard an answer.
public struct AWSEmptyShape: Codable, Sendable, Hashable {
  /// The empty value.
  public init() {}
}
