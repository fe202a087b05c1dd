import YAMLCoding

/// A problem in a file: where it is, at which path, and what is wrong. Decoding errors
/// and validation issues both become located issues, so tools print them alike.
public struct LocatedIssue: Sendable, Hashable, CustomStringConvertible {
  /// The file's name as given, or `-` for standard input.
  public var file: String
  /// Where in the file the problem is.
  public var mark: YAMLMark
  /// The zero-based position of the document in the file's stream.
  public var documentIndex: Int
  /// The field at fault, printed like `spec.http[0].route[1].weight`; empty when the
  /// whole document is at fault.
  public var path: String
  /// Whether the problem makes the resource invalid.
  public var severity: ValidationIssue.Severity
  /// What is wrong.
  public var message: String
  /// `Kind namespace/name` of the resource, when it decoded.
  public var resource: String?

  /// `file:line:column: path: message`, with `warning: ` before the message of a warning.
  public var description: String {
    let location = "\(file):\(mark.line):\(mark.column): "
    let field = path.isEmpty ? "" : "\(path): "
    return location + field + (severity == .warning ? "warning: " : "") + message
  }
}

extension MeshResourceDecoder {
  /// Decodes and validates every document of a file, and locates each problem at its
  /// line and column.
  ///
  /// A document that does not decode gives one issue (its first decoding error) and the
  /// other documents are still checked; a syntax error ends the file.
  /// - Parameters:
  ///   - bytes: The file's contents.
  ///   - file: The name to print for the file.
  /// - Returns: The resources that decoded, and every problem found, in file order.
  public func validate(_ bytes: some Collection<UInt8>, file: String) -> (
    resources: [MeshResource], issues: [LocatedIssue]
  ) {
    var resources: [MeshResource] = []
    var issues: [LocatedIssue] = []
    for decoded in decodeEach(bytes) {
      switch decoded.result {
      case .failure(let error):
        issues.append(
          LocatedIssue(
            file: file, mark: error.mark ?? decoded.mark, documentIndex: decoded.documentIndex,
            path: error.path.description, severity: .error, message: error.message, resource: nil))
      case .success(let resource):
        resources.append(resource)
        var located: [LocatedIssue] = []
        for issue in resource.validate() {
          located.append(
            LocatedIssue(
              file: file, mark: decoded.mark(at: issue.path), documentIndex: decoded.documentIndex,
              path: YAMLPath(decoded.path.components + issue.path.components).description,
              severity: issue.severity, message: issue.message, resource: resource.displayName))
        }
        // Rules run field by field; readers expect file order.
        issues += located.enumerated().sorted { lhs, rhs in
          (lhs.element.mark.line, lhs.element.mark.column, lhs.offset)
            < (rhs.element.mark.line, rhs.element.mark.column, rhs.offset)
        }.map(\.element)
      }
    }
    return (resources, issues)
  }
}
