internal import CMeshSSL
import Foundation
internal import Synchronization

/// SHA-256 and HMAC-SHA256 through OpenSSL for SigV4, and SHA-1 for the SSO token cache's
/// file names.
///
/// OpenSSL 3 looks an algorithm up by name on every use of the legacy `EVP_sha256()`;
/// the digest here is fetched once and shared (OpenSSL allows that).
enum Crypto {
  /// Fetched algorithms, read-only after first use.
  final class Algorithms: @unchecked Sendable {
    // @unchecked: the pointer is immutable; a fetched algorithm may be shared.
    let sha256: OpaquePointer?

    init() {
      sha256 = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()
    }
  }

  static let algorithms = Algorithms()

  /// SHA-256 contexts for reuse (`EVP_DigestInit_ex2` resets one).
  static let digestContexts = ContextPool(free: { EVP_MD_CTX_free($0) })

  static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
    var mac = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = HMAC(algorithms.sha256, key, Int32(key.count), data, data.count, &mac, &length)
    return mac
  }

  static func hmacSHA256(key: [UInt8], data: String) -> [UInt8] {
    hmacSHA256(key: key, data: Array(data.utf8))
  }

  /// `bytes` in lower-case hex.
  static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { characters in
      var writer = ByteWriter(characters)
      writer.appendHex(bytes)
      return writer.count
    }
  }

  /// The SHA-1 of `text`'s UTF-8 in lower-case hex: the AWS CLI names its SSO token cache
  /// files so (not a security use).
  /// - Returns: nil only if OpenSSL fails.
  static func sha1Hex(_ text: String) -> String? {
    var digest = [UInt8](repeating: 0, count: 20)
    var length: UInt32 = 0
    let bytes = Array(text.utf8)
    guard EVP_Digest(bytes, bytes.count, &digest, &length, EVP_sha1(), nil) == 1 else {
      return nil
    }
    return digest.withUnsafeBufferPointer { hex($0) }
  }

  /// The SHA-256 of `bytes` in lower-case hex.
  static func sha256Hex(_ bytes: UnsafeRawBufferPointer) -> String {
    withSHA256(of: bytes) { hex($0) }
  }

  /// Appends the SHA-256 of `bytes` in lower-case hex.
  static func appendSHA256Hex(of bytes: UnsafeRawBufferPointer, to writer: inout ByteWriter) {
    withSHA256(of: bytes) { writer.appendHex($0) }
  }

  /// Calls `body` with the digest in a stack buffer: no array per hash.
  private static func withSHA256<Result>(
    of bytes: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
      if CMeshSSL_SHA256_direct(bytes.baseAddress, bytes.count, digest.baseAddress) == 1 {
        return body(UnsafeBufferPointer(digest))
      }
      var length: UInt32 = 0
      if let context = digestContexts.take() ?? EVP_MD_CTX_new() {
        if EVP_DigestInit_ex2(context, algorithms.sha256, nil) == 1,
          EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1,
          EVP_DigestFinal_ex(context, digest.baseAddress, &length) == 1
        {
          digestContexts.giveBack(context)
          return body(UnsafeBufferPointer(digest))
        }
        EVP_MD_CTX_free(context)
      }
      _ = EVP_Digest(
        bytes.baseAddress, bytes.count, digest.baseAddress, &length, algorithms.sha256, nil)
      return body(UnsafeBufferPointer(digest))
    }
  }
}

/// An HMAC-SHA256 key made ready once: contexts keyed with it (inner and outer pads
/// hashed) are pooled and restarted for each message instead of set up again, so a busy
/// signer makes no new ones. (OpenSSL 3.0 still copies a digest context, with an
/// allocation, to restart and to finish each MAC.)
final class HMACKey: Sendable {
  // Each pooled context is used by one caller at a time.
  let bytes: [UInt8]
  private let pool = ContextPool(free: { CMeshSSL_HMAC_SHA256_free($0) })

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The MAC of `message` in lower-case hex.
  func authenticationCodeHex(of message: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: 64) { characters in
      var writer = ByteWriter(characters)
      appendAuthenticationCodeHex(of: message, to: &writer)
      return writer.count
    }
  }

  /// Appends the MAC of `message` in lower-case hex.
  func appendAuthenticationCodeHex(of message: UnsafeRawBufferPointer, to writer: inout ByteWriter)
  {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { mac in
      if authenticate(message, into: mac) {
        writer.appendHex(UnsafeBufferPointer(mac))
      } else {
        // Only when OpenSSL could not make or run a keyed context: the one-shot HMAC.
        Crypto.hmacSHA256(key: bytes, data: Array(message)).withUnsafeBufferPointer {
          writer.appendHex($0)
        }
      }
    }
  }

  /// Runs a pooled (or new) keyed context over `message`; false if OpenSSL failed.
  private func authenticate(
    _ message: UnsafeRawBufferPointer, into mac: UnsafeMutableBufferPointer<UInt8>
  ) -> Bool {
    guard let context = pool.take() ?? CMeshSSL_HMAC_SHA256_new(bytes, bytes.count) else {
      return false
    }
    if CMeshSSL_HMAC_SHA256_reuse(context, message.baseAddress, message.count, mac.baseAddress)
      == 1
    {
      pool.giveBack(context)
      return true
    }
    CMeshSSL_HMAC_SHA256_free(context)
    return false
  }
}

/// OpenSSL contexts kept for reuse: making one takes several allocations, and every
/// signature needs a few. Holds at most `capacity`; the rest are freed.
final class ContextPool: Sendable {
  /// An idle context. A context has one owner at a time, the pool while it is idle and
  /// its taker while in use: it is handed over, never shared.
  private struct Idle: @unchecked Sendable {
    // @unchecked: `pointer` is immutable, and only its one owner uses what it points to.
    let pointer: OpaquePointer
  }

  private let spare = Mutex<[Idle]>([])
  private let capacity: Int
  private let free: @Sendable (OpaquePointer) -> Void

  init(capacity: Int = 8, free: @escaping @Sendable (OpaquePointer) -> Void) {
    self.capacity = capacity
    self.free = free
  }

  deinit {
    for idle in spare.withLock({ $0 }) { free(idle.pointer) }
  }

  func take() -> OpaquePointer? {
    spare.withLock { $0.popLast() }?.pointer
  }

  func giveBack(_ context: OpaquePointer) {
    let idle = Idle(pointer: context)
    let kept = spare.withLock { spare in
      guard spare.count < capacity else { return false }
      spare.append(idle)
      return true
    }
    if !kept { free(context) }
  }
}
