import Foundation
internal import MeshSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The user and group a file is given to, such as the sidecar proxy's (Istio's, by
/// default) for a sidecar's key, which the proxy must read and nobody else may.
public struct FileOwner: Sendable, Hashable {
  /// The owning user's numeric ID (UID).
  public var userID: UInt32
  /// The owning group's numeric ID (GID).
  public var groupID: UInt32

  /// Creates a value; every parameter is the property of the same name.
  public init(userID: UInt32, groupID: UInt32) {
    self.userID = userID
    self.groupID = groupID
  }

  var ids: FileOwnerIDs { (userID, groupID) }
}

/// A workload's identity on disk: `svid.pem` (the chain, leaf first), `svid.key` (the
/// private key, mode 0600) and `bundle.pem` (the trust bundle), which change together.
///
/// Every write replaces the whole set in one atomic step (a new generation directory
/// made current by renaming one link, the layout Kubernetes gives projected volumes and
/// Envoy's `watched_directory` expects), so whenever a writer stops, crash or full disk
/// included, the directory holds the old SVID or the new one, its key always beside it:
/// renewal can always prove possession. Writers of one directory take its lock (`..lock`,
/// `flock`) and wait for each other; one that waits longer than `lockTimeout` fails with
/// ``PKIError/Code/inUse``.
///
/// ```
/// OUT/svid.pem -> ..data/svid.pem     OUT/..data -> ..2026_12_07_13_47_18.Ab3xYz
/// OUT/svid.key -> ..data/svid.key     OUT/..2026_12_07_13_47_18.Ab3xYz/{svid.pem,svid.key,bundle.pem}
/// OUT/bundle.pem -> ..data/bundle.pem
/// ```
///
/// The directory is 0755 and the certificates 0644, so a proxy running as another user
/// (``keyOwner``) reads them; the key is 0600 and belongs to ``keyOwner`` when one is set.
public struct SVIDDirectory: Sendable {
  /// The chain, leaf first.
  public static let certificateFile = "svid.pem"
  /// The private key.
  public static let keyFile = "svid.key"
  /// The trust bundle.
  public static let bundleFile = "bundle.pem"

  /// The directory.
  public let path: String
  /// Who the key is given to; nil keeps it with whoever writes it. Giving it to another
  /// user needs root.
  public var keyOwner: FileOwner?
  /// How long a writer waits for another writer of the same directory.
  public var lockTimeout: TimeInterval

  /// Creates a value; every parameter is the property of the same name.
  public init(path: String, keyOwner: FileOwner? = nil, lockTimeout: TimeInterval = 60) {
    self.path = path
    self.keyOwner = keyOwner
    self.lockTimeout = lockTimeout
  }

  private var files: AtomicFileSet { AtomicFileSet(path: path, directoryMode: 0o755) }

  /// Whether the directory holds an SVID.
  public var exists: Bool { files.contains(Self.certificateFile) }

  /// Reads the SVID: its chain and, when the directory holds it, its key, both from one
  /// generation. Every error names the file at fault in ``PKIError/file``.
  /// - Throws: ``PKIError`` with ``PKIError/Code/missingFile`` when there is no
  ///   `svid.pem`, ``PKIError/Code/fileSystem`` when a file cannot be read,
  ///   ``PKIError/Code/insecureKeyFile`` when the key is readable by others, and as
  ///   ``SVID/init(chain:privateKey:)`` and the PEM readers do.
  public func load(passphrase: String? = nil) throws -> SVID {
    let chainPath = "\(path)/\(Self.certificateFile)"
    let keyPath = "\(path)/\(Self.keyFile)"
    return try pkiErrors {
      let set = files
      let chainPEM = String(decoding: try set.read(Self.certificateFile), as: UTF8.self)
      var keyPEM: String?
      if set.contains(Self.keyFile) {
        try checkPrivate(set, Self.keyFile)
        keyPEM = String(decoding: try set.read(Self.keyFile), as: UTF8.self)
      }
      let chain = try attributing(to: chainPath) {
        try Certificate.parseBundle(pemEncoded: chainPEM)
      }
      let key = try attributing(to: keyPath) {
        try keyPEM.map { try PrivateKey(pemEncoded: $0, passphrase: passphrase) }
      }
      do {
        return try SVID(chain: chain, privateKey: key)
      } catch var error as PKIError {
        error.file = error.code == .keyMismatch ? keyPath : chainPath
        throw error
      }
    }
  }

  /// Writes `svid`, its key when it has one, and `bundle` as the directory's new set; a
  /// key of an earlier SVID that this one lacks is removed.
  /// - Parameters:
  ///   - svid: The SVID.
  ///   - bundle: The trust bundle its peers are verified with.
  ///   - additionalFiles: Further files of the set by name (mode 0644), such as the SDS
  ///     files a sidecar reads.
  /// - Throws: ``PKIError`` with ``PKIError/Code/fileSystem`` or
  ///   ``PKIError/Code/inUse``; the previous set is then still whole.
  public func write(_ svid: SVID, bundle: TrustBundle, additionalFiles: [String: [UInt8]] = [:])
    throws
  {
    try pkiErrors {
      try files.withLock(timeout: lockTimeout) {
        try publish(svid, bundle: bundle, additionalFiles: additionalFiles)
      }
    }
  }

  /// Renews the SVID in place with a new key of the same type: the CA checks the current
  /// key's proof of possession, and the new key, chain and the CA's bundle replace the old
  /// ones in one step. The key keeps its owner.
  /// - Parameters:
  ///   - authority: The CA that issued the current SVID.
  ///   - ttl: The new SVID's lifetime.
  ///   - now: The time of the renewal.
  /// - Returns: The new SVID, with its key.
  /// - Throws: As ``load(passphrase:)`` and ``CertificateAuthority/renew(_:ttl:policy:now:)``,
  ///   and ``PKIError/Code/fileSystem`` or ``PKIError/Code/inUse`` when writing fails.
  @discardableResult
  public func renew(
    with authority: CertificateAuthority, ttl: TimeInterval = CertificateAuthority.DefaultTTL.svid,
    now: Date = Date()
  ) throws -> SVID {
    try pkiErrors {
      try files.withLock(timeout: lockTimeout) {
        let svid = try authority.renew(RenewalRequest(renewing: try load()), ttl: ttl, now: now)
        var directory = self
        if directory.keyOwner == nil, files.contains(Self.keyFile) {
          let owner = try files.attributes(of: Self.keyFile).owner
          directory.keyOwner = FileOwner(userID: owner.userID, groupID: owner.groupID)
        }
        try directory.publish(svid, bundle: authority.bundle, additionalFiles: [:])
        return svid
      }
    }
  }

  /// The set written while holding the lock.
  private func publish(_ svid: SVID, bundle: TrustBundle, additionalFiles: [String: [UInt8]])
    throws
  {
    var set = [
      AtomicFileSet.File(
        name: Self.certificateFile, contents: Array(svid.chainPEM.utf8), mode: 0o644),
      AtomicFileSet.File(
        name: Self.bundleFile, contents: Array(bundle.pemEncoded.utf8), mode: 0o644),
    ]
    for (name, contents) in additionalFiles.sorted(by: { $0.key < $1.key }) {
      set.append(AtomicFileSet.File(name: name, contents: contents, mode: 0o644))
    }
    if let key = svid.privateKey {
      set.append(
        AtomicFileSet.File(
          name: Self.keyFile, contents: Array(try key.pemEncoded().utf8), mode: 0o600,
          owner: keyOwner?.ids))
    }
    try files.publish(set, retiring: svid.privateKey == nil ? [Self.keyFile] : [])
  }
}
