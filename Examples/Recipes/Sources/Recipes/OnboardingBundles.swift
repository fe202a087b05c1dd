import EnvoyConfig
import Foundation
import MeshBridge
import MeshModel
import MeshPKI

/// A bundle written, and Envoy's verdict on its configuration.
public struct WrittenBundle: Sendable {
  /// The bundle's directory.
  public var directory: URL
  /// Its `manifest.json`: the workload, SPIFFE ID, expiry and every file's digest.
  public var manifest: BundleManifest
  /// What Envoy says of the bundle's configuration.
  public var verdict: EnvoyValidation
}

/// Writes an onboarding bundle for every WorkloadEntry of a namespace: everything one
/// host needs to run the workload's sidecar (bootstrap, SVID and key, trust bundle,
/// `run-sidecar.sh`, the ECS container definition), each bundle written whole or not at
/// all, and checks each with Envoy as the sidecar will see it.
/// - Parameters:
///   - namespace: The namespace whose WorkloadEntries get bundles.
///   - meshPaths: Files or directories holding the mesh's resources.
///   - authority: The mesh CA that issues each workload's SVID.
///   - directory: Where the bundles go, one directory per WorkloadEntry.
///   - options: Where the sidecar container mounts the bundle, the proxy's user (who gets
///     the key; giving it away needs root), ports, image.
///   - envoy: The `envoy` binary that checks each configuration.
/// - Returns: The bundles, sorted by workload name.
/// - Throws: `BundleError` naming the bundle that could not be written; earlier bundles
///   stay whole.
public func writeBundles(
  for namespace: String, meshPaths: [String], authority: CertificateAuthority,
  into directory: URL, options: BundleOptions, envoy: URL
) async throws -> [WrittenBundle] {
  var written: [WrittenBundle] = []
  // snippet: write-bundles
  let mesh = try MeshLoader().load(paths: meshPaths)
  let translator = SidecarTranslator(inventory: mesh.inventory, options: options.sidecar)
  let validator = EnvoyValidator(executable: envoy)
  for (entry, _) in mesh.inventory.resources(WorkloadEntrySpec.self)
  where entry.metadata.namespace == namespace {
    let bundle = directory.appendingPathComponent(entry.metadata.name ?? "workload")
    let manifest = try OnboardingBundle.write(
      for: SidecarWorkload(entry: entry), translator: translator, authority: authority,
      to: bundle, options: options)
    let verdict = try await OnboardingBundle.validate(bundle, options: options, with: validator)
    written.append(WrittenBundle(directory: bundle, manifest: manifest, verdict: verdict))
  }
  // end snippet
  return written.sorted { $0.manifest.workload < $1.manifest.workload }
}
