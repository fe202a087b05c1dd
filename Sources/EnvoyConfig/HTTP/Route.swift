import Foundation

extension Envoy {
  /// `envoy.config.route.v3.RouteConfiguration`: virtual hosts by domain.
  public struct RouteConfiguration: Codable, Sendable, Hashable {
    public var name: String?
    public var virtualHosts: [VirtualHost]
    public var validateClusters: Bool?
    public var requestHeadersToAdd: [HeaderValueOption]?
    public var responseHeadersToAdd: [HeaderValueOption]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String? = nil, virtualHosts: [VirtualHost], validateClusters: Bool? = nil,
      requestHeadersToAdd: [HeaderValueOption]? = nil,
      responseHeadersToAdd: [HeaderValueOption]? = nil
    ) {
      self.name = name
      self.virtualHosts = virtualHosts
      self.validateClusters = validateClusters
      self.requestHeadersToAdd = requestHeadersToAdd
      self.responseHeadersToAdd = responseHeadersToAdd
    }

    enum CodingKeys: String, CodingKey {
      case name
      case virtualHosts = "virtual_hosts"
      case validateClusters = "validate_clusters"
      case requestHeadersToAdd = "request_headers_to_add"
      case responseHeadersToAdd = "response_headers_to_add"
    }
  }

  /// `envoy.config.route.v3.VirtualHost`.
  public struct VirtualHost: Codable, Sendable, Hashable {
    public var name: String
    public var domains: [String]
    public var routes: [Route]
    public var retryPolicy: RetryPolicy?
    public var requestHeadersToAdd: [HeaderValueOption]?
    public var requestHeadersToRemove: [String]?
    public var responseHeadersToAdd: [HeaderValueOption]?
    public var responseHeadersToRemove: [String]?
    public var typedPerFilterConfig: [String: TypedConfig]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, domains: [String], routes: [Route], retryPolicy: RetryPolicy? = nil,
      requestHeadersToAdd: [HeaderValueOption]? = nil, requestHeadersToRemove: [String]? = nil,
      responseHeadersToAdd: [HeaderValueOption]? = nil, responseHeadersToRemove: [String]? = nil,
      typedPerFilterConfig: [String: TypedConfig]? = nil
    ) {
      self.name = name
      self.domains = domains
      self.routes = routes
      self.retryPolicy = retryPolicy
      self.requestHeadersToAdd = requestHeadersToAdd
      self.requestHeadersToRemove = requestHeadersToRemove
      self.responseHeadersToAdd = responseHeadersToAdd
      self.responseHeadersToRemove = responseHeadersToRemove
      self.typedPerFilterConfig = typedPerFilterConfig
    }

    enum CodingKeys: String, CodingKey {
      case name, domains, routes
      case retryPolicy = "retry_policy"
      case requestHeadersToAdd = "request_headers_to_add"
      case requestHeadersToRemove = "request_headers_to_remove"
      case responseHeadersToAdd = "response_headers_to_add"
      case responseHeadersToRemove = "response_headers_to_remove"
      case typedPerFilterConfig = "typed_per_filter_config"
    }
  }

  /// `envoy.config.route.v3.Route`: a match and what to do with it (forward, redirect or
  /// answer directly).
  public struct Route: Codable, Sendable, Hashable {
    public var name: String?
    public var match: RouteMatch
    public var route: RouteAction?
    public var redirect: RedirectAction?
    public var directResponse: DirectResponseAction?
    public var requestHeadersToAdd: [HeaderValueOption]?
    public var requestHeadersToRemove: [String]?
    public var responseHeadersToAdd: [HeaderValueOption]?
    public var responseHeadersToRemove: [String]?
    /// Per-filter settings by filter name: faults (``HTTPFault``), CORS (``CORSPolicy``).
    public var typedPerFilterConfig: [String: TypedConfig]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String? = nil, match: RouteMatch, route: RouteAction? = nil,
      redirect: RedirectAction? = nil, directResponse: DirectResponseAction? = nil,
      requestHeadersToAdd: [HeaderValueOption]? = nil, requestHeadersToRemove: [String]? = nil,
      responseHeadersToAdd: [HeaderValueOption]? = nil, responseHeadersToRemove: [String]? = nil,
      typedPerFilterConfig: [String: TypedConfig]? = nil
    ) {
      self.name = name
      self.match = match
      self.route = route
      self.redirect = redirect
      self.directResponse = directResponse
      self.requestHeadersToAdd = requestHeadersToAdd
      self.requestHeadersToRemove = requestHeadersToRemove
      self.responseHeadersToAdd = responseHeadersToAdd
      self.responseHeadersToRemove = responseHeadersToRemove
      self.typedPerFilterConfig = typedPerFilterConfig
    }

    enum CodingKeys: String, CodingKey {
      case name, match, route, redirect
      case directResponse = "direct_response"
      case requestHeadersToAdd = "request_headers_to_add"
      case requestHeadersToRemove = "request_headers_to_remove"
      case responseHeadersToAdd = "response_headers_to_add"
      case responseHeadersToRemove = "response_headers_to_remove"
      case typedPerFilterConfig = "typed_per_filter_config"
    }
  }

  /// `envoy.config.route.v3.RouteMatch`: one path specifier, plus headers and query.
  public struct RouteMatch: Codable, Sendable, Hashable {
    public var prefix: String?
    public var path: String?
    public var safeRegex: RegexMatcher?
    public var caseSensitive: Bool?
    public var headers: [HeaderMatcher]?
    public var queryParameters: [QueryParameterMatcher]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      prefix: String? = nil, path: String? = nil, safeRegex: RegexMatcher? = nil,
      caseSensitive: Bool? = nil, headers: [HeaderMatcher]? = nil,
      queryParameters: [QueryParameterMatcher]? = nil
    ) {
      self.prefix = prefix
      self.path = path
      self.safeRegex = safeRegex
      self.caseSensitive = caseSensitive
      self.headers = headers
      self.queryParameters = queryParameters
    }

    /// Every request.
    public static let any = RouteMatch(prefix: "/")

    enum CodingKeys: String, CodingKey {
      case prefix, path
      case safeRegex = "safe_regex"
      case caseSensitive = "case_sensitive"
      case headers
      case queryParameters = "query_parameters"
    }
  }

  /// `envoy.config.route.v3.RouteAction`: forward to a cluster or weighted clusters.
  public struct RouteAction: Codable, Sendable, Hashable {
    public var cluster: String?
    public var weightedClusters: WeightedCluster?
    public var prefixRewrite: String?
    public var regexRewrite: RegexMatchAndSubstitute?
    public var hostRewriteLiteral: String?
    public var autoHostRewrite: Bool?
    /// The whole request's deadline; `0s` disables it.
    public var timeout: ProtoDuration?
    public var idleTimeout: ProtoDuration?
    public var retryPolicy: RetryPolicy?
    public var requestMirrorPolicies: [RequestMirrorPolicy]?
    public var maxStreamDuration: MaxStreamDuration?
    /// What a consistent-hash load balancer (ring hash, Maglev) hashes.
    public var hashPolicy: [HashPolicy]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      cluster: String? = nil, weightedClusters: WeightedCluster? = nil,
      prefixRewrite: String? = nil, regexRewrite: RegexMatchAndSubstitute? = nil,
      hostRewriteLiteral: String? = nil, autoHostRewrite: Bool? = nil,
      timeout: ProtoDuration? = nil, idleTimeout: ProtoDuration? = nil,
      retryPolicy: RetryPolicy? = nil, requestMirrorPolicies: [RequestMirrorPolicy]? = nil,
      maxStreamDuration: MaxStreamDuration? = nil, hashPolicy: [HashPolicy]? = nil
    ) {
      self.cluster = cluster
      self.weightedClusters = weightedClusters
      self.prefixRewrite = prefixRewrite
      self.regexRewrite = regexRewrite
      self.hostRewriteLiteral = hostRewriteLiteral
      self.autoHostRewrite = autoHostRewrite
      self.timeout = timeout
      self.idleTimeout = idleTimeout
      self.retryPolicy = retryPolicy
      self.requestMirrorPolicies = requestMirrorPolicies
      self.maxStreamDuration = maxStreamDuration
      self.hashPolicy = hashPolicy
    }

    enum CodingKeys: String, CodingKey {
      case cluster
      case weightedClusters = "weighted_clusters"
      case prefixRewrite = "prefix_rewrite"
      case regexRewrite = "regex_rewrite"
      case hostRewriteLiteral = "host_rewrite_literal"
      case autoHostRewrite = "auto_host_rewrite"
      case timeout
      case idleTimeout = "idle_timeout"
      case retryPolicy = "retry_policy"
      case requestMirrorPolicies = "request_mirror_policies"
      case maxStreamDuration = "max_stream_duration"
      case hashPolicy = "hash_policy"
    }
  }

  /// `envoy.config.route.v3.RouteAction.HashPolicy`: one of a header, a cookie, the source
  /// address or a query parameter.
  public struct HashPolicy: Codable, Sendable, Hashable {
    public struct Header: Codable, Sendable, Hashable {
      public var headerName: String
      public init(headerName: String) { self.headerName = headerName }
      enum CodingKeys: String, CodingKey { case headerName = "header_name" }
    }

    public struct Cookie: Codable, Sendable, Hashable {
      public var name: String
      public var ttl: ProtoDuration?
      public var path: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(name: String, ttl: ProtoDuration? = nil, path: String? = nil) {
        self.name = name
        self.ttl = ttl
        self.path = path
      }
    }

    public struct ConnectionProperties: Codable, Sendable, Hashable {
      public var sourceIP: Bool
      public init(sourceIP: Bool) { self.sourceIP = sourceIP }
      enum CodingKeys: String, CodingKey { case sourceIP = "source_ip" }
    }

    public struct QueryParameter: Codable, Sendable, Hashable {
      public var name: String
      public init(name: String) { self.name = name }
    }

    public var header: Header?
    public var cookie: Cookie?
    public var connectionProperties: ConnectionProperties?
    public var queryParameter: QueryParameter?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      header: Header? = nil, cookie: Cookie? = nil,
      connectionProperties: ConnectionProperties? = nil, queryParameter: QueryParameter? = nil
    ) {
      self.header = header
      self.cookie = cookie
      self.connectionProperties = connectionProperties
      self.queryParameter = queryParameter
    }

    enum CodingKeys: String, CodingKey {
      case header, cookie
      case connectionProperties = "connection_properties"
      case queryParameter = "query_parameter"
    }
  }

  /// `envoy.config.route.v3.WeightedCluster`.
  public struct WeightedCluster: Codable, Sendable, Hashable {
    /// One cluster and its share.
    public struct ClusterWeight: Codable, Sendable, Hashable {
      public var name: String
      public var weight: UInt32
      public var requestHeadersToAdd: [HeaderValueOption]?
      public var responseHeadersToAdd: [HeaderValueOption]?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        name: String, weight: UInt32, requestHeadersToAdd: [HeaderValueOption]? = nil,
        responseHeadersToAdd: [HeaderValueOption]? = nil
      ) {
        self.name = name
        self.weight = weight
        self.requestHeadersToAdd = requestHeadersToAdd
        self.responseHeadersToAdd = responseHeadersToAdd
      }

      enum CodingKeys: String, CodingKey {
        case name, weight
        case requestHeadersToAdd = "request_headers_to_add"
        case responseHeadersToAdd = "response_headers_to_add"
      }
    }

    public var clusters: [ClusterWeight]

    /// Creates a value; every parameter is the property of the same name.
    public init(clusters: [ClusterWeight]) {
      self.clusters = clusters
    }
  }

  /// `envoy.type.matcher.v3.RegexMatchAndSubstitute`.
  public struct RegexMatchAndSubstitute: Codable, Sendable, Hashable {
    public var pattern: RegexMatcher
    public var substitution: String

    /// Creates a value; every parameter is the property of the same name.
    public init(pattern: RegexMatcher, substitution: String) {
      self.pattern = pattern
      self.substitution = substitution
    }
  }

  /// `envoy.config.route.v3.RetryPolicy`.
  public struct RetryPolicy: Codable, Sendable, Hashable {
    /// Comma-separated conditions: `5xx`, `gateway-error`, `reset`, `connect-failure`,
    /// `retriable-4xx`, `refused-stream`, `retriable-status-codes`, ...
    public var retryOn: String
    public var numRetries: UInt32?
    public var perTryTimeout: ProtoDuration?
    public var retriableStatusCodes: [UInt32]?
    public var retryHostPredicate: [TypedExtensionConfig]?
    public var hostSelectionRetryMaxAttempts: Int64?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      retryOn: String, numRetries: UInt32? = nil, perTryTimeout: ProtoDuration? = nil,
      retriableStatusCodes: [UInt32]? = nil, retryHostPredicate: [TypedExtensionConfig]? = nil,
      hostSelectionRetryMaxAttempts: Int64? = nil
    ) {
      self.retryOn = retryOn
      self.numRetries = numRetries
      self.perTryTimeout = perTryTimeout
      self.retriableStatusCodes = retriableStatusCodes
      self.retryHostPredicate = retryHostPredicate
      self.hostSelectionRetryMaxAttempts = hostSelectionRetryMaxAttempts
    }

    enum CodingKeys: String, CodingKey {
      case retryOn = "retry_on"
      case numRetries = "num_retries"
      case perTryTimeout = "per_try_timeout"
      case retriableStatusCodes = "retriable_status_codes"
      case retryHostPredicate = "retry_host_predicate"
      case hostSelectionRetryMaxAttempts = "host_selection_retry_max_attempts"
    }
  }

  /// `envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate`: retries go to
  /// a host not tried yet.
  public struct PreviousHostsPredicate: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"
    public static let extensionName = "envoy.retry_host_predicates.previous_hosts"
    public init() {}
  }

  /// `envoy.config.route.v3.RouteAction.RequestMirrorPolicy`.
  public struct RequestMirrorPolicy: Codable, Sendable, Hashable {
    public var cluster: String
    public var runtimeFraction: RuntimeFractionalPercent?

    /// Creates a value; every parameter is the property of the same name.
    public init(cluster: String, runtimeFraction: RuntimeFractionalPercent? = nil) {
      self.cluster = cluster
      self.runtimeFraction = runtimeFraction
    }

    enum CodingKeys: String, CodingKey {
      case cluster
      case runtimeFraction = "runtime_fraction"
    }
  }

  /// `envoy.config.route.v3.RouteAction.MaxStreamDuration`.
  public struct MaxStreamDuration: Codable, Sendable, Hashable {
    public var maxStreamDuration: ProtoDuration?
    public var grpcTimeoutHeaderMax: ProtoDuration?

    /// Creates a value; every parameter is the property of the same name.
    public init(maxStreamDuration: ProtoDuration? = nil, grpcTimeoutHeaderMax: ProtoDuration? = nil)
    {
      self.maxStreamDuration = maxStreamDuration
      self.grpcTimeoutHeaderMax = grpcTimeoutHeaderMax
    }

    enum CodingKeys: String, CodingKey {
      case maxStreamDuration = "max_stream_duration"
      case grpcTimeoutHeaderMax = "grpc_timeout_header_max"
    }
  }

  /// `envoy.config.route.v3.RedirectAction`.
  public struct RedirectAction: Codable, Sendable, Hashable {
    public var hostRedirect: String?
    public var portRedirect: UInt32?
    public var pathRedirect: String?
    public var prefixRewrite: String?
    public var schemeRedirect: String?
    /// `MOVED_PERMANENTLY` (301, the default), `FOUND`, `SEE_OTHER`,
    /// `TEMPORARY_REDIRECT`, `PERMANENT_REDIRECT`.
    public var responseCode: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      hostRedirect: String? = nil, portRedirect: UInt32? = nil, pathRedirect: String? = nil,
      prefixRewrite: String? = nil, schemeRedirect: String? = nil, responseCode: String? = nil
    ) {
      self.hostRedirect = hostRedirect
      self.portRedirect = portRedirect
      self.pathRedirect = pathRedirect
      self.prefixRewrite = prefixRewrite
      self.schemeRedirect = schemeRedirect
      self.responseCode = responseCode
    }

    enum CodingKeys: String, CodingKey {
      case hostRedirect = "host_redirect"
      case portRedirect = "port_redirect"
      case pathRedirect = "path_redirect"
      case prefixRewrite = "prefix_rewrite"
      case schemeRedirect = "scheme_redirect"
      case responseCode = "response_code"
    }
  }

  /// `envoy.config.route.v3.DirectResponseAction`.
  public struct DirectResponseAction: Codable, Sendable, Hashable {
    public var status: UInt32
    public var body: DataSource?

    /// Creates a value; every parameter is the property of the same name.
    public init(status: UInt32, body: DataSource? = nil) {
      self.status = status
      self.body = body
    }
  }
}
