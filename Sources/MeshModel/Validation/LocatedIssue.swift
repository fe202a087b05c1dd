public import YAMLCoding

/// A problem in a file: where it is, at which path, and what is wrong. Decoding errors
/// and validation issues both become located issues, so tools print them alike.
///
/// ```
/// mesh.yaml:12:9: spec.http[0].route[1].weight: weight -5 < 0
/// ```
public struct LocatedIssue: Sendable, Hashable, CustomStringConvertible {
  /// What kind of problem a located issue is: the code of the decoding error or of the
  /// validation issue it came from.
  ///
  /// There is one case per stage a file goes through, and that set is closed; new codes
  /// arrive inside the cases' extensible code types, so a `switch` over the two stages
  /// stays exhaustive.
  public enum Code: Sendable, Hashable, CustomStringConvertible {
    /// The document did not decode (YAML syntax, an unknown field, a wrong type).
    case decoding(YAMLError.Code)
    /// The resource decoded but breaks one of Istio's rules.
    case validation(ValidationIssue.Code)

    /// The inner code's name: `unknownField`, `invalidValue`.
    public var description: String {
      switch self {
      case .decoding(let code): code.name
      case .validation(let code): code.name
      }
    }
  }

  /// The file's name as given, or `-` for standard input.
  public var file: String
  /// Where in the file the problem is.
  public var mark: YAMLMark
  /// The zero-based position of the document in the file's stream.
  public var documentIndex: Int
  /// The field at fault, from the document's root (`spec.http[0].route[1].weight`); the
  /// root path when the whole document is at fault.
  public var path: YAMLPath
  /// Whether the problem makes the resource invalid: ``Severity/error`` or
  /// ``Severity/warning``.
  public var severity: Severity
  /// The kind of problem.
  public var code: Code
  /// What is wrong.
  public var message: String
  /// The resource (`Kind namespace/name`), when it decoded far enough to be named.
  public var resource: ResourceReference?

  /// Creates a located issue.
  public init(
    file: String, mark: YAMLMark, documentIndex: Int, path: YAMLPath, severity: Severity,
    code: Code, message: String, resource: ResourceReference? = nil
  ) {
    self.file = file
    self.mark = mark
    self.documentIndex = documentIndex
    self.path = path
    self.severity = severity
    self.code = code
    self.message = message
    self.resource = resource
  }

  /// `file:line:column: path: message`, with `warning: ` before the message of a warning.
  public var description: String {
    let location = "\(file):\(mark.line):\(mark.column): "
    let field = path.components.isEmpty ? "" : "\(path): "
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
            path: error.path, severity: .error, code: .decoding(error.code),
            message: error.message))
      case .success(let resource):
        resources.append(resource)
        var located: [LocatedIssue] = []
        for issue in resource.validate() {
          located.append(
            LocatedIssue(
              file: file, mark: decoded.mark(at: issue.path), documentIndex: decoded.documentIndex,
              path: YAMLPath(decoded.path.components + issue.path.components),
              severity: issue.severity, code: .validation(issue.code), message: issue.message,
              resource: resource.reference))
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
