import Foundation

extension Envoy {
  /// `envoy.config.route.v3.RouteConfiguration`: virtual hosts by domain.
  public struct RouteConfiguration: Codable, Sendable, Hashable {
    /// `name`: the configuration's name, the one an RDS `route_config_name` asks for.
    public var name: String?
    /// `virtual_hosts`: the virtual hosts; the request's `Host` picks one by its `domains`.
    public var virtualHosts: [VirtualHost]
    /// `validate_clusters`: when `true`, Envoy rejects the configuration if a route names a cluster
    /// it doesn't know; `false` when absent for RDS, `true` for an inline configuration.
    public var validateClusters: Bool?
    /// `request_headers_to_add`: headers added to every request this configuration routes.
    public var requestHeadersToAdd: [HeaderValueOption]?
    /// `response_headers_to_add`: headers added to every response this configuration routes.
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
    /// `name`: the virtual host's name, used in stats.
    public var name: String
    /// `domains`: the `Host`/`:authority` values the virtual host serves; `*` wildcards a prefix or
    /// suffix, `*` alone matches every host.
    public var domains: [String]
    /// `routes`: the routes, tried in order; the first match wins.
    public var routes: [Route]
    /// `retry_policy`: the retry policy of routes that have none of their own.
    public var retryPolicy: RetryPolicy?
    /// `request_headers_to_add`: headers added to each request the virtual host routes.
    public var requestHeadersToAdd: [HeaderValueOption]?
    /// `request_headers_to_remove`: headers removed from each request the virtual host routes.
    public var requestHeadersToRemove: [String]?
    /// `response_headers_to_add`: headers added to each response the virtual host routes.
    public var responseHeadersToAdd: [HeaderValueOption]?
    /// `response_headers_to_remove`: headers removed from each response the virtual host routes.
    public var responseHeadersToRemove: [String]?
    /// `typed_per_filter_config`: per-filter settings by filter name, for every route of the
    /// virtual host.
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
    /// `name`: the route's name, for logs and stats.
    public var name: String?
    /// `match`: which requests the route takes.
    public var match: RouteMatch
    /// `route`: forward to upstream; set exactly one of `route`, `redirect` and `directResponse`.
    public var route: RouteAction?
    /// `redirect`: answer with an HTTP redirect.
    public var redirect: RedirectAction?
    /// `direct_response`: answer with a fixed status and body.
    public var directResponse: DirectResponseAction?
    /// `request_headers_to_add`: headers added to each request the route takes.
    public var requestHeadersToAdd: [HeaderValueOption]?
    /// `request_headers_to_remove`: headers removed from each request the route takes.
    public var requestHeadersToRemove: [String]?
    /// `response_headers_to_add`: headers added to each response of the route.
    public var responseHeadersToAdd: [HeaderValueOption]?
    /// `response_headers_to_remove`: headers removed from each response of the route.
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
    /// `prefix`: the path begins with this; set exactly one of `prefix`, `path` and `safeRegex`.
    public var prefix: String?
    /// `path`: the path (without the query) is exactly this.
    public var path: String?
    /// `safe_regex`: the path (without the query) matches this regular expression entirely.
    public var safeRegex: RegexMatcher?
    /// `case_sensitive`: whether the path specifier compares case; `true` when absent.
    public var caseSensitive: Bool?
    /// `headers`: request headers that must all match too.
    public var headers: [HeaderMatcher]?
    /// `query_parameters`: query parameters that must all match too.
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
    /// `cluster`: the cluster to forward to; set this or `weightedClusters`.
    public var cluster: String?
    /// `weighted_clusters`: clusters that share the traffic by weight.
    public var weightedClusters: WeightedCluster?
    /// `prefix_rewrite`: replaces the part of the path the match's `prefix` matched.
    public var prefixRewrite: String?
    /// `regex_rewrite`: rewrites the path with a regular expression and substitution.
    public var regexRewrite: RegexMatchAndSubstitute?
    /// `host_rewrite_literal`: the `Host`/`:authority` sent upstream in place of the request's.
    public var hostRewriteLiteral: String?
    /// `auto_host_rewrite`: when `true`, the upstream host's hostname replaces the `Host` header
    /// (for DNS and EDS clusters with a hostname); `false` when absent.
    public var autoHostRewrite: Bool?
    /// The whole request's deadline; `0s` disables it.
    public var timeout: ProtoDuration?
    /// `idle_timeout`: how long the stream may go without data in either direction; the connection
    /// manager's `stream_idle_timeout` when absent.
    public var idleTimeout: ProtoDuration?
    /// `retry_policy`: when and how often a failed request is retried; the virtual host's when
    /// absent.
    public var retryPolicy: RetryPolicy?
    /// `request_mirror_policies`: clusters that get a copy of each request, whose responses are
    /// ignored.
    public var requestMirrorPolicies: [RequestMirrorPolicy]?
    /// `max_stream_duration`: a limit on the stream's whole duration, and how `grpc-timeout` sets
    /// one.
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
    /// `Header`: hashes the value of a request header.
    public struct Header: Codable, Sendable, Hashable {
      /// `header_name`: the header whose value is hashed.
      public var headerName: String
      /// Creates a value; the parameter is the property of the same name.
      public init(headerName: String) { self.headerName = headerName }
      enum CodingKeys: String, CodingKey { case headerName = "header_name" }
    }

