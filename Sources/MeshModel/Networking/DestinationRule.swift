/// The spec of a DestinationRule: policies applied to traffic for a service after routing.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `DestinationRule`.
public struct DestinationRuleSpec: Codable, Sendable, Hashable {
  /// The service the rule applies to, as named in the registry.
  public var host: String
  /// Policies for all ports and subsets.
  public var trafficPolicy: TrafficPolicy?
  /// Named versions of the service, selected by labels.
  public var subsets: [Subset]?
  /// Namespaces the rule is visible to.
  public var exportTo: [String]?
  /// Workloads the rule applies to, in its namespace.
  public var workloadSelector: LabelSelector?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    host: String,
    trafficPolicy: TrafficPolicy? = nil,
    subsets: [Subset]? = nil,
    exportTo: [String]? = nil,
    workloadSelector: LabelSelector? = nil
  ) {
    self.host = host
    self.trafficPolicy = trafficPolicy
    self.subsets = subsets
    self.exportTo = exportTo
    self.workloadSelector = workloadSelector
  }
}

/// Load balancing, connection pool, outlier detection and TLS for a destination.
public struct TrafficPolicy: Codable, Sendable, Hashable {
  /// Load balancing.
  public var loadBalancer: LoadBalancerSettings?
  /// Connection limits.
  public var connectionPool: ConnectionPoolSettings?
  /// Ejection of unhealthy hosts.
  public var outlierDetection: OutlierDetection?
  /// TLS towards the upstream.
  public var tls: ClientTLSSettings?
  /// Policies for single ports, overriding the rule's.
  public var portLevelSettings: [PortTrafficPolicy]?
  /// Tunnelling TCP over a proxy.
  public var tunnel: TunnelSettings?
  /// PROXY protocol towards the upstream.
  public var proxyProtocol: ProxyProtocol?
  /// Limits on concurrent retries.
  public var retryBudget: RetryBudget?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    loadBalancer: LoadBalancerSettings? = nil,
    connectionPool: ConnectionPoolSettings? = nil,
    outlierDetection: OutlierDetection? = nil,
    tls: ClientTLSSettings? = nil,
    portLevelSettings: [PortTrafficPolicy]? = nil,
    tunnel: TunnelSettings? = nil,
    proxyProtocol: ProxyProtocol? = nil,
    retryBudget: RetryBudget? = nil
  ) {
    self.loadBalancer = loadBalancer
    self.connectionPool = connectionPool
    self.outlierDetection = outlierDetection
    self.tls = tls
    self.portLevelSettings = portLevelSettings
    self.tunnel = tunnel
    self.proxyProtocol = proxyProtocol
    self.retryBudget = retryBudget
  }
}

/// A named version of a service, selected by endpoint labels.
public struct Subset: Codable, Sendable, Hashable {
  /// The subset's name, used in routes.
  public var name: String
  /// Labels endpoints must have.
  public var labels: [String: String]?
  /// Policies for this subset, overriding the rule's.
  public var trafficPolicy: TrafficPolicy?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String,
    labels: [String: String]? = nil,
    trafficPolicy: TrafficPolicy? = nil
  ) {
    self.name = name
    self.labels = labels
    self.trafficPolicy = trafficPolicy
  }
}

/// Traffic policy for one port.
public struct PortTrafficPolicy: Codable, Sendable, Hashable {
  /// The port.
  public var port: PortSelector?
  /// Load balancing.
  public var loadBalancer: LoadBalancerSettings?
  /// Connection limits.
  public var connectionPool: ConnectionPoolSettings?
  /// Ejection of unhealthy hosts.
  public var outlierDetection: OutlierDetection?
  /// TLS towards the upstream.
  public var tls: ClientTLSSettings?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    port: PortSelector? = nil,
    loadBalancer: LoadBalancerSettings? = nil,
    connectionPool: ConnectionPoolSettings? = nil,
    outlierDetection: OutlierDetection? = nil,
    tls: ClientTLSSettings? = nil
  ) {
    self.port = port
    self.loadBalancer = loadBalancer
    self.connectionPool = connectionPool
    self.outlierDetection = outlierDetection
    self.tls = tls
  }
}

/// Tunnelling TCP through a proxy.
public struct TunnelSettings: Codable, Sendable, Hashable {
  /// `CONNECT` (default) or `POST`.
  public var `protocol`: String?
  /// Host of the tunnel's far end.
  public var targetHost: String
  /// Port of the tunnel's far end.
  public var targetPort: UInt32

