import Foundation
import MeshIdentity
import MeshModel
import MeshPKI

@testable import ECSClient
// MeshSupport is package-internal (no product): the root package builds it as a
// dependency of MeshModel, and a testable import reaches its package declarations.
@testable import MeshSupport

/// One libFuzzer entry for every target; `MESH_FUZZ_TARGET` picks the parser that gets the
/// input. Each target only asks that the parser returns or throws: a crash, a sanitizer
/// report, a hang or unbounded memory is what libFuzzer reports.
enum FuzzTarget: String, CaseIterable {
  /// A YAML or JSON stream of mesh resources, decoded and validated.
  case yaml
  /// Certificates and keys, as PEM and as DER.
  case x509
  /// Certificate signing requests, as PEM and as DER.
  case csr
  /// SPIFFE IDs and trust domains.
  case spiffe
  /// The body of an AWS JSON (or XML) error answer.
  case awsError = "aws-error"
  /// SigV4 canonicalisation of an arbitrary request: method, path, query and headers.
  case sigv4
  /// The input reader's text handling (byte-order marks, encodings) and the quoting,
  /// bounding and escaping of input in messages, checked for what they promise.
  case input

  static let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["MESH_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
      let names = allCases.map(\.rawValue).joined(separator: ", ")
      FileHandle.standardError.write(Data("MESH_FUZZ_TARGET must be one of \(names)\n".utf8))
      exit(2)
    }
    return target
  }()

  func run(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch self {
    case .yaml:
      if let resources = try? MeshResourceDecoder().decode(Data(bytes)) {
        for resource in resources { _ = resource.validate() }
      }
      _ = MeshResourceDecoder().validate(bytes, file: "fuzz.yaml")
    case .x509:
      _ = try? Certificate.parseBundle(pemEncoded: text).map { certificate in
        (certificate.uriSANs, certificate.ipSANs, certificate.keyUsage, certificate.spiffeID)
      }
      if let certificate = try? Certificate(derEncoded: bytes) {
        _ = (certificate.subject, certificate.extendedKeyUsage, certificate.pathLengthConstraint)
      }
      _ = try? PrivateKey(pemEncoded: text)
      _ = try? PrivateKey(pemEncoded: text, passphrase: "fuzz")
      _ = try? PrivateKey(derEncoded: bytes)
      _ = try? PublicKey(derEncoded: bytes)
    case .csr:
      if let request = try? CertificateSigningRequest(pemEncoded: text) {
        _ = (request.hasValidSignature, request.uriSANs, request.subject)
      }
      if let request = try? CertificateSigningRequest(derEncoded: bytes) {
        _ = (request.hasValidSignature, request.dnsSANs)
      }
    case .spiffe:
      _ = try? SPIFFEID(text)
      _ = try? TrustDomain(text)
    case .awsError:
      let status = 400 + Int(bytes.first ?? 0) % 200
      _ = AWSClient.serviceError(
        HTTPResponse(status: status, headers: [], body: Array(bytes.dropFirst())))
    case .sigv4:
      Self.sign(text)
    case .input:
      Self.input(bytes)
    }
  }

  /// Runs the reader's text step and InputText over the input, then the decoder and
  /// validation over what the reader keeps, and traps when a promise is broken: no
  /// control character left in what is printed, and nothing quoted beyond its bound.
  private static func input(_ bytes: [UInt8]) {
    guard let kept = try? InputReader.text(bytes, name: "fuzz") else { return }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { check(kept.count == bytes.count - 3, "BOM") }
    let text = String(decoding: kept, as: UTF8.self)
    // The first byte picks small limits too, so cuts land everywhere in short inputs.
    let limit = Int(bytes.first ?? 0) % 40
    for escaped in [
      InputText.quoted(text), InputText.quoted(text, limit: limit), InputText.clipped(text),
      InputText.clipped(text, limit: limit), InputText.boundedMessage(text),
      InputText.boundedMessage(text, runLimit: limit, totalLimit: limit * 8),
      InputText.escapingControlCharacters(text),
    ] {
      check(!escaped.unicodeScalars.contains(where: isControl), "control character kept")
    }
    let lines = InputText.escapingControlCharacters(text, keepingLineBreaks: true)
    check(
      !lines.unicodeScalars.contains { isControl($0) && $0 != "\n" && $0 != "\t" },
      "control character kept beside line breaks")
    // Escapes are at most 10 scalars each (\u{10FFFF} is not a control; \u{202E} is 8).
    check(InputText.quoted(text, limit: limit).unicodeScalars.count <= limit * 10 + 40, "quoted")
    check(InputText.boundedMessage(text).utf8.count <= 2048 * 10 + 40, "message")
    for issue in MeshResourceDecoder().validate(kept, file: "fuzz.yaml").issues {
      check(
        !(issue.message + issue.path.description).unicodeScalars.contains(where: isControl), "issue"
      )
      check(issue.message.utf8.count <= 2048 * 10 + 40, "issue message bounded")
    }
  }

  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E,
      0x2066...0x2069:
      true
    default: false
    }
  }

  /// A broken promise is a crash libFuzzer records with its input.
  private static func check(_ condition: Bool, _ promise: String) {
    if !condition { fatalError("input target: \(promise)") }
  }

  /// Reads a request from lines (method, path, query `name=value` items up to a blank
  /// line, then `name: value` headers) and signs it every way.
  private static func sign(_ text: String) {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard lines.count >= 2 else { return }
    let method = lines.removeFirst()
    let path = lines.removeFirst()
    var query: [(name: String, value: String)] = []
    while let line = lines.first, !line.isEmpty {
      lines.removeFirst()
      let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
      query.append((parts.first ?? "", parts.count > 1 ? parts[1] : ""))
    }
    var headers: [(name: String, value: String)] = [("Host", "ecs.us-east-1.amazonaws.com")]
    for line in lines.dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
      headers.append((parts.first ?? "", parts.count > 1 ? parts[1] : ""))
    }
    let request = SignableRequest(
      method: method, path: path, query: query, headers: headers, body: Array(text.utf8))
    let credentials = AWSCredentials(
      accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      sessionToken: "token")
    let date = Date(timeIntervalSince1970: 1_795_595_400)
    for normalizing in [true, false] {
      let signer = SigV4Signer(service: "ecs", region: "us-east-1", normalizesPath: normalizing)
      _ = signer.sign(request, credentials: credentials, date: date).signature.canonicalRequest
      _ = signer.sign(request, credentials: credentials, date: date, payload: .unsigned)
      _ = signer.presign(request, credentials: credentials, date: date)
    }
    _ = SigV4Signer.canonicalHeaders(headers)
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}
