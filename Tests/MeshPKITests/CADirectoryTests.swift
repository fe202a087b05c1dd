import Foundation
import MeshIdentity
import MeshPKI
import MeshSupport
import MeshTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A CA through its directory: what is written comes back as the same CA (chain, key,
/// trust domain, organisation), with exact modes, and a directory that does not hold a
/// usable CA is a typed error naming the file at fault.
@Suite("CADirectory")
struct CADirectoryTests {
  static let domain = try! TrustDomain("example.org")
  static let id = try! SPIFFEID("spiffe://example.org/ns/shop/sa/orders")

  /// The mode of `path` after following its links (the generation's file).
  static func mode(_ path: String) throws -> mode_t {
    var status = stat()
    try #require(stat(path, &status) == 0, "stat \(path): \(String(cString: strerror(errno)))")
    return status.st_mode & 0o7777
  }

  /// A CA directory of plain files, as earlier versions or a hand wrote it.
  static func plainDirectory(in parent: URL, _ files: [String: String]) throws -> CADirectory {
    let path = parent.appendingPathComponent("ca-\(UUID().uuidString)").path
    for (name, text) in files {
      try AtomicFile.write(
        text, to: "\(path)/\(name)", mode: name == CADirectory.keyFile ? 0o600 : 0o644,
        directoryMode: 0o700)
    }
    return CADirectory(path: path)
  }

  @Test(
    "a root CA round-trips: same certificate, key, trust domain and organisation; same leaf subjects"
  )
  func rootRoundTrip() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try CertificateAuthority.createRoot(
      trustDomain: Self.domain, keyType: .p384, organization: "Acme Mesh")
    // Two directories above the CA are missing: the write makes them.
    let storage = CADirectory(path: directory.appendingPathComponent("etc/mesh/ca").path)

    try storage.write(root)
    let loaded = try storage.load()
    let before = try root.issueSVID(for: Self.id)
    let after = try loaded.issueSVID(for: Self.id)

    #expect(loaded.certificate == root.certificate)
    #expect(loaded.issuers.isEmpty && loaded.root == root.certificate)
    #expect(loaded.privateKey.publicKey == root.privateKey.publicKey)
    #expect(loaded.privateKey.type == .p384)
    #expect(loaded.trustDomain == Self.domain)
    #expect(loaded.organization == "Acme Mesh")
    #expect(after.leaf.subject == before.leaf.subject && after.leaf.subject == "O=Acme Mesh")
    #expect(after.leaf.issuer == before.leaf.issuer)
    #expect(try SVIDVerifier(bundle: root.bundle).verify(after.chain) == Self.id)
    let settings = try String(
      contentsOfFile: "\(storage.path)/\(CADirectory.settingsFile)", encoding: .utf8)
    #expect(settings == #"{"organization":"Acme Mesh","trustDomain":"example.org"}"# + "\n")
  }

  @Test(
    "modes are exact: the key 0600, the certificates and settings 0644, the directories made 0700")
  func modes() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let parent = directory.appendingPathComponent("missing").path
    let storage = CADirectory(path: "\(parent)/ca")

    try storage.write(CertificateAuthority.createRoot(trustDomain: Self.domain))

    #expect(try Self.mode("\(storage.path)/\(CADirectory.keyFile)") == 0o600)
    #expect(try Self.mode("\(storage.path)/\(CADirectory.certificateFile)") == 0o644)
    #expect(try Self.mode("\(storage.path)/\(CADirectory.settingsFile)") == 0o644)
    #expect(try Self.mode(storage.path) == 0o700)
    #expect(try Self.mode(parent) == 0o700)
  }

  @Test("an intermediate CA two levels below the root keeps its whole chain and its bundle")
  func intermediateRoundTrip() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain)
    let middle = try root.issueIntermediate(pathLength: 1)
    let issuing = try middle.issueIntermediate()
    let storage = CADirectory(path: directory.appendingPathComponent("ca").path)

    try storage.write(issuing)
    let loaded = try storage.load()
    let svid = try loaded.issueSVID(for: Self.id)

    #expect(loaded.certificate == issuing.certificate)
    #expect(loaded.issuers == [middle.certificate, root.certificate])
    #expect(loaded.root == root.certificate)
    #expect(loaded.bundle.x509Authorities == [root.certificate])
    #expect(svid.chain.dropFirst() == [issuing.certificate, middle.certificate])
    #expect(try SVIDVerifier(bundle: root.bundle).verify(svid.chain) == Self.id)
  }

  @Test(
    "a directory of plain ca.pem and ca.key from earlier versions loads: its names from the certificate"
  )
  func earlierLayout() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try CertificateAuthority.createRoot(
      trustDomain: Self.domain, organization: "Legacy Org")
    let storage = try Self.plainDirectory(
      in: directory,
      [
        CADirectory.certificateFile: root.certificate.pemEncoded,
        CADirectory.keyFile: try root.privateKey.pemEncoded(),
      ])

    let loaded = try storage.load()
    try storage.write(loaded, replacing: true)
    let rewritten = try storage.load()

    #expect(loaded.trustDomain == Self.domain)
    #expect(loaded.organization == "Legacy Org")
    #expect(rewritten.certificate == root.certificate)
    #expect(rewritten.organization == "Legacy Org")
  }

  /// A directory that does not hold a usable CA, the code and file it must be refused
  /// with, and the certificate named when one is at fault.
  struct Breakage: Sendable, CustomStringConvertible {
    let label: String
    let files: @Sendable () throws -> [String: String]
    let code: PKIError.Code
    let file: String
    var certificate: String?

    var description: String { label }
  }

  static let breakages: [Breakage] = {
    let root = try! CertificateAuthority.createRoot(trustDomain: domain)
    let intermediate = try! root.issueIntermediate()
    let other = try! CertificateAuthority.createRoot(trustDomain: domain)
    let leaf = try! intermediate.issueSVID(for: id)
    let rootPEM = root.certificate.pemEncoded
    let rootKey = try! root.privateKey.pemEncoded()
    let intermediateKey = try! intermediate.privateKey.pemEncoded()
    let certificate = CADirectory.certificateFile
    let key = CADirectory.keyFile
    let settings = CADirectory.settingsFile
    return [
      Breakage(
        label: "no key", files: { [certificate: rootPEM] }, code: .missingFile, file: key),
      Breakage(
        label: "no certificate", files: { [key: rootKey] }, code: .missingFile,
        file: certificate),
      Breakage(
        label: "another CA's key",
        files: { [certificate: rootPEM, key: try other.privateKey.pemEncoded()] },
        code: .keyMismatch, file: key, certificate: "CA (\(root.certificate.subject))"),
      Breakage(
        label: "certificate PEM corrupt",
        files: { [certificate: String(rootPEM.prefix(rootPEM.count / 2)), key: rootKey] },
        code: .invalidEncoding, file: certificate),
      Breakage(
        label: "certificate file without a certificate",
        files: { [certificate: "not a certificate\n", key: rootKey] }, code: .invalidEncoding,
        file: certificate),
      Breakage(
        label: "key PEM corrupt",
        files: { [certificate: rootPEM, key: String(rootKey.prefix(rootKey.count / 2))] },
        code: .invalidEncoding, file: key),
      Breakage(
        label: "an intermediate without its root",
        files: { [certificate: intermediate.certificate.pemEncoded, key: intermediateKey] },
        code: .incompleteChain, file: certificate,
        certificate: "certificate 0 (\(intermediate.certificate.subject))"),
      Breakage(
        label: "an intermediate above another root",
        files: {
          [
            certificate: intermediate.certificate.pemEncoded + other.certificate.pemEncoded,
            key: intermediateKey,
          ]
        }, code: .chainInvalid, file: certificate,
        certificate: "certificate 0 (\(intermediate.certificate.subject))"),
      Breakage(
        label: "a leaf, not a CA",
        files: {
          [certificate: leaf.chainPEM + rootPEM, key: try leaf.privateKey!.pemEncoded()]
        }, code: .issuerNotUsable, file: certificate,
        certificate: "CA (\(leaf.leaf.subject))"),
      Breakage(
        label: "settings not JSON",
        files: { [certificate: rootPEM, key: rootKey, settings: "organization: x\n"] },
        code: .invalidEncoding, file: settings),
      Breakage(
        label: "settings with a bad trust domain",
        files: {
          [
            certificate: rootPEM, key: rootKey,
            settings: #"{"organization":"x","trustDomain":"Example.ORG/x"}"#,
          ]
        }, code: .invalidSPIFFEID, file: settings),
    ]
  }()

  @Test(
    "a directory without a usable CA is a typed error naming the file, never a key",
    arguments: breakages)
  func broken(_ breakage: Breakage) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let storage = try Self.plainDirectory(in: directory, try breakage.files())

    let error = try #require(throws: PKIError.self) { try storage.load() }

    #expect(error.code == breakage.code, "\(error)")
    #expect(error.file == "\(storage.path)/\(breakage.file)", "\(error)")
    #expect(error.description.contains("\(storage.path)/\(breakage.file)"), "\(error)")
    if let certificate = breakage.certificate {
      #expect(error.certificate == certificate, "\(error)")
    }
    #expect(!error.description.contains("PRIVATE KEY"), "\(error)")
  }

  @Test("a key that is mismatched is named with its file in the printed error")
  func mismatchDescription() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain)
    let other = try CertificateAuthority.createRoot(trustDomain: Self.domain)
    let storage = try Self.plainDirectory(
      in: directory,
      [
        CADirectory.certificateFile: root.certificate.pemEncoded,
        CADirectory.keyFile: try other.privateKey.pemEncoded(),
      ])

    let error = #expect(throws: PKIError.self) { try storage.load() }

    #expect(
      error?.description
        == "PKIError.keyMismatch: \(storage.path)/ca.key: CA (\(root.certificate.subject)): the CA key does not belong to the CA certificate"
    )
  }

  @Test("a write that fails midway leaves the previous CA whole and nothing half-written")
  func failedWrite() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let first = try CertificateAuthority.createRoot(trustDomain: Self.domain)
    let storage = try Self.plainDirectory(
      in: directory,
      [
        CADirectory.certificateFile: first.certificate.pemEncoded,
        CADirectory.keyFile: try first.privateKey.pemEncoded(),
      ])
    // A directory where the settings file's link must go: the new set cannot be linked.
    try FileManager.default.createDirectory(
      atPath: "\(storage.path)/\(CADirectory.settingsFile)/occupied",
      withIntermediateDirectories: true)

    let error = #expect(throws: PKIError.self) {
      try storage.write(CertificateAuthority.createRoot(trustDomain: Self.domain), replacing: true)
    }
    let loaded = try storage.load()
    let entries = try FileManager.default.contentsOfDirectory(atPath: storage.path)
    let generations = entries.filter { $0.hasPrefix("..") && $0 != "..data" && $0 != "..lock" }

    #expect(error?.code == .fileSystem, "\(String(describing: error))")
    #expect(loaded.certificate == first.certificate)
    #expect(generations.count == 1, "\(entries)")
    #expect(!entries.contains { $0.contains(".tmp-") || $0.contains(".link-") }, "\(entries)")
  }

  @Test("a CA whose chain stops below the root is refused, not taken for a root")
  func noRoot() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain)
    let intermediate = try root.issueIntermediate()

    let error = try #require(throws: PKIError.self) {
      try CertificateAuthority(
        certificate: intermediate.certificate, privateKey: intermediate.privateKey)
    }

    #expect(error.code == .incompleteChain)
    #expect(error.certificate == "certificate 0 (\(intermediate.certificate.subject))")
  }
}

