internal import CMeshSSL
import Foundation
import MeshIdentity

extension TrustBundle {
  /// Reads a SPIFFE bundle document: a JWK Set whose keys with `"use": "x509-svid"` each
  /// carry one certificate in `x5c`. Keys of other uses (`jwt-svid`) are skipped. A key's
  /// public parameters (`crv`, `x`, `y`, `n`, `e`), when present, must match its
  /// certificate.
  /// - Parameters:
  ///   - trustDomain: The trust domain the document is for.
  ///   - json: The document.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidBundle`` saying which key is wrong.
  public init(trustDomain: TrustDomain, spiffeBundleJSON json: some Collection<UInt8>) throws {
    let document: JWKSet
    do {
      document = try JSONDecoder().decode(JWKSet.self, from: Data(json))
    } catch {
      throw PKIError(.invalidBundle, "the bundle is not a JWK Set: \(Self.shortReason(error))")
    }
    var authorities: [Certificate] = []
    for (index, key) in (document.keys ?? []).enumerated() where key.use == "x509-svid" {
      guard let x5c = key.x5c, x5c.count == 1 else {
        throw PKIError(
          .invalidBundle, "key \(index): an x509-svid key carries exactly one certificate in x5c")
      }
      guard let der = Data(base64Encoded: x5c[0]) else {
        throw PKIError(.invalidBundle, "key \(index): x5c is not base64")
      }
      let certificate: Certificate
      do {
        certificate = try Certificate(derEncoded: der)
      } catch let error as PKIError {
        throw PKIError(
          .invalidBundle, "key \(index): \(error.message)", openSSLReason: error.openSSLReason)
      }
      let expected = try JWK(x509SVIDAuthority: certificate)
      guard key.kty == expected.kty else {
        throw PKIError(
          .invalidBundle,
          "key \(index): kty \(key.kty ?? "none") does not match its certificate's key")
      }
      for (field, given, actual) in [
        ("crv", key.crv, expected.crv), ("x", key.x, expected.x), ("y", key.y, expected.y),
        ("n", key.n, expected.n),
        ("e", key.e, expected.e),
      ] where given != nil && given != actual {
        throw PKIError(
          .invalidBundle, "key \(index): \(field) does not match its certificate's public key")
      }
      authorities.append(certificate)
    }
    self.init(
      trustDomain: trustDomain, x509Authorities: authorities,
      refreshHint: document.spiffeRefreshHint,
      sequenceNumber: document.spiffeSequence)
  }

  /// The bundle as a SPIFFE bundle document (JWK Set, keys sorted as the authorities are,
  /// fields sorted), for serving to federated trust domains.
  /// - Throws: ``PKIError`` if a certificate's key cannot be described as a JWK.
  public func spiffeBundleJSON() throws -> [UInt8] {
    let document = JWKSet(
      keys: try x509Authorities.map(JWK.init(x509SVIDAuthority:)), spiffeRefreshHint: refreshHint,
      spiffeSequence: sequenceNumber)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(document))
  }

  private static func shortReason(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
      DecodingError.valueNotFound(_, let context):
      return context.debugDescription
    case DecodingError.keyNotFound(let key, _):
      return "missing \(key.stringValue)"
    default:
      return "malformed JSON"
    }
  }
}

/// A JWK Set as the SPIFFE bundle format uses it.
struct JWKSet: Codable {
  var keys: [JWK]?
  var spiffeRefreshHint: Int?
  var spiffeSequence: UInt64?

  enum CodingKeys: String, CodingKey {
    case keys
    case spiffeRefreshHint = "spiffe_refresh_hint"
    case spiffeSequence = "spiffe_sequence"
  }
}

/// One JSON Web Key (RFC 7517), with the members the SPIFFE bundle format uses.
struct JWK: Codable {
  var kty: String?
  var use: String?
  var kid: String?
  var crv: String?
  var x: String?
  var y: String?
  var n: String?
  var e: String?
  var x5c: [String]?

