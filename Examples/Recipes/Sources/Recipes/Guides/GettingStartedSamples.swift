import ECSClient
import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import YAMLCoding

// The samples of Docs/GettingStarted.md (and README.md's), each the body of a function
// the recipes' tests run.

/// Reads mesh resources from files and reports Istio's validation problems, then builds a
/// WorkloadEntry in code and writes it as YAML.
/// - Parameter paths: Files, directories or `-` for standard input.
/// - Returns: The problems found, each at its file and line, and the WorkloadEntry's YAML.
/// - Throws: `MeshLoadError` when a path cannot be read; `YAMLError` when encoding fails.
public func readCheckAndWrite(paths: [String]) throws -> (
  issues: [LocatedIssue], workloadEntryYAML: String
) {
  // snippet: read-check-write
  // Files, directories or "-": streams of YAML (or JSON) documents of mixed kinds.
  let mesh = try MeshLoader().load(paths: paths)

  // Istio's validation rules: every problem, each at its file, line and field path.
  for issue in mesh.issues {
    print(issue)
  }

  // Build a resource in code and write it as kubectl-ready YAML.
  let entry = WorkloadEntry(
    metadata: ObjectMeta(name: "orders-7f3c2a", namespace: "shop"),
    spec: WorkloadEntrySpec(
      address: "10.20.0.15", ports: ["http": 31080],
      labels: ["app": "orders", "version": "v1"], serviceAccount: "orders"))
  let yaml = try YAMLEncoder().encode(entry)
  // end snippet
  return (mesh.issues, yaml)
}

/// Validates as `mesh-onboard validate` does: a kind MeshModel does not model is an
/// error at its `kind` instead of being left aside.
/// - Parameter paths: Files, directories or `-` for standard input.
/// - Returns: Every problem, at its file, line and column.
/// - Throws: `MeshLoadError` when a path cannot be read.
public func validateStrictly(paths: [String]) throws -> [LocatedIssue] {
  // snippet: validate-strictly
  let mesh = try MeshLoader(unmodeledKinds: .report).load(paths: paths)
  for issue in mesh.issues {
    print(issue)  // .../broken.yaml:19:7: spec.http[0].route[1].weight: ...
  }
  // end snippet
  return mesh.issues
}

/// Creates a mesh CA in memory, issues a workload's SVID into a directory and verifies it
/// as a peer would.
/// - Parameter directory: Where the SVID, its key and the trust bundle are written.
/// - Returns: The SPIFFE ID the SVID proves.
/// - Throws: `IdentityError` or `PKIError` as the calls throw them.
public func issueIdentity(into directory: String) throws -> SPIFFEID {
  // snippet: issue-identity
  let domain = try TrustDomain("shop.example")
  let root = try CertificateAuthority.createRoot(trustDomain: domain)
  let issuing = try root.issueIntermediate()
  let svid = try issuing.issueSVID(for: domain.id(path: "/ns/shop/sa/orders"))
  try SVIDDirectory(path: directory).write(svid, bundle: root.bundle)  // key 0600, atomically

  let verifier = try SVIDVerifier(bundle: root.bundle)
  let proven = try verifier.verify(svid.chain)  // spiffe://shop.example/ns/shop/sa/orders
  // end snippet
  return proven
}

/// A workload's static Envoy bootstrap from the mesh's resources, as YAML.
/// - Parameters:
///   - workload: The WorkloadEntry's name.
///   - namespace: Its namespace.
///   - meshPaths: Files or directories holding the mesh's resources.
///   - domain: The mesh's trust domain.
///   - certificates: The directory the sidecar reads its SVID and trust bundle from.
/// - Returns: The bootstrap (YAML) and what the mesh configuration could not carry.
/// - Throws: `MeshLoadError` when a document does not decode, ``SidecarRecipeError``
///   when the workload is not in the mesh, `EnvoyConfigError` from the translation.
public func sidecarBootstrapYAML(
  for workload: String, in namespace: String, meshPaths: [String], trustDomain domain: TrustDomain,
  certificates: SidecarCertificateDirectory
) throws -> (yaml: String, warnings: [TranslationIssue]) {
  // snippet: sidecar-bootstrap-yaml
  let mesh = try MeshLoader().load(paths: meshPaths)
  try mesh.requireDecoded()  // a sidecar is never made from part of a mesh
  guard
    let entry = mesh.inventory.resource(
      WorkloadEntrySpec.self, namespace: namespace, name: workload)
  else { throw SidecarRecipeError(description: "no WorkloadEntry \(namespace)/\(workload)") }

  // The contract's ports; the SVID in `certificates`, which Envoy reloads when it changes.
  let translator = SidecarTranslator(
    inventory: mesh.inventory,
    options: SidecarOptions(trustDomain: domain, certificateDirectory: certificates))
  let result = try translator.staticBootstrap(for: SidecarWorkload(entry: entry))
  for warning in result.warnings { print("warning:", warning) }
  let yaml = try EnvoyConfigEncoder().yaml(result.bootstrap)
  // end snippet
  return (yaml, result.warnings)
}

/// The ARNs of a cluster's container instances, page by page.
/// - Parameters:
///   - cluster: The cluster's name or ARN.
///   - configuration: Where ECS is and whose credentials sign the calls;
///     `AWSClientConfiguration()` finds them as the AWS SDKs do.
/// - Returns: Every container instance's ARN.
/// - Throws: `AWSError` when a call fails after its retries.
public func containerInstanceARNs(
  in cluster: String, configuration: AWSClientConfiguration
) async throws -> [String] {
  // snippet: list-container-instances
  // configuration: try AWSClientConfiguration() finds the region and the credentials as
  // the AWS SDKs do (environment, ~/.aws, SSO, the ECS container endpoint, IMDSv2).
  let ecs = ECS(configuration: configuration)
  var arns: [String] = []
  for try await page in ecs.listContainerInstancesPaginator(.init(cluster: cluster)) {
    arns += page.containerInstanceArns ?? []  // one call a page, as many as it takes
  }
  // end snippet
  return arns
}