  /// Creates a value; every parameter is the property of the same name.
  public init(
    `protocol`: String? = nil,
    targetHost: String,
    targetPort: UInt32
  ) {
    self.protocol = `protocol`
    self.targetHost = targetHost
    self.targetPort = targetPort
  }
}

/// PROXY protocol towards the upstream.
public struct ProxyProtocol: Codable, Sendable, Hashable {
  /// The protocol version.
  public var version: ProxyProtocolVersion?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    version: ProxyProtocolVersion? = nil
  ) {
    self.version = version
  }
}

/// A PROXY protocol version.
public enum ProxyProtocolVersion: String, Codable, Sendable, Hashable, CaseIterable {
  /// Human-readable version 1.
  case v1 = "V1"
  /// Binary version 2.
  case v2 = "V2"
}

/// A limit on concurrent retries as a share of active requests.
public struct RetryBudget: Codable, Sendable, Hashable {
  /// Share of active requests that may be retries, 0 to 100.
  public var percent: Double?
  /// Retries always allowed regardless of the percentage.
  public var minRetryConcurrency: UInt32?
  /// Not used by Istio; kept for schema compatibility.
  public var budgetInterval: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    percent: Double? = nil,
    minRetryConcurrency: UInt32? = nil,
    budgetInterval: String? = nil
  ) {
    self.percent = percent
    self.minRetryConcurrency = minRetryConcurrency
    self.budgetInterval = budgetInterval
  }
}

/// Load-balancing policy; `simple` and `consistentHash` exclude each other.
public struct LoadBalancerSettings: Codable, Sendable, Hashable {
  /// A standard load-balancing algorithm.
  public var simple: SimpleLoadBalancer?
  /// Session affinity by hashing a request property.
  public var consistentHash: ConsistentHashLoadBalancer?
  /// Locality-weighted load balancing and failover.
  public var localityLbSetting: LocalityLoadBalancerSetting?
  /// Zone-aware routing settings.
  public var zoneAwareLbSetting: ZoneAwareLoadBalancerSetting?
  /// Deprecated: use `warmup`.
  public var warmupDurationSecs: String?
  /// Slow start for new endpoints.
  public var warmup: WarmupConfiguration?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    simple: SimpleLoadBalancer? = nil,
    consistentHash: ConsistentHashLoadBalancer? = nil,
    localityLbSetting: LocalityLoadBalancerSetting? = nil,
    zoneAwareLbSetting: ZoneAwareLoadBalancerSetting? = nil,
    warmupDurationSecs: String? = nil,
    warmup: WarmupConfiguration? = nil
  ) {
    self.simple = simple
    self.consistentHash = consistentHash
    self.localityLbSetting = localityLbSetting
    self.zoneAwareLbSetting = zoneAwareLbSetting
    self.warmupDurationSecs = warmupDurationSecs
    self.warmup = warmup
  }
}

/// A standard load-balancing algorithm.
public enum SimpleLoadBalancer: String, Codable, Sendable, Hashable, CaseIterable {
  /// Istio chooses (LEAST_REQUEST).
  case unspecified = "UNSPECIFIED"
  /// Deprecated alias of LEAST_REQUEST.
  case leastConn = "LEAST_CONN"
  /// A random healthy host.
  case random = "RANDOM"
  /// The original destination address.
  case passthrough = "PASSTHROUGH"
  /// Hosts in turn.
  case roundRobin = "ROUND_ROBIN"
  /// The host with fewer outstanding requests of two random picks.
  case leastRequest = "LEAST_REQUEST"
}

/// Consistent hashing on one request property; exactly one key field.
public struct ConsistentHashLoadBalancer: Codable, Sendable, Hashable {
  /// Hash on this header.
  public var httpHeaderName: String?
  /// Hash on this cookie, created when absent.
  public var httpCookie: HTTPCookie?
  /// Hash on the source IP address.
  public var useSourceIp: Bool?
  /// Hash on this query parameter.
  public var httpQueryParameterName: String?
  /// Use the ring hash algorithm.
  public var ringHash: RingHash?
  /// Use the Maglev algorithm.
  public var maglev: MagLev?
  /// Deprecated: use `ringHash.minimumRingSize`.
  public var minimumRingSize: UInt64?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    httpHeaderName: String? = nil,
    httpCookie: HTTPCookie? = nil,
    useSourceIp: Bool? = nil,
    httpQueryParameterName: String? = nil,
    ringHash: RingHash? = nil,
    maglev: MagLev? = nil,
    minimumRingSize: UInt64? = nil
  ) {
    self.httpHeaderName = httpHeaderName
    self.httpCookie = httpCookie
    self.useSourceIp = useSourceIp
    self.httpQueryParameterName = httpQueryParameterName
    self.ringHash = ringHash
    self.maglev = maglev
    self.minimumRingSize = minimumRingSize
  }
}