  /// The JWK of an X.509 authority: its public key's parameters, base64url, and the
  /// certificate in `x5c`.
  init(x509SVIDAuthority certificate: Certificate) throws {
    let key = try certificate.publicKey
    use = "x509-svid"
    x5c = [Data(certificate.derEncoded).base64EncodedString()]
    switch key.type {
    case .p256, .p384:
      kty = "EC"
      crv = key.type == .p256 ? "P-256" : "P-384"
      let (pointX, pointY) = try KeyParameters.affineCoordinates(
        key, size: key.type == .p256 ? 32 : 48)
      x = Base64URL.encode(pointX)
      y = Base64URL.encode(pointY)
    case .ed25519:
      kty = "OKP"
      crv = "Ed25519"
      x = Base64URL.encode(try KeyParameters.rawPublicKey(key))
    case .rsa2048, .rsa3072, .rsa4096:
      kty = "RSA"
      n = Base64URL.encode(try KeyParameters.bigNumber(key, OSSL_PKEY_PARAM_RSA_N, paddedTo: 0))
      e = Base64URL.encode(try KeyParameters.bigNumber(key, OSSL_PKEY_PARAM_RSA_E, paddedTo: 0))
    }
  }
}

/// Public key parameters through OpenSSL's parameter API.
enum KeyParameters {
  static func bigNumber(_ key: PublicKey, _ name: UnsafePointer<CChar>, paddedTo size: Int) throws
    -> [UInt8]
  {
    var number: OpaquePointer?
    guard EVP_PKEY_get_bn_param(key.box.pointer, name, &number) == 1, let number else {
      throw OpenSSLErrors.error(
        .openSSL, "could not read the key parameter \(String(cString: name))")
    }
    defer { BN_free(number) }
    let length = max(size, Int((BN_num_bits(number) + 7) / 8))
    var bytes = [UInt8](repeating: 0, count: length)
    guard BN_bn2binpad(number, &bytes, Int32(length)) == Int32(length) else {
      throw OpenSSLErrors.error(
        .openSSL, "could not encode the key parameter \(String(cString: name))")
    }
    return bytes
  }

  /// An EC public key's x and y, each `size` bytes. The uncompressed point
  /// (0x04 || x || y) is split where the key is held that way, which is how keys this
  /// module makes are held; the parameter API serves compressed points, which only
  /// certificates from elsewhere carry.
  static func affineCoordinates(_ key: PublicKey, size: Int) throws -> ([UInt8], [UInt8]) {
    var encoded: UnsafeMutablePointer<UInt8>?
    let length = EVP_PKEY_get1_encoded_public_key(key.box.pointer, &encoded)
    defer { CMeshSSL_OPENSSL_free(encoded) }
    if let encoded, length == 1 + 2 * size, encoded[0] == 0x04 {
      let point = UnsafeBufferPointer(start: encoded, count: length)
      return (Array(point[1...size]), Array(point[(1 + size)...]))
    }
    return (
      try bigNumber(key, OSSL_PKEY_PARAM_EC_PUB_X, paddedTo: size),
      try bigNumber(key, OSSL_PKEY_PARAM_EC_PUB_Y, paddedTo: size)
    )
  }

  static func rawPublicKey(_ key: PublicKey) throws -> [UInt8] {
    var length = 0
    guard EVP_PKEY_get_raw_public_key(key.box.pointer, nil, &length) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not read the raw public key")
    }
    var bytes = [UInt8](repeating: 0, count: length)
    guard EVP_PKEY_get_raw_public_key(key.box.pointer, &bytes, &length) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not read the raw public key")
    }
    return bytes
  }
}

/// base64url without padding (RFC 7515 appendix C), from Foundation's base64.
enum Base64URL {
  static func encode(_ bytes: [UInt8]) -> String {
    Data(bytes).base64EncodedString()
      .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}
