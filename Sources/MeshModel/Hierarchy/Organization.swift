import YAMLCoding

/// A mesh organised for many teams: an Organization holds Tenants, a Tenant holds
/// Workspaces, and a Workspace owns namespaces and three groups of resources (traffic,
/// security, gateway). Each level may set ``MeshPolicySettings`` as defaults (which its
/// children may change) or as mandates (which they may only tighten).
///
/// ```yaml
/// apiVersion: meshbridge.io/v1alpha1
/// kind: Organization
/// metadata: {name: acme}
/// spec:
///   mandates: {mtlsMode: STRICT}
///   defaults: {authorizationMode: WORKSPACE_ONLY}
///   tenants:
///   - name: retail
///     mandates: {allowedHosts: ["*.acme.example", "api.stripe.com"]}
///     workspaces:
///     - name: shop
///       namespaces: [shop]
///       groups:
///         traffic: {resources: [...VirtualService, DestinationRule, ServiceEntry...]}
///         security: {resources: [...AuthorizationPolicy...]}
/// ```
///
/// ``HierarchyResolver`` turns it into the Istio resources of every namespace.
public struct Organization: Codable, Sendable, Hashable {
  /// The `apiVersion` of every organization document: `meshbridge.io/v1alpha1`.
  public static let apiVersion = "meshbridge.io/v1alpha1"
  /// The `kind` of every organization document: `Organization`.
  public static let kind = "Organization"

  /// The document's `apiVersion`; decoding accepts only ``Organization/apiVersion``.
  public var apiVersion: String
  /// The document's `kind`; decoding accepts only ``Organization/kind``.
  public var kind: String
  /// The organization's name, which resolved resources carry in the
  /// `meshbridge.io/organization` label.
  public var metadata: ObjectMeta
  /// The organization's own settings and its tenants.
  public var spec: OrganizationSpec

  /// Creates an organization at ``apiVersion``.
  public init(metadata: ObjectMeta, spec: OrganizationSpec) {
    apiVersion = Self.apiVersion
    kind = Self.kind
    self.metadata = metadata
    self.spec = spec
  }

  enum CodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, spec
  }

  /// Decodes an organization, checking `apiVersion` and `kind`.
  /// - Throws: `DecodingError.dataCorrupted` naming the field when they are others.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    apiVersion = try container.decode(String.self, forKey: .apiVersion)
    guard apiVersion == Self.apiVersion else {
      throw DecodingError.dataCorruptedError(
        forKey: .apiVersion, in: container,
        debugDescription: "an Organization is \(Self.apiVersion), not \(apiVersion)")
    }
    kind = try container.decode(String.self, forKey: .kind)
    guard kind == Self.kind else {
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "expected kind Organization, not \(kind)")
    }
    metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
    spec = try container.decode(OrganizationSpec.self, forKey: .spec)
  }
}

/// The organization's own settings and its tenants.
public struct OrganizationSpec: Codable, Sendable, Hashable {
  /// Settings every tenant and workspace starts from; a level below may change them.
  public var defaults: MeshPolicySettings?
  /// Settings every tenant and workspace must keep; a level below may only tighten them.
  public var mandates: MeshPolicySettings?
  /// The organization's tenants.
  public var tenants: [Tenant]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    defaults: MeshPolicySettings? = nil, mandates: MeshPolicySettings? = nil, tenants: [Tenant]
  ) {
    self.defaults = defaults
    self.mandates = mandates
    self.tenants = tenants
  }
}

/// A tenant: a business unit with its workspaces.
public struct Tenant: Codable, Sendable, Hashable {
  /// The tenant's name, which its resolved resources carry in the `meshbridge.io/tenant` label.
  public var name: String
  /// Settings the tenant's workspaces start from (over the organization's); they may change
  /// them.
  public var defaults: MeshPolicySettings?
  /// Settings the tenant's workspaces must keep; they may only tighten them.
  public var mandates: MeshPolicySettings?
  /// The tenant's workspaces.
  public var workspaces: [Workspace]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String, defaults: MeshPolicySettings? = nil, mandates: MeshPolicySettings? = nil,
    workspaces: [Workspace]
  ) {
    self.name = name
    self.defaults = defaults
    self.mandates = mandates
    self.workspaces = workspaces
  }
}

