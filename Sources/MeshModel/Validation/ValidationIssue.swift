internal import MeshSupport
public import YAMLCoding

/// A problem validation found in a resource, at the path of the offending field.
///
/// ```
/// error: spec.http[0].route: HTTP route or redirect is required
/// ```
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
  /// The kind of rule a resource breaks. New codes may be added in any release: a
  /// `switch` over codes needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// A value Istio does not accept: a malformed host, name, address, duration or
    /// pattern, a number out of range, a reference to something the resource lacks.
    public static let invalidValue = Code("invalidValue")
    /// A field Istio requires is unset or empty.
    public static let missingField = Code("missingField")
    /// Fields that cannot be set together, or a field that the rest of the resource rules
    /// out.
    public static let conflict = Code("conflict")
    /// The same name, port, host or entry twice where each must be unique.
    public static let duplicate = Code("duplicate")
    /// A setting Istio does not support in this place, or that has no effect there.
    public static let unsupported = Code("unsupported")
    /// A deprecated setting or format, with the one to use instead.
    public static let deprecated = Code("deprecated")
    /// A VirtualService rule or match that earlier rules make unreachable.
    public static let unreachableRule = Code("unreachableRule")
    /// A valid setting that is likely a mistake or costly (a selector without labels, a
    /// DENY rule that blocks all TCP traffic).
    public static let risky = Code("risky")

    public var description: String { name }
  }

  /// Whether Istio would reject the resource: ``Severity/error`` or ``Severity/warning``.
  public var severity: Severity
  /// The kind of rule broken.
  public var code: Code
  /// The field at fault, from the document's root (`spec.http[0].route[1].weight`).
  public var path: YAMLPath
  /// What is wrong, in Istio's words where Istio has them. A value it quotes is cut
  /// after 120 characters with a `…(N bytes)` marker, and control characters are escaped.
  public var message: String

  /// Creates an issue.
  /// - Parameters:
  ///   - severity: Whether Istio would reject the resource.
  ///   - code: The kind of rule broken.
  ///   - path: The field at fault.
  ///   - message: What is wrong.
  public init(_ severity: Severity, _ code: Code, at path: YAMLPath, _ message: String) {
    self.severity = severity
    self.code = code
    self.path = path
    // The one place every rule's message passes: the rules quote values as Istio does,
    // and a huge or hostile value is cut and escaped here.
    self.message = InputText.boundedMessage(message)
  }

  /// `error: spec.http[0].route: HTTP route or redirect is required`.
  public var description: String {
    path.components.isEmpty
      ? "\(severity): \(message)" : "\(severity): \(path): \(message)"
  }
}

/// Collects issues while the rules walk a resource.
struct IssueCollector {
  private(set) var issues: [ValidationIssue] = []

  mutating func error(_ code: ValidationIssue.Code, _ path: YAMLPath, _ message: String) {
    issues.append(ValidationIssue(.error, code, at: path, message))
  }

  mutating func warning(_ code: ValidationIssue.Code, _ path: YAMLPath, _ message: String) {
    issues.append(ValidationIssue(.warning, code, at: path, message))
  }

  /// Records `message` as an error when it is not nil: for rules that return one.
  mutating func error(_ code: ValidationIssue.Code, _ path: YAMLPath, ifAny message: String?) {
    if let message { error(code, path, message) }
  }
}
