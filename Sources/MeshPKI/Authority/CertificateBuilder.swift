internal import CMeshSSL
import Foundation

/// Builds and signs one certificate. All ASN.1 is OpenSSL's: extensions come from its
/// configuration syntax, the signature from X509_sign.
struct CertificateBuilder {
  var subject: [(String, String)]
  /// A subject built once (a CA's leaf template), used instead of `subject`.
  var prebuiltSubject: DistinguishedName?
  /// Extensions built once (a CA's leaf template), added before `extensions`.
  var prebuiltExtensions: [ExtensionBox] = []
  var publicKey: PublicKey
  var notBefore: Date
  var notAfter: Date
  /// `(nid, value)` pairs in OpenSSL's extension syntax, added in order.
  var extensions: [(Int32, String)] = []
  /// Whether to write the public key without OpenSSL 3.0's encoder round trip (see
  /// `setPublicKey`). The certificate then holds no decoded key until it is parsed again,
  /// which leaves are fine with and issuing CAs are not (verification needs their key).
  var writesPublicKeyDirectly = false
  /// The issuer key's context, set up once (a CA's leaf template); nil signs with
  /// `X509_sign`, which sets one up for this certificate.
  var signingContext: SigningContext?

  /// Signs the certificate with `issuerKey`. `issuer` is the issuing CA's certificate, or
  /// nil for a self-signed one.
  func sign(issuer: Certificate?, issuerKey: PrivateKey) throws -> Certificate {
    OpenSSLErrors.clear()
    guard let certificate = X509_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not create a certificate")
    }
    let box = CertificateBox(takingOwnershipOf: certificate)
    let name = try prebuiltSubject ?? DistinguishedName(attributes: subject)
    guard X509_set_version(certificate, 2) == 1,
      X509_set_subject_name(certificate, name.pointer) == 1,
      X509_set_issuer_name(
        certificate, issuer.map { X509_get_subject_name($0.box.pointer) } ?? name.pointer) == 1,
      setPublicKey(certificate)
    else { throw OpenSSLErrors.error(.openSSL, "could not set the certificate's names and key") }
    try setSerialNumber(certificate)
    try setValidity(certificate)

    var context = X509V3_CTX()
    CMeshSSL_X509V3_set_ctx_nodb(&context)
    X509V3_set_ctx(&context, issuer?.box.pointer ?? certificate, certificate, nil, nil, 0)
    for prebuilt in prebuiltExtensions {
      guard X509_add_ext(certificate, prebuilt.pointer, -1) == 1 else {
        throw OpenSSLErrors.error(.openSSL, "could not add an extension")
      }
    }
    for (nid, value) in extensions {
      let made = try X509Extensions.make(nid: nid, value: value, context: &context)
      defer { X509_EXTENSION_free(made) }
      guard X509_add_ext(certificate, made, -1) == 1 else {
        throw OpenSSLErrors.error(
          .openSSL, "could not add the extension \(String(cString: OBJ_nid2sn(nid)))")
      }
    }
    let signed: Bool
    if let context = signingContext?.copy() {
      signed = X509_sign_ctx(certificate, context) > 0
      EVP_MD_CTX_free(context)
    } else {
      signed = X509_sign(certificate, issuerKey.box.pointer, issuerKey.type.digest) > 0
    }
    guard signed else {
      throw OpenSSLErrors.error(.openSSL, "could not sign the certificate")
    }
    return Certificate(box: box)
  }

  /// Sets the SubjectPublicKeyInfo. OpenSSL 3.0's X509_set_pubkey encodes the key with
  /// its encoder framework and decodes it back, which costs more than the signature; for
  /// leaves with EC and Ed25519 keys the algorithm and encoded point are set directly
  /// instead (still OpenSSL's ASN.1), and X509_set_pubkey serves the rest.
  private func setPublicKey(_ certificate: OpaquePointer) -> Bool {
    let algorithm: (nid: Int32, parameter: Int32?)
    guard writesPublicKeyDirectly else {
      return X509_set_pubkey(certificate, publicKey.box.pointer) == 1
    }
    switch publicKey.type {
    case .p256: algorithm = (NID_X9_62_id_ecPublicKey, NID_X9_62_prime256v1)
    case .p384: algorithm = (NID_X9_62_id_ecPublicKey, NID_secp384r1)
    case .ed25519: algorithm = (NID_ED25519, nil)
    case .rsa2048, .rsa3072, .rsa4096:
      return X509_set_pubkey(certificate, publicKey.box.pointer) == 1
    }
    guard let info = X509_get_X509_PUBKEY(certificate) else { return false }
    guard let (encoded, length) = encodedPoint() else { return false }
    // On success the info takes the OPENSSL_malloc'd point; on failure it is ours to free.
    let parameter = algorithm.parameter.map { UnsafeMutableRawPointer(OBJ_nid2obj($0)) } ?? nil
    let set = X509_PUBKEY_set0_param(
      info, OBJ_nid2obj(algorithm.nid), algorithm.parameter == nil ? V_ASN1_UNDEF : V_ASN1_OBJECT,
      parameter,
      encoded, Int32(length))
    if set != 1 { CMeshSSL_OPENSSL_free(encoded) }
    return set == 1
  }

  /// The public point (EC, uncompressed) or raw key (Ed25519) in memory from
  /// OPENSSL_malloc, which X509_PUBKEY_set0_param takes over.
  private func encodedPoint() -> (UnsafeMutablePointer<UInt8>, Int)? {
    if publicKey.type == .ed25519 {
      var length = 0
      guard EVP_PKEY_get_raw_public_key(publicKey.box.pointer, nil, &length) == 1,
        let buffer = CRYPTO_malloc(length, nil, 0)?.assumingMemoryBound(to: UInt8.self)
      else { return nil }
      guard EVP_PKEY_get_raw_public_key(publicKey.box.pointer, buffer, &length) == 1 else {
        CMeshSSL_OPENSSL_free(buffer)
        return nil
      }
      return (buffer, length)
    }
    var encoded: UnsafeMutablePointer<UInt8>?
    let length = EVP_PKEY_get1_encoded_public_key(publicKey.box.pointer, &encoded)
    guard length > 0, let encoded else { return nil }
    return (encoded, length)
  }

  /// 126 random bits: the top bit cleared so the serial is positive (RFC 5280 4.1.2.2).
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
