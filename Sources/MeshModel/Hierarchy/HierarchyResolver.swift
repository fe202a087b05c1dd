import YAMLCoding

/// Why a hierarchy cannot be resolved, naming the part at fault and, for a weakened
/// mandate, the level that set it.
///
/// ```
/// HierarchyError.weakensMandate: Tenant acme/legacy: its defaults set mtlsMode DISABLE, weaker than the mandated STRICT (mandated by Organization acme)
/// ```
public struct HierarchyError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// A child sets a setting weaker than a parent's mandate.
    public static let weakensMandate = Code("weakensMandate")
    /// A resource in a group that does not own its kind.
    public static let wrongGroup = Code("wrongGroup")
    /// A resource in a namespace its workspace does not own.
    public static let namespaceOutsideWorkspace = Code("namespaceOutsideWorkspace")
    /// Two workspaces claim one namespace.
    public static let namespaceClaimedTwice = Code("namespaceClaimedTwice")
    /// Two resources of one kind, namespace and name.
    public static let duplicateResource = Code("duplicateResource")
    /// A workspace without namespaces, or a level without a name.
    public static let invalidStructure = Code("invalidStructure")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The part at fault: `Workspace acme/retail/shop`, `PeerAuthentication shop/default in
  /// workspace acme/retail/shop`.
  public var child: String
  /// The level whose mandate is weakened, when that is the problem.
  public var parent: String?
  /// What is wrong with the part at fault.
  public var message: String

  /// Creates an error.
  public init(_ code: Code, child: String, parent: String? = nil, message: String) {
    self.code = code
    self.child = child
    self.parent = parent
    self.message = message
  }

  /// `HierarchyError.<code>: <child>: <message>`, then the level whose mandate is weakened.
  public var description: String {
    "HierarchyError.\(code): \(child): \(message)"
      + (parent.map { " (mandated by \($0))" } ?? "")
  }
}

/// A workspace after resolution: where it sits and the settings that apply to it.
public struct ResolvedWorkspace: Sendable, Hashable {
  /// `organization/tenant/workspace`.
  public var path: String
  /// The Kubernetes namespaces the workspace owns.
  public var namespaces: [String]
  /// The mTLS mode its namespaces' PeerAuthentication sets, after defaults and mandates.
  public var mtlsMode: MutualTLSMode
  /// Who may call its workloads, after defaults and mandates.
  public var authorizationMode: AuthorizationMode
  /// Nil when every host may be called.
  public var allowedHosts: [String]?
}

/// The Istio resources a hierarchy stands for, every mandate enforced.
public struct HierarchyResolution: Sendable {
  /// Every resource: the groups' and the ones the settings make, by namespace, kind and
  /// name.
  public var resources: [MeshResource]
  /// Every workspace with the settings that apply to it.
  public var workspaces: [ResolvedWorkspace]

  /// The resources of one namespace.
  public func resources(in namespace: String) -> [MeshResource] {
    resources.filter { ($0.metadata.namespace ?? "default") == namespace }
  }

  /// Istio's validation of every rendered resource, the checks ``MeshResource/validate()``
  /// makes: names, namespaces and labels come from the organization's levels as written,
  /// so a hierarchy can render resources that Istio would reject.
  /// - Returns: Each resource that has problems, with them, in ``resources`` order.
  public func validate() -> [(resource: MeshResource, issues: [ValidationIssue])] {
    resources.compactMap { resource in
      let issues = resource.validate()
      return issues.isEmpty ? nil : (resource, issues)
    }
  }
}

