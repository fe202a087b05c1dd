internal import CMeshSSL

/// SHA-256 and HMAC-SHA256 through OpenSSL: SigV4 needs nothing else.
///
/// OpenSSL 3 looks an algorithm up by name on every use of the legacy `EVP_sha256()`;
/// the digest and the MAC here are fetched once and shared (OpenSSL allows that).
enum Crypto {
  /// Fetched algorithms, read-only after first use.
  final class Algorithms: @unchecked Sendable {
    // @unchecked: both pointers are immutable; fetched algorithms may be shared.
    let sha256: OpaquePointer?
    let hmac: OpaquePointer?

    init() {
      sha256 = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()
      hmac = EVP_MAC_fetch(nil, "HMAC", nil)
    }
  }

  static let algorithms = Algorithms()

  static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, algorithms.sha256, nil)
    return digest
  }

  static func sha256(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBytes { sha256($0) }
  }

  static func sha256(_ text: String) -> [UInt8] {
    var text = text
    return text.withUTF8 { sha256(UnsafeRawBufferPointer($0)) }
  }

  static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
    var mac = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = HMAC(algorithms.sha256, key, Int32(key.count), data, data.count, &mac, &length)
    return mac
  }

  static func hmacSHA256(key: [UInt8], data: String) -> [UInt8] {
    hmacSHA256(key: key, data: Array(data.utf8))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  static func hex(_ bytes: [UInt8]) -> String {
    var characters = [UInt8]()
    characters.reserveCapacity(bytes.count * 2)
    appendHex(bytes, to: &characters)
    return String(decoding: characters, as: UTF8.self)
  }

  static func appendHex(_ bytes: [UInt8], to output: inout [UInt8]) {
    let start = output.count
    output.append(contentsOf: repeatElement(0, count: bytes.count * 2))
    output.withUnsafeMutableBufferPointer { buffer in
      hexDigits.withUnsafeBufferPointer { digits in
        for (index, byte) in bytes.enumerated() {
          buffer[start + 2 * index] = digits[Int(byte >> 4)]
          buffer[start + 2 * index + 1] = digits[Int(byte & 0x0F)]
        }
      }
    }
  }
}

/// An HMAC-SHA256 key made ready once: the MAC context after the key is set (its inner
/// and outer pads hashed), copied for each message instead of set up again.
final class HMACKey: @unchecked Sendable {
  // @unchecked: `template` is only read (duplicated) after init, which OpenSSL allows
  // from several threads.
  let bytes: [UInt8]
  private let template: OpaquePointer?

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var context = Crypto.algorithms.hmac.flatMap { EVP_MAC_CTX_new($0) }
    if let ready = context {
      var digest = Array("SHA256".utf8CString)
      let succeeded = digest.withUnsafeMutableBufferPointer { name in
        var parameters = [
          OSSL_PARAM_construct_utf8_string("digest", name.baseAddress, 0),
          OSSL_PARAM_construct_end(),
        ]
        return EVP_MAC_init(ready, bytes, bytes.count, &parameters) == 1
      }
      if !succeeded {
        EVP_MAC_CTX_free(ready)
        context = nil
      }
    }
    template = context
  }

  deinit {
    EVP_MAC_CTX_free(template)
  }

  /// The MAC of `message`.
  func authenticate(_ message: UnsafeRawBufferPointer) -> [UInt8] {
    var mac = [UInt8](repeating: 0, count: 32)
    if let template, let context = EVP_MAC_CTX_dup(template) {
      defer { EVP_MAC_CTX_free(context) }
      var length = 0
      if EVP_MAC_update(
        context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1,
        EVP_MAC_final(context, &mac, &length, mac.count) == 1
      {
        return mac
      }
    }
    return Crypto.hmacSHA256(key: bytes, data: Array(message))
  }
}
