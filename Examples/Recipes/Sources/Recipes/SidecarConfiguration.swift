import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI

/// What ``makeSidecar(for:in:meshPaths:authority:options:directory:envoy:)`` wrote.
public struct SidecarFiles: Sendable {
  /// The Envoy bootstrap (YAML), for `envoy -c`.
  public var bootstrap: URL
  /// The SVID, key, trust bundle and SDS files the bootstrap reads.
  public var certificates: SidecarCertificateDirectory
  /// What the mesh configuration could not carry for this workload.
  public var warnings: [TranslationIssue]
}

/// Why a sidecar was not made.
public struct SidecarRecipeError: Error, CustomStringConvertible {
  /// What went wrong, naming the workload.
  public var description: String
}

/// Makes one workload's Envoy sidecar from a directory of mesh resources: its identity
/// (an SVID from the mesh CA, in a certificate directory Envoy watches), its static
/// bootstrap, and Envoy's own check of that bootstrap before anything is written.
/// - Parameters:
///   - workload: The WorkloadEntry's name.
///   - namespace: Its namespace.
///   - meshPaths: Files or directories holding the mesh's resources.
///   - authority: The mesh CA.
///   - options: Ports, tracing and access log; the trust domain and the certificate
///     directory are set here.
///   - directory: Where the bootstrap and the certificate directory go.
///   - envoy: The `envoy` binary that checks the bootstrap.
/// - Throws: ``SidecarRecipeError`` when the workload is not in the mesh or Envoy refuses
///   the bootstrap (with Envoy's diagnostics); `MeshLoadError`, `PKIError`, `EnvoyConfigError`
///   as the SDK's calls throw them.
public func makeSidecar(
  for workload: String, in namespace: String, meshPaths: [String],
  authority: CertificateAuthority, options: SidecarOptions = SidecarOptions(),
  directory: URL, envoy: URL
) async throws -> SidecarFiles {
  // snippet: sidecar-identity
  let mesh = try MeshLoader().load(paths: meshPaths)
  guard
    let entry = mesh.inventory.resource(
      WorkloadEntrySpec.self, namespace: namespace, name: workload)
  else {
    throw SidecarRecipeError(description: "no WorkloadEntry \(namespace)/\(workload) in the mesh")
  }
  let identity = try WorkloadIdentity(
    trustDomain: authority.trustDomain, namespace: namespace,
    serviceAccount: entry.spec.serviceAccount ?? "default")
  let certificates = SidecarCertificateDirectory(
    path: directory.appendingPathComponent("certs").path)
  try certificates.write(try authority.issueSVID(for: identity.spiffeID), bundle: authority.bundle)
  // end snippet

  // snippet: sidecar-bootstrap
  var sidecar = options
  sidecar.trustDomain = authority.trustDomain
  sidecar.certificateDirectory = certificates
  let translation = try SidecarTranslator(inventory: mesh.inventory, options: sidecar)
    .staticBootstrap(for: SidecarWorkload(entry: entry))
  let verdict = try await EnvoyValidator(executable: envoy).validate(translation.bootstrap)
  guard verdict.isAccepted else {
    throw SidecarRecipeError(description: "Envoy refuses \(workload)'s bootstrap: \(verdict)")
  }
  let bootstrap = directory.appendingPathComponent("envoy.yaml")
  try EnvoyConfigEncoder().yaml(translation.bootstrap)
    .write(to: bootstrap, atomically: true, encoding: .utf8)
  // end snippet
  return SidecarFiles(
    bootstrap: bootstrap, certificates: certificates, warnings: translation.warnings)
}