/// Resolves an ``Organization`` into Istio resources.
///
/// Settings pass down: a level's `defaults` apply where its children set nothing; its
/// `mandates` apply whatever its children set, and a child (a lower level's defaults,
/// mandates or settings, or a resource of a workspace) that sets something weaker is a
/// ``HierarchyError`` with code ``HierarchyError/Code/weakensMandate`` naming both. Each
/// workspace namespace gets a PeerAuthentication for its mTLS mode, AuthorizationPolicies
/// for its authorization mode, and a Sidecar limiting egress to the allowed hosts, unless
/// its own groups define namespace-wide ones (which are checked instead).
public enum HierarchyResolver {
  /// The label keys the rendered resources carry: the organization's name,
  public static let organizationLabel = "meshbridge.io/organization"
  /// the tenant's,
  public static let tenantLabel = "meshbridge.io/tenant"
  /// and the workspace's.
  public static let workspaceLabel = "meshbridge.io/workspace"

  /// The Istio resources `organization` stands for.
  /// - Returns: The resources and each workspace's resolved settings.
  /// - Throws: ``HierarchyError``: ``HierarchyError/Code/weakensMandate`` when a child
  ///   sets something weaker than a mandate, and the structure codes (a namespace outside
  ///   its workspace or claimed twice, a duplicate resource, a group in the wrong place).
  public static func resolve(_ organization: Organization) throws -> HierarchyResolution {
    let organizationName = organization.metadata.name ?? ""
    guard !organizationName.isEmpty else {
      throw HierarchyError(
        .invalidStructure, child: "Organization", parent: nil, message: "it needs a name")
    }
    let root = Level(name: "Organization \(organizationName)")
    var state = SettingsState()
    try state.apply(
      defaults: organization.spec.defaults, mandates: organization.spec.mandates, at: root)
    var resources: [MeshResource] = []
    var workspaces: [ResolvedWorkspace] = []
    var owners: [String: String] = [:]
    var seen: Set<String> = []
    for tenant in organization.spec.tenants {
      let tenantLevel = Level(name: "Tenant \(organizationName)/\(tenant.name)")
      var tenantState = state
      try tenantState.apply(defaults: tenant.defaults, mandates: tenant.mandates, at: tenantLevel)
      for workspace in tenant.workspaces {
        let path = "\(organizationName)/\(tenant.name)/\(workspace.name)"
        let level = Level(name: "Workspace \(path)")
        guard !workspace.namespaces.isEmpty else {
          throw HierarchyError(
            .invalidStructure, child: level.name, parent: nil,
            message: "a workspace owns at least one namespace")
        }
        for namespace in workspace.namespaces {
          if let owner = owners[namespace] {
            throw HierarchyError(
              .namespaceClaimedTwice, child: level.name, parent: nil,
              message: "namespace \(namespace) already belongs to \(owner)")
          }
          owners[namespace] = level.name
        }
        var workspaceState = tenantState
        try workspaceState.apply(defaults: workspace.settings, mandates: nil, at: level)
        let resolved = workspaceState.resolved(path: path, namespaces: workspace.namespaces)
        workspaces.append(resolved)
        let labels = [
          organizationLabel: organizationName, tenantLabel: tenant.name,
          workspaceLabel: workspace.name,
        ]
        var owned = try groupResources(
          workspace, level: level, state: workspaceState, labels: labels)
        owned += rendered(resolved, owned: owned, labels: labels)
        for resource in owned {
          let key =
            "\(resource.kind)/\(resource.metadata.namespace ?? "")/\(resource.metadata.name ?? "")"
          guard seen.insert(key).inserted else {
            throw HierarchyError(
              .duplicateResource, child: "\(resource.displayName) in \(level.name)",
              parent: nil,
              message: "another resource of the hierarchy has this kind, namespace and name")
          }
        }
        resources += owned
      }
    }
    resources.sort {
      ($0.metadata.namespace ?? "", $0.kind, $0.metadata.name ?? "")
        < ($1.metadata.namespace ?? "", $1.kind, $1.metadata.name ?? "")
    }
    return HierarchyResolution(resources: resources, workspaces: workspaces)
  }

  // MARK: Groups

