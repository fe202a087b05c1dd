import ECSClient
import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
internal import MeshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// What an onboarding bundle is made for, and how its sidecar runs.
public struct BundleOptions: Sendable, Hashable {
  /// The SPIFFE trust domain of the workload's identity; nil (the default) takes the CA's.
  /// When given, it must be the CA's: a CA issues SVIDs in its own trust domain only.
  public var trustDomain: TrustDomain?
  /// Where the sidecar container sees the bundle (the contract's
  /// ``SidecarContract/mountPath`` by default); nil when the sidecar reads the bundle where
  /// it is written (on the host, or in a container that mounts it at the same path).
  public var mountPath: String?
  /// The Envoy image of the sidecar.
  public var sidecarImage: String
  /// The SVID's lifetime.
  public var svidLifetime: TimeInterval
  /// The sidecar's configuration options (ports, access log, tracing); its certificate
  /// directory is set by the bundle.
  public var sidecar: SidecarOptions
  /// The user and group the sidecar runs as (the contract's, Istio's proxy, by default), in `run-sidecar.sh`
  /// and the container definition. The SVID's key is given to this user, mode 0600, so the
  /// proxy reads it and no one else does; giving it away needs root, so a bundle written
  /// by another user fails unless this is that user.
  public var proxyUser: FileOwner

  /// Creates a value; every parameter is the property of the same name.
  public init(
    trustDomain: TrustDomain? = nil, mountPath: String? = SidecarContract.standard.mountPath,
    sidecarImage: String = BundleOptions.defaultSidecarImage,
    svidLifetime: TimeInterval = CertificateAuthority.DefaultTTL.svid,
    sidecar: SidecarOptions = SidecarOptions(),
    proxyUser: FileOwner = BundleOptions.istioProxyUser
  ) {
    self.trustDomain = trustDomain
    self.mountPath = mountPath
    self.sidecarImage = sidecarImage
    self.svidLifetime = svidLifetime
    self.sidecar = sidecar
    self.proxyUser = proxyUser
  }

  /// Istio's proxy user and group, as ``SidecarContract/standard`` has them: applications
  /// must not run as it.
  public static let istioProxyUser = SidecarContract.standard.proxyOwner

  /// The Envoy image sidecars run by default.
  public static let defaultSidecarImage = "envoyproxy/envoy:v1.40.0"

  /// The contract the bundle's sidecar follows: ``SidecarContract/standard`` with this
  /// bundle's mount path (`bundleDirectory` when ``mountPath`` is nil), proxy user and
  /// ports.
  /// - Parameter bundleDirectory: Where the bundle is written.
  public func contract(bundleDirectory: String) -> SidecarContract {
    var contract = SidecarContract.standard.with(ports: sidecar).with(proxy: proxyUser)
    contract.mountPath = mountPath ?? bundleDirectory
    return contract
  }
}

/// One file of a bundle, as its manifest lists it.
public struct BundleFile: Codable, Sendable, Hashable {
  /// The path inside the bundle.
  public var path: String
  /// The file's permissions, octal (`0600`).
  public var mode: String
  /// The SHA-256 of the file's contents, lower-case hex.
  public var sha256: String
  /// The file's size in bytes.
  public var size: Int
}

/// The bundle's `manifest.json`.
public struct BundleManifest: Codable, Sendable, Hashable {
  /// The WorkloadEntry the bundle is for, `namespace/name`.
  public var workload: String
  /// The SPIFFE ID of the bundle's SVID.
  public var spiffeID: String
  /// When the bundle's SVID expires: rotate before then.
  public var notAfter: Date
  /// Every file of the bundle but the manifest, sorted by path.
  public var files: [BundleFile]

  /// The manifest as `manifest.json` holds it: sorted keys, ISO 8601 dates.
  func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
  }

  /// The manifest of the bundle at `bundle`.
  /// - Throws: ``BundleError`` with ``BundleError/Code/unreadableManifest`` when it is
  ///   missing or unreadable.
  public static func read(from bundle: URL) throws -> BundleManifest {
    let path = bundle.appendingPathComponent("manifest.json")
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    guard let data = try? Data(contentsOf: path),
      let manifest = try? decoder.decode(BundleManifest.self, from: data)
    else {
      throw BundleError(
        .unreadableManifest, path: path.path, reason: "manifest.json is missing or unreadable")
    }
    return manifest
  }
}

