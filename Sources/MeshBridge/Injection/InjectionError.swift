/// Why a task definition cannot take the mesh sidecar: what failed, the task definition,
/// the field at fault and why.
///
/// ```
/// InjectionError.networkModeNotHost: orders: its networkMode is bridge; the sidecar needs host, to share the host's loopback with the application (field networkMode)
/// ```
public struct InjectionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// The task definition has no family, so no next revision can be registered.
    public static let missingFamily = Code("missingFamily")
    /// The network mode is not `host`: the sidecar and the application must share the
    /// host's loopback.
    public static let networkModeNotHost = Code("networkModeNotHost")
    /// The task definition has no container other than the sidecar.
    public static let noApplicationContainer = Code("noApplicationContainer")
    /// ECS answered without the task definition asked for.
    public static let notFound = Code("notFound")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The task definition family, or the ARN when it has no family.
  public var taskDefinition: String
  /// What was wrong.
  public var reason: String
  /// The task definition's field at fault (`family`, `networkMode`,
  /// `containerDefinitions`), when one was.
  public var field: String?

  /// Creates an error.
  /// - Parameters:
  ///   - code: What failed.
  ///   - taskDefinition: The family, or the ARN when it has no family.
  ///   - reason: What was wrong.
  ///   - field: The task definition's field at fault, when one was.
  public init(_ code: Code, taskDefinition: String, reason: String, field: String? = nil) {
    self.code = code
    self.taskDefinition = taskDefinition
    self.reason = reason
    self.field = field
  }

  public var description: String {
    "InjectionError.\(code): \(taskDefinition): \(reason)" + (field.map { " (field \($0))" } ?? "")
  }
}