/// The openssl CLI as the oracle for what a reloaded CA issues, and as the maker of a CA
/// this module did not make.
@Suite(
  "CADirectory with the openssl CLI",
  .enabled(if: Peers.opensslAvailableOrRequired, Comment(rawValue: Peers.missingOpenSSLReason)))
struct CADirectoryOpenSSLTests {
  @Test("leaves of a reloaded intermediate pass openssl verify -CAfile root -untrusted chain")
  func reloadedIntermediateVerifies() throws {
    let fixture = try PKIFixture()
    // Two intermediates, so the chain file the leaf needs holds more than one certificate.
    let middle = try fixture.root.issueIntermediate(pathLength: 1)
    let issuing = try middle.issueIntermediate()
    let storage = CADirectory(path: fixture.path("ca"))
    try storage.write(issuing)

    let loaded = try storage.load()
    let svid = try loaded.issueSVID(for: CADirectoryTests.id)
    try fixture.write(svid.leaf.pemEncoded, "leaf.pem")
    try fixture.write(svid.chain.dropFirst().map(\.pemEncoded).joined(), "chain.pem")
    let verified = try Peers.runOpenSSL([
      "verify", "-CAfile", fixture.path("root.pem"), "-untrusted", fixture.path("chain.pem"),
      fixture.path("leaf.pem"),
    ])
    let withoutChain = try Peers.runOpenSSL([
      "verify", "-CAfile", fixture.path("root.pem"), fixture.path("leaf.pem"),
    ])

    #expect(svid.chain.count == 3)
    #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    #expect(verified.stdout.hasSuffix(": OK\n"), "\(verified.stdout)")
    #expect(withoutChain.status != 0, "the leaf must need the intermediates")
  }