  /// Each group's name and the kinds it owns.
  private static let trafficKinds: Set<String> = [
    VirtualServiceSpec.kind, DestinationRuleSpec.kind, ServiceEntrySpec.kind,
    WorkloadEntrySpec.kind, WorkloadGroupSpec.kind, SidecarSpec.kind, TelemetrySpec.kind,
  ]
  private static let securityKinds: Set<String> = [
    PeerAuthenticationSpec.kind, AuthorizationPolicySpec.kind, RequestAuthenticationSpec.kind,
  ]
  private static let gatewayKinds: Set<String> = [GatewaySpec.kind, VirtualServiceSpec.kind]

  /// The groups' resources, placed in the workspace's namespaces, labelled, and checked
  /// against the mandates.
  private static func groupResources(
    _ workspace: Workspace, level: Level, state: SettingsState, labels: [String: String]
  ) throws -> [MeshResource] {
    var result: [MeshResource] = []
    let groups = [
      ("traffic", workspace.groups?.traffic, trafficKinds),
      ("security", workspace.groups?.security, securityKinds),
      ("gateway", workspace.groups?.gateway, gatewayKinds),
    ]
    for (groupName, group, kinds) in groups {
      for var resource in group?.resources ?? [] {
        let place =
          "\(resource.kind) \(resource.metadata.name ?? "") in the \(groupName) group of \(level.name)"
        guard kinds.contains(resource.kind) else {
          throw HierarchyError(
            .wrongGroup, child: place, parent: nil,
            message: "the \(groupName) group owns \(kinds.sorted().joined(separator: ", "))")
        }
        let namespace = resource.metadata.namespace ?? workspace.namespaces[0]
        guard workspace.namespaces.contains(namespace) else {
          throw HierarchyError(
            .namespaceOutsideWorkspace, child: place, parent: nil,
            message:
              "namespace \(namespace) is not one of \(workspace.namespaces.joined(separator: ", "))"
          )
        }
        resource.updateMetadata {
          $0.namespace = namespace
          $0.labels = ($0.labels ?? [:]).merging(labels) { _, hierarchy in hierarchy }
        }
        try state.check(
          resource, place: "\(resource.displayName) in \(level.name)", workspace: workspace)
        result.append(resource)
      }
    }
    return result
  }

  // MARK: Rendering

  /// The resources the settings stand for, in each namespace the groups leave them to.
  private static func rendered(
    _ workspace: ResolvedWorkspace, owned: [MeshResource], labels: [String: String]
  ) -> [MeshResource] {
    var result: [MeshResource] = []
    func namespaceWide(_ kind: String, in namespace: String) -> Bool {
      owned.contains { resource in
        guard resource.kind == kind, resource.metadata.namespace == namespace else { return false }
        switch resource {
        case .peerAuthentication(let policy):
          return (policy.spec.selector?.matchLabels ?? [:]).isEmpty
        case .sidecar(let sidecar): return (sidecar.spec.workloadSelector?.labels ?? [:]).isEmpty
        default: return false
        }
      }
    }
    for namespace in workspace.namespaces {
      let metadata = { (name: String) in
        ObjectMeta(name: name, namespace: namespace, labels: labels)
      }
      if !namespaceWide(PeerAuthenticationSpec.kind, in: namespace) {
        result.append(
          .peerAuthentication(
            PeerAuthentication(
              metadata: metadata("default"),
              spec: PeerAuthenticationSpec(
                mtls: PeerAuthenticationMutualTLS(mode: workspace.mtlsMode)))))
      }
      switch workspace.authorizationMode {
      case .allowAll:
        break
      case .workspaceOnly:
        result.append(
          .authorizationPolicy(
            AuthorizationPolicy(
              metadata: metadata("workspace-callers"),
              spec: AuthorizationPolicySpec(
                rules: [
                  AuthorizationRule(from: [
                    AuthorizationRuleFrom(
                      source: AuthorizationSource(namespaces: workspace.namespaces))
                  ])
                ], action: .allow))))
      case .denyByDefault:
        // An ALLOW policy without rules matches nothing, so only the workspace's own
        // ALLOW policies let callers in.
        result.append(
          .authorizationPolicy(
            AuthorizationPolicy(
              metadata: metadata("allow-nothing"), spec: AuthorizationPolicySpec())))
      }
      if let hosts = workspace.allowedHosts, !namespaceWide(SidecarSpec.kind, in: namespace) {
        result.append(
          .sidecar(
            Sidecar(
              metadata: metadata("default"),
              spec: SidecarSpec(
                egress: [IstioEgressListener(hosts: ["./*"] + hosts.map { "*/\($0)" })],
                outboundTrafficPolicy: OutboundTrafficPolicy(mode: .registryOnly)))))
      }
    }
    return result
  }
}

