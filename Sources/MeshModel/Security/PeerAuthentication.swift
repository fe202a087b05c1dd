/// The spec of a PeerAuthentication: whether workloads accept plain text or require mutual TLS.
///
/// Fields and spellings follow Istio's `security.istio.io/v1` `PeerAuthentication`.
public struct PeerAuthenticationSpec: Codable, Sendable, Hashable {
  /// Workloads the policy applies to; namespace- or mesh-wide when absent.
  public var selector: LabelSelector?
  /// Mutual TLS for all ports.
  public var mtls: PeerAuthenticationMutualTLS?
  /// Mutual TLS for single ports, by port number.
  public var portLevelMtls: [String: PeerAuthenticationMutualTLS]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    selector: LabelSelector? = nil,
    mtls: PeerAuthenticationMutualTLS? = nil,
    portLevelMtls: [String: PeerAuthenticationMutualTLS]? = nil
  ) {
    self.selector = selector
    self.mtls = mtls
    self.portLevelMtls = portLevelMtls
  }
}

/// Mutual TLS settings.
public struct PeerAuthenticationMutualTLS: Codable, Sendable, Hashable {
  /// The mode.
  public var mode: MutualTLSMode?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    mode: MutualTLSMode? = nil
  ) {
    self.mode = mode
  }
}

/// Whether a workload requires mutual TLS.
public enum MutualTLSMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// Inherits from the parent policy; PERMISSIVE at the top.
  case unset = "UNSET"
  /// Plain text only.
  case disable = "DISABLE"
  /// Both mutual TLS and plain text.
  case permissive = "PERMISSIVE"
  /// Mutual TLS only.
  case strict = "STRICT"
}