  @Test("a CA openssl made, without a SPIFFE ID, keeps its given trust domain and its organisation")
  func importedCA() throws {
    let fixture = try PKIFixture()
    let made = try Peers.runOpenSSL([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", fixture.path("imported.key"), "-out", fixture.path("imported.pem"),
      "-days", "2", "-subj", "/O=Istio Plug-in/CN=Root CA",
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ])
    try #require(made.status == 0, "\(made.stderr)")
    let imported = try CertificateAuthority(
      certificatePEM: String(contentsOfFile: fixture.path("imported.pem"), encoding: .utf8),
      keyPEM: String(contentsOfFile: fixture.path("imported.key"), encoding: .utf8),
      trustDomain: TrustDomain("cluster.local"))
    let storage = CADirectory(path: fixture.path("ca"))

    try storage.write(imported)
    let loaded = try storage.load()
    let svid = try loaded.issueSVID(for: SPIFFEID("spiffe://cluster.local/ns/a/sa/b"))
    try fixture.write(svid.leaf.pemEncoded, "leaf.pem")
    let verified = try Peers.runOpenSSL([
      "verify", "-CAfile", fixture.path("imported.pem"), fixture.path("leaf.pem"),
    ])

    #expect(imported.organization == "Istio Plug-in")
    #expect(loaded.trustDomain == (try TrustDomain("cluster.local")))
    #expect(loaded.organization == "Istio Plug-in")
    #expect(svid.leaf.subject == "O=Istio Plug-in")
    #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
  }
}