    /// `Cookie`: hashes the value of a cookie; when `ttl` is set and the cookie is missing, Envoy
    /// generates one.
    public struct Cookie: Codable, Sendable, Hashable {
      /// `name`: the cookie's name.
      public var name: String
      /// `ttl`: the lifetime of the cookie Envoy generates when the request has none; no cookie is
      /// generated when absent.
      public var ttl: ProtoDuration?
      /// `path`: the path of the generated cookie.
      public var path: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(name: String, ttl: ProtoDuration? = nil, path: String? = nil) {
        self.name = name
        self.ttl = ttl
        self.path = path
      }
    }

    /// `ConnectionProperties`: hashes a property of the downstream connection.
    public struct ConnectionProperties: Codable, Sendable, Hashable {
      /// `source_ip`: when `true`, the client's IP address is hashed.
      public var sourceIP: Bool
      /// Creates a value; the parameter is the property of the same name.
      public init(sourceIP: Bool) { self.sourceIP = sourceIP }
      enum CodingKeys: String, CodingKey { case sourceIP = "source_ip" }
    }

    /// `QueryParameter`: hashes the value of a URL query parameter.
    public struct QueryParameter: Codable, Sendable, Hashable {
      /// `name`: the query parameter whose value is hashed.
      public var name: String
      /// Creates a value; the parameter is the property of the same name.
      public init(name: String) { self.name = name }
    }

    /// `header`: hash a request header; set exactly one of the four.
    public var header: Header?
    /// `cookie`: hash a cookie.
    public var cookie: Cookie?
    /// `connection_properties`: hash the source address.
    public var connectionProperties: ConnectionProperties?
    /// `query_parameter`: hash a query parameter.
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
      /// `name`: the cluster's name.
      public var name: String
      /// `weight`: the cluster's share, relative to the sum of all weights.
      public var weight: UInt32
      /// `request_headers_to_add`: headers added to requests sent to this cluster.
      public var requestHeadersToAdd: [HeaderValueOption]?
      /// `response_headers_to_add`: headers added to responses from this cluster.
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

    /// `clusters`: the clusters and their weights.
    public var clusters: [ClusterWeight]

    /// Creates a value; every parameter is the property of the same name.
    public init(clusters: [ClusterWeight]) {
      self.clusters = clusters
    }
  }

  /// `envoy.type.matcher.v3.RegexMatchAndSubstitute`.
  public struct RegexMatchAndSubstitute: Codable, Sendable, Hashable {
    /// `pattern`: the regular expression to find.
    public var pattern: RegexMatcher
    /// `substitution`: what replaces each match; `\1` and the like refer to capture groups.
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
    /// `num_retries`: how many retries a request may get; 1 when absent.
    public var numRetries: UInt32?
    /// `per_try_timeout`: the deadline of each attempt, the first included; the route's `timeout`
    /// when absent.
    public var perTryTimeout: ProtoDuration?
    /// `retriable_status_codes`: the status codes `retriable-status-codes` retries on.
    public var retriableStatusCodes: [UInt32]?
    /// `retry_host_predicate`: extensions that reject hosts for a retry, such as
    /// ``PreviousHostsPredicate``.
    public var retryHostPredicate: [TypedExtensionConfig]?
    /// `host_selection_retry_max_attempts`: how many times Envoy picks a host again when a
    /// predicate rejects one; 1 when absent.
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
    /// Creates the predicate; it has no settings.
    public init() {}
  }

  /// `envoy.config.route.v3.RouteAction.RequestMirrorPolicy`.
  public struct RequestMirrorPolicy: Codable, Sendable, Hashable {
    /// `cluster`: the cluster that gets the copies.
    public var cluster: String
    /// `runtime_fraction`: the share of requests mirrored; every request when absent.
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
    /// `max_stream_duration`: the longest a stream may last, from the request's headers on; no
    /// limit when absent.
    public var maxStreamDuration: ProtoDuration?
    /// `grpc_timeout_header_max`: when set, a request's `grpc-timeout` header sets the stream's
    /// limit, capped at this (0 means no cap); the header is ignored when absent.
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
    /// `host_redirect`: the host of the redirect's `Location`; the request's when absent.
    public var hostRedirect: String?
    /// `port_redirect`: the port of the `Location`; the request's when absent.
    public var portRedirect: UInt32?
    /// `path_redirect`: the path of the `Location`, in place of the request's whole path.
    public var pathRedirect: String?
    /// `prefix_rewrite`: replaces the part of the path the match's `prefix` matched.
    public var prefixRewrite: String?
    /// `scheme_redirect`: the scheme of the `Location`, such as `https`; the request's when absent.
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
    /// `status`: the HTTP status of the response.
    public var status: UInt32
    /// `body`: the response body; empty when absent.
    public var body: DataSource?

    /// Creates a value; every parameter is the property of the same name.
    public init(status: UInt32, body: DataSource? = nil) {
      self.status = status
      self.body = body
    }
  }
}
