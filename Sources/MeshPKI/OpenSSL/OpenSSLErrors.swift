internal import CMeshSSL

/// Reads and clears OpenSSL's thread-local error queue.
enum OpenSSLErrors {
  /// The queued reasons, oldest first, joined; the queue is empty afterwards. The
  /// strings are OpenSSL's reason texts (library, reason): they never hold key material.
  static func drain() -> String? {
    var reasons: [String] = []
    while true {
      let code = ERR_get_error()
      if code == 0 { break }
      if let reason = ERR_reason_error_string(code) {
        reasons.append(String(cString: reason))
      } else {
        reasons.append("error 0x\(String(code, radix: 16))")
      }
    }
    return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
  }

  /// A PKIError with OpenSSL's queued reason.
  static func error(_ code: PKIError.Code, _ message: String, certificate: String? = nil)
    -> PKIError
  {
    PKIError(code, message, certificate: certificate, openSSLReason: drain())
  }

  /// Clears the queue before an operation whose failure is read from it.
  static func clear() {
    ERR_clear_error()
  }
}

/// Owns a memory BIO for one conversion.
final class MemoryBIO {
  let pointer: OpaquePointer

  init() throws {
    guard let bio = BIO_new(BIO_s_mem()) else {
      throw OpenSSLErrors.error(.openSSL, "could not allocate a memory buffer")
    }
    pointer = bio
  }

  /// A BIO reading a copy of `bytes`.
  init(reading bytes: some Collection<UInt8>) throws {
    let copy = Array(bytes)
    guard let bio = BIO_new(BIO_s_mem()) else {
      throw OpenSSLErrors.error(.openSSL, "could not allocate a memory buffer")
    }
    pointer = bio
    let written = copy.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
    guard written == copy.count || copy.isEmpty else {
      throw OpenSSLErrors.error(.openSSL, "could not fill a memory buffer")
    }
  }

  deinit {
    BIO_free(pointer)
  }

  /// Everything written to the BIO so far.
  var bytes: [UInt8] {
    var data: UnsafeMutablePointer<CChar>?
    let count = CMeshSSL_BIO_get_mem_data(pointer, &data)
    guard let data, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: count))
  }

  /// Everything written to the BIO so far, as text, decoded straight from its buffer.
  var string: String {
    var data: UnsafeMutablePointer<CChar>?
    let count = CMeshSSL_BIO_get_mem_data(pointer, &data)
    guard let data, count > 0 else { return "" }
    return UnsafeRawBufferPointer(start: data, count: count).withMemoryRebound(to: UInt8.self) {
      String(decoding: $0, as: UTF8.self)
    }
  }
}

extension String {
  /// The text of a C buffer up to its first NUL byte.
  init(nulTerminated buffer: [CChar]) {
    self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
