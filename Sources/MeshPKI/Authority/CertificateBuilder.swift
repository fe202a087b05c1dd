internal import CMeshSSL
import Foundation

/// Builds and signs one certificate. All ASN.1 is OpenSSL's: extensions come from its
/// configuration syntax, the signature from X509_sign.
struct CertificateBuilder {
  var subject: [(String, String)]
  var publicKey: PublicKey
  var notBefore: Date
  var notAfter: Date
  /// `(nid, value)` pairs in OpenSSL's extension syntax, added in order.
  var extensions: [(Int32, String)] = []

  /// Signs the certificate with `issuerKey`. `issuer` is the issuing CA's certificate, or
  /// nil for a self-signed one.
  func sign(issuer: Certificate?, issuerKey: PrivateKey) throws -> Certificate {
    OpenSSLErrors.clear()
    guard let certificate = X509_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not create a certificate")
    }
    let box = CertificateBox(takingOwnershipOf: certificate)
    let name = try DistinguishedName(attributes: subject)
    guard X509_set_version(certificate, 2) == 1,
      X509_set_subject_name(certificate, name.pointer) == 1,
      X509_set_issuer_name(
        certificate, issuer.map { X509_get_subject_name($0.box.pointer) } ?? name.pointer) == 1,
      X509_set_pubkey(certificate, publicKey.box.pointer) == 1
    else { throw OpenSSLErrors.error(.openSSL, "could not set the certificate's names and key") }
    try setSerialNumber(certificate)
    try setValidity(certificate)

    var context = X509V3_CTX()
    CMeshSSL_X509V3_set_ctx_nodb(&context)
    X509V3_set_ctx(&context, issuer?.box.pointer ?? certificate, certificate, nil, nil, 0)
    for (nid, value) in extensions {
      let made = try X509Extensions.make(nid: nid, value: value, context: &context)
      defer { X509_EXTENSION_free(made) }
      guard X509_add_ext(certificate, made, -1) == 1 else {
        throw OpenSSLErrors.error(
          .openSSL, "could not add the extension \(String(cString: OBJ_nid2sn(nid)))")
      }
    }
    guard X509_sign(certificate, issuerKey.box.pointer, issuerKey.type.digest) > 0 else {
      throw OpenSSLErrors.error(.openSSL, "could not sign the certificate")
    }
    return Certificate(box: box)
  }

  /// 127 random bits: the top bit cleared so the serial is positive (RFC 5280 4.1.2.2).
  private func setSerialNumber(_ certificate: OpaquePointer) throws {
    var random = [UInt8](repeating: 0, count: 16)
    guard RAND_bytes(&random, Int32(random.count)) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not draw a serial number")
    }
    random[0] &= 0x7F
    random[0] |= 0x40  // never zero-led: always 16 bytes, 32 hex digits
    guard let number = BN_bin2bn(random, Int32(random.count), nil) else {
      throw OpenSSLErrors.error(.openSSL, "could not make a serial number")
    }
    defer { BN_free(number) }
    guard let serial = BN_to_ASN1_INTEGER(number, nil) else {
      throw OpenSSLErrors.error(.openSSL, "could not encode a serial number")
    }
    defer { ASN1_INTEGER_free(serial) }
    guard X509_set_serialNumber(certificate, serial) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not set the serial number")
    }
  }

  private func setValidity(_ certificate: OpaquePointer) throws {
    guard let start = ASN1_TIME_set(nil, time_t(notBefore.timeIntervalSince1970.rounded(.down)))
    else {
      throw OpenSSLErrors.error(.openSSL, "could not encode notBefore")
    }
    defer { ASN1_TIME_free(start) }
    guard let end = ASN1_TIME_set(nil, time_t(notAfter.timeIntervalSince1970.rounded(.down))) else {
      throw OpenSSLErrors.error(.openSSL, "could not encode notAfter")
    }
    defer { ASN1_TIME_free(end) }
    guard X509_set1_notBefore(certificate, start) == 1, X509_set1_notAfter(certificate, end) == 1
    else {
      throw OpenSSLErrors.error(.openSSL, "could not set the validity period")
    }
  }
}