/// Everything one ECS Anywhere workload needs to join the mesh, written as one directory
/// whose names are the sidecar's contract (``SidecarContract``):
///
/// | File | Contents |
/// | --- | --- |
/// | ``SidecarContract/configurationFile`` | the sidecar's static bootstrap (``SidecarTranslator``) |
/// | ``SidecarContract/certificateFolder``: ``SidecarContract/certificateFile``, ``SidecarContract/keyFile`` (0600, the proxy's), ``SidecarContract/bundleFile`` | the workload's X509-SVID, key and trust bundle |
/// | ``SidecarContract/certificateFolder``: ``SidecarContract/sdsCertificateFile``, ``SidecarContract/sdsValidationFile`` | the SDS files the configuration watches |
/// | `run-sidecar.sh` | `docker run` for the sidecar: host network, the proxy's user, the bundle mounted read-only, restarted unless stopped |
/// | `ecs-container.json` | the sidecar as an `ECS.ContainerDefinition` (``SidecarContract/containerDefinition(image:)``), in AWS's JSON |
/// | `README.md` | what the operator does with it |
/// | `manifest.json` | every file's mode, size and SHA-256 |
///
/// The directory is written beside its target and renamed into place, so a bundle is
/// there whole or not at all; a failure leaves nothing behind.
public enum OnboardingBundle {
  /// Writes the bundle of `workload` to `directory`, replacing one that is there.
  /// - Parameters:
  ///   - workload: The workload.
  ///   - resources: The mesh resources its sidecar is configured from.
  ///   - authority: The CA that issues its SVID.
  ///   - directory: The bundle's directory.
  ///   - options: Trust domain, mount path, image, lifetime.
  /// - Returns: The manifest written.
  /// - Throws: ``TranslationIssue`` when the resources cannot be translated, ``PKIError``
  ///   when issuing fails, ``BundleError`` with ``BundleError/Code/trustDomainMismatch``,
  ///   ``BundleError/Code/invalidWorkloadIdentity``, ``BundleError/Code/inUse`` or
  ///   ``BundleError/Code/fileSystem`` when the files cannot be written.
  @discardableResult
  public static func write(
    for workload: SidecarWorkload, resources: [MeshResource], authority: CertificateAuthority,
    to directory: URL, options: BundleOptions, now: Date = Date()
  ) throws -> BundleManifest {
    try write(
      for: workload, translator: SidecarTranslator(resources: resources, options: options.sidecar),
      authority: authority, to: directory, options: options, now: now)
  }

