internal import CMeshSSL

/// SHA-256 and HMAC-SHA256 through OpenSSL: SigV4 needs nothing else.
enum Crypto {
  static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var digest = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 0
    _ = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, EVP_sha256(), nil)
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
    _ = HMAC(EVP_sha256(), key, Int32(key.count), data, data.count, &mac, &length)
    return mac
  }

  static func hmacSHA256(key: [UInt8], data: String) -> [UInt8] {
    hmacSHA256(key: key, data: Array(data.utf8))
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  static func hex(_ bytes: [UInt8]) -> String {
    var characters = [UInt8]()
    characters.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      characters.append(hexDigits[Int(byte >> 4)])
      characters.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: characters, as: UTF8.self)
  }
}
