import MeshModel
import YAMLCoding

// The samples of Docs/Hierarchy.md, each the body of a function the recipes' tests run.

/// Renders an organization's tenants and workspaces to Istio resources, its mandates
/// enforced.
/// - Parameter text: The `Organization` document (YAML or JSON).
/// - Returns: The resolution and its resources as a YAML stream for `kubectl apply -f -`.
/// - Throws: `YAMLError` when the document does not decode, `HierarchyError` when a level
///   weakens a mandate or a resource is out of its workspace's bounds.
public func renderHierarchy(_ text: String) throws -> (
  resolution: HierarchyResolution, yaml: String
) {
  // snippet: render-hierarchy
  let organization = try YAMLDecoder().decode(Organization.self, from: text)
  let resolution = try HierarchyResolver.resolve(organization)
  for workspace in resolution.workspaces { print(workspace.path, workspace.mtlsMode) }
  let yaml = try YAMLEncoder().encode(documents: resolution.resources)  // kubectl apply -f -
  // end snippet
  return (resolution, yaml)
}