  /// Writes the bundle of `workload` to `directory` with a translator of the mesh's
  /// resources made once for many bundles (its options give way to `options.sidecar`).
  /// - Throws: As ``write(for:resources:authority:to:options:now:)``.
  @discardableResult
  public static func write(
    for workload: SidecarWorkload, translator: SidecarTranslator,
    authority: CertificateAuthority, to directory: URL, options: BundleOptions,
    now: Date = Date()
  ) throws -> BundleManifest {
    let trustDomain = authority.trustDomain
    if let asked = options.trustDomain, asked != trustDomain {
      throw BundleError(
        .trustDomainMismatch, path: directory.path,
        reason:
          "the bundle's trust domain \(asked) is not the CA's (\(trustDomain)); a CA issues SVIDs in its own trust domain only",
        field: "trustDomain")
    }
    let workloadIdentity: WorkloadIdentity
    let namespace = workload.entry.metadata.namespace ?? "default"
    do {
      workloadIdentity = try WorkloadIdentity(
        trustDomain: trustDomain, namespace: namespace,
        serviceAccount: workload.entry.spec.serviceAccount ?? "default")
    } catch let error as IdentityError {
      throw BundleError(
        .invalidWorkloadIdentity, path: directory.path,
        reason: "the workload has no valid identity: \(error.message)",
        field: error.input == namespace ? "metadata.namespace" : "spec.serviceAccount")
    }
    let id = workloadIdentity.spiffeID
    let contract = options.contract(bundleDirectory: directory.path)
    var sidecarOptions = options.sidecar
    sidecarOptions.trustDomain = trustDomain
    let certificates = contract.certificateDirectory
    sidecarOptions.certificateDirectory = certificates
    let translation = try translator.with(options: sidecarOptions).staticBootstrap(for: workload)
    let svid = try authority.issueSVID(for: id, ttl: options.svidLifetime, now: now)
    guard let key = svid.privateKey else {
      throw BundleError(
        .missingPrivateKey, path: directory.path, reason: "the CA issued no private key")
    }
    let name = workload.entry.metadata.name ?? "workload"
    let encoder = EnvoyConfigEncoder()
    // The identity's files change together (rotation replaces them in one step): the
    // certificate directory writes them as one set below, the key given to the proxy's
    // user, under MeshPKI's names, which are the contract's (the tests check they agree).
    // The manifest lists the same bytes.
    let certs = contract.certificateFolder
    let identity: [(path: String, contents: [UInt8], mode: mode_t)] =
      [
        ("\(certs)/\(SVIDDirectory.certificateFile)", Array(svid.chainPEM.utf8), 0o644),
        ("\(certs)/\(SVIDDirectory.keyFile)", Array(try key.pemEncoded().utf8), 0o600),
        ("\(certs)/\(SVIDDirectory.bundleFile)", Array(authority.bundle.pemEncoded.utf8), 0o644),
      ]
      + (try certificates.sdsFiles()).sorted { $0.key < $1.key }.map {
        ("\(certs)/\($0.key)", $0.value, 0o644)
      }
    var files: [(path: String, contents: [UInt8], mode: mode_t)] = [
      (contract.configurationFile, Array(try encoder.yaml(translation.bootstrap).utf8), 0o644),
      (
        "run-sidecar.sh",
        Array(runScript(name: name, contract: contract, image: options.sidecarImage).utf8), 0o755
      ),
      ("ecs-container.json", try containerDefinition(contract, image: options.sidecarImage), 0o644),
      (
        "README.md",
        Array(
          readme(name: name, id: id, svid: svid, warnings: translation.warnings, contract: contract)
            .utf8), 0o644
      ),
    ]
    let manifest = BundleManifest(
      workload: "\(workload.entry.metadata.namespace ?? "default")/\(name)",
      spiffeID: id.description,
      notAfter: svid.notAfter,
      files: (files + identity).map {
        BundleFile(
          path: $0.path, mode: String($0.mode, radix: 8).leftPadded(to: 4),
          sha256: Digest.sha256Hex($0.contents),
          size: $0.contents.count)
      }.sorted { $0.path < $1.path })
    files.append(("manifest.json", try manifest.encoded(), 0o644))
    try AtomicDirectory.write(to: directory) { staging in
      for file in files {
        try AtomicFile.create(
          file.contents, at: staging.appendingPathComponent(file.path).path, mode: file.mode)
      }
      try certificates.write(
        svid, bundle: authority.bundle, keyOwner: options.proxyUser,
        at: staging.appendingPathComponent(certs).path)
    }
    return manifest
  }

  static func runScript(name: String, contract: SidecarContract, image: String) -> String {
    """
    #!/bin/sh
    # Runs the mesh sidecar of \(name) beside it on this host: host network (the workload's
    # ports and 127.0.0.1 are shared), UID \(contract.proxyUserID) (the proxy's, which applications must not use),
    # this bundle mounted read-only where the configuration expects it.
    set -eu
    bundle="$(cd "$(dirname "$0")" && pwd)"
    exec docker run --detach --name meshbridge-sidecar-\(name) \\
      --network host --user \(contract.proxyUser) --restart unless-stopped \\
      --ulimit nofile=1048576:1048576 \\
      --volume "$bundle:\(contract.mountPath):ro" \\
      \(image) -c \(contract.configurationPath) --disable-hot-restart

    """
  }