/// A level of the hierarchy, for messages.
struct Level: Hashable {
  var name: String
}

/// The settings in force at one level: the value each setting takes and the mandate, with
/// the level that set it.
struct SettingsState {
  var mtls: (value: MutualTLSMode, owner: Level)?
  var mtlsMandate: (value: MutualTLSMode, owner: Level)?
  var authorization: (value: AuthorizationMode, owner: Level)?
  var authorizationMandate: (value: AuthorizationMode, owner: Level)?
  var hosts: (value: [String], owner: Level)?
  var hostsMandate: (value: [String], owner: Level)?

  /// Applies one level's defaults and mandates, checking both against the mandates above.
  mutating func apply(
    defaults: MeshPolicySettings?, mandates: MeshPolicySettings?, at level: Level
  ) throws {
    for (settings, kind) in [(mandates, "mandates"), (defaults, "defaults")] {
      guard let settings else { continue }
      if let mode = settings.mtlsMode, let mandate = mtlsMandate,
        mode.strength < mandate.value.strength
      {
        throw HierarchyError(
          .weakensMandate, child: level.name, parent: mandate.owner.name,
          message:
            "its \(kind) set mtlsMode \(mode.rawValue), weaker than the mandated \(mandate.value.rawValue)"
        )
      }
      if let mode = settings.authorizationMode, let mandate = authorizationMandate,
        mode < mandate.value
      {
        throw HierarchyError(
          .weakensMandate, child: level.name, parent: mandate.owner.name,
          message:
            "its \(kind) set authorizationMode \(mode.rawValue), weaker than the mandated \(mandate.value.rawValue)"
        )
      }
      if let hosts = settings.allowedHosts, let mandate = hostsMandate,
        let outside = hosts.first(where: { !HostPatterns.covered($0, by: mandate.value) })
      {
        throw HierarchyError(
          .weakensMandate, child: level.name, parent: mandate.owner.name,
          message:
            "its \(kind) allow host \(outside), outside the mandated \(mandate.value.joined(separator: ", "))"
        )
      }
    }
    if let mandates {
      if let mode = mandates.mtlsMode {
        mtlsMandate = (mode, level)
        mtls = (mode, level)
      }
      if let mode = mandates.authorizationMode {
        authorizationMandate = (mode, level)
        authorization = (mode, level)
      }
      if let hosts = mandates.allowedHosts {
        hostsMandate = (hosts, level)
        self.hosts = (hosts, level)
      }
    }
    if let defaults {
      if let mode = defaults.mtlsMode { mtls = (mode, level) }
      if let mode = defaults.authorizationMode { authorization = (mode, level) }
      if let hosts = defaults.allowedHosts { self.hosts = (hosts, level) }
    }
  }

  func resolved(path: String, namespaces: [String]) -> ResolvedWorkspace {
    ResolvedWorkspace(
      path: path, namespaces: namespaces, mtlsMode: mtls?.value ?? .permissive,
      authorizationMode: authorization?.value ?? .allowAll, allowedHosts: hosts?.value)
  }