/// A cookie hashed for session affinity.
public struct HTTPCookie: Codable, Sendable, Hashable {
  /// The cookie's name.
  public var name: String
  /// The cookie's path.
  public var path: String?
  /// Lifetime of a generated cookie, a duration.
  public var ttl: String?
  /// Further attributes of a generated cookie.
  public var attributes: [HTTPCookieAttribute]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String,
    path: String? = nil,
    ttl: String? = nil,
    attributes: [HTTPCookieAttribute]? = nil
  ) {
    self.name = name
    self.path = path
    self.ttl = ttl
    self.attributes = attributes
  }
}

/// An attribute of a generated cookie.
public struct HTTPCookieAttribute: Codable, Sendable, Hashable {
  /// The attribute's name.
  public var name: String?
  /// The attribute's value.
  public var value: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    value: String? = nil
  ) {
    self.name = name
    self.value = value
  }
}

/// Ring hash settings.
public struct RingHash: Codable, Sendable, Hashable {
  /// Minimum number of virtual nodes on the ring.
  public var minimumRingSize: UInt64?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    minimumRingSize: UInt64? = nil
  ) {
    self.minimumRingSize = minimumRingSize
  }
}

/// Maglev settings.
public struct MagLev: Codable, Sendable, Hashable {
  /// Size of the lookup table; a prime.
  public var tableSize: UInt64?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    tableSize: UInt64? = nil
  ) {
    self.tableSize = tableSize
  }
}

/// Slow start: new endpoints get traffic gradually.
public struct WarmupConfiguration: Codable, Sendable, Hashable {
  /// How long the warm-up lasts, a duration.
  public var duration: String
  /// Share of traffic a new endpoint starts with, 0 to 100.
  public var minimumPercent: Double?
  /// How fast traffic grows; 1 is linear.
  public var aggression: Double?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    duration: String,
    minimumPercent: Double? = nil,
    aggression: Double? = nil
  ) {
    self.duration = duration
    self.minimumPercent = minimumPercent
    self.aggression = aggression
  }
}

/// Locality-weighted load balancing: weights and failover between regions, zones and sub-zones.
public struct LocalityLoadBalancerSetting: Codable, Sendable, Hashable {
  /// Traffic shares from one locality to others.
  public var distribute: [LocalityDistribution]?
  /// Where traffic goes when a region's endpoints are unhealthy.
  public var failover: [LocalityFailover]?
  /// Labels ordered by priority for failover.
  public var failoverPriority: [String]?
  /// Whether locality load balancing is on.
  public var enabled: Bool?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    distribute: [LocalityDistribution]? = nil,
    failover: [LocalityFailover]? = nil,
    failoverPriority: [String]? = nil,
    enabled: Bool? = nil
  ) {
    self.distribute = distribute
    self.failover = failover
    self.failoverPriority = failoverPriority
    self.enabled = enabled
  }
}

/// Traffic shares from one locality.
public struct LocalityDistribution: Codable, Sendable, Hashable {
  /// The originating locality, `region/zone/subzone`, `*` allowed.
  public var `from`: String?
  /// Destination localities and their weights, adding up to 100.
  public var `to`: [String: UInt32]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    `from`: String? = nil,
    `to`: [String: UInt32]? = nil
  ) {
    self.from = `from`
    self.to = `to`
  }
}

/// A failover from one region to another.
public struct LocalityFailover: Codable, Sendable, Hashable {
  /// The originating region.
  public var `from`: String?
  /// The region failed over to.
  public var `to`: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    `from`: String? = nil,
    `to`: String? = nil
  ) {
    self.from = `from`
    self.to = `to`
  }
}

/// Zone-aware routing.
public struct ZoneAwareLoadBalancerSetting: Codable, Sendable, Hashable {
  /// Whether zone-aware routing is on.
  public var enabled: Bool?
  /// Failover between regions.
  public var failover: [LocalityFailover]?
  /// Labels ordered by priority for failover.
  public var failoverPriority: [String]?
  /// Smallest cluster for which zone-aware routing applies.
  public var minClusterSize: UInt64?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    enabled: Bool? = nil,
    failover: [LocalityFailover]? = nil,
    failoverPriority: [String]? = nil,
    minClusterSize: UInt64? = nil
  ) {
    self.enabled = enabled
    self.failover = failover
    self.failoverPriority = failoverPriority
    self.minClusterSize = minClusterSize
  }
}

