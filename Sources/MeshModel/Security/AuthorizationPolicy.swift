/// The spec of an AuthorizationPolicy: who may call selected workloads, and how.
///
/// Fields and spellings follow Istio's `security.istio.io/v1` `AuthorizationPolicy`.
public struct AuthorizationPolicySpec: Codable, Sendable, Hashable {
  /// Workloads the policy applies to; all in its namespace (or the mesh, in the root namespace) when absent.
  public var selector: LabelSelector?
  /// Deprecated: use `targetRefs`.
  public var targetRef: PolicyTargetReference?
  /// Gateways or services the policy is attached to; excludes `selector`.
  public var targetRefs: [PolicyTargetReference]?
  /// Rules, ORed; a request matching any rule matches the policy.
  public var rules: [AuthorizationRule]?
  /// What to do with matching requests; ALLOW when absent.
  public var action: AuthorizationAction?
  /// The external authorizer for CUSTOM.
  public var provider: AuthorizationProvider?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    selector: LabelSelector? = nil,
    targetRef: PolicyTargetReference? = nil,
    targetRefs: [PolicyTargetReference]? = nil,
    rules: [AuthorizationRule]? = nil,
    action: AuthorizationAction? = nil,
    provider: AuthorizationProvider? = nil
  ) {
    self.selector = selector
    self.targetRef = targetRef
    self.targetRefs = targetRefs
    self.rules = rules
    self.action = action
    self.provider = provider
  }
}

/// What an AuthorizationPolicy does with matching requests.
public enum AuthorizationAction: String, Codable, Sendable, Hashable, CaseIterable {
  /// Allows them.
  case allow = "ALLOW"
  /// Denies them.
  case deny = "DENY"
  /// Audits them.
  case audit = "AUDIT"
  /// Asks an external authorizer.
  case custom = "CUSTOM"
}

/// An external authorizer declared in the mesh configuration.
public struct AuthorizationProvider: Codable, Sendable, Hashable {
  /// The provider's name.
  public var name: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil
  ) {
    self.name = name
  }
}

/// A rule: who (`from`), what (`to`) and under which conditions (`when`).
public struct AuthorizationRule: Codable, Sendable, Hashable {
  /// Sources, ORed; any source when absent.
  public var `from`: [AuthorizationRuleFrom]?
  /// Operations, ORed; any operation when absent.
  public var `to`: [AuthorizationRuleTo]?
  /// Further conditions, ANDed.
  public var when: [AuthorizationCondition]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    `from`: [AuthorizationRuleFrom]? = nil,
    `to`: [AuthorizationRuleTo]? = nil,
    when: [AuthorizationCondition]? = nil
  ) {
    self.from = `from`
    self.to = `to`
    self.when = when
  }
}

/// A source of a rule.
public struct AuthorizationRuleFrom: Codable, Sendable, Hashable {
  /// The source.
  public var source: AuthorizationSource?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    source: AuthorizationSource? = nil
  ) {
    self.source = source
  }
}

/// An operation of a rule.
public struct AuthorizationRuleTo: Codable, Sendable, Hashable {
  /// The operation.
  public var operation: AuthorizationOperation?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    operation: AuthorizationOperation? = nil
  ) {
    self.operation = operation
  }
}

/// Who sends a request; all present fields must match.
public struct AuthorizationSource: Codable, Sendable, Hashable {
  /// Peer identities (`cluster.local/ns/NS/sa/SA`), from mutual TLS.
  public var principals: [String]?
  /// Peer identities that must not match.
  public var notPrincipals: [String]?
  /// Request identities (`iss/sub`), from a JWT.
  public var requestPrincipals: [String]?
  /// Request identities that must not match.
  public var notRequestPrincipals: [String]?
  /// Namespaces of the peer, from mutual TLS.
  public var namespaces: [String]?
  /// Namespaces that must not match.
  public var notNamespaces: [String]?
  /// Source IP addresses or CIDR blocks.
  public var ipBlocks: [String]?
  /// Source IPs that must not match.
  public var notIpBlocks: [String]?
  /// Original client IPs (from X-Forwarded-For).
  public var remoteIpBlocks: [String]?
  /// Original client IPs that must not match.
  public var notRemoteIpBlocks: [String]?
  /// Service accounts of the peer, as `ns/name`.
  public var serviceAccounts: [String]?
  /// Service accounts that must not match.
  public var notServiceAccounts: [String]?
  /// Trust domains of the peer.
  public var trustDomains: [String]?
  /// Trust domains that must not match.
  public var notTrustDomains: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    principals: [String]? = nil,
    notPrincipals: [String]? = nil,
    requestPrincipals: [String]? = nil,
    notRequestPrincipals: [String]? = nil,
    namespaces: [String]? = nil,
    notNamespaces: [String]? = nil,
    ipBlocks: [String]? = nil,
    notIpBlocks: [String]? = nil,
    remoteIpBlocks: [String]? = nil,
    notRemoteIpBlocks: [String]? = nil,
    serviceAccounts: [String]? = nil,
    notServiceAccounts: [String]? = nil,
    trustDomains: [String]? = nil,
    notTrustDomains: [String]? = nil
  ) {
    self.principals = principals
    self.notPrincipals = notPrincipals
    self.requestPrincipals = requestPrincipals
    self.notRequestPrincipals = notRequestPrincipals
    self.namespaces = namespaces
    self.notNamespaces = notNamespaces
    self.ipBlocks = ipBlocks
    self.notIpBlocks = notIpBlocks
    self.remoteIpBlocks = remoteIpBlocks
    self.notRemoteIpBlocks = notRemoteIpBlocks
    self.serviceAccounts = serviceAccounts
    self.notServiceAccounts = notServiceAccounts
    self.trustDomains = trustDomains
    self.notTrustDomains = notTrustDomains
  }
}

/// What a request does; all present fields must match.
public struct AuthorizationOperation: Codable, Sendable, Hashable {
  /// Hosts (Host header).
  public var hosts: [String]?
  /// Hosts that must not match.
  public var notHosts: [String]?
  /// Destination ports, as strings.
  public var ports: [String]?
  /// Ports that must not match.
  public var notPorts: [String]?
  /// HTTP methods, or gRPC's `POST`.
  public var methods: [String]?
  /// Methods that must not match.
  public var notMethods: [String]?
  /// Paths; `*` allowed as prefix or suffix, or `{*}`/`{**}` templates.
  public var paths: [String]?
  /// Paths that must not match.
  public var notPaths: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    hosts: [String]? = nil,
    notHosts: [String]? = nil,
    ports: [String]? = nil,
    notPorts: [String]? = nil,
    methods: [String]? = nil,
    notMethods: [String]? = nil,
    paths: [String]? = nil,
    notPaths: [String]? = nil
  ) {
    self.hosts = hosts
    self.notHosts = notHosts
    self.ports = ports
    self.notPorts = notPorts
    self.methods = methods
    self.notMethods = notMethods
    self.paths = paths
    self.notPaths = notPaths
  }
}

/// A condition on a request attribute.
public struct AuthorizationCondition: Codable, Sendable, Hashable {
  /// The attribute, such as `request.headers[version]` or `source.ip`.
  public var key: String
  /// Values the attribute may have.
  public var values: [String]?
  /// Values the attribute must not have.
  public var notValues: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    key: String,
    values: [String]? = nil,
    notValues: [String]? = nil
  ) {
    self.key = key
    self.values = values
    self.notValues = notValues
  }
}
