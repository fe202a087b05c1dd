import Foundation
import MeshIdentity
import MeshPKI
import MeshTestSupport
import Testing

@Suite("SVIDDirectory and CADirectory")
struct IdentityDirectoryTests {
  static func authority() throws -> CertificateAuthority {
    try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
  }

  @Test("an SVID written, read back and renewed in place: a new key, its chain, one generation")
  func svidLifecycle() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = try Self.authority()
    let storage = SVIDDirectory(path: directory.appendingPathComponent("web").path)
    let issued = try ca.issueSVID(for: SPIFFEID("spiffe://example.org/ns/shop/sa/web"))

    try storage.write(issued, bundle: ca.bundle)
    let loaded = try storage.load()
    let renewed = try storage.renew(with: ca)
    let reloaded = try storage.load()

    #expect(loaded.leaf == issued.leaf)
    #expect(loaded.privateKey != nil)
    #expect(reloaded.leaf == renewed.leaf)
    #expect(reloaded.leaf != issued.leaf)
    #expect(try SVIDVerifier(bundle: ca.bundle).verify(reloaded.chain) == issued.spiffeID)
    let bundle = try String(
      contentsOfFile: "\(storage.path)/\(SVIDDirectory.bundleFile)", encoding: .utf8)
    #expect(bundle == ca.bundle.pemEncoded)
  }

  @Test("a key that others may read is refused, as ssh refuses it")
  func insecureKey() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = try Self.authority()
    let storage = CADirectory(path: directory.appendingPathComponent("ca").path)
    try storage.write(ca)
    let key = URL(fileURLWithPath: "\(storage.path)/ca.key").resolvingSymlinksInPath().path
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)

    let error = #expect(throws: PKIError.self) { try storage.load() }

    #expect(
      error?.description
        == "PKIError.insecureKeyFile: \(storage.path)/ca.key is open to others (mode 644); a private key must be 0600 (chmod 600 it)"
    )
  }

  @Test("a CA is not replaced unless asked: every SVID it issued would stop verifying")
  func caNotReplaced() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try Self.authority()
    let storage = CADirectory(path: directory.appendingPathComponent("ca").path)
    try storage.write(first)

    let refused = #expect(throws: PKIError.self) {
      try storage.write(CertificateAuthority.createRoot(trustDomain: TrustDomain("other.org")))
    }
    let kept = try storage.load()
    let second = try Self.authority()
    try storage.write(second, replacing: true)
    let replaced = try storage.load()

    #expect(refused?.code == .alreadyExists)
    #expect(
      refused?.description
        == "PKIError.alreadyExists: \(storage.path) already holds a CA for example.org; replacing it would invalidate every SVID it issued"
    )
    #expect(kept.certificate == first.certificate)
    #expect(replaced.certificate == second.certificate)
  }

  @Test("the bundle's trust domain is the one its CA certificates name")
  func bundleTrustDomain() throws {
    let example = try Self.authority()
    let other = try CertificateAuthority.createRoot(trustDomain: TrustDomain("other.org"))

    let single = try TrustBundle.trustDomain(namedBy: [example.certificate])
    let mixed = #expect(throws: PKIError.self) {
      try TrustBundle.trustDomain(namedBy: [example.certificate, other.certificate])
    }

    #expect(single == (try TrustDomain("example.org")))
    #expect(mixed?.code == .invalidBundle)
  }
}
