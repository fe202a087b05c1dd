internal import CMeshSSL
import Foundation

/// Owns one EVP_PKEY. It is only read after it is built, and OpenSSL 3 allows concurrent
/// reads of a key (signing, encoding) from several threads.
final class KeyBox: @unchecked Sendable {
  // @unchecked: `pointer` is immutable and the key is never modified after init.
  let pointer: OpaquePointer

  init(takingOwnershipOf pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    EVP_PKEY_free(pointer)
  }
}

/// A private key: EC P-256 or P-384, Ed25519, or RSA of 2048 to 4096 bits.
///
/// ```swift
/// let key = try PrivateKey(generating: .p256)
/// let pem = try key.pemEncoded()                         // PKCS#8
/// let locked = try key.pemEncoded(passphrase: "s3cret")  // encrypted PKCS#8
/// let again = try PrivateKey(pemEncoded: locked, passphrase: "s3cret")
/// ```
///
/// Its description never shows key material.
public struct PrivateKey: Sendable, CustomStringConvertible {
  let box: KeyBox
  /// The algorithm and size.
  public let type: KeyType

  /// Takes a key OpenSSL decoded. EC keys are kept the legacy way when OpenSSL allows it
  /// (see CMeshSSL_EC_copy_legacy): a CA's key signs every certificate it issues.
  init(box: KeyBox) throws {
    type = try Self.keyType(of: box.pointer)
    if type.curveName != nil, let legacy = CMeshSSL_EC_copy_legacy(box.pointer) {
      self.box = KeyBox(takingOwnershipOf: legacy)
    } else {
      self.box = box
    }
  }

