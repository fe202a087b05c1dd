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
  /// Where the sidecar container sees the bundle; nil when the sidecar runs on the host
  /// and reads the bundle where it is written.
  public var mountPath: String?
  /// The Envoy image of the sidecar.
  public var sidecarImage: String
  /// The SVID's lifetime.
  public var svidLifetime: TimeInterval
  /// The sidecar's configuration options (ports, access log, tracing); its certificate
  /// directory is set by the bundle.
  public var sidecar: SidecarOptions
  /// The user and group the sidecar runs as (Istio's proxy: 1337:1337), in `run-sidecar.sh`
  /// and the container definition. The SVID's key is given to this user, mode 0600, so the
  /// proxy reads it and no one else does; giving it away needs root, so a bundle written
  /// by another user fails unless this is that user.
  public var proxyUser: FileOwner

  /// Creates a value; every parameter is the property of the same name.
  public init(
    trustDomain: TrustDomain? = nil, mountPath: String? = "/etc/meshbridge",
    sidecarImage: String = "envoyproxy/envoy:v1.40.0",
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

  /// Istio's proxy user and group, 1337: applications must not run as it.
  public static let istioProxyUser = FileOwner(userID: 1337, groupID: 1337)
}

/// One file of a bundle, as its manifest lists it.
public struct BundleFile: Codable, Sendable, Hashable {
  /// The path inside the bundle.
  public var path: String
  /// The file's permissions, octal (`0600`).
  public var mode: String
  public var sha256: String
  public var size: Int
}

/// The bundle's `manifest.json`.
public struct BundleManifest: Codable, Sendable, Hashable {
  public var workload: String
  public var spiffeID: String
  public var notAfter: Date
  public var files: [BundleFile]

  /// The manifest as `manifest.json` holds it: sorted keys, ISO 8601 dates.
  func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
  }

  /// The manifest of the bundle at `bundle`.
  /// - Throws: ``BundleError`` when it is missing or unreadable.
  public static func read(from bundle: URL) throws -> BundleManifest {
    let path = bundle.appendingPathComponent("manifest.json")
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    guard let data = try? Data(contentsOf: path),
      let manifest = try? decoder.decode(BundleManifest.self, from: data)
    else {
      throw BundleError(path: path.path, reason: "manifest.json is missing or unreadable")
    }
    return manifest
  }
}