  /// The sidecar as a container definition for the workload's task definition: the
  /// contract's typed `ECS.ContainerDefinition`, in AWS's JSON field names (sorted keys).
  static func containerDefinition(_ contract: SidecarContract, image: String) throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(contract.containerDefinition(image: image)))
      + [UInt8(ascii: "\n")]
  }

  static func readme(
    name: String, id: SPIFFEID, svid: SVID, warnings: [TranslationIssue], contract: SidecarContract
  ) -> String {
    let notes = warnings.isEmpty ? "None." : warnings.map { "- \($0)" }.joined(separator: "\n")
    return """
      # Mesh onboarding bundle: \(name)

      Identity: `\(id)`, valid until \(ISO8601DateFormatter().string(from: svid.notAfter)).

      Start the sidecar on the workload's host with `./run-sidecar.sh`, or add
      `ecs-container.json` to the task definition (with a `\(SidecarInjector.volumeName)` volume holding this
      directory, and `networkMode: host`). The application listens on 127.0.0.1; peers reach
      it through the sidecar's inbound listener, and it calls other services through the
      sidecar's outbound HTTP listener on 127.0.0.1:\(contract.outboundHTTPPort)
      (as its HTTP proxy, or with the service's Host header).

      `\(contract.certificateFolder)/\(contract.keyFile)` is the workload's private key (mode 0600, owned by the proxy's user
      \(contract.proxyUser), which the sidecar runs as): keep this directory on the host.
      The files in `\(contract.certificateFolder)/` are links into the current generation (`\(contract.certificateFolder)/..data`);
      renewal (`mesh-onboard rotate`) writes a new generation and switches the link in one
      step, and the running sidecar loads it without a restart. `manifest.json` lists every
      file's SHA-256.

      What the mesh configuration could not carry for this workload:

      \(notes)

      """
  }
}

/// Writes a directory whole: into a staging directory beside it, then renamed over the
/// target.
///
/// Writers of one target take its lock (`.meshbridge-locks/NAME.lock` in the parent,
/// `flock`; lock files stay, as a lock file must) for the whole write, so two writers never interleave: the second waits (a minute at most,
/// then fails saying the target is in use). Holding the lock, a writer removes what
/// interrupted writes of the same target left; no live writer can own those.
///
/// Staging happens in one hidden folder of the parent, `.meshbridge-staging`, rather than
/// in hidden siblings of the target: finding an interrupted write's leftovers then reads
/// that folder, which holds only writes in flight, instead of the parent, which holds
/// every bundle (a scan of 10,000 bundles per bundle made onboarding a fleet quadratic).
/// The folder goes when the last write in it is done.
enum AtomicDirectory {
  static let stagingFolder = ".meshbridge-staging"
  static let lockFolder = ".meshbridge-locks"

  /// The lock file of `target`, which every writer of it holds.
  static func lockPath(of target: URL) -> String {
    target.deletingLastPathComponent().appendingPathComponent(lockFolder)
      .appendingPathComponent("\(target.lastPathComponent).lock").path
  }

  /// Runs `body` holding `target`'s lock.
  /// - Throws: ``BundleError`` with ``BundleError/Code/inUse`` when the lock cannot be had
  ///   in time (``BundleError/Code/fileSystem`` when it cannot be made); what `body` throws.
  static func withLock<Result>(
    of target: URL, timeout: TimeInterval = FileLock.defaultTimeout, _ body: () throws -> Result
  ) throws -> Result {
    do {
      try AtomicFile.makeDirectory(
        target.deletingLastPathComponent().appendingPathComponent(lockFolder).path, mode: 0o755)
      let lock = try FileLock(path: lockPath(of: target), timeout: timeout, target: target.path)
      return try withExtendedLifetime(lock) { try body() }
    } catch let error as FileSystemError {
      throw BundleError(
        error.kind == .inUse ? .inUse : .fileSystem, path: target.path, reason: error.description)
    }
  }

  /// Fills a new staging directory through `fill` and renames it over `target`.
  /// - Throws: ``BundleError``; nothing of the new directory is left behind, and the old
  ///   one is still in place.
  static func write(to target: URL, fill: (URL) throws -> Void) throws {
    try withLock(of: target) {
      try replace(target, fill: fill)
    }
  }

