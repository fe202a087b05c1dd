internal import CMeshSSL
import Foundation

/// A public key, from a private key, a certificate or a CSR.
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
  let box: KeyBox
  /// The algorithm and size.
  public let type: KeyType

  init(box: KeyBox, type: KeyType) {
    self.box = box
    self.type = type
  }

  init(box: KeyBox) throws {
    self.box = box
    type = try PrivateKey.keyType(of: box.pointer)
  }

  /// Reads a PEM `PUBLIC KEY` (SubjectPublicKeyInfo).
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` when there is none.
  public init(pemEncoded pem: String) throws {
    OpenSSLErrors.clear()
    let bio = try MemoryBIO(reading: pem.utf8)
    guard let key = PEM_read_bio_PUBKEY(bio.pointer, nil, { _, _, _, _ in 0 }, nil) else {
      throw OpenSSLErrors.error(.invalidEncoding, "no public key in the PEM input")
    }
    try self.init(box: KeyBox(takingOwnershipOf: key))
  }

  /// Reads a DER SubjectPublicKeyInfo.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` when it does not parse.
  public init(derEncoded der: some Collection<UInt8>) throws {
    OpenSSLErrors.clear()
    let bytes = Array(der)
    let key: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_PUBKEY(nil, &cursor, buffer.count)
    }
    guard let key else {
      throw OpenSSLErrors.error(.invalidEncoding, "no public key in the DER input")
    }
    try self.init(box: KeyBox(takingOwnershipOf: key))
  }

  /// The SubjectPublicKeyInfo DER.
  public var derEncoded: [UInt8] {
    var buffer: UnsafeMutablePointer<UInt8>?
    let length = i2d_PUBKEY(box.pointer, &buffer)
    guard length > 0, let buffer else { return [] }
    defer { CMeshSSL_OPENSSL_free(buffer) }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
  }

  /// The SubjectPublicKeyInfo as PEM `PUBLIC KEY`.
  public var pemEncoded: String {
    guard let bio = try? MemoryBIO(), PEM_write_bio_PUBKEY(bio.pointer, box.pointer) == 1 else {
      OpenSSLErrors.clear()
      return ""
    }
    return bio.string
  }

  /// The SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex: the key's fingerprint
  /// (as `openssl pkey -pubin -outform DER | sha256sum` prints it).
  public var fingerprint: String {
    Digest.sha256Hex(derEncoded)
  }

  /// Whether `signature` is this key's signature of `data` (see
  /// ``PrivateKey/signature(for:)``).
  public func isValidSignature(
    _ signature: some Collection<UInt8>, for data: some Collection<UInt8>
  ) -> Bool {
    guard let context = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestVerifyInit(context, nil, type.digest, nil, box.pointer) == 1 else {
      OpenSSLErrors.clear()
      return false
    }
    let signatureBytes = Array(signature)
    let message = Array(data)
    let valid =
      EVP_DigestVerify(context, signatureBytes, signatureBytes.count, message, message.count) == 1
    OpenSSLErrors.clear()
    return valid
  }

  public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
    lhs.derEncoded == rhs.derEncoded
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(derEncoded)
  }

  public var description: String { "PublicKey(\(type), fingerprint: \(fingerprint))" }
}

/// SHA-256 through OpenSSL, for fingerprints and file manifests.
public enum Digest {
  /// The SHA-256 of `bytes`.
  public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
    let input = Array(bytes)
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    guard EVP_Digest(input, input.count, &digest, &length, EVP_sha256(), nil) == 1 else {
      return []
    }
    return Array(digest.prefix(Int(length)))
  }

  /// The SHA-256 of `bytes` in lower-case hex.
  public static func sha256Hex(_ bytes: some Collection<UInt8>) -> String {
    sha256(bytes).map { String(format: "%02x", $0) }.joined()
  }
}
