import Foundation
import MeshModel

/// Validates and analyzes a directory of manifests, as `mesh-onboard analyze` does: Istio's
/// kinds beside the Kubernetes Deployments, Services and namespaces they refer to, in any
/// mix of files, YAML streams and `List`s.
///
/// Every problem comes back once, at its file, line and column: a document that does not
/// decode, a field Istio's rules refuse, an analyzer's finding across resources (a route
/// to a host nothing serves, two objects with one name). Kinds the SDK does not model
/// (another project's custom resources) are listed as not checked, and are no finding
/// (`MeshLoader(unmodeledKinds: .report)` makes each an error instead, as a strict
/// validator would).
/// - Parameter paths: Files, directories (searched for `.yaml`, `.yml` and `.json` at any
///   depth) or `-` for standard input.
/// - Returns: The report; `hasFindings(atLeast: .error)` is the pipeline's verdict.
/// - Throws: `MeshLoadError` when a path cannot be read.
public func checkManifests(at paths: [String]) throws -> MeshReport {
  // snippet: check-manifests
  let mesh = try MeshLoader().load(paths: paths)
  for skipped in mesh.unmodeled {
    print("not checked: \(skipped.reference) at \(skipped.origin)")
  }
  let report = mesh.check()
  for finding in report.findings {
    print(finding)  // manifests/routes.yaml:7:9: IST0101 Error ...
  }
  // end snippet
  return report
}

/// The report as JSON, for tools that read the findings: codes, levels, messages,
/// resources, files, lines, columns and field paths.
public func reportJSON(_ report: MeshReport) throws -> Data {
  // snippet: report-json
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  let json = try encoder.encode(report)
  // end snippet
  return json
}
