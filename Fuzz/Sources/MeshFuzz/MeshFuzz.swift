import Foundation
import MeshModel
import MeshPKI

@testable import ECSClient

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
      _ = AWSJSONClient.serviceError(
        HTTPResponse(status: status, headers: [], body: Array(bytes.dropFirst())))
    case .sigv4:
      Self.sign(text)
    }
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
