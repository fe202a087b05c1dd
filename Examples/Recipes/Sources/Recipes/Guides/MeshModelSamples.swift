import EnvoyConfig
import MeshModel

// The samples of Docs/MeshModel.md, each the body of a function the recipes' tests run.

/// Decodes a stream of mesh resources twice: strictly, where the first error throws, and
/// resource by resource, where every one keeps its result and position.
/// - Parameter text: YAML documents separated by `---` (or JSON), `List`s among them.
/// - Returns: Each resource's result, in stream order.
/// - Throws: `YAMLError` for the first resource that does not decode.
public func decodeResources(_ text: String) throws -> (
  resources: [MeshResource], each: [DecodedResource]
) {
  // snippet: decode-resources
  let decoder = MeshResourceDecoder()  // strict, like kubectl --validate=strict
  let resources = try decoder.decode(text)  // the first error throws
  let each = decoder.decodeEach(Array(text.utf8))  // every resource on its own, with positions
  // end snippet
  return (resources, each)
}

/// Every decoding error and validation issue of one stream of bytes, each at its line.
/// - Parameters:
///   - bytes: YAML documents separated by `---`, or JSON.
///   - file: The name the issues are reported under.
/// - Returns: The issues, sorted by position within each document.
public func locatedIssues(in bytes: [UInt8], file: String) -> [LocatedIssue] {
  // snippet: located-issues
  let mesh = MeshLoader().load(bytes, file: file)
  for issue in mesh.issues { print(issue) }
  // mesh.yaml:19:7: spec.http[0].route[1].weight: total destination weight 110 != 100
  // end snippet
  return mesh.issues
}

/// The whole mesh or nothing: what a translator or a bundle needs before it starts.
/// - Parameter paths: Files or directories holding the mesh's resources.
/// - Returns: The translator over the mesh and the mesh resources alone.
/// - Throws: `MeshLoadError` `.undecodable` with every failure when a document does not
///   decode; `.unreadable` and the like when a path cannot be read.
public func completeMesh(paths: [String]) throws -> (
  translator: SidecarTranslator, resources: [MeshResource]
) {
  // snippet: require-decoded
  let mesh = try MeshLoader().load(paths: paths)
  try mesh.requireDecoded()  // MeshLoadError .undecodable, every failure in `failures`
  let translator = SidecarTranslator(inventory: mesh.inventory)
  let resources = mesh.resources  // the mesh resources alone, for APIs that take them
  // end snippet
  return (translator, resources)
}
