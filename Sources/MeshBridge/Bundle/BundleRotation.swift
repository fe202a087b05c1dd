import Foundation
import MeshPKI

/// Renews the SVIDs of onboarding bundles before they expire, from the SVIDs themselves
/// (proof of possession of the current key), so a host that was offline needs no
/// bootstrap token. The new chain and key replace the old ones by rename in the bundle's
/// `certs/` directory, which the running sidecar watches: it serves the new certificate
/// without a restart.
public struct BundleRotation: Sendable {
  /// The share of an SVID's lifetime after which it is renewed (SPIRE renews at half).
  public var fraction: Double
  /// The new SVIDs' lifetime.
  public var lifetime: TimeInterval

  /// Creates a value; every parameter is the property of the same name.
  public init(fraction: Double = 0.5, lifetime: TimeInterval = CertificateAuthority.DefaultTTL.svid)
  {
    self.fraction = fraction
    self.lifetime = lifetime
  }

  /// What rotating one bundle did.
  public enum Outcome: Sendable, Hashable {
    /// Renewed; the new SVID expires then.
    case renewed(notAfter: Date)
    /// Not due yet; it is due then.
    case notDue(renewAt: Date)
  }

  /// Renews the bundle's SVID when it has used `fraction` of its lifetime at `now`.
  /// - Throws: ``PKIError`` when the files do not hold an SVID and its key, or the CA
  ///   refuses the renewal; ``BundleError`` when the files cannot be replaced.
  @discardableResult
  public func rotate(bundle: URL, authority: CertificateAuthority, now: Date = Date()) throws
    -> Outcome
  {
    let certs = bundle.appendingPathComponent("certs")
    let current = try SVID(
      chainPEM: String(contentsOf: certs.appendingPathComponent("svid.pem"), encoding: .utf8),
      keyPEM: String(contentsOf: certs.appendingPathComponent("svid.key"), encoding: .utf8))
    let lifetime = current.leaf.notAfter.timeIntervalSince(current.leaf.notBefore)
    guard current.needsRenewal(at: now, fraction: fraction) else {
      return .notDue(renewAt: current.leaf.notBefore.addingTimeInterval(lifetime * fraction))
    }
    let newKey = try PrivateKey(generating: current.privateKey?.type ?? .p256)
    let renewed = try authority.renew(
      RenewalRequest(renewing: current, newKey: newKey), ttl: self.lifetime, now: now)
    // The key first: the sidecar reloads on each rename and takes the pair once the
    // chain that matches the key is in place.
    try SecureFile.write(try newKey.pemEncoded(), to: certs.appendingPathComponent("svid.key").path)
    try SecureFile.write(
      renewed.chainPEM, to: certs.appendingPathComponent("svid.pem").path, mode: 0o644)
    try updateManifest(bundle, notAfter: renewed.notAfter)
    return .renewed(notAfter: renewed.notAfter)
  }

  /// Rotates every bundle in `directory` that is due; returns the outcome per bundle
  /// name, and the error of any that failed (the others still rotate).
  public func rotateAll(in directory: URL, authority: CertificateAuthority, now: Date = Date())
    -> [String: Result<Outcome, any Error>]
  {
    var results: [String: Result<Outcome, any Error>] = [:]
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in names.sorted() where !name.hasPrefix(".") {
      let bundle = directory.appendingPathComponent(name)
      guard
        FileManager.default.fileExists(atPath: bundle.appendingPathComponent("manifest.json").path)
      else { continue }
      results[name] = Result { try rotate(bundle: bundle, authority: authority, now: now) }
    }
    return results
  }

  /// Records the new files' hashes and expiry in `manifest.json`.
  private func updateManifest(_ bundle: URL, notAfter: Date) throws {
    var manifest = try BundleManifest.read(from: bundle)
    manifest.notAfter = notAfter
    for index in manifest.files.indices where manifest.files[index].path.hasPrefix("certs/svid.") {
      let contents = try Data(contentsOf: bundle.appendingPathComponent(manifest.files[index].path))
      manifest.files[index].sha256 = Digest.sha256Hex(contents)
      manifest.files[index].size = contents.count
    }
    try SecureFile.write(
      try manifest.encoded(), to: bundle.appendingPathComponent("manifest.json").path, mode: 0o644)
  }
}