/// Connection limits towards an upstream.
public struct ConnectionPoolSettings: Codable, Sendable, Hashable {
  /// Limits common to TCP and HTTP.
  public var tcp: TCPSettings?
  /// HTTP limits.
  public var http: HTTPSettings?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    tcp: TCPSettings? = nil,
    http: HTTPSettings? = nil
  ) {
    self.tcp = tcp
    self.http = http
  }
}

/// TCP connection limits.
public struct TCPSettings: Codable, Sendable, Hashable {
  /// Most connections to a destination host.
  public var maxConnections: Int32?
  /// TCP connect timeout, a duration.
  public var connectTimeout: String?
  /// TCP keepalive probes.
  public var tcpKeepalive: TCPKeepalive?
  /// Longest a connection may live, a duration.
  public var maxConnectionDuration: String?
  /// Idle timeout for TCP connections, a duration.
  public var idleTimeout: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    maxConnections: Int32? = nil,
    connectTimeout: String? = nil,
    tcpKeepalive: TCPKeepalive? = nil,
    maxConnectionDuration: String? = nil,
    idleTimeout: String? = nil
  ) {
    self.maxConnections = maxConnections
    self.connectTimeout = connectTimeout
    self.tcpKeepalive = tcpKeepalive
    self.maxConnectionDuration = maxConnectionDuration
    self.idleTimeout = idleTimeout
  }
}

/// TCP keepalive settings.
public struct TCPKeepalive: Codable, Sendable, Hashable {
  /// Unanswered probes before the connection is dead.
  public var probes: UInt32?
  /// Idle time before the first probe, a duration.
  public var time: String?
  /// Time between probes, a duration.
  public var interval: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    probes: UInt32? = nil,
    time: String? = nil,
    interval: String? = nil
  ) {
    self.probes = probes
    self.time = time
    self.interval = interval
  }
}

/// HTTP connection pool limits.
public struct HTTPSettings: Codable, Sendable, Hashable {
  /// Most requests queued for a connection.
  public var http1MaxPendingRequests: Int32?
  /// Most active requests to a destination.
  public var http2MaxRequests: Int32?
  /// Requests per connection before it is closed; 0 for no limit.
  public var maxRequestsPerConnection: Int32?
  /// Most outstanding retries to the cluster.
  public var maxRetries: Int32?
  /// Idle timeout for upstream connections, a duration.
  public var idleTimeout: String?
  /// Whether HTTP/1.1 connections are upgraded to HTTP/2.
  public var h2UpgradePolicy: H2UpgradePolicy?
  /// Use the client's protocol towards the upstream.
  public var useClientProtocol: Bool?
  /// Most concurrent streams per HTTP/2 connection.
  public var maxConcurrentStreams: Int32?
  /// HTTP/2 keepalive pings.
  public var http2KeepAlive: HTTP2KeepAlive?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    http1MaxPendingRequests: Int32? = nil,
    http2MaxRequests: Int32? = nil,
    maxRequestsPerConnection: Int32? = nil,
    maxRetries: Int32? = nil,
    idleTimeout: String? = nil,
    h2UpgradePolicy: H2UpgradePolicy? = nil,
    useClientProtocol: Bool? = nil,
    maxConcurrentStreams: Int32? = nil,
    http2KeepAlive: HTTP2KeepAlive? = nil
  ) {
    self.http1MaxPendingRequests = http1MaxPendingRequests
    self.http2MaxRequests = http2MaxRequests
    self.maxRequestsPerConnection = maxRequestsPerConnection
    self.maxRetries = maxRetries
    self.idleTimeout = idleTimeout
    self.h2UpgradePolicy = h2UpgradePolicy
    self.useClientProtocol = useClientProtocol
    self.maxConcurrentStreams = maxConcurrentStreams
    self.http2KeepAlive = http2KeepAlive
  }
}

/// Whether HTTP/1.1 connections are upgraded to HTTP/2.
public enum H2UpgradePolicy: String, Codable, Sendable, Hashable, CaseIterable {
  /// The mesh-wide default.
  case `default` = "DEFAULT"
  /// Never upgrade.
  case doNotUpgrade = "DO_NOT_UPGRADE"
  /// Always upgrade.
  case upgrade = "UPGRADE"
}

/// HTTP/2 keepalive pings.
public struct HTTP2KeepAlive: Codable, Sendable, Hashable {
  /// Time between pings, a duration.
  public var interval: String?
  /// How long to wait for a ping's answer, a duration.
  public var timeout: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    interval: String? = nil,
    timeout: String? = nil
  ) {
    self.interval = interval
    self.timeout = timeout
  }
}

