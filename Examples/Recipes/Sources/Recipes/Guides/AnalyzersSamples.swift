import Foundation
import MeshModel

// The samples of Docs/Analyzers.md, each the body of a function the recipes' tests run.

/// istioctl's analyzers over a mesh read from files, directories or standard input.
/// - Parameter paths: Files, directories (their `.yaml`, `.yml` and `.json` files) or `-`.
/// - Returns: The analyzers' messages, by file and line.
/// - Throws: `MeshLoadError` when a path cannot be read.
public func analyzeMesh(paths: [String]) throws -> [AnalysisMessage] {
  // snippet: analyze-mesh
  let mesh = try MeshLoader().load(paths: paths)
  // mesh.issues: documents that did not decode and validation issues, each at its line;
  // mesh.unmodeled: Deployments and other kinds MeshModel does not model.
  let messages = MeshAnalysis.run(mesh.inventory)
  for message in messages {
    // Error [IST0101] (VirtualService shop/reviews mesh.yaml:12) Referenced host not found: …
    print(message)
  }
  // end snippet
  return messages
}

/// A pipeline's verdict: the report as JSON on standard error when it has an error.
/// - Parameter paths: Files, directories or `-` for standard input.
/// - Returns: Whether the mesh passes (no finding at level error).
/// - Throws: `MeshLoadError` when a path cannot be read.
public func meshPasses(paths: [String]) throws -> Bool {
  // snippet: report-verdict
  let report = try MeshLoader().load(paths: paths).check()
  if report.hasFindings(atLeast: .error) {
    FileHandle.standardError.write(try JSONEncoder().encode(report))
  }
  // end snippet
  return !report.hasFindings(atLeast: .error)
}
