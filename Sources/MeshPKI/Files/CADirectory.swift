import Foundation
import MeshIdentity
internal import MeshSupport

/// A CA on disk, replaced as a whole in one atomic step as ``SVIDDirectory`` replaces an
/// SVID's files, under the same kind of lock:
///
/// ```
/// ca/                    mode 0700
///   ca.pem               0644  the CA's certificate, then its issuers, ending with the root
///   ca.key               0600  the CA's private key (PKCS#8)
///   ca-settings.json     0644  {"organization":"MeshBridge","trustDomain":"example.org"}
/// ```
///
/// (each name a link into the current generation, as ``SVIDDirectory`` shows.) `ca.pem`
/// holds the whole chain, so an intermediate CA reloaded from it hands out its root as
/// the bundle and its intermediates with every SVID; `ca-settings.json` keeps what the CA
/// writes into the certificates it issues, so a reloaded CA issues leaves with the same
/// subject, for a trust domain its certificate need not name. A directory without the
/// settings file (written by earlier versions, or by hand) still loads: the trust domain
/// comes from the certificate's `spiffe://` URI SAN and the organisation from its subject.
///
/// ```swift
/// let directory = CADirectory(path: "ca")
/// try directory.write(try CertificateAuthority.createRoot(trustDomain: domain).issueIntermediate())
/// let ca = try directory.load()       // checked: key, chain to a self-signed root, CA:TRUE
/// ```
public struct CADirectory: Sendable {
  /// The CA's certificate followed by its issuers, nearest first, ending with the
  /// self-signed root.
  public static let certificateFile = "ca.pem"
  /// The CA's private key.
  public static let keyFile = "ca.key"
  /// The CA's trust domain and the organisation it writes into what it issues (JSON).
  public static let settingsFile = "ca-settings.json"

  /// The directory.
  public let path: String
  /// How long a writer waits for another writer of the same directory.
  public var lockTimeout: TimeInterval

  /// Creates a value; every parameter is the property of the same name.
  public init(path: String, lockTimeout: TimeInterval = 60) {
    self.path = path
    self.lockTimeout = lockTimeout
  }

  private var files: AtomicFileSet { AtomicFileSet(path: path, directoryMode: 0o700) }

  /// Whether the directory holds a CA (its certificate or its key).
  public var exists: Bool {
    files.contains(Self.certificateFile) || files.contains(Self.keyFile)
  }

  /// Reads the CA (its certificate, issuers, key and settings, from one generation) and
  /// checks it as ``CertificateAuthority/init(certificate:privateKey:issuers:trustDomain:organization:)``
  /// does. Every error names the file at fault in ``PKIError/file``.
  /// - Parameter passphrase: The key's passphrase, when it is encrypted.
  /// - Throws: ``PKIError`` with ``PKIError/Code/missingFile`` when `ca.pem` or `ca.key`
  ///   is missing, ``PKIError/Code/fileSystem`` when a file cannot be read,
  ///   ``PKIError/Code/insecureKeyFile`` when the key is readable by others,
  ///   ``PKIError/Code/invalidEncoding`` when a file does not parse,
  ///   ``PKIError/Code/keyMismatch`` (naming `ca.key`) when the key is not the
  ///   certificate's, ``PKIError/Code/issuerNotUsable``, ``PKIError/Code/chainInvalid`` or
  ///   ``PKIError/Code/incompleteChain`` (naming `ca.pem`) when the certificate is not a
  ///   CA or its chain does not lead to a self-signed root.
  public func load(passphrase: String? = nil) throws -> CertificateAuthority {
    let certificatePath = "\(path)/\(Self.certificateFile)"
    let keyPath = "\(path)/\(Self.keyFile)"
    return try pkiErrors {
      let set = files
      let chainPEM = String(decoding: try set.read(Self.certificateFile), as: UTF8.self)
      try checkPrivate(set, Self.keyFile)
      let keyPEM = String(decoding: try set.read(Self.keyFile), as: UTF8.self)
      let settings =
        set.contains(Self.settingsFile) ? try Settings(set.read(Self.settingsFile), in: path) : nil
      let chain = try attributing(to: certificatePath) {
        try Certificate.parseBundle(pemEncoded: chainPEM)
      }
      guard let certificate = chain.first else {
        throw PKIError(.invalidEncoding, "holds no certificate", file: certificatePath)
      }
      let key = try attributing(to: keyPath) {
        try PrivateKey(pemEncoded: keyPEM, passphrase: passphrase)
      }
      do {
        return try CertificateAuthority(
          certificate: certificate, privateKey: key, issuers: Array(chain.dropFirst()),
          trustDomain: settings?.trustDomain, organization: settings?.organization)
      } catch var error as PKIError {
        error.file = error.code == .keyMismatch ? keyPath : certificatePath
        throw error
      }
    }
  }