/// Ejection of hosts that keep failing.
public struct OutlierDetection: Codable, Sendable, Hashable {
  /// Count local-origin failures separately.
  public var splitExternalLocalOriginErrors: Bool?
  /// Local-origin failures before ejection.
  public var consecutiveLocalOriginFailures: UInt32?
  /// 502, 503 and 504 responses before ejection.
  public var consecutiveGatewayErrors: UInt32?
  /// 5xx responses before ejection.
  public var consecutive5xxErrors: UInt32?
  /// Deprecated: use `consecutive5xxErrors`.
  public var consecutiveErrors: Int32?
  /// Time between ejection sweeps, a duration.
  public var interval: String?
  /// Minimum ejection time, a duration.
  public var baseEjectionTime: String?
  /// Most hosts ejected at once, 0 to 100.
  public var maxEjectionPercent: Int32?
  /// Outlier detection stops below this share of healthy hosts.
  public var minHealthPercent: Int32?
  /// Status codes counted as errors.
  public var outlierDetectionHttpErrorCodes: [UInt32]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    splitExternalLocalOriginErrors: Bool? = nil,
    consecutiveLocalOriginFailures: UInt32? = nil,
    consecutiveGatewayErrors: UInt32? = nil,
    consecutive5xxErrors: UInt32? = nil,
    consecutiveErrors: Int32? = nil,
    interval: String? = nil,
    baseEjectionTime: String? = nil,
    maxEjectionPercent: Int32? = nil,
    minHealthPercent: Int32? = nil,
    outlierDetectionHttpErrorCodes: [UInt32]? = nil
  ) {
    self.splitExternalLocalOriginErrors = splitExternalLocalOriginErrors
    self.consecutiveLocalOriginFailures = consecutiveLocalOriginFailures
    self.consecutiveGatewayErrors = consecutiveGatewayErrors
    self.consecutive5xxErrors = consecutive5xxErrors
    self.consecutiveErrors = consecutiveErrors
    self.interval = interval
    self.baseEjectionTime = baseEjectionTime
    self.maxEjectionPercent = maxEjectionPercent
    self.minHealthPercent = minHealthPercent
    self.outlierDetectionHttpErrorCodes = outlierDetectionHttpErrorCodes
  }
}

/// TLS settings for connections to an upstream.
public struct ClientTLSSettings: Codable, Sendable, Hashable {
  /// Whether and how TLS is used.
  public var mode: ClientTLSMode?
  /// Client certificate file, for MUTUAL.
  public var clientCertificate: String?
  /// Client private key file, for MUTUAL.
  public var privateKey: String?
  /// CA certificates file for verifying the server.
  public var caCertificates: String?
  /// Secret holding the client certificate, key and CA.
  public var credentialName: String?
  /// Names accepted in the server's certificate.
  public var subjectAltNames: [String]?
  /// SNI sent to the server.
  public var sni: String?
  /// Skip verifying the server's certificate.
  public var insecureSkipVerify: Bool?
  /// Certificate revocation list file.
  public var caCrl: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    mode: ClientTLSMode? = nil,
    clientCertificate: String? = nil,
    privateKey: String? = nil,
    caCertificates: String? = nil,
    credentialName: String? = nil,
    subjectAltNames: [String]? = nil,
    sni: String? = nil,
    insecureSkipVerify: Bool? = nil,
    caCrl: String? = nil
  ) {
    self.mode = mode
    self.clientCertificate = clientCertificate
    self.privateKey = privateKey
    self.caCertificates = caCertificates
    self.credentialName = credentialName
    self.subjectAltNames = subjectAltNames
    self.sni = sni
    self.insecureSkipVerify = insecureSkipVerify
    self.caCrl = caCrl
  }
}

/// How a client connects to an upstream.
public enum ClientTLSMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// Plain text.
  case disable = "DISABLE"
  /// TLS, verifying the server.
  case simple = "SIMPLE"
  /// Mutual TLS with given certificates.
  case mutual = "MUTUAL"
  /// Mutual TLS with the mesh's own certificates.
  case istioMutual = "ISTIO_MUTUAL"
}

/// Selects workloads by their labels (networking resources).
public struct WorkloadSelector: Codable, Sendable, Hashable {
  /// Labels a workload must have.
  public var labels: [String: String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    labels: [String: String]? = nil
  ) {
    self.labels = labels
  }
}
