import CMeshSSL
import Foundation
import Testing

/// The OpenSSL shim links and its wrappers behave as the macros they stand for.
@Suite("CMeshSSL shim")
struct ShimTests {
  static func hex(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
  }

  @Test("SHA-256 through EVP matches the FIPS 180-2 vector for \"abc\"")
  func sha256() {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0

    let status = Array("abc".utf8).withUnsafeBytes {
      EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil)
    }

    #expect(status == 1)
    #expect(
      Self.hex(Array(digest.prefix(Int(length))))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("HMAC-SHA256 matches RFC 4231 test case 2")
  func hmac() {
    var mac = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let key = Array("Jefe".utf8)
    let data = Array("what do ya want for nothing?".utf8)

    let result = HMAC(EVP_sha256(), key, Int32(key.count), data, data.count, &mac, &length)

    #expect(result != nil)
    #expect(
      Self.hex(Array(mac.prefix(Int(length))))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test("a memory BIO gives back what was written through the BIO_get_mem_data wrapper")
  func memoryBIO() throws {
    let bio = try #require(BIO_new(BIO_s_mem()))
    defer { BIO_free(bio) }
    let text = "-----BEGIN TEST-----\n"

    let written = BIO_write(bio, text, Int32(text.utf8.count))
    var pointer: UnsafeMutablePointer<CChar>?
    let count = CMeshSSL_BIO_get_mem_data(bio, &pointer)

    #expect(written == Int32(text.utf8.count))
    let bytes = try #require(pointer)
    #expect(
      String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self) == text)
  }

  @Test("the certificate stack wrappers push, count, read and free")
  func certificateStack() throws {
    let stack = try #require(CMeshSSL_sk_X509_new_null())
    let certificate = try #require(X509_new())

    let count = CMeshSSL_sk_X509_push(stack, certificate)

    #expect(count == 1)
    #expect(CMeshSSL_sk_X509_num(stack) == 1)
    #expect(CMeshSSL_sk_X509_value(stack, 0) == certificate)
    CMeshSSL_sk_X509_pop_free(stack)
  }

  @Test("the library is OpenSSL 3")
  func version() {
    #expect(OpenSSL_version_num() >= 0x3000_0000)
  }
}
