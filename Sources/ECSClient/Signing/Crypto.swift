internal import CMeshSSL
import Foundation

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

/// An HMAC-SHA256 key made ready once: the MAC context after the key is set (its inner
/// and outer pads hashed), copied for a message instead of set up again. Used contexts
/// are reset to the key and kept, so a busy signer allocates none.
final class HMACKey: @unchecked Sendable {
  // @unchecked: `template` is only read (duplicated) after init, which OpenSSL allows
  // from several threads; each pooled context is used by one caller at a time.
  let bytes: [UInt8]
  private let template: OpaquePointer?
  private let pool = ContextPool(free: { EVP_MAC_CTX_free($0) })

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    var context = Crypto.algorithms.hmac.flatMap { EVP_MAC_CTX_new($0) }
    if let ready = context {
      // OSSL_PARAM keeps the pointers it is given, so both strings live in buffers that
      // outlast EVP_MAC_init (a literal passed straight in would be a temporary copy,
      // freed before OpenSSL reads it: found by the sigv4 fuzz target under ASan).
      var key = Array("digest".utf8CString)
      var digest = Array("SHA256".utf8CString)
      let succeeded = key.withUnsafeMutableBufferPointer { key in
        digest.withUnsafeMutableBufferPointer { name in
          var parameters = [
            OSSL_PARAM_construct_utf8_string(key.baseAddress, name.baseAddress, 0),
            OSSL_PARAM_construct_end(),
          ]
          return EVP_MAC_init(ready, bytes, bytes.count, &parameters) == 1
        }
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
        // Only when OpenSSL could not copy or run the prepared context: the one-shot HMAC.
        Crypto.hmacSHA256(key: bytes, data: Array(message)).withUnsafeBufferPointer {
          writer.appendHex($0)
        }
      }
    }
  }

  /// Runs a pooled (or newly copied) context over `message`; false if OpenSSL failed.
  private func authenticate(
    _ message: UnsafeRawBufferPointer, into mac: UnsafeMutableBufferPointer<UInt8>
  ) -> Bool {
    guard let template, let context = pool.take() ?? EVP_MAC_CTX_dup(template) else {
      return false
    }
    var length = 0
    let succeeded =
      EVP_MAC_update(
        context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
      && EVP_MAC_final(context, mac.baseAddress, &length, mac.count) == 1
    // Initialising without a key starts the next message with the same key.
    if succeeded && EVP_MAC_init(context, nil, 0, nil) == 1 {
      pool.giveBack(context)
    } else {
      EVP_MAC_CTX_free(context)
    }
    return succeeded
  }
}

/// OpenSSL contexts kept for reuse: making one takes several allocations, and every
/// signature needs a few. Holds at most `capacity`; the rest are freed.
final class ContextPool: @unchecked Sendable {
  // @unchecked: `spare` is only accessed under `lock`; a context taken out belongs to
  // its taker until given back.
  private let lock = NSLock()
  private var spare: [OpaquePointer] = []
  private let capacity: Int
  private let free: @Sendable (OpaquePointer) -> Void

  init(capacity: Int = 8, free: @escaping @Sendable (OpaquePointer) -> Void) {
    self.capacity = capacity
    self.free = free
  }

  deinit {
    spare.forEach(free)
  }

  func take() -> OpaquePointer? {
    lock.lock()
    defer { lock.unlock() }
    return spare.popLast()
  }

  func giveBack(_ context: OpaquePointer) {
    lock.lock()
    if spare.count < capacity {
      spare.append(context)
      lock.unlock()
    } else {
      lock.unlock()
      free(context)
    }
  }
}
