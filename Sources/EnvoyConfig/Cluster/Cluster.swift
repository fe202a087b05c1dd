import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.cluster.v3.Cluster`: a set of upstream hosts and how to reach them.
  public struct Cluster: Codable, Sendable, Hashable {
    /// How the cluster finds its hosts.
    public enum DiscoveryType: String, Codable, Sendable, Hashable {
      case `static` = "STATIC"
      case strictDNS = "STRICT_DNS"
      case logicalDNS = "LOGICAL_DNS"
      case eds = "EDS"
      case originalDestination = "ORIGINAL_DST"
    }

    /// How a host is picked for each request.
    public enum LoadBalancingPolicy: String, Codable, Sendable, Hashable {
      case roundRobin = "ROUND_ROBIN"
      case leastRequest = "LEAST_REQUEST"
      case ringHash = "RING_HASH"
      case random = "RANDOM"
      case maglev = "MAGLEV"
      case clusterProvided = "CLUSTER_PROVIDED"
    }

    /// `V4_ONLY`, `V6_ONLY`, `V4_PREFERRED`, `AUTO`, `ALL`.
    public enum DNSLookupFamily: String, Codable, Sendable, Hashable {
      case auto = "AUTO"
      case v4Only = "V4_ONLY"
      case v6Only = "V6_ONLY"
      case v4Preferred = "V4_PREFERRED"
      case all = "ALL"
    }

    public var name: String
    public var altStatName: String?
    public var type: DiscoveryType?
    public var edsClusterConfig: EDSClusterConfig?
    public var connectTimeout: ProtoDuration?
    public var lbPolicy: LoadBalancingPolicy?
    public var loadAssignment: ClusterLoadAssignment?
    public var dnsLookupFamily: DNSLookupFamily?
    public var respectDNSTTL: Bool?
    public var circuitBreakers: CircuitBreakers?
    public var outlierDetection: OutlierDetectionConfig?
    public var healthChecks: [HealthCheck]?
    public var transportSocket: TransportSocket?
    /// By extension name; `envoy.extensions.upstreams.http.v3.HttpProtocolOptions` under
    /// `envoy.extensions.upstreams.http.v3.HttpProtocolOptions`.
    public var typedExtensionProtocolOptions: [String: TypedConfig]?
    public var commonLbConfig: CommonLoadBalancerConfig?
    public var leastRequestLbConfig: LeastRequestLoadBalancerConfig?
    public var ringHashLbConfig: RingHashLoadBalancerConfig?
    public var cleanupInterval: ProtoDuration?
    public var perConnectionBufferLimitBytes: UInt32?
    public var metadata: Metadata?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, altStatName: String? = nil, type: DiscoveryType? = nil,
      edsClusterConfig: EDSClusterConfig? = nil, connectTimeout: ProtoDuration? = nil,
      lbPolicy: LoadBalancingPolicy? = nil, loadAssignment: ClusterLoadAssignment? = nil,
      dnsLookupFamily: DNSLookupFamily? = nil, respectDNSTTL: Bool? = nil,
      circuitBreakers: CircuitBreakers? = nil, outlierDetection: OutlierDetectionConfig? = nil,
      healthChecks: [HealthCheck]? = nil, transportSocket: TransportSocket? = nil,
      typedExtensionProtocolOptions: [String: TypedConfig]? = nil,
      commonLbConfig: CommonLoadBalancerConfig? = nil,
      leastRequestLbConfig: LeastRequestLoadBalancerConfig? = nil,
      ringHashLbConfig: RingHashLoadBalancerConfig? = nil, cleanupInterval: ProtoDuration? = nil,
      perConnectionBufferLimitBytes: UInt32? = nil, metadata: Metadata? = nil
    ) {
      self.name = name
      self.altStatName = altStatName
      self.type = type
      self.edsClusterConfig = edsClusterConfig
      self.connectTimeout = connectTimeout
      self.lbPolicy = lbPolicy
      self.loadAssignment = loadAssignment
      self.dnsLookupFamily = dnsLookupFamily
      self.respectDNSTTL = respectDNSTTL
      self.circuitBreakers = circuitBreakers
      self.outlierDetection = outlierDetection
      self.healthChecks = healthChecks
      self.transportSocket = transportSocket
      self.typedExtensionProtocolOptions = typedExtensionProtocolOptions
      self.commonLbConfig = commonLbConfig
      self.leastRequestLbConfig = leastRequestLbConfig
      self.ringHashLbConfig = ringHashLbConfig
      self.cleanupInterval = cleanupInterval
      self.perConnectionBufferLimitBytes = perConnectionBufferLimitBytes
      self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
      case name
      case altStatName = "alt_stat_name"
      case type
      case edsClusterConfig = "eds_cluster_config"
      case connectTimeout = "connect_timeout"
      case lbPolicy = "lb_policy"
      case loadAssignment = "load_assignment"
      case dnsLookupFamily = "dns_lookup_family"
      case respectDNSTTL = "respect_dns_ttl"
      case circuitBreakers = "circuit_breakers"
      case outlierDetection = "outlier_detection"
      case healthChecks = "health_checks"
      case transportSocket = "transport_socket"
      case typedExtensionProtocolOptions = "typed_extension_protocol_options"
      case commonLbConfig = "common_lb_config"
      case leastRequestLbConfig = "least_request_lb_config"
      case ringHashLbConfig = "ring_hash_lb_config"
      case cleanupInterval = "cleanup_interval"
      case perConnectionBufferLimitBytes = "per_connection_buffer_limit_bytes"
      case metadata
    }
  }

  /// `envoy.config.core.v3.Metadata`: `filter_metadata` by filter name.
  public struct Metadata: Codable, Sendable, Hashable {
    public var filterMetadata: [String: [String: YAMLNode]]

    /// Creates a value; every parameter is the property of the same name.
    public init(filterMetadata: [String: [String: YAMLNode]]) {
      self.filterMetadata = filterMetadata
    }

    enum CodingKeys: String, CodingKey {
      case filterMetadata = "filter_metadata"
    }
  }

  /// `envoy.config.cluster.v3.Cluster.EdsClusterConfig`.
  public struct EDSClusterConfig: Codable, Sendable, Hashable {
    public var edsConfig: ConfigSource
    public var serviceName: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(edsConfig: ConfigSource, serviceName: String? = nil) {
      self.edsConfig = edsConfig
      self.serviceName = serviceName
    }

    enum CodingKeys: String, CodingKey {
      case edsConfig = "eds_config"
      case serviceName = "service_name"
    }
  }

  /// `envoy.config.cluster.v3.Cluster.CommonLbConfig`.
  public struct CommonLoadBalancerConfig: Codable, Sendable, Hashable {
    public var healthyPanicThreshold: PercentValue?
    public var localityWeightedLbConfig: EmptyMessage?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      healthyPanicThreshold: PercentValue? = nil, localityWeightedLbConfig: EmptyMessage? = nil
    ) {
      self.healthyPanicThreshold = healthyPanicThreshold
      self.localityWeightedLbConfig = localityWeightedLbConfig
    }

    enum CodingKeys: String, CodingKey {
      case healthyPanicThreshold = "healthy_panic_threshold"
      case localityWeightedLbConfig = "locality_weighted_lb_config"
    }
  }

  /// `envoy.config.cluster.v3.Cluster.LeastRequestLbConfig`.
  public struct LeastRequestLoadBalancerConfig: Codable, Sendable, Hashable {
    public var choiceCount: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(choiceCount: UInt32? = nil) {
      self.choiceCount = choiceCount
    }

    enum CodingKeys: String, CodingKey {
      case choiceCount = "choice_count"
    }
  }

  /// `envoy.config.cluster.v3.Cluster.RingHashLbConfig`.
  public struct RingHashLoadBalancerConfig: Codable, Sendable, Hashable {
    public var minimumRingSize: UInt64?
    public var maximumRingSize: UInt64?

    /// Creates a value; every parameter is the property of the same name.
    public init(minimumRingSize: UInt64? = nil, maximumRingSize: UInt64? = nil) {
      self.minimumRingSize = minimumRingSize
      self.maximumRingSize = maximumRingSize
    }

    enum CodingKeys: String, CodingKey {
      case minimumRingSize = "minimum_ring_size"
      case maximumRingSize = "maximum_ring_size"
    }
  }

  /// `envoy.config.cluster.v3.CircuitBreakers`.
  public struct CircuitBreakers: Codable, Sendable, Hashable {
    /// Limits for one routing priority.
    public struct Thresholds: Codable, Sendable, Hashable {
      /// `DEFAULT` or `HIGH`.
      public var priority: String?
      public var maxConnections: UInt32?
      public var maxPendingRequests: UInt32?
      public var maxRequests: UInt32?
      public var maxRetries: UInt32?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        priority: String? = nil, maxConnections: UInt32? = nil, maxPendingRequests: UInt32? = nil,
        maxRequests: UInt32? = nil, maxRetries: UInt32? = nil
      ) {
        self.priority = priority
        self.maxConnections = maxConnections
        self.maxPendingRequests = maxPendingRequests
        self.maxRequests = maxRequests
        self.maxRetries = maxRetries
      }

      enum CodingKeys: String, CodingKey {
        case priority
        case maxConnections = "max_connections"
        case maxPendingRequests = "max_pending_requests"
        case maxRequests = "max_requests"
        case maxRetries = "max_retries"
      }
    }

    public var thresholds: [Thresholds]

    /// Creates a value; every parameter is the property of the same name.
    public init(thresholds: [Thresholds]) {
      self.thresholds = thresholds
    }
  }

  /// `envoy.config.cluster.v3.OutlierDetectionConfig`: ejecting hosts that keep failing.
  public struct OutlierDetectionConfig: Codable, Sendable, Hashable {
    public var consecutive5xx: UInt32?
    public var consecutiveGatewayFailure: UInt32?
    public var consecutiveLocalOriginFailure: UInt32?
    public var splitExternalLocalOriginErrors: Bool?
    public var interval: ProtoDuration?
    public var baseEjectionTime: ProtoDuration?
    public var maxEjectionPercent: UInt32?
    public var enforcingConsecutive5xx: UInt32?
    public var enforcingConsecutiveGatewayFailure: UInt32?
    public var enforcingSuccessRate: UInt32?
    public var successRateMinimumHosts: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      consecutive5xx: UInt32? = nil, consecutiveGatewayFailure: UInt32? = nil,
      consecutiveLocalOriginFailure: UInt32? = nil, splitExternalLocalOriginErrors: Bool? = nil,
      interval: ProtoDuration? = nil, baseEjectionTime: ProtoDuration? = nil,
      maxEjectionPercent: UInt32? = nil, enforcingConsecutive5xx: UInt32? = nil,
      enforcingConsecutiveGatewayFailure: UInt32? = nil, enforcingSuccessRate: UInt32? = nil,
      successRateMinimumHosts: UInt32? = nil
    ) {
      self.consecutive5xx = consecutive5xx
      self.consecutiveGatewayFailure = consecutiveGatewayFailure
      self.consecutiveLocalOriginFailure = consecutiveLocalOriginFailure
      self.splitExternalLocalOriginErrors = splitExternalLocalOriginErrors
      self.interval = interval
      self.baseEjectionTime = baseEjectionTime
      self.maxEjectionPercent = maxEjectionPercent
      self.enforcingConsecutive5xx = enforcingConsecutive5xx
      self.enforcingConsecutiveGatewayFailure = enforcingConsecutiveGatewayFailure
      self.enforcingSuccessRate = enforcingSuccessRate
      self.successRateMinimumHosts = successRateMinimumHosts
    }

    enum CodingKeys: String, CodingKey {
      case consecutive5xx = "consecutive_5xx"
      case consecutiveGatewayFailure = "consecutive_gateway_failure"
      case consecutiveLocalOriginFailure = "consecutive_local_origin_failure"
      case splitExternalLocalOriginErrors = "split_external_local_origin_errors"
      case interval
      case baseEjectionTime = "base_ejection_time"
      case maxEjectionPercent = "max_ejection_percent"
      case enforcingConsecutive5xx = "enforcing_consecutive_5xx"
      case enforcingConsecutiveGatewayFailure = "enforcing_consecutive_gateway_failure"
      case enforcingSuccessRate = "enforcing_success_rate"
      case successRateMinimumHosts = "success_rate_minimum_hosts"
    }
  }

  /// `envoy.config.core.v3.HealthCheck`: active HTTP or TCP checks.
  public struct HealthCheck: Codable, Sendable, Hashable {
    /// An HTTP check: a GET of `path` expecting a 2xx.
    public struct HTTPHealthCheck: Codable, Sendable, Hashable {
      public var path: String
      public var host: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(path: String, host: String? = nil) {
        self.path = path
        self.host = host
      }
    }

    public var timeout: ProtoDuration
    public var interval: ProtoDuration
    public var unhealthyThreshold: UInt32
    public var healthyThreshold: UInt32
    public var httpHealthCheck: HTTPHealthCheck?
    public var tcpHealthCheck: EmptyMessage?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      timeout: ProtoDuration, interval: ProtoDuration, unhealthyThreshold: UInt32,
      healthyThreshold: UInt32, httpHealthCheck: HTTPHealthCheck? = nil,
      tcpHealthCheck: EmptyMessage? = nil
    ) {
      self.timeout = timeout
      self.interval = interval
      self.unhealthyThreshold = unhealthyThreshold
      self.healthyThreshold = healthyThreshold
      self.httpHealthCheck = httpHealthCheck
      self.tcpHealthCheck = tcpHealthCheck
    }

    enum CodingKeys: String, CodingKey {
      case timeout, interval
      case unhealthyThreshold = "unhealthy_threshold"
      case healthyThreshold = "healthy_threshold"
      case httpHealthCheck = "http_health_check"
      case tcpHealthCheck = "tcp_health_check"
    }
  }

  /// `envoy.config.endpoint.v3.ClusterLoadAssignment`: a cluster's hosts by locality.
  public struct ClusterLoadAssignment: Codable, Sendable, Hashable {
    public var clusterName: String
    public var endpoints: [LocalityLbEndpoints]

    /// Creates a value; every parameter is the property of the same name.
    public init(clusterName: String, endpoints: [LocalityLbEndpoints]) {
      self.clusterName = clusterName
      self.endpoints = endpoints
    }

    enum CodingKeys: String, CodingKey {
      case clusterName = "cluster_name"
      case endpoints
    }
  }

  /// `envoy.config.endpoint.v3.LocalityLbEndpoints`.
  public struct LocalityLbEndpoints: Codable, Sendable, Hashable {
    public var locality: Locality?
    public var lbEndpoints: [LbEndpoint]
    public var loadBalancingWeight: UInt32?
    public var priority: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      locality: Locality? = nil, lbEndpoints: [LbEndpoint], loadBalancingWeight: UInt32? = nil,
      priority: UInt32? = nil
    ) {
      self.locality = locality
      self.lbEndpoints = lbEndpoints
      self.loadBalancingWeight = loadBalancingWeight
      self.priority = priority
    }

    enum CodingKeys: String, CodingKey {
      case locality
      case lbEndpoints = "lb_endpoints"
      case loadBalancingWeight = "load_balancing_weight"
      case priority
    }
  }

  /// `envoy.config.endpoint.v3.LbEndpoint`: one host.
  public struct LbEndpoint: Codable, Sendable, Hashable {
    /// `envoy.config.endpoint.v3.Endpoint`.
    public struct Endpoint: Codable, Sendable, Hashable {
      public var address: Address
      public var hostname: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(address: Address, hostname: String? = nil) {
        self.address = address
        self.hostname = hostname
      }
    }

    public var endpoint: Endpoint
    /// `UNKNOWN`, `HEALTHY`, `UNHEALTHY`, `DRAINING`, `TIMEOUT`, `DEGRADED`.
    public var healthStatus: String?
    public var loadBalancingWeight: UInt32?
    public var metadata: Metadata?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      endpoint: Endpoint, healthStatus: String? = nil, loadBalancingWeight: UInt32? = nil,
      metadata: Metadata? = nil
    ) {
      self.endpoint = endpoint
      self.healthStatus = healthStatus
      self.loadBalancingWeight = loadBalancingWeight
      self.metadata = metadata
    }

    /// The host at `address:port`.
    public static func host(_ address: String, port: UInt32, weight: UInt32? = nil) -> LbEndpoint {
      LbEndpoint(
        endpoint: Endpoint(address: .tcp(address, port: port)), loadBalancingWeight: weight)
    }

    enum CodingKeys: String, CodingKey {
      case endpoint
      case healthStatus = "health_status"
      case loadBalancingWeight = "load_balancing_weight"
      case metadata
    }
  }

  /// `envoy.extensions.upstreams.http.v3.HttpProtocolOptions`: which HTTP version the
  /// cluster speaks upstream, and its connection limits.
  public struct HTTPProtocolOptions: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
    /// The key under which clusters carry these options.
    public static let extensionName = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"

    /// `ExplicitHttpConfig`: HTTP/1.1 or HTTP/2 upstream, whatever came downstream.
    public struct ExplicitHTTPConfig: Codable, Sendable, Hashable {
      public var httpProtocolOptions: EmptyMessage?
      public var http2ProtocolOptions: HTTP2ProtocolOptions?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        httpProtocolOptions: EmptyMessage? = nil, http2ProtocolOptions: HTTP2ProtocolOptions? = nil
      ) {
        self.httpProtocolOptions = httpProtocolOptions
        self.http2ProtocolOptions = http2ProtocolOptions
      }

      enum CodingKeys: String, CodingKey {
        case httpProtocolOptions = "http_protocol_options"
        case http2ProtocolOptions = "http2_protocol_options"
      }
    }

    /// `UseDownstreamHttpConfig`: the same version as the downstream request.
    public struct UseDownstreamHTTPConfig: Codable, Sendable, Hashable {
      public var httpProtocolOptions: EmptyMessage?
      public var http2ProtocolOptions: HTTP2ProtocolOptions?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        httpProtocolOptions: EmptyMessage? = nil, http2ProtocolOptions: HTTP2ProtocolOptions? = nil
      ) {
        self.httpProtocolOptions = httpProtocolOptions
        self.http2ProtocolOptions = http2ProtocolOptions
      }

      enum CodingKeys: String, CodingKey {
        case httpProtocolOptions = "http_protocol_options"
        case http2ProtocolOptions = "http2_protocol_options"
      }
    }

    /// `envoy.config.core.v3.HttpProtocolOptions`: per-connection limits.
    public struct CommonOptions: Codable, Sendable, Hashable {
      public var idleTimeout: ProtoDuration?
      public var maxRequestsPerConnection: UInt32?

      /// Creates a value; every parameter is the property of the same name.
      public init(idleTimeout: ProtoDuration? = nil, maxRequestsPerConnection: UInt32? = nil) {
        self.idleTimeout = idleTimeout
        self.maxRequestsPerConnection = maxRequestsPerConnection
      }

      enum CodingKeys: String, CodingKey {
        case idleTimeout = "idle_timeout"
        case maxRequestsPerConnection = "max_requests_per_connection"
      }
    }

    public var explicitHTTPConfig: ExplicitHTTPConfig?
    public var useDownstreamProtocolConfig: UseDownstreamHTTPConfig?
    public var commonHTTPProtocolOptions: CommonOptions?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      explicitHTTPConfig: ExplicitHTTPConfig? = nil,
      useDownstreamProtocolConfig: UseDownstreamHTTPConfig? = nil,
      commonHTTPProtocolOptions: CommonOptions? = nil
    ) {
      self.explicitHTTPConfig = explicitHTTPConfig
      self.useDownstreamProtocolConfig = useDownstreamProtocolConfig
      self.commonHTTPProtocolOptions = commonHTTPProtocolOptions
    }

    enum CodingKeys: String, CodingKey {
      case explicitHTTPConfig = "explicit_http_config"
      case useDownstreamProtocolConfig = "use_downstream_protocol_config"
      case commonHTTPProtocolOptions = "common_http_protocol_options"
    }
  }

  /// `envoy.config.core.v3.Http2ProtocolOptions`.
  public struct HTTP2ProtocolOptions: Codable, Sendable, Hashable {
    public var maxConcurrentStreams: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(maxConcurrentStreams: UInt32? = nil) {
      self.maxConcurrentStreams = maxConcurrentStreams
    }

    enum CodingKeys: String, CodingKey {
      case maxConcurrentStreams = "max_concurrent_streams"
    }
  }
}