/// A workspace: a team's namespaces, its settings, and the resources its groups own.
public struct Workspace: Codable, Sendable, Hashable {
  /// The workspace's name, which its resolved resources carry in the `meshbridge.io/workspace`
  /// label.
  public var name: String
  /// The namespaces the workspace owns; its resources live there.
  public var namespaces: [String]
  /// The workspace's own settings; as a leaf, it has no children to mandate anything on.
  public var settings: MeshPolicySettings?
  /// The Istio resources the workspace owns, by group (traffic, security, gateway).
  public var groups: WorkspaceGroups?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String, namespaces: [String], settings: MeshPolicySettings? = nil,
    groups: WorkspaceGroups? = nil
  ) {
    self.name = name
    self.namespaces = namespaces
    self.settings = settings
    self.groups = groups
  }
}

/// The three groups of a workspace, each owning resources of its kinds.
public struct WorkspaceGroups: Codable, Sendable, Hashable {
  /// VirtualService, DestinationRule, ServiceEntry, WorkloadEntry, WorkloadGroup, Sidecar.
  public var traffic: ResourceGroup?
  /// PeerAuthentication, AuthorizationPolicy, RequestAuthentication.
  public var security: ResourceGroup?
  /// Gateway, and VirtualServices bound to gateways.
  public var gateway: ResourceGroup?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    traffic: ResourceGroup? = nil, security: ResourceGroup? = nil, gateway: ResourceGroup? = nil
  ) {
    self.traffic = traffic
    self.security = security
    self.gateway = gateway
  }
}

/// The resources one group owns. A resource without a namespace goes to the workspace's
/// first namespace.
public struct ResourceGroup: Codable, Sendable, Hashable {
  /// The group's Istio resources, each of a kind the group owns.
  public var resources: [MeshResource]

  /// Creates a value; every parameter is the property of the same name.
  public init(resources: [MeshResource]) {
    self.resources = resources
  }
}

/// What a level of the hierarchy sets for the levels below it.
public struct MeshPolicySettings: Codable, Sendable, Hashable {
  /// Mutual TLS for the workspaces' workloads (DISABLE < PERMISSIVE < STRICT).
  public var mtlsMode: MutualTLSMode?
  /// Who may call the workspaces' workloads.
  public var authorizationMode: AuthorizationMode?
  /// The hosts the workspaces' workloads may call outside their own namespaces
  /// (`*.example.com`, `api.stripe.com`); unset allows all.
  public var allowedHosts: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    mtlsMode: MutualTLSMode? = nil, authorizationMode: AuthorizationMode? = nil,
    allowedHosts: [String]? = nil
  ) {
    self.mtlsMode = mtlsMode
    self.authorizationMode = authorizationMode
    self.allowedHosts = allowedHosts
  }
}

/// Who may call a workspace's workloads, from the most open to the most closed.
public enum AuthorizationMode: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
  /// Any caller (only the workspace's own policies restrict).
  case allowAll = "ALLOW_ALL"
  /// Callers from the workspace's own namespaces, plus what its policies allow.
  case workspaceOnly = "WORKSPACE_ONLY"
  /// No caller unless a policy of the workspace allows it.
  case denyByDefault = "DENY_BY_DEFAULT"

  var strength: Int {
    switch self {
    case .allowAll: 0
    case .workspaceOnly: 1
    case .denyByDefault: 2
    }
  }

  /// Whether `lhs` is more open than `rhs`: ALLOW_ALL < WORKSPACE_ONLY < DENY_BY_DEFAULT.
  public static func < (lhs: AuthorizationMode, rhs: AuthorizationMode) -> Bool {
    lhs.strength < rhs.strength
  }
}

extension MutualTLSMode {
  /// How strongly the mode protects traffic, for mandates: DISABLE < PERMISSIVE < STRICT.
  var strength: Int {
    switch self {
    case .disable: 0
    case .unset, .permissive: 1
    case .strict: 2
    }
  }
}