  /// Removes what interrupted writes of `target` left in the staging folder; the caller
  /// holds the target's lock, so no live writer owns any of it. Where
  /// the system cannot exchange two directories, a write stopped between its two renames
  /// left the old bundle aside and none in place: it goes back first.
  static func removeLeftovers(of target: URL) {
    let manager = FileManager.default
    let stagingRoot = target.deletingLastPathComponent().appendingPathComponent(stagingFolder)
    let name = target.lastPathComponent
    let leftovers = ((try? SystemDirectory.entries(stagingRoot.path)) ?? []).sorted()
    if !manager.fileExists(atPath: target.path),
      let aside = leftovers.last(where: { $0.hasPrefix("\(name).old-") })
    {
      _ = rename(stagingRoot.appendingPathComponent(aside).path, target.path)
    }
    for leftover in leftovers
    where leftover.hasPrefix("\(name).tmp-") || leftover.hasPrefix("\(name).old-") {
      try? manager.removeItem(at: stagingRoot.appendingPathComponent(leftover))
    }
    // Fails, as it should, while other writes still stage here.
    rmdir(stagingRoot.path)
  }

  private static func replace(_ target: URL, fill: (URL) throws -> Void) throws {
    let manager = FileManager.default
    let parent = target.deletingLastPathComponent()
    let stagingRoot = parent.appendingPathComponent(stagingFolder)
    let name = target.lastPathComponent
    removeLeftovers(of: target)
    let staging = stagingRoot.appendingPathComponent("\(name).tmp-\(UUID().uuidString)")
    var committed = false
    defer {
      if !committed { try? manager.removeItem(at: staging) }
      // Fails, as it should, while other writes still stage here.
      rmdir(stagingRoot.path)
    }
    guard makeStaging(staging, in: stagingRoot) else {
      throw BundleError(
        .fileSystem, path: target.path,
        reason: "cannot create \(staging.path) (\(String(cString: strerror(errno))))")
    }
    do {
      try fill(staging)
      guard chmod(staging.path, 0o755) == 0 else {
        throw FileSystemError.system("set the mode of", staging.path)
      }
      try AtomicFile.syncDirectory(staging.path)
    } catch {
      throw BundleError(
        .fileSystem, path: target.path, reason: "writing the files failed (\(error))")
    }
    var old: URL?
    if manager.fileExists(atPath: target.path) {
      // One step where the system can: the new bundle in place, the old one in staging.
      do {
        if try AtomicFile.exchange(staging.path, target.path) {
          committed = true
          try? AtomicFile.syncDirectory(parent.path)
          try? manager.removeItem(at: staging)
          return
        }
      } catch {
        throw BundleError(
          .fileSystem, path: target.path, reason: "cannot move the new bundle into place (\(error))"
        )
      }
      let aside = stagingRoot.appendingPathComponent("\(name).old-\(UUID().uuidString)")
      guard rename(target.path, aside.path) == 0 else {
        throw BundleError(
          .fileSystem, path: target.path,
          reason: "cannot move the old bundle aside (\(String(cString: strerror(errno))))")
      }
      old = aside
    }
    guard rename(staging.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      if let old { _ = rename(old.path, target.path) }
      throw BundleError(
        .fileSystem, path: target.path, reason: "cannot move the new bundle into place (\(reason))")
    }
    committed = true
    try? AtomicFile.syncDirectory(parent.path)
    if let old { try? manager.removeItem(at: old) }
  }

  /// Creates `staging` in `root`, and `root` when it is missing. Another write's clean-up
  /// may remove `root` while it is empty, between the two: then both are made again. Once
  /// `staging` exists, `root` is not empty and stays.
  private static func makeStaging(_ staging: URL, in root: URL) -> Bool {
    for _ in 0..<16 {
      if mkdir(staging.path, 0o700) == 0 { return true }
      guard errno == ENOENT else { return false }
      guard mkdir(root.path, 0o755) == 0 || errno == EEXIST else { return false }
    }
    return false
  }
}

extension String {
  func leftPadded(to length: Int) -> String {
    String(repeating: "0", count: max(0, length - count)) + self
  }
}
