import Foundation
import MeshPKI
import MeshSupport
import MeshTestSupport
import Testing

@Suite("Private and public keys")
struct KeyTests {
  @Test(
    "every key type generates, and round-trips through PEM, encrypted PEM and DER",
    arguments: KeyType.allCases)
  func roundTrips(type: KeyType) throws {
    let key = try PrivateKey(generating: type)

    let pem = try key.pemEncoded()
    let encrypted = try key.pemEncoded(passphrase: "correct horse")
    let der = try key.derEncoded()

    #expect(key.type == type)
    #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    #expect(encrypted.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
    #expect(try PrivateKey(pemEncoded: pem).publicKey == key.publicKey)
    #expect(
      try PrivateKey(pemEncoded: encrypted, passphrase: "correct horse").publicKey == key.publicKey)
    #expect(try PrivateKey(derEncoded: der).publicKey == key.publicKey)
    #expect(try PublicKey(pemEncoded: key.publicKey.pemEncoded) == key.publicKey)
    #expect(try PublicKey(derEncoded: key.publicKey.derEncoded) == key.publicKey)
  }

  @Test(
    "an encrypted key without the right passphrase is wrongPassphrase, and the error holds no secret"
  )
  func wrongPassphrase() throws {
    let encrypted = try PrivateKey(generating: .p256).pemEncoded(passphrase: "correct horse")

    let wrong = try #require(throws: PKIError.self) {
      try PrivateKey(pemEncoded: encrypted, passphrase: "battery")
    }
    let missing = try #require(throws: PKIError.self) { try PrivateKey(pemEncoded: encrypted) }

    #expect(wrong.code == .wrongPassphrase)
    #expect(missing.code == .wrongPassphrase)
    #expect(
      wrong.description
        == "PKIError.wrongPassphrase: the passphrase does not decrypt the private key")
    #expect(!wrong.description.contains("battery") && !wrong.description.contains("correct"))
  }

  @Test("corrupt PEM and truncated DER are invalidEncoding")
  func corruptInput() throws {
    let pem = try PrivateKey(generating: .p256).pemEncoded()
    let corrupted = pem.replacingOccurrences(of: "M", with: "*")
    let der = try PrivateKey(generating: .p256).derEncoded()

    let pemError = try #require(throws: PKIError.self) { try PrivateKey(pemEncoded: corrupted) }
    let derError = try #require(throws: PKIError.self) {
      try PrivateKey(derEncoded: der.prefix(der.count / 2))
    }
    let emptyError = try #require(throws: PKIError.self) { try PrivateKey(pemEncoded: "") }

    #expect(pemError.code == .invalidEncoding)
    #expect(derError.code == .invalidEncoding)
    #expect(emptyError.code == .invalidEncoding)
    #expect(!pemError.description.contains("BEGIN"))
  }

  @Test("a key of an unsupported size is unsupportedKey")
  func unsupportedKey() throws {
    // A 1024-bit RSA key made by the openssl CLI.
    let output = try Peers.runOpenSSL([
      "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024",
    ])
    try #require(output.status == 0, "\(output.stderr)")

    let error = try #require(throws: PKIError.self) { try PrivateKey(pemEncoded: output.stdout) }

    #expect(error.code == .unsupportedKey)
  }

  @Test(
    "the fingerprint is the SHA-256 of the SubjectPublicKeyInfo, as openssl computes it",
    .enabled(if: Peers.opensslAvailableOrRequired, Comment(rawValue: Peers.missingOpenSSLReason)))
  func fingerprint() throws {
    let key = try PrivateKey(generating: .p384)
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let keyFile = directory.appendingPathComponent("key.pem").path
    let publicDER = directory.appendingPathComponent("public.der").path
    try AtomicFile.write(try key.pemEncoded(), to: keyFile, mode: 0o600)

    let publicPEM = try Peers.runOpenSSL(["pkey", "-in", keyFile, "-pubout"])
    _ = try Peers.runOpenSSL([
      "pkey", "-in", keyFile, "-pubout", "-outform", "DER", "-out", publicDER,
    ])
    let digest = try Peers.runOpenSSL(["dgst", "-sha256", "-r", publicDER])

    #expect(publicPEM.stdout == key.publicKey.pemEncoded)
    #expect(digest.stdout.hasPrefix(key.publicKey.fingerprint + " "))
  }

  @Test("signatures verify with the matching public key only", arguments: KeyType.allCases)
  func signatures(type: KeyType) throws {
    let key = try PrivateKey(generating: type)
    let other = try PrivateKey(generating: type)
    let message = Array("renew spiffe://example.org/web".utf8)

    let signature = try key.signature(for: message)

    #expect(key.publicKey.isValidSignature(signature, for: message))
    #expect(!other.publicKey.isValidSignature(signature, for: message))
    #expect(!key.publicKey.isValidSignature(signature, for: message + [0]))
  }

  @Test("descriptions show the fingerprint, never key material")
  func descriptions() throws {
    let key = try PrivateKey(generating: .p256)

    #expect(key.description == "PrivateKey(p256, fingerprint: \(key.publicKey.fingerprint))")
    #expect(!String(describing: key).contains("BEGIN"))
  }
}
