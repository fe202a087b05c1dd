/// Selects workloads by their labels (security and telemetry resources).
public struct LabelSelector: Codable, Sendable, Hashable {
  /// Labels a workload must have.
  public var matchLabels: [String: String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    matchLabels: [String: String]? = nil
  ) {
    self.matchLabels = matchLabels
  }
}

/// A resource a policy is attached to (Kubernetes Gateway API style).
public struct PolicyTargetReference: Codable, Sendable, Hashable {
  /// API group of the target; empty for the core group.
  public var group: String?
  /// Kind of the target, such as `Gateway` or `Service`.
  public var kind: String
  /// Name of the target.
  public var name: String
  /// Namespace of the target; the policy's own when empty.
  public var namespace: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    group: String? = nil,
    kind: String,
    name: String,
    namespace: String? = nil
  ) {
    self.group = group
    self.kind = kind
    self.name = name
    self.namespace = namespace
  }
}
