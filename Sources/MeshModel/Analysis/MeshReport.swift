import Foundation
import YAMLCoding

/// Every problem of a loaded mesh, from decoding, validation and analysis, each once: what
/// `mesh-onboard validate` and `mesh-onboard analyze` print, as one Codable value.
///
/// ```swift
/// let report = try MeshLoader().load(paths: ["manifests/"]).check()
/// for finding in report.findings where finding.level == .error { print(finding) }
/// let json = try JSONEncoder().encode(report)
/// ```
public struct MeshReport: Codable, Sendable, Hashable {
  /// One problem: its code and level, where it is, and what is wrong.
  public struct Finding: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The code: an analyzer's (`IST0101`, `MB0004`), a validation rule's
    /// (`invalidValue`) or a decoding error's (`unknownField`).
    public var code: String
    /// How serious it is.
    public var level: Severity
    /// What is wrong.
    public var message: String
    /// The resource, when the document got far enough to name one.
    public var resource: ResourceReference?
    /// The file it was read from.
    public var file: String?
    /// The line, from 1: of the field at fault where known, else of the resource.
    public var line: Int?
    /// The column, from 1.
    public var column: Int?
    /// The field at fault (`spec.http[0].route`), when the problem is in one field.
    public var path: String?

    /// `file:line:column: Level [code] (resource) path: message`.
    public var description: String {
      var text = ""
      if let file { text += "\(file):\(line ?? 0):\(column ?? 0): " }
      text += "\(level.rawValue) [\(code)]"
      if let resource { text += " (\(resource))" }
      if let path { text += " \(path):" }
      return text + " " + message
    }
  }

  /// The files read.
  public var files: [String]
  /// How many objects decoded.
  public var objectCount: Int
  /// The problems, by file and line, then code.
  public var findings: [Finding]

  /// Creates a value; every parameter is the property of the same name.
  public init(files: [String], objectCount: Int, findings: [Finding]) {
    self.files = files
    self.objectCount = objectCount
    self.findings = findings
  }

  /// Whether any finding is at `level` or above.
  public func hasFindings(atLeast level: Severity) -> Bool {
    findings.contains { $0.level >= level }
  }
}

extension LoadedMesh {
  /// Validates and analyzes the mesh: the decoding and validation issues found while
  /// loading (at their fields' lines), then what `analyzers` find across the inventory,
  /// minus what the resources and `suppressions` suppress. Validation errors are reported
  /// once, at their field, not again as IST0106.
  /// - Parameters:
  ///   - analyzers: The analyzers to run; every one by default.
  ///   - suppressions: Findings to leave out, as `istioctl analyze --suppress` takes them.
  ///   - clusterDomain: The DNS suffix of Kubernetes services.
  public func check(
    analyzers: [any Analyzer] = MeshAnalysis.analyzers,
    suppressions: [AnalysisSuppression] = [], clusterDomain: String = "cluster.local"
  ) -> MeshReport {
    let inventory = Inventory(objects, clusterDomain: clusterDomain)
    var findings = issues.map { issue in
      MeshReport.Finding(
        code: issue.code.description, level: issue.severity, message: issue.message,
        resource: issue.resource, file: issue.file,
        line: issue.mark.line, column: issue.mark.column,
        path: issue.path.components.isEmpty ? nil : issue.path.description)
    }
    // The loader has validated every resource at its fields; the analyzer that reports
    // the same rules as IST0106 would say each again without a line.
    let others = analyzers.filter { !($0 is SchemaValidationAnalyzer) }
    for message in MeshAnalysis.run(inventory, analyzers: others)
    where !suppressions.contains(where: { $0.matches(message) }) {
      findings.append(
        MeshReport.Finding(
          code: message.code, level: message.severity, message: message.message,
          resource: message.resource, file: message.origin?.file, line: message.origin?.line,
          column: message.origin?.column, path: nil))
    }
    findings.sort {
      ($0.file ?? "", $0.line ?? 0, $0.column ?? 0, $0.code, $0.message)
        < ($1.file ?? "", $1.line ?? 0, $1.column ?? 0, $1.code, $1.message)
    }
    return MeshReport(files: files, objectCount: objects.count, findings: findings)
  }
}
