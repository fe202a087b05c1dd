import Foundation
import Testing

@testable import ECSClient

/// The inputs with which Scripts/fuzz found a problem, replayed through the same code as
/// the fuzz target. They matter most in the AddressSanitizer run of the suite (`swift test
/// --sanitize=address`), which reports a use after free or a leak that a plain run does not
/// see; here they also check the answers.
@Suite("Fuzzer findings")
struct FuzzRegressionTests {
  static func finding(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("FuzzFindings").appendingPathComponent(name)
    return Array(try Data(contentsOf: url))
  }

  @Test("sigv4: the HMAC key's parameter names outlive EVP_MAC_init (was a use after free)")
  func hmacParameterName() throws {
    let input = String(decoding: try Self.finding("sigv4-hmac-parameter-name"), as: UTF8.self)
    let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let headers = lines.dropFirst(3).map { line -> (name: String, value: String) in
      let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
      return (parts[0], parts.count > 1 ? parts[1] : "")
    }
    let signer = SigV4Signer(service: "service", region: "us-east-1")

    let signed = signer.sign(
      SignableRequest(method: lines[0], path: lines[1], headers: headers),
      credentials: AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
      date: Date(timeIntervalSince1970: 1_440_938_160))

    // AWS's get-vanilla case, which the input is: its documented signature.
    #expect(
      signed.signature.signature
        == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
  }

  @Test(
    "aws-error: malformed XML is a typed error (XMLParser leaked, trapped or crashed on these)",
    arguments: [
      "aws-error-malformed-xml", "aws-error-xml-name-not-utf8",
      "aws-error-xml-empty-processing-instruction",
    ])
  func malformedXML(finding: String) throws {
    let body = try Self.finding(finding)

    let error = AWSClient.serviceError(
      HTTPResponse(status: 400, headers: [], body: Array(body.dropFirst())))

    #expect(
      error.code == .invalidResponse && error.errorCode == "MalformedErrorResponse", "\(error)")
  }
}

extension FuzzRegressionTests {
  @Test("aws-error: a well-formed XML error still gives its code, message and request id")
  func wellFormedXML() {
    let body = """
      <?xml version="1.0"?>
      <ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
      <Message>The request signature we calculated does not match.</Message></Error>
      <RequestId>4442587FB7D0A2F9</RequestId></ErrorResponse>
      """

    let error = AWSClient.serviceError(
      HTTPResponse(status: 403, headers: [], body: Array(body.utf8)))

    #expect(error.errorCode == "SignatureDoesNotMatch" && error.requestID == "4442587FB7D0A2F9")
    #expect(error.message == "The request signature we calculated does not match.")
  }
}
