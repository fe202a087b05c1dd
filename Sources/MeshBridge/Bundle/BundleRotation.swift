import EnvoyConfig
import Foundation
import MeshPKI
internal import MeshSupport

/// Renews the SVIDs of onboarding bundles before they expire, from the SVIDs themselves
/// (proof of possession of the current key), so a host that was offline needs no
/// bootstrap token. The new chain and key replace the old ones in one step in the bundle's
/// certificate folder (``SidecarContract/certificateFolder``) (a new generation behind its `..data` link), which the running
/// sidecar watches: it serves the new certificate without a restart.
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
  ///
  /// Holds the bundle's lock (the one ``OnboardingBundle`` writers take), so a rotation
  /// and a rewrite of the same bundle never interleave. The new key, chain and bundle
  /// replace the old ones in the certificate folder in one step (``SVIDDirectory``), the
  /// SDS files beside them carried over; the key keeps its owner, the proxy's user. A manifest left behind by an interrupted rotation is
  /// brought up to date, due or not, and what an interrupted rewrite left is removed.
  /// - Throws: ``PKIError`` when the files do not hold an SVID and its key, or the CA
  ///   refuses the renewal; ``BundleError`` when the files cannot be replaced.
  @discardableResult
  public func rotate(bundle: URL, authority: CertificateAuthority, now: Date = Date()) throws
    -> Outcome
  {
    try AtomicDirectory.withLock(of: bundle) {
      AtomicDirectory.removeLeftovers(of: bundle)
      let certs = SidecarContract.standard.certificateDirectory(under: bundle.path)
        .svidDirectory()
      let current = try certs.load()
      let lifetime = current.leaf.notAfter.timeIntervalSince(current.leaf.notBefore)
      guard current.needsRenewal(at: now, fraction: fraction) else {
        try updateManifest(bundle, notAfter: current.notAfter)
        return .notDue(renewAt: current.leaf.notBefore.addingTimeInterval(lifetime * fraction))
      }
      let renewed = try certs.renew(with: authority, ttl: self.lifetime, now: now)
      try updateManifest(bundle, notAfter: renewed.notAfter)
      return .renewed(notAfter: renewed.notAfter)
    }
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

  /// Records the certificate files' hashes and the SVID's expiry in `manifest.json`,
  /// when they have changed.
  private func updateManifest(_ bundle: URL, notAfter: Date) throws {
    let original = try BundleManifest.read(from: bundle)
    var manifest = original
    manifest.notAfter = notAfter
    let certs = SidecarContract.standard.certificateFolder + "/"
    for index in manifest.files.indices where manifest.files[index].path.hasPrefix(certs) {
      let contents = try Data(contentsOf: bundle.appendingPathComponent(manifest.files[index].path))
      manifest.files[index].sha256 = Digest.sha256Hex(contents)
      manifest.files[index].size = contents.count
    }
    guard manifest != original else { return }
    let path = bundle.appendingPathComponent("manifest.json").path
    do {
      try AtomicFile.write(try manifest.encoded(), to: path, mode: 0o644)
    } catch let error as FileSystemError {
      throw BundleError(.fileSystem, path: bundle.path, reason: error.description)
    }
  }
}
