import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.cluster.v3.Cluster`: a set of upstream hosts and how to reach them.
  public struct Cluster: Codable, Sendable, Hashable {
    /// How the cluster finds its hosts.
    public enum DiscoveryType: String, Codable, Sendable, Hashable {
      /// Hosts listed in `load_assignment`, fixed in the configuration.
      case `static` = "STATIC"
      /// Every address DNS returns for the names in `load_assignment` is a host; Envoy keeps
      /// resolving them.
      case strictDNS = "STRICT_DNS"
      /// One host per name: the first address DNS returns when a new connection is made.
      case logicalDNS = "LOGICAL_DNS"
      /// Hosts from the endpoint discovery service that `eds_cluster_config` names.
      case eds = "EDS"
      /// The host is each connection's original destination (before an iptables redirect).
      case originalDestination = "ORIGINAL_DST"
    }

    /// How a host is picked for each request.
    public enum LoadBalancingPolicy: String, Codable, Sendable, Hashable {
      /// Each healthy host in turn; Envoy's default.
      case roundRobin = "ROUND_ROBIN"
      /// The host with the fewest active requests among `choice_count` hosts picked at random.
      case leastRequest = "LEAST_REQUEST"
      /// Consistent hashing on a ring, keyed by the route's hash policy.
      case ringHash = "RING_HASH"
      /// A host at random.
      case random = "RANDOM"
      /// Consistent hashing with Maglev's lookup table, keyed by the route's hash policy.
      case maglev = "MAGLEV"
      /// The cluster picks the host itself (original-destination clusters).
      case clusterProvided = "CLUSTER_PROVIDED"
    }

    /// `V4_ONLY`, `V6_ONLY`, `V4_PREFERRED`, `AUTO`, `ALL`.
    public enum DNSLookupFamily: String, Codable, Sendable, Hashable {
      /// IPv6 first, IPv4 when no IPv6 address comes back; Envoy's default.
      case auto = "AUTO"
      /// IPv4 addresses only.
      case v4Only = "V4_ONLY"
      /// IPv6 addresses only.
      case v6Only = "V6_ONLY"
      /// IPv4 first, IPv6 when no IPv4 address comes back.
      case v4Preferred = "V4_PREFERRED"
      /// Both families, every address returned.
      case all = "ALL"
    }

    /// `name`: the cluster's name, unique among clusters; routes refer to it, and stats use it
    /// unless `alt_stat_name` is set.
    public var name: String
    /// `alt_stat_name`: the name the cluster's stats are emitted under, in place of `name`.
    public var altStatName: String?
    /// `type`: how the hosts are found; `STATIC` when absent.
    public var type: DiscoveryType?
    /// `eds_cluster_config`: where an `EDS` cluster gets its endpoints.
    public var edsClusterConfig: EDSClusterConfig?
    /// `connect_timeout`: how long opening an upstream connection may take; 5 seconds when absent.
    public var connectTimeout: ProtoDuration?
    /// `lb_policy`: how a host is picked for each request; `ROUND_ROBIN` when absent.
    public var lbPolicy: LoadBalancingPolicy?
    /// `load_assignment`: the hosts of a `STATIC` cluster, or the names a DNS cluster resolves.
    public var loadAssignment: ClusterLoadAssignment?
    /// `dns_lookup_family`: which IP families DNS resolution asks for; `AUTO` when absent.
    public var dnsLookupFamily: DNSLookupFamily?
    /// `respect_dns_ttl`: when `true`, DNS clusters resolve again when the records' TTL runs out
    /// instead of every `dns_refresh_rate`; `false` when absent.
    public var respectDNSTTL: Bool?
    /// `circuit_breakers`: limits on connections, requests and retries to the cluster; Envoy's
    /// defaults (1024, 1024, 1024, 3) when absent.
    public var circuitBreakers: CircuitBreakers?
    /// `outlier_detection`: passive ejection of hosts that keep failing; off when absent.
    public var outlierDetection: OutlierDetectionConfig?
    /// `health_checks`: active checks of the cluster's hosts; none when absent.
    public var healthChecks: [HealthCheck]?
    /// `transport_socket`: how upstream connections are carried, such as TLS; plain TCP when
    /// absent.
    public var transportSocket: TransportSocket?
    /// `typed_extension_protocol_options`: protocol options by extension name, such as
    /// ``HTTPProtocolOptions`` under ``HTTPProtocolOptions/extensionName``.
    public var typedExtensionProtocolOptions: [String: TypedConfig]?
    /// `common_lb_config`: load-balancing settings every policy shares.
    public var commonLbConfig: CommonLoadBalancerConfig?
    /// `least_request_lb_config`: the settings of the `LEAST_REQUEST` policy.
    public var leastRequestLbConfig: LeastRequestLoadBalancerConfig?
    /// `ring_hash_lb_config`: the settings of the `RING_HASH` policy.
    public var ringHashLbConfig: RingHashLoadBalancerConfig?
    /// `cleanup_interval`: how often an original-destination cluster drops hosts no connection uses
    /// any more; 5 seconds when absent.
    public var cleanupInterval: ProtoDuration?
    /// `per_connection_buffer_limit_bytes`: the soft limit of each upstream connection's read and
    /// write buffers, in bytes; 1 MiB when absent.
    public var perConnectionBufferLimitBytes: UInt32?
    /// `metadata`: the cluster's metadata, for filters, matchers and access logs.
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
    /// `filter_metadata`: structured values by filter name (such as `envoy.lb`), then by key.
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
    /// `eds_config`: where the endpoints come from, typically ADS.
    public var edsConfig: ConfigSource
    /// `service_name`: the name Envoy asks EDS for; the cluster's `name` when absent.
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
    /// `healthy_panic_threshold`: when fewer hosts than this percentage are healthy, Envoy balances
    /// over all hosts, healthy or not; 50% when absent, 0% turns panic mode off.
    public var healthyPanicThreshold: PercentValue?
    /// `locality_weighted_lb_config`: when present, traffic is split between localities by their
    /// `load_balancing_weight`.
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
    /// `choice_count`: how many hosts picked at random are compared for the fewest requests; 2 when
    /// absent.
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
    /// `minimum_ring_size`: the fewest entries on the hash ring; 1024 when absent.
    public var minimumRingSize: UInt64?
    /// `maximum_ring_size`: the most entries on the hash ring; 8,388,608 when absent.
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
      /// `max_connections`: the most connections Envoy opens to the cluster; 1024 when absent.
      public var maxConnections: UInt32?
      /// `max_pending_requests`: the most requests waiting for a connection from the pool; 1024
      /// when absent.
      public var maxPendingRequests: UInt32?
      /// `max_requests`: the most requests in flight to the cluster at once; 1024 when absent.
      public var maxRequests: UInt32?
      /// `max_retries`: the most retries in flight to the cluster at once; 3 when absent.
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

    /// `thresholds`: the limits, one entry per routing priority.
    public var thresholds: [Thresholds]

    /// Creates a value; every parameter is the property of the same name.
    public init(thresholds: [Thresholds]) {
      self.thresholds = thresholds
    }
  }

  /// `envoy.config.cluster.v3.OutlierDetectionConfig`: ejecting hosts that keep failing.
  public struct OutlierDetectionConfig: Codable, Sendable, Hashable {
    /// `consecutive_5xx`: how many 5xx responses in a row eject a host; 5 when absent.
    public var consecutive5xx: UInt32?
    /// `consecutive_gateway_failure`: how many 502, 503 or 504 responses in a row eject a host; 5
    /// when absent.
    public var consecutiveGatewayFailure: UInt32?
    /// `consecutive_local_origin_failure`: how many locally originated failures in a row (timeouts,
    /// resets, refused connections) eject a host, counted only when
    /// `split_external_local_origin_errors` is `true`; 5 when absent.
    public var consecutiveLocalOriginFailure: UInt32?
    /// `split_external_local_origin_errors`: when `true`, failures Envoy sees locally are counted
    /// apart from the upstream's error responses; `false` when absent.
    public var splitExternalLocalOriginErrors: Bool?
    /// `interval`: how often hosts are examined for ejection; 10 seconds when absent.
    public var interval: ProtoDuration?
    /// `base_ejection_time`: how long an ejected host stays out, times the number of its ejections;
    /// 30 seconds when absent.
    public var baseEjectionTime: ProtoDuration?
    /// `max_ejection_percent`: the largest share of the cluster's hosts ejected at once, in
    /// percent; 10 when absent.
    public var maxEjectionPercent: UInt32?
    /// `enforcing_consecutive_5xx`: the chance, in percent, that a host `consecutive_5xx` detects
    /// is actually ejected; 100 when absent.
    public var enforcingConsecutive5xx: UInt32?
    /// `enforcing_consecutive_gateway_failure`: the chance, in percent, that a host
    /// `consecutive_gateway_failure` detects is actually ejected; 0 when absent.
    public var enforcingConsecutiveGatewayFailure: UInt32?
    /// `enforcing_success_rate`: the chance, in percent, that a host whose success rate is an
    /// outlier is actually ejected; 100 when absent.
    public var enforcingSuccessRate: UInt32?
    /// `success_rate_minimum_hosts`: how many hosts with enough requests the success-rate check
    /// needs before it runs; 5 when absent.
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
      /// `path`: the path the check requests.
      public var path: String
      /// `host`: the check's `:authority`; the cluster's name when absent.
      public var host: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(path: String, host: String? = nil) {
        self.path = path
        self.host = host
      }
    }

    /// `timeout`: how long a check may wait for its answer before it counts as failed.
    public var timeout: ProtoDuration
    /// `interval`: the time between two checks of a host.
    public var interval: ProtoDuration
    /// `unhealthy_threshold`: how many failed checks in a row mark a host unhealthy.
    public var unhealthyThreshold: UInt32
    /// `healthy_threshold`: how many passed checks in a row mark a host healthy again.
    public var healthyThreshold: UInt32
    /// `http_health_check`: check with an HTTP request; set this or `tcpHealthCheck`.
    public var httpHealthCheck: HTTPHealthCheck?
    /// `tcp_health_check`: check by connecting only (the empty message: no payload sent or
    /// expected).
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
    /// `cluster_name`: the cluster (for EDS, its service name) these endpoints belong to.
    public var clusterName: String
    /// `endpoints`: the hosts, grouped by locality.
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
    /// `locality`: where the hosts run (region, zone, sub-zone).
    public var locality: Locality?
    /// `lb_endpoints`: the hosts.
    public var lbEndpoints: [LbEndpoint]
    /// `load_balancing_weight`: the locality's share of traffic when locality-weighted balancing is
    /// on; a locality without one gets no traffic then.
    public var loadBalancingWeight: UInt32?
    /// `priority`: 0 is the highest; Envoy sends traffic to a lower priority only when the higher
    /// ones lack healthy hosts. 0 when absent.
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
      /// `address`: where the host listens.
      public var address: Address
      /// `hostname`: the host's name, the `Host` a route with `auto_host_rewrite` sends and the one
      /// health checks use.
      public var hostname: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(address: Address, hostname: String? = nil) {
        self.address = address
        self.hostname = hostname
      }
    }

    /// `endpoint`: the host's address.
    public var endpoint: Endpoint
    /// `UNKNOWN`, `HEALTHY`, `UNHEALTHY`, `DRAINING`, `TIMEOUT`, `DEGRADED`.
    public var healthStatus: String?
    /// `load_balancing_weight`: the host's share of its locality's traffic, relative to the
    /// others'; 1 when absent.
    public var loadBalancingWeight: UInt32?
    /// `metadata`: the host's metadata, for subset load balancing and transport-socket matching.
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
      /// `http_protocol_options`: speak HTTP/1.1 upstream.
      public var httpProtocolOptions: EmptyMessage?
      /// `http2_protocol_options`: speak HTTP/2 upstream, with these settings.
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
      /// `http_protocol_options`: the HTTP/1.1 settings, for requests that came as HTTP/1.
      public var httpProtocolOptions: EmptyMessage?
      /// `http2_protocol_options`: the HTTP/2 settings, for requests that came as HTTP/2; without
      /// them, those go upstream as HTTP/1.1.
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
      /// `idle_timeout`: how long an upstream connection may be without requests before Envoy
      /// closes it; 1 hour when absent.
      public var idleTimeout: ProtoDuration?
      /// `max_requests_per_connection`: the requests after which Envoy closes a connection;
      /// unlimited when absent.
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

    /// `explicit_http_config`: always this protocol upstream; set this or
    /// `useDownstreamProtocolConfig`.
    public var explicitHTTPConfig: ExplicitHTTPConfig?
    /// `use_downstream_protocol_config`: the protocol the downstream request came with.
    public var useDownstreamProtocolConfig: UseDownstreamHTTPConfig?
    /// `common_http_protocol_options`: per-connection limits, such as the idle timeout.
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
    /// `max_concurrent_streams`: the most concurrent streams on one HTTP/2 connection;
    /// 2,147,483,647 when absent.
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
