import EnvoyConfig
import Foundation
import MeshIdentity
import MeshPKI
import MeshTestSupport
import Testing

/// The certificate directory: its paths come from the contract, its SDS files name them,
/// and they are written into the directory's set of certificate files in one step. That
/// Envoy loads them and completes mutual TLS with them, and follows a rotation, is shown
/// by EnvoyTrafficTests and SidecarEndToEndTests, which write their directories with it.
@Suite("SidecarCertificateDirectory")
struct SidecarCertificateDirectoryTests {
  let contract = SidecarContract.standard

  /// A directory holding an SVID, its key and the CA's bundle, written by MeshPKI.
  static func svidDirectory(in root: URL) throws -> (SVIDDirectory, CertificateAuthority) {
    let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let svid = try authority.issueSVID(for: SPIFFEID("spiffe://example.org/ns/shop/sa/orders"))
    let directory = SVIDDirectory(path: root.appendingPathComponent("certs").path)
    try directory.write(svid, bundle: authority.bundle)
    return (directory, authority)
  }

  /// The JSON object in the file at `path`.
  static func json(_ path: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any])
  }

  /// The permissions of the file `path` names (through its links).
  static func mode(_ path: String) throws -> Int? {
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    return try FileManager.default.attributesOfItem(atPath: resolved)[.posixPermissions] as? Int
  }

  @Test("the files' paths are the contract's names under the path; TLS asks for two SDS secrets")
  func paths() throws {
    let certificates = contract.certificateDirectory(under: "/srv/orders")

    #expect(
      [
        certificates.certificatePath, certificates.keyPath, certificates.bundlePath,
        certificates.sdsCertificatePath, certificates.sdsValidationPath,
      ] == [
        "/srv/orders/certs/\(contract.certificateFile)", "/srv/orders/certs/\(contract.keyFile)",
        "/srv/orders/certs/\(contract.bundleFile)",
        "/srv/orders/certs/\(contract.sdsCertificateFile)",
        "/srv/orders/certs/\(contract.sdsValidationFile)",
      ])
    #expect(certificates.certificateSecretConfig.name == "default")
    #expect(certificates.validationSecretConfig.name == "ROOTCA")
    let source = try #require(certificates.certificateSecretConfig.sdsConfig?.pathConfigSource)
    #expect(source.path == certificates.sdsCertificatePath)
    #expect(source.watchedDirectory?.path == "/srv/orders/certs")
    #expect(
      certificates.validationSecretConfig.sdsConfig?.pathConfigSource?.path
        == certificates.sdsValidationPath)
    #expect(
      try certificates.sdsCertificateFile.resources.first?.unwrap(as: Envoy.Secret.self)?
        .tlsCertificate?.privateKey
        == .file(certificates.keyPath))
    #expect(
      try certificates.sdsValidationFile.resources.first?.unwrap(as: Envoy.Secret.self)?
        .validationContext?.trustedCA
        == .file(certificates.bundlePath))
  }

  @Test("the SDS files join the SVID's set (0644 beside the 0600 key) and survive a renewal")
  func writeSDSFiles() throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let (svids, authority) = try Self.svidDirectory(in: root)
    let certificates = SidecarCertificateDirectory(path: svids.path)

    try certificates.writeSDSFiles()

    for path in [certificates.sdsCertificatePath, certificates.sdsValidationPath] {
      #expect(try Self.mode(path) == 0o644, "\(path)")
      #expect(
        try FileManager.default.destinationOfSymbolicLink(atPath: path)
          == "..data/\(URL(fileURLWithPath: path).lastPathComponent)")
    }
    #expect(try Self.mode(certificates.keyPath) == 0o600)
    #expect(try Self.mode(certificates.certificatePath) == 0o644)
    let secret = try #require(
      (try Self.json(certificates.sdsCertificatePath)["resources"] as? [[String: Any]])?.first)
    let tls = secret["tls_certificate"] as? [String: [String: String]]
    #expect(secret["name"] as? String == "default")
    #expect(tls?["certificate_chain"]?["filename"] == certificates.certificatePath)
    #expect(tls?["private_key"]?["filename"] == certificates.keyPath)
    #expect(try svids.load().privateKey != nil)

    let renewed = try svids.renew(with: authority)

    #expect(try svids.load().chainPEM == renewed.chainPEM)
    #expect(try Self.mode(certificates.keyPath) == 0o600)
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: certificates.sdsCertificatePath))
        == Data(try certificates.sdsFiles()[contract.sdsCertificateFile] ?? []))
  }

  @Test("written where the host keeps it, the SDS files name the paths Envoy reads")
  func writtenElsewhere() throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let certificates = contract.certificateDirectory
    let location = root.appendingPathComponent("bundle/certs").path

    try certificates.writeSDSFiles(at: location)

    let validation = try Self.json("\(location)/\(contract.sdsValidationFile)")
    let secret = (validation["resources"] as? [[String: Any]])?.first
    let context = secret?["validation_context"] as? [String: [String: String]]
    #expect(context?["trusted_ca"]?["filename"] == "/etc/meshbridge/certs/bundle.pem")
    #expect(!FileManager.default.fileExists(atPath: certificates.sdsValidationPath))
  }

  @Test("a directory that cannot be made is a fileSystem error naming it; nothing is written")
  func unwritable() throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let blocker = root.appendingPathComponent("file")
    try Data("not a directory".utf8).write(to: blocker)
    let location = blocker.appendingPathComponent("certs").path

    let error = try #require(throws: EnvoyConfigError.self) {
      try contract.certificateDirectory.writeSDSFiles(at: location)
    }

    #expect(error.code == .fileSystem)
    #expect(
      error.description
        == "EnvoyConfigError.fileSystem: \(location): could not create the directory \(blocker.path): a file is in the way"
    )
    #expect(try String(contentsOf: blocker, encoding: .utf8) == "not a directory")
  }
}