  /// Writes `authority`: its certificate and issuers up to the root, its key and its
  /// settings, creating the directory (and the ones above it) when missing.
  /// - Parameter replacing: Whether a CA already there may be replaced. Replacing a CA
  ///   makes every SVID it issued unverifiable and unrenewable, so it must be asked for.
  /// - Throws: ``PKIError`` with ``PKIError/Code/alreadyExists`` when the directory holds
  ///   a CA and `replacing` is false, ``PKIError/Code/fileSystem`` or
  ///   ``PKIError/Code/inUse`` when writing fails (the previous CA is then still whole).
  public func write(_ authority: CertificateAuthority, replacing: Bool = false) throws {
    try pkiErrors {
      try files.withLock(timeout: lockTimeout) {
        if !replacing, exists {
          let existing = (try? load()).map { " for \($0.trustDomain)" } ?? ""
          throw PKIError(
            .alreadyExists,
            "\(path) already holds a CA\(existing); replacing it would invalidate every SVID it issued",
            file: path)
        }
        let chain = ([authority.certificate] + authority.issuers).map(\.pemEncoded).joined()
        try files.publish([
          AtomicFileSet.File(name: Self.certificateFile, contents: Array(chain.utf8), mode: 0o644),
          AtomicFileSet.File(
            name: Self.keyFile, contents: Array(try authority.privateKey.pemEncoded().utf8),
            mode: 0o600),
          AtomicFileSet.File(
            name: Self.settingsFile, contents: try Settings(of: authority).encoded(), mode: 0o644),
        ])
      }
    }
  }
}

/// `ca-settings.json`: what a CA writes into the certificates it issues beyond its own
/// certificate.
private struct Settings {
  var organization: String
  var trustDomain: TrustDomain

  /// The file's JSON, keys sorted.
  private struct Document: Codable {
    var organization: String
    var trustDomain: String
  }

  init(of authority: CertificateAuthority) {
    organization = authority.organization
    trustDomain = authority.trustDomain
  }

  /// Reads the file of the CA directory at `directory`.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` or
  ///   ``PKIError/Code/invalidSPIFFEID``, naming the file.
  init(_ bytes: [UInt8], in directory: String) throws {
    let file = "\(directory)/\(CADirectory.settingsFile)"
    let document: Document
    do {
      document = try JSONDecoder().decode(Document.self, from: Data(bytes))
    } catch {
      throw PKIError(
        .invalidEncoding,
        "not a CA's settings: a JSON object with the strings organization and trustDomain",
        file: file)
    }
    organization = document.organization
    do {
      trustDomain = try TrustDomain(document.trustDomain)
    } catch {
      throw PKIError(.invalidSPIFFEID, "trustDomain: \(error)", file: file)
    }
  }

  func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let document = Document(organization: organization, trustDomain: trustDomain.name)
    return Array(try encoder.encode(document)) + [UInt8(ascii: "\n")]
  }
}
