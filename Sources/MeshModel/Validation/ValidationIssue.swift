internal import MeshSupport
import YAMLCoding

/// A problem validation found in a resource, at the path of the offending field.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
  /// How serious a problem is: Istio rejects resources with errors and accepts those
  /// with warnings.
  public enum Severity: String, Sendable, Hashable, Comparable {
    case warning
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      lhs == .warning && rhs == .error
    }
  }

  /// Whether Istio would reject the resource.
  public var severity: Severity
  /// The field at fault, from the document's root (`spec.http[0].route[1].weight`).
  public var path: YAMLPath
  /// What is wrong, in Istio's words where Istio has them. A value it quotes is cut
  /// after 120 characters with a `…(N bytes)` marker, and control characters are escaped.
  public var message: String

  /// Creates an issue.
  public init(_ severity: Severity, at path: YAMLPath, _ message: String) {
    self.severity = severity
    self.path = path
    // The one place every rule's message passes: the rules quote values as Istio does,
    // and a huge or hostile value is cut and escaped here.
    self.message = InputText.boundedMessage(message)
  }

  /// `error: spec.http[0].route: HTTP route or redirect is required`.
  public var description: String {
    path.components.isEmpty
      ? "\(severity.rawValue): \(message)" : "\(severity.rawValue): \(path): \(message)"
  }
}

/// Collects issues while the rules walk a resource.
struct IssueCollector {
  private(set) var issues: [ValidationIssue] = []

  mutating func error(_ path: YAMLPath, _ message: String) {
    issues.append(ValidationIssue(.error, at: path, message))
  }

  mutating func warning(_ path: YAMLPath, _ message: String) {
    issues.append(ValidationIssue(.warning, at: path, message))
  }

  /// Records `message` as an error when it is not nil: for rules that return one.
  mutating func error(_ path: YAMLPath, ifAny message: String?) {
    if let message { error(path, message) }
  }
}
