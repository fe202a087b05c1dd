// How a Gateway and the VirtualServices bound to it name each other, as istiod reads
// them: the `gateways` a VirtualService lists (istio/istio `pilot/pkg/model/config.go`
// resolveGatewayName), and the `namespace/host` entries of a server's `hosts`
// (`pilot/pkg/model/gateway.go` sanitizeServerHostNamespace, `pkg/config/host/names.go`
// NamesForNamespace). The analyzers and EnvoyConfig's gateway translation share them.

/// A gateway a VirtualService binds to, with its name resolved as istiod resolves the
/// entries of `gateways` (and of a route match's `gateways`): `mesh` for the sidecars,
/// else the `namespace/name` of a Gateway.
///
/// ```swift
/// GatewayName(resolving: "edge", virtualServiceNamespace: "shop")  // shop/edge
/// GatewayName(resolving: "edge.infra.svc.cluster.local", virtualServiceNamespace: "shop")  // infra/edge
/// ```
public enum GatewayName: Hashable, Sendable, CustomStringConvertible {
  /// The reserved name `mesh`: every sidecar of the mesh.
  case mesh
  /// The Gateway `namespace/name`.
  case gateway(namespace: String, name: String)

  /// The reserved name of the sidecars, `mesh`.
  public static let meshName = "mesh"

  /// Resolves one entry of a VirtualService's `gateways`, written in
  /// `virtualServiceNamespace`: `mesh` stays the sidecars; `ns/name` names that Gateway;
  /// `./name` and a bare `name` name a Gateway of the VirtualService's namespace; a
  /// legacy dotted name (`name.ns`, `name.ns.svc.cluster.local`) names `ns/name`.
  ///
  /// Nil when the entry can name no Gateway: empty, an empty namespace or name part, or
  /// more than one `/` (Gateway validation reports these).
  public init?(resolving entry: String, virtualServiceNamespace: String) {
    if entry == Self.meshName {
      self = .mesh
      return
    }
    let parts = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    switch parts.count {
    case 1:
      // Istio's legacy forms: the first label is the name, the second the namespace.
      let labels = entry.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      if labels.count == 1 {
        self.init(namespace: virtualServiceNamespace, name: entry)
      } else {
        self.init(namespace: labels[1], name: labels[0])
      }
    case 2:
      self.init(namespace: parts[0] == "." ? virtualServiceNamespace : parts[0], name: parts[1])
    default:
      return nil
    }
  }

  private init?(namespace: String, name: String) {
    guard !namespace.isEmpty, !name.isEmpty else { return nil }
    self = .gateway(namespace: namespace, name: name)
  }

  /// The gateways a VirtualService of `namespace` binds to: its `gateways` resolved
  /// (entries that name no Gateway left out), or `mesh` alone when it lists none.
  public static func bindings(of spec: VirtualServiceSpec, namespace: String) -> [GatewayName] {
    guard let gateways = spec.gateways, !gateways.isEmpty else { return [.mesh] }
    var seen: Set<GatewayName> = []
    return gateways.compactMap { GatewayName(resolving: $0, virtualServiceNamespace: namespace) }
      .filter { seen.insert($0).inserted }
  }

  /// `mesh`, or `namespace/name`.
  public var description: String {
    switch self {
    case .mesh: return Self.meshName
    case .gateway(let namespace, let name): return "\(namespace)/\(name)"
    }
  }
}

/// One entry of a Gateway server's `hosts`: a host (possibly a wildcard) and the
/// namespace whose VirtualServices may bind to it there.
///
/// Istio's forms: `ns/host` admits VirtualServices of `ns`; `./host` those of the
/// Gateway's own namespace; `*/host` and a bare `host` those of every namespace.
///
/// ```swift
/// let hosts = GatewayServerHost.parsing(["./*.shop.com", "*/api.example.com"], gatewayNamespace: "edge")
/// GatewayServerHost.hosts(hosts, visibleTo: "shop")  // [api.example.com]
/// ```
public struct GatewayServerHost: Hashable, Sendable, CustomStringConvertible {
  /// Which VirtualServices may bind to a server host, by their namespace.
  public enum Scope: Hashable, Sendable {
    /// Those of every namespace (`*/host`, or a bare `host`).
    case anyNamespace
    /// Those of one namespace (`ns/host`, or `./host` for the Gateway's own).
    case namespace(String)
  }

  /// The namespaces whose VirtualServices may bind to the host.
  public let scope: Scope
  /// The host, `*` for every host.
  public let host: HostName

  /// A server host admitting VirtualServices of `scope`.
  public init(scope: Scope, host: HostName) {
    self.scope = scope
    self.host = host
  }

  /// Parses one entry of a server's `hosts` of a Gateway in `gatewayNamespace`; nil when
  /// Gateway validation rejects it (an empty part, a namespace that is not a DNS label,
  /// a host that is not a DNS name or a leading wildcard).
  public init?(parsing entry: String, gatewayNamespace: String) {
    guard Rules.namespaceSlashHost(entry, isGateway: true) == nil else { return nil }
    guard let slash = entry.firstIndex(of: "/") else {
      self.init(scope: .anyNamespace, host: HostName(entry))
      return
    }
    let namespace = String(entry[..<slash])
    let host = HostName(String(entry[entry.index(after: slash)...]))
    switch namespace {
    case "*": self.init(scope: .anyNamespace, host: host)
    case ".": self.init(scope: .namespace(gatewayNamespace), host: host)
    default: self.init(scope: .namespace(namespace), host: host)
    }
  }

  /// Parses a server's `hosts` as istiod sanitises them when it merges Gateways: a
  /// `*/*` entry stands for the whole list (every host, for every namespace), while a
  /// bare `*` is one entry among the others; entries that do not parse are left out,
  /// since Gateway validation reports them.
  public static func parsing(_ entries: [String], gatewayNamespace: String) -> [GatewayServerHost] {
    if entries.contains("*/*") {
      return [GatewayServerHost(scope: .anyNamespace, host: HostName("*"))]
    }
    return entries.compactMap { GatewayServerHost(parsing: $0, gatewayNamespace: gatewayNamespace) }
  }

  /// Whether a VirtualService of `namespace` may bind to this host.
  public func isVisible(to namespace: String) -> Bool {
    switch scope {
    case .anyNamespace: return true
    case .namespace(let allowed): return allowed == namespace
    }
  }

  /// The hosts of `serverHosts` a VirtualService of `namespace` may bind to, with their
  /// namespaces stripped, in order (Istio's NamesForNamespace).
  public static func hosts(_ serverHosts: [GatewayServerHost], visibleTo namespace: String)
    -> [HostName]
  {
    serverHosts.filter { $0.isVisible(to: namespace) }.map(\.host)
  }

  /// The hosts a server serves for a VirtualService of `namespace` whose (fully
  /// qualified) hosts are `virtualServiceHosts`: the server hosts visible to that
  /// namespace intersected with them, the more specific name kept. Empty when the
  /// VirtualService does not apply to the server.
  public static func servedHosts(
    _ serverHosts: [GatewayServerHost], virtualServiceNamespace namespace: String,
    virtualServiceHosts: [HostName]
  ) -> [HostName] {
    HostName.intersection(hosts(serverHosts, visibleTo: namespace), virtualServiceHosts)
  }

  /// `namespace/host`, with `*` for every namespace.
  public var description: String {
    switch scope {
    case .anyNamespace: return "*/\(host)"
    case .namespace(let namespace): return "\(namespace)/\(host)"
    }
  }
}
