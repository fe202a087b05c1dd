/// The spec of a Sidecar: what the proxy of selected workloads accepts and can reach.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `Sidecar`.
public struct SidecarSpec: Codable, Sendable, Hashable {
  /// Workloads the Sidecar applies to; all in its namespace when absent.
  public var workloadSelector: WorkloadSelector?
  /// Listeners for inbound traffic.
  public var ingress: [IstioIngressListener]?
  /// Listeners for outbound traffic, and the hosts reachable through them.
  public var egress: [IstioEgressListener]?
  /// Connection limits for inbound traffic.
  public var inboundConnectionPool: ConnectionPoolSettings?
  /// What happens to traffic to hosts not in the registry.
  public var outboundTrafficPolicy: OutboundTrafficPolicy?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    workloadSelector: WorkloadSelector? = nil,
    ingress: [IstioIngressListener]? = nil,
    egress: [IstioEgressListener]? = nil,
    inboundConnectionPool: ConnectionPoolSettings? = nil,
    outboundTrafficPolicy: OutboundTrafficPolicy? = nil
  ) {
    self.workloadSelector = workloadSelector
    self.ingress = ingress
    self.egress = egress
    self.inboundConnectionPool = inboundConnectionPool
    self.outboundTrafficPolicy = outboundTrafficPolicy
  }
}

/// An inbound listener of a sidecar.
public struct IstioIngressListener: Codable, Sendable, Hashable {
  /// The port traffic arrives on.
  public var port: SidecarPort
  /// The address to bind to.
  public var bind: String?
  /// How traffic reaches the listener.
  public var captureMode: CaptureMode?
  /// Where traffic is forwarded: `127.0.0.1:PORT`, `0.0.0.0:PORT` or `unix://PATH`.
  public var defaultEndpoint: String?
  /// TLS settings.
  public var tls: ServerTLSSettings?
  /// Connection limits for this listener.
  public var connectionPool: ConnectionPoolSettings?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    port: SidecarPort,
    bind: String? = nil,
    captureMode: CaptureMode? = nil,
    defaultEndpoint: String? = nil,
    tls: ServerTLSSettings? = nil,
    connectionPool: ConnectionPoolSettings? = nil
  ) {
    self.port = port
    self.bind = bind
    self.captureMode = captureMode
    self.defaultEndpoint = defaultEndpoint
    self.tls = tls
    self.connectionPool = connectionPool
  }
}

/// An outbound listener of a sidecar and the hosts reachable through it.
public struct IstioEgressListener: Codable, Sendable, Hashable {
  /// The port; all ports when absent.
  public var port: SidecarPort?
  /// The address to bind to.
  public var bind: String?
  /// How traffic reaches the listener.
  public var captureMode: CaptureMode?
  /// Reachable services, as `namespace/dnsName`.
  public var hosts: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    port: SidecarPort? = nil,
    bind: String? = nil,
    captureMode: CaptureMode? = nil,
    hosts: [String]? = nil
  ) {
    self.port = port
    self.bind = bind
    self.captureMode = captureMode
    self.hosts = hosts
  }
}

/// A port of a sidecar listener.
public struct SidecarPort: Codable, Sendable, Hashable {
  /// The port number, 1 to 65535.
  public var number: UInt32?
  /// The protocol.
  public var `protocol`: String?
  /// A label for the port.
  public var name: String?
  /// Not used by sidecars; kept for schema compatibility.
  public var targetPort: UInt32?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    number: UInt32? = nil,
    `protocol`: String? = nil,
    name: String? = nil,
    targetPort: UInt32? = nil
  ) {
    self.number = number
    self.protocol = `protocol`
    self.name = name
    self.targetPort = targetPort
  }
}

/// How traffic reaches a sidecar listener.
public enum CaptureMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// The environment's default.
  case `default` = "DEFAULT"
  /// Captured by iptables.
  case iptables = "IPTABLES"
  /// Sent to the listener's address explicitly.
  case none = "NONE"
}

/// What happens to traffic for hosts that are not in the registry.
public struct OutboundTrafficPolicy: Codable, Sendable, Hashable {
  /// Allow or block it.
  public var mode: OutboundTrafficPolicyMode?
  /// Where such traffic goes, when allowed.
  public var egressProxy: Destination?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    mode: OutboundTrafficPolicyMode? = nil,
    egressProxy: Destination? = nil
  ) {
    self.mode = mode
    self.egressProxy = egressProxy
  }
}

/// Whether traffic to unknown hosts is allowed.
public enum OutboundTrafficPolicyMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// Only hosts in the registry are reachable.
  case registryOnly = "REGISTRY_ONLY"
  /// Unknown hosts pass through.
  case allowAny = "ALLOW_ANY"
}