/// Everything one ECS Anywhere workload needs to join the mesh, written as one directory:
///
/// | File | Contents |
/// | --- | --- |
/// | `envoy.yaml` | the sidecar's static bootstrap (``SidecarTranslator``) |
/// | `certs/svid.pem`, `certs/svid.key` (0600), `certs/bundle.pem` | the workload's X509-SVID, key and trust bundle |
/// | `certs/cert.json`, `certs/ca.json` | the SDS files the configuration watches |
/// | `run-sidecar.sh` | `docker run` for the sidecar: host network, UID 1337, the bundle mounted read-only, restarted unless stopped |
/// | `ecs-container.json` | the sidecar as an ECS container definition fragment |
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
  ///   when issuing fails, ``BundleError`` when the files cannot be written.
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
        path: directory.path,
        reason:
          "the bundle's trust domain \(asked) is not the CA's (\(trustDomain)); a CA issues SVIDs in its own trust domain only"
      )
    }
    let workloadIdentity: WorkloadIdentity
    do {
      workloadIdentity = try WorkloadIdentity(
        trustDomain: trustDomain, namespace: workload.entry.metadata.namespace ?? "default",
        serviceAccount: workload.entry.spec.serviceAccount ?? "default")
    } catch let error as IdentityError {
      throw BundleError(
        path: directory.path, reason: "the workload has no valid identity: \(error.message)")
    }
    let id = workloadIdentity.spiffeID
    let root = options.mountPath ?? directory.path
    var sidecarOptions = options.sidecar
    sidecarOptions.trustDomain = trustDomain
    sidecarOptions.certificateDirectory = "\(root)/certs"
    let translation = try translator.with(options: sidecarOptions).staticBootstrap(for: workload)
    let svid = try authority.issueSVID(for: id, ttl: options.svidLifetime, now: now)
    guard let key = svid.privateKey else {
      throw BundleError(path: directory.path, reason: "the CA issued no private key")
    }
    let name = workload.entry.metadata.name ?? "workload"
    let encoder = EnvoyConfigEncoder()
    // The identity's files change together (rotation replaces them in one step); they
    // are written as one set into certs/, the key given to the proxy's user.
    let sdsFiles: [String: [UInt8]] = [
      "cert.json": Array(try encoder.json(SDSFiles.certificate(directory: "\(root)/certs"))),
      "ca.json": Array(try encoder.json(SDSFiles.validation(directory: "\(root)/certs"))),
    ]
    let identity: [(path: String, contents: [UInt8], mode: mode_t)] =
      [
        ("certs/\(SVIDDirectory.certificateFile)", Array(svid.chainPEM.utf8), 0o644),
        ("certs/\(SVIDDirectory.keyFile)", Array(try key.pemEncoded().utf8), 0o600),
        ("certs/\(SVIDDirectory.bundleFile)", Array(authority.bundle.pemEncoded.utf8), 0o644),
      ] + sdsFiles.sorted { $0.key < $1.key }.map { ("certs/\($0.key)", $0.value, 0o644) }
    var files: [(path: String, contents: [UInt8], mode: mode_t)] = [
      ("envoy.yaml", Array(try encoder.yaml(translation.bootstrap).utf8), 0o644),
      (
        "run-sidecar.sh",
        Array(runScript(name: name, directory: directory.path, options: options).utf8), 0o755
      ),
      ("ecs-container.json", try containerDefinition(options: options), 0o644),
      (
        "README.md",
        Array(
          readme(name: name, id: id, svid: svid, warnings: translation.warnings, options: options)
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
      try SVIDDirectory(
        path: staging.appendingPathComponent("certs").path, keyOwner: options.proxyUser
      ).write(svid, bundle: authority.bundle, additionalFiles: sdsFiles)
    }
    return manifest
  }

  static func runScript(name: String, directory: String, options: BundleOptions) -> String {
    let mount = options.mountPath ?? directory
    return """
      #!/bin/sh
      # Runs the mesh sidecar of \(name) beside it on this host: host network (the workload's
      # ports and 127.0.0.1 are shared), UID \(options.proxyUser.userID) (the proxy's, which applications must not use),
      # this bundle mounted read-only where the configuration expects it.
      set -eu
      bundle="$(cd "$(dirname "$0")" && pwd)"
      exec docker run --detach --name meshbridge-sidecar-\(name) \\
        --network host --user \(options.proxyUser.userID):\(options.proxyUser.groupID) --restart unless-stopped \\
        --ulimit nofile=1048576:1048576 \\
        --volume "$bundle:\(mount):ro" \\
        \(options.sidecarImage) -c \(mount)/envoy.yaml --disable-hot-restart

      """
  }

  /// The sidecar as a container definition for the workload's task definition.
  static func containerDefinition(options: BundleOptions) throws -> [UInt8] {
    let mount = options.mountPath ?? "/etc/meshbridge"
    let fragment: [String: Any] = [
      "name": "meshbridge-sidecar", "image": options.sidecarImage, "essential": true,
      "memoryReservation": 128,
      "user": "\(options.proxyUser.userID):\(options.proxyUser.groupID)",
      "command": ["-c", "\(mount)/envoy.yaml", "--disable-hot-restart"],
      "mountPoints": [["sourceVolume": "meshbridge", "containerPath": mount, "readOnly": true]],
      "ulimits": [["name": "nofile", "softLimit": 1_048_576, "hardLimit": 1_048_576]],
      "healthCheck": [
        "command": [
          "CMD-SHELL", "bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(options.sidecar.adminPort)'",
        ],
        "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 10,
      ],
      "logConfiguration": ["logDriver": "json-file"],
    ]
    return Array(
      try JSONSerialization.data(withJSONObject: fragment, options: [.prettyPrinted, .sortedKeys]))
      + [UInt8(ascii: "\n")]
  }

  static func readme(
    name: String, id: SPIFFEID, svid: SVID, warnings: [TranslationIssue], options: BundleOptions
  ) -> String {
    let notes = warnings.isEmpty ? "None." : warnings.map { "- \($0)" }.joined(separator: "\n")
    return """
      # Mesh onboarding bundle: \(name)

      Identity: `\(id)`, valid until \(ISO8601DateFormatter().string(from: svid.notAfter)).

      Start the sidecar on the workload's host with `./run-sidecar.sh`, or add
      `ecs-container.json` to the task definition (with a `meshbridge` volume holding this
      directory, and `networkMode: host`). The application listens on 127.0.0.1; peers reach
      it through the sidecar's inbound listener, and it calls other services through the
      sidecar's outbound HTTP listener on 127.0.0.1:\(options.sidecar.outboundHTTPPort)
      (as its HTTP proxy, or with the service's Host header).

      `certs/svid.key` is the workload's private key (mode 0600, owned by the proxy's user
      \(options.proxyUser.userID):\(options.proxyUser.groupID), which the sidecar runs as): keep this directory on the host.
      The files in `certs/` are links into the current generation (`certs/..data`);
      renewal (`mesh-onboard rotate`) writes a new generation and switches the link in one
      step, and the running sidecar loads it without a restart. `manifest.json` lists every
      file's SHA-256.

      What the mesh configuration could not carry for this workload:

      \(notes)

      """
  }
}

/// A bundle that could not be written, naming the path and the system's reason.
public struct BundleError: Error, Sendable, Hashable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String { "cannot write the bundle \(path): \(reason)" }
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
  /// - Throws: ``BundleError`` when the lock cannot be had in time; what `body` throws.
  static func withLock<Result>(
    of target: URL, timeout: TimeInterval = FileLock.defaultTimeout, _ body: () throws -> Result
  ) throws -> Result {
    do {
      try AtomicFile.makeDirectory(
        target.deletingLastPathComponent().appendingPathComponent(lockFolder).path, mode: 0o755)
      let lock = try FileLock(path: lockPath(of: target), timeout: timeout, target: target.path)
      return try withExtendedLifetime(lock) { try body() }
    } catch let error as FileSystemError {
      throw BundleError(path: target.path, reason: error.description)
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
        path: target.path,
        reason: "cannot create \(staging.path) (\(String(cString: strerror(errno))))")
    }
    do {
      try fill(staging)
      guard chmod(staging.path, 0o755) == 0 else {
        throw FileSystemError.system("set the mode of", staging.path)
      }
      try AtomicFile.syncDirectory(staging.path)
    } catch {
      throw BundleError(path: target.path, reason: "writing the files failed (\(error))")
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
          path: target.path, reason: "cannot move the new bundle into place (\(error))")
      }
      let aside = stagingRoot.appendingPathComponent("\(name).old-\(UUID().uuidString)")
      guard rename(target.path, aside.path) == 0 else {
        throw BundleError(
          path: target.path,
          reason: "cannot move the old bundle aside (\(String(cString: strerror(errno))))")
      }
      old = aside
    }
    guard rename(staging.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      if let old { _ = rename(old.path, target.path) }
      throw BundleError(
        path: target.path, reason: "cannot move the new bundle into place (\(reason))")
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