  /// Checks a workspace resource against the mandates.
  func check(_ resource: MeshResource, place: String, workspace: Workspace) throws {
    switch resource {
    case .peerAuthentication(let policy):
      guard let mandate = mtlsMandate else { return }
      let modes =
        [policy.spec.mtls?.mode].compactMap { $0 }
        + (policy.spec.portLevelMtls ?? [:]).values.compactMap(\.mode)
      if let weaker = modes.first(where: { $0 != .unset && $0.strength < mandate.value.strength }) {
        throw HierarchyError(
          .weakensMandate, child: place, parent: mandate.owner.name,
          message:
            "it sets mtls mode \(weaker.rawValue), weaker than the mandated \(mandate.value.rawValue)"
        )
      }
    case .authorizationPolicy(let policy):
      guard let mandate = authorizationMandate, mandate.value >= .workspaceOnly,
        (policy.spec.action ?? .allow) == .allow,
        let open = (policy.spec.rules ?? []).firstIndex(where: { ($0.from ?? []).isEmpty })
      else { return }
      throw HierarchyError(
        .weakensMandate, child: place, parent: mandate.owner.name,
        message:
          "rule \(open) allows callers from anywhere, but authorizationMode \(mandate.value.rawValue) is mandated"
      )
    case .serviceEntry(let entry):
      guard let mandate = hostsMandate, entry.spec.location != .meshInternal,
        let outside = entry.spec.hosts.first(where: { !HostPatterns.covered($0, by: mandate.value) }
        )
      else { return }
      throw HierarchyError(
        .weakensMandate, child: place, parent: mandate.owner.name,
        message:
          "it makes host \(outside) callable, outside the mandated allowedHosts \(mandate.value.joined(separator: ", "))"
      )
    case .sidecar(let sidecar):
      guard let mandate = hostsMandate else { return }
      for host in sidecar.spec.egress?.flatMap({ $0.hosts ?? [] }) ?? [] {
        let parts = host.split(separator: "/", maxSplits: 1).map(String.init)
        let name = parts.count == 2 ? parts[1] : host
        let namespace = parts.count == 2 ? parts[0] : "*"
        // Hosts in the workspace's own namespaces stay allowed.
        if namespace == "." || workspace.namespaces.contains(namespace) { continue }
        if !HostPatterns.covered(name, by: mandate.value) {
          throw HierarchyError(
            .weakensMandate, child: place, parent: mandate.owner.name,
            message:
              "its egress allows \(host), outside the mandated allowedHosts \(mandate.value.joined(separator: ", "))"
          )
        }
      }
    default:
      return
    }
  }
}

/// Host patterns as Istio writes them: names and `*.suffix` wildcards, `*` for all.
enum HostPatterns {
  /// Whether every host `pattern` names is named by one of `allowed`.
  static func covered(_ pattern: String, by allowed: [String]) -> Bool {
    allowed.contains { HostName(pattern).isSubset(of: HostName($0)) }
  }
}

extension MeshResource {
  /// Changes the wrapped resource's metadata.
  mutating func updateMetadata(_ change: (inout ObjectMeta) -> Void) {
    switch self {
    case .virtualService(var resource):
      change(&resource.metadata)
      self = .virtualService(resource)
    case .destinationRule(var resource):
      change(&resource.metadata)
      self = .destinationRule(resource)
    case .gateway(var resource):
      change(&resource.metadata)
      self = .gateway(resource)
    case .serviceEntry(var resource):
      change(&resource.metadata)
      self = .serviceEntry(resource)
    case .workloadEntry(var resource):
      change(&resource.metadata)
      self = .workloadEntry(resource)
    case .workloadGroup(var resource):
      change(&resource.metadata)
      self = .workloadGroup(resource)
    case .sidecar(var resource):
      change(&resource.metadata)
      self = .sidecar(resource)
    case .peerAuthentication(var resource):
      change(&resource.metadata)
      self = .peerAuthentication(resource)
    case .authorizationPolicy(var resource):
      change(&resource.metadata)
      self = .authorizationPolicy(resource)
    case .requestAuthentication(var resource):
      change(&resource.metadata)
      self = .requestAuthentication(resource)
    case .telemetry(var resource):
      change(&resource.metadata)
      self = .telemetry(resource)
    }
  }
}