  /// Generates a key.
  /// - Parameter type: The algorithm; P-256 by default.
  /// - Throws: ``PKIError`` with code ``PKIError/Code/openSSL`` if OpenSSL fails.
  public init(generating type: KeyType = .p256) throws {
    OpenSSLErrors.clear()
    if let group = CurveGroups.group(for: type),
      let key = CMeshSSL_EC_generate_legacy(group.pointer)
    {
      box = KeyBox(takingOwnershipOf: key)
      self.type = type
      return
    }
    let algorithm: String =
      switch type {
      case .p256, .p384: "EC"
      case .ed25519: "ED25519"
      case .rsa2048, .rsa3072, .rsa4096: "RSA"
      }
    guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else {
      throw OpenSSLErrors.error(.openSSL, "could not create a \(type) key generator")
    }
    defer { EVP_PKEY_CTX_free(context) }
    guard EVP_PKEY_keygen_init(context) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not start \(type) key generation")
    }
    if let curve = type.curveName, EVP_PKEY_CTX_set_group_name(context, curve) != 1 {
      throw OpenSSLErrors.error(.openSSL, "could not select curve \(curve)")
    }
    if let bits = type.rsaBits, EVP_PKEY_CTX_set_rsa_keygen_bits(context, bits) != 1 {
      throw OpenSSLErrors.error(.openSSL, "could not select \(bits)-bit RSA")
    }
    var key: OpaquePointer?
    guard EVP_PKEY_generate(context, &key) == 1, let key else {
      throw OpenSSLErrors.error(.openSSL, "could not generate a \(type) key")
    }
    box = KeyBox(takingOwnershipOf: key)
    self.type = type
  }

  /// Reads a PEM private key: PKCS#8 (`PRIVATE KEY`), encrypted PKCS#8 (`ENCRYPTED
  /// PRIVATE KEY`) or the traditional `EC`/`RSA PRIVATE KEY` forms.
  /// - Parameters:
  ///   - pem: The PEM text; other blocks around the key are skipped.
  ///   - passphrase: The passphrase of an encrypted key.
  /// - Throws: ``PKIError`` with ``PKIError/Code/wrongPassphrase`` for an encrypted key
  ///   without the right passphrase, ``PKIError/Code/invalidEncoding`` for anything that
  ///   is not a key, ``PKIError/Code/unsupportedKey`` for other algorithms or sizes.
  public init(pemEncoded pem: String, passphrase: String? = nil) throws {
    OpenSSLErrors.clear()
    let bio = try MemoryBIO(reading: pem.utf8)
    let isEncrypted = pem.contains("ENCRYPTED")
    var key: OpaquePointer?
    if let passphrase {
      key = passphrase.withCString { secret in
        PEM_read_bio_PrivateKey(bio.pointer, nil, nil, UnsafeMutableRawPointer(mutating: secret))
      }
    } else {
      // A callback that gives no passphrase: OpenSSL must never prompt on a terminal.
      key = PEM_read_bio_PrivateKey(bio.pointer, nil, { _, _, _, _ in 0 }, nil)
    }
    guard let key else {
      if isEncrypted {
        _ = OpenSSLErrors.drain()
        throw PKIError(
          .wrongPassphrase,
          passphrase == nil
            ? "the private key is encrypted and no passphrase was given"
            : "the passphrase does not decrypt the private key")
      }
      throw OpenSSLErrors.error(.invalidEncoding, "no private key in the PEM input")
    }
    try self.init(box: KeyBox(takingOwnershipOf: key))
  }

  /// Reads a DER private key: PKCS#8, or the traditional EC or RSA structure.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` for anything else.
  public init(derEncoded der: some Collection<UInt8>) throws {
    OpenSSLErrors.clear()
    let bytes = Array(der)
    let key: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
    }
    guard let key else {
      throw OpenSSLErrors.error(.invalidEncoding, "no private key in the DER input")
    }
    try self.init(box: KeyBox(takingOwnershipOf: key))
  }

  /// The key as PKCS#8 PEM, encrypted with AES-256-CBC (PBKDF2) when a passphrase is given.
  /// - Throws: ``PKIError`` if OpenSSL cannot encode the key.
  public func pemEncoded(passphrase: String? = nil) throws -> String {
    OpenSSLErrors.clear()
    let bio = try MemoryBIO()
    let written: Int32
    if let passphrase {
      written = passphrase.withCString { secret in
        PEM_write_bio_PKCS8PrivateKey(
          bio.pointer, box.pointer, EVP_aes_256_cbc(), secret, Int32(strlen(secret)), nil, nil)
      }
    } else {
      written = PEM_write_bio_PKCS8PrivateKey(bio.pointer, box.pointer, nil, nil, 0, nil, nil)
    }
    guard written == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not encode the private key")
    }
    return bio.string
  }

  /// The key as unencrypted PKCS#8 DER.
  /// - Throws: ``PKIError`` if OpenSSL cannot encode the key.
  public func derEncoded() throws -> [UInt8] {
    OpenSSLErrors.clear()
    let bio = try MemoryBIO()
    guard i2d_PKCS8PrivateKey_bio(bio.pointer, box.pointer, nil, nil, 0, nil, nil) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not encode the private key")
    }
    return bio.bytes
  }

  /// The matching public key.
  public var publicKey: PublicKey {
    // The public key shares the EVP_PKEY: reading it never touches the private half.
    EVP_PKEY_up_ref(box.pointer)
    return PublicKey(box: KeyBox(takingOwnershipOf: box.pointer), type: type)
  }

  /// Signs `data` (ECDSA and RSA with SHA-256, or SHA-384 for P-384; Ed25519 as is).
  /// - Returns: The signature: DER for ECDSA, raw for Ed25519, PKCS#1 v1.5 for RSA.
  /// - Throws: ``PKIError`` if OpenSSL cannot sign.
  public func signature(for data: some Collection<UInt8>) throws -> [UInt8] {
    OpenSSLErrors.clear()
    guard let context = EVP_MD_CTX_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not sign")
    }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, type.digest, nil, box.pointer) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not start signing")
    }
    let message = Array(data)
    var length = 0
    guard EVP_DigestSign(context, nil, &length, message, message.count) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not size the signature")
    }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not sign")
    }
    return Array(signature.prefix(length))
  }

  public var description: String { "PrivateKey(\(type), fingerprint: \(publicKey.fingerprint))" }

  static func keyType(of key: OpaquePointer) throws -> KeyType {
    switch EVP_PKEY_get_base_id(key) {
    case EVP_PKEY_ED25519:
      return .ed25519
    case EVP_PKEY_RSA:
      switch EVP_PKEY_get_bits(key) {
      case 2048: return .rsa2048
      case 3072: return .rsa3072
      case 4096: return .rsa4096
      case let bits:
        throw PKIError(
          .unsupportedKey, "RSA keys of \(bits) bits are not supported (2048, 3072, 4096)")
      }
    case EVP_PKEY_EC:
      var name = [CChar](repeating: 0, count: 64)
      var length = 0
      guard EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1 else {
        throw PKIError(.unsupportedKey, "an EC key without a named curve is not supported")
      }
      switch String(nulTerminated: name) {
      case "prime256v1", "P-256": return .p256
      case "secp384r1", "P-384": return .p384
      case let curve:
        throw PKIError(.unsupportedKey, "EC curve \(curve) is not supported (P-256, P-384)")
      }
    default:
      throw PKIError(.unsupportedKey, "only EC P-256/P-384, Ed25519 and RSA keys are supported")
    }
  }
}

extension KeyType {
  /// The digest used with this key type; nil for Ed25519, which hashes internally.
  var digest: OpaquePointer? {
    switch self {
    case .p384: EVP_sha384()
    case .ed25519: nil
    default: EVP_sha256()
    }
  }
}

/// The NIST curves' groups, built once and shared read-only: each generated key copies
/// its curve's group rather than building it anew.
enum CurveGroups {
  private static let p256 = GroupBox(curve: NID_X9_62_prime256v1)
  private static let p384 = GroupBox(curve: NID_secp384r1)

  static func group(for type: KeyType) -> GroupBox? {
    switch type {
    case .p256: p256
    case .p384: p384
    default: nil
    }
  }
}

/// Owns one EC_GROUP, which is only read after it is built.
final class GroupBox: @unchecked Sendable {
  // @unchecked: `pointer` is immutable and the group is never modified after init.
  let pointer: OpaquePointer

  init?(curve: Int32) {
    guard let group = EC_GROUP_new_by_curve_name(curve) else {
      OpenSSLErrors.clear()
      return nil
    }
    pointer = group
  }

  deinit {
    EC_GROUP_free(pointer)
  }
}
