internal import CMeshSSL
import Foundation
import MeshIdentity

/// Owns one X509_REQ, read-only after it is built or parsed.
final class RequestBox: @unchecked Sendable {
  // @unchecked: `pointer` is immutable and the request is only read after init.
  let pointer: OpaquePointer

  init(takingOwnershipOf pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    X509_REQ_free(pointer)
  }
}

/// A PKCS#10 certificate signing request: a public key and the names it asks for, signed
/// with the private key (proof that the requester holds it).
///
/// ```swift
/// let key = try PrivateKey(generating: .p256)
/// let csr = try CertificateSigningRequest(key: key, spiffeID: SPIFFEID("spiffe://example.org/web"))
/// let pem = csr.pemEncoded
/// ```
public struct CertificateSigningRequest: Sendable, CustomStringConvertible {
  let box: RequestBox

  /// Builds and signs a request for a SPIFFE ID (its URI SAN) and, optionally, DNS names.
  /// - Parameters:
  ///   - key: The key to certify; it signs the request.
  ///   - spiffeID: The identity asked for, as the request's URI SAN.
  ///   - dnsNames: Further DNS SANs.
  ///   - organization: The subject's O attribute.
  /// - Throws: ``PKIError`` if OpenSSL cannot build or sign the request.
  public init(
    key: PrivateKey, spiffeID: SPIFFEID?, dnsNames: [String] = [], organization: String? = nil
  ) throws {
    OpenSSLErrors.clear()
    guard let request = X509_REQ_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not create a CSR")
    }
    let box = RequestBox(takingOwnershipOf: request)
    guard X509_REQ_set_version(request, 0) == 1, X509_REQ_set_pubkey(request, key.box.pointer) == 1
    else {
      throw OpenSSLErrors.error(.openSSL, "could not set the CSR's key")
    }
    if let organization {
      let name = try DistinguishedName(organization: organization)
      guard X509_REQ_set_subject_name(request, name.pointer) == 1 else {
        throw OpenSSLErrors.error(.openSSL, "could not set the CSR's subject")
      }
    }
    let alternativeNames = (spiffeID.map { ["URI:\($0.uri)"] } ?? []) + dnsNames.map { "DNS:\($0)" }
    if !alternativeNames.isEmpty {
      let extensions = try ExtensionStack()
      try extensions.append(
        try X509Extensions.make(
          nid: NID_subject_alt_name, value: alternativeNames.joined(separator: ","), context: nil))
      guard X509_REQ_add_extensions(request, extensions.pointer) == 1 else {
        throw OpenSSLErrors.error(.openSSL, "could not add the CSR's names")
      }
    }
    guard X509_REQ_sign(request, key.box.pointer, key.type.digest) > 0 else {
      throw OpenSSLErrors.error(.openSSL, "could not sign the CSR")
    }
    self.box = box
  }

  /// Reads a PEM `CERTIFICATE REQUEST`.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding``.
  public init(pemEncoded pem: String) throws {
    OpenSSLErrors.clear()
    let bio = try MemoryBIO(reading: pem.utf8)
    guard let request = PEM_read_bio_X509_REQ(bio.pointer, nil, { _, _, _, _ in 0 }, nil) else {
      throw OpenSSLErrors.error(.invalidEncoding, "no certificate signing request in the PEM input")
    }
    box = RequestBox(takingOwnershipOf: request)
  }

  /// Reads a DER certificate signing request.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding``.
  public init(derEncoded der: some Collection<UInt8>) throws {
    OpenSSLErrors.clear()
    let bytes = Array(der)
    let request: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_X509_REQ(nil, &cursor, buffer.count)
    }
    guard let request else {
      throw OpenSSLErrors.error(
        .invalidEncoding, "the DER input is not a certificate signing request")
    }
    box = RequestBox(takingOwnershipOf: request)
  }

  /// The PEM encoding.
  public var pemEncoded: String {
    guard let bio = try? MemoryBIO(), PEM_write_bio_X509_REQ(bio.pointer, box.pointer) == 1 else {
      OpenSSLErrors.clear()
      return ""
    }
    return bio.string
  }

  /// The DER encoding.
  public var derEncoded: [UInt8] {
    var buffer: UnsafeMutablePointer<UInt8>?
    let length = i2d_X509_REQ(box.pointer, &buffer)
    guard length > 0, let buffer else { return [] }
    defer { CMeshSSL_OPENSSL_free(buffer) }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
  }

  /// The requested subject, RFC 2253 text.
  public var subject: String { Certificate.text(of: X509_REQ_get_subject_name(box.pointer)) }

  /// The key to certify.
  public var publicKey: PublicKey {
    get throws {
      guard let key = X509_REQ_get_pubkey(box.pointer) else {
        throw OpenSSLErrors.error(.invalidCSR, "the CSR's public key cannot be read")
      }
      return try PublicKey(box: KeyBox(takingOwnershipOf: key))
    }
  }

  /// Whether the request's signature verifies with its own public key.
  public var hasValidSignature: Bool {
    guard let key = X509_REQ_get0_pubkey(box.pointer) else {
      OpenSSLErrors.clear()
      return false
    }
    let valid = X509_REQ_verify(box.pointer, key) == 1
    OpenSSLErrors.clear()
    return valid
  }

  /// The URI SANs the request asks for.
  public var uriSANs: [String] { names(ofType: GEN_URI) }

  /// The DNS SANs the request asks for.
  public var dnsSANs: [String] { names(ofType: GEN_DNS) }

  private func names(ofType type: Int32) -> [String] {
    guard let extensions = X509_REQ_get_extensions(box.pointer) else {
      OpenSSLErrors.clear()
      return []
    }
    defer { CMeshSSL_sk_X509_EXTENSION_pop_free(extensions) }
    for index in 0..<CMeshSSL_sk_X509_EXTENSION_num(extensions) {
      guard let item = CMeshSSL_sk_X509_EXTENSION_value(extensions, index),
        OBJ_obj2nid(X509_EXTENSION_get_object(item)) == NID_subject_alt_name,
        let raw = X509V3_EXT_d2i(item)
      else { continue }
      let names = OpaquePointer(raw)
      defer { CMeshSSL_GENERAL_NAMES_free(names) }
      return GeneralNames.strings(in: names, ofType: type).map {
        String(decoding: $0, as: UTF8.self)
      }
    }
    return []
  }

  public var description: String { "CertificateSigningRequest(\(subject), URIs \(uriSANs))" }
}
