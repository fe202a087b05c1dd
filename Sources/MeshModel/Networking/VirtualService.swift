/// The spec of a VirtualService: how requests to a set of hosts are routed.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `VirtualService`.
public struct VirtualServiceSpec: Codable, Sendable, Hashable {
  /// Destination hosts the rules apply to: short names, FQDNs or wildcard prefixes (`*.example.com`).
  public var hosts: [String]?
  /// Gateways (`namespace/name`) and sidecars (`mesh`) that apply the routes; empty means `mesh`.
  public var gateways: [String]?
  /// Ordered routing rules for HTTP traffic; the first match wins.
  public var http: [HTTPRoute]?
  /// Ordered routing rules for unterminated TLS and HTTPS traffic, matched on SNI.
  public var tls: [TLSRoute]?
  /// Ordered routing rules for opaque TCP traffic.
  public var tcp: [TCPRoute]?
  /// Namespaces the VirtualService is visible to: `.` for its own, `*` for all.
  public var exportTo: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    hosts: [String]? = nil,
    gateways: [String]? = nil,
    http: [HTTPRoute]? = nil,
    tls: [TLSRoute]? = nil,
    tcp: [TCPRoute]? = nil,
    exportTo: [String]? = nil
  ) {
    self.hosts = hosts
    self.gateways = gateways
    self.http = http
    self.tls = tls
    self.tcp = tcp
    self.exportTo = exportTo
  }
}

/// Match conditions and actions for HTTP/1.1, HTTP/2 and gRPC traffic.
public struct HTTPRoute: Codable, Sendable, Hashable {
  /// A name for the route, shown in access logs and stats.
  public var name: String?
  /// Conditions, ORed; every field inside one condition is ANDed.
  public var match: [HTTPMatchRequest]?
  /// Where traffic goes, with weights.
  public var route: [HTTPRouteDestination]?
  /// Sends a redirect instead of forwarding; excludes `route` and `directResponse`.
  public var redirect: HTTPRedirect?
  /// Answers the request directly; excludes `route` and `redirect`.
  public var directResponse: HTTPDirectResponse?
  /// Hands the route to another VirtualService; excludes `route` and `redirect`.
  public var delegate: Delegate?
  /// Rewrites the URI or authority before forwarding.
  public var rewrite: HTTPRewrite?
  /// Timeout for the whole request, a duration such as `10s`.
  public var timeout: String?
  /// Retry policy.
  public var retries: HTTPRetry?
  /// Faults injected on the client side.
  public var fault: HTTPFaultInjection?
  /// Mirrors traffic to another destination as well (fire and forget).
  public var mirror: Destination?
  /// Several mirror destinations, each with its own percentage.
  public var mirrors: [HTTPMirrorPolicy]?
  /// Deprecated: use `mirrorPercentage`.
  public var mirrorPercent: UInt32?
  /// Deprecated snake-case spelling of `mirrorPercent`.
  public var legacyMirrorPercent: UInt32?
  /// Share of traffic mirrored, 0 to 100.
  public var mirrorPercentage: Percent?
  /// Cross-origin resource sharing policy.
  public var corsPolicy: CorsPolicy?
  /// Header manipulation.
  public var headers: Headers?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    match: [HTTPMatchRequest]? = nil,
    route: [HTTPRouteDestination]? = nil,
    redirect: HTTPRedirect? = nil,
    directResponse: HTTPDirectResponse? = nil,
    delegate: Delegate? = nil,
    rewrite: HTTPRewrite? = nil,
    timeout: String? = nil,
    retries: HTTPRetry? = nil,
    fault: HTTPFaultInjection? = nil,
    mirror: Destination? = nil,
    mirrors: [HTTPMirrorPolicy]? = nil,
    mirrorPercent: UInt32? = nil,
    legacyMirrorPercent: UInt32? = nil,
    mirrorPercentage: Percent? = nil,
    corsPolicy: CorsPolicy? = nil,
    headers: Headers? = nil
  ) {
    self.name = name
    self.match = match
    self.route = route
    self.redirect = redirect
    self.directResponse = directResponse
    self.delegate = delegate
    self.rewrite = rewrite
    self.timeout = timeout
    self.retries = retries
    self.fault = fault
    self.mirror = mirror
    self.mirrors = mirrors
    self.mirrorPercent = mirrorPercent
    self.legacyMirrorPercent = legacyMirrorPercent
    self.mirrorPercentage = mirrorPercentage
    self.corsPolicy = corsPolicy
    self.headers = headers
  }

  enum CodingKeys: String, CodingKey {
    case name
    case match
    case route
    case redirect
    case directResponse
    case delegate
    case rewrite
    case timeout
    case retries
    case fault
    case mirror
    case mirrors
    case mirrorPercent
    case legacyMirrorPercent = "mirror_percent"
    case mirrorPercentage
    case corsPolicy
    case headers
  }
}

/// A VirtualService that a route hands its traffic to.
public struct Delegate: Codable, Sendable, Hashable {
  /// Name of the delegate VirtualService.
  public var name: String?
  /// Namespace of the delegate VirtualService; the root's namespace when empty.
  public var namespace: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    namespace: String? = nil
  ) {
    self.name = name
    self.namespace = namespace
  }
}

/// Header operations on requests and responses.
public struct Headers: Codable, Sendable, Hashable {
  /// Operations on the request headers.
  public var request: HeaderOperations?
  /// Operations on the response headers.
  public var response: HeaderOperations?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    request: HeaderOperations? = nil,
    response: HeaderOperations? = nil
  ) {
    self.request = request
    self.response = response
  }
}

/// Operations on one direction's headers.
public struct HeaderOperations: Codable, Sendable, Hashable {
  /// Headers set, overwriting existing values.
  public var set: [String: String]?
  /// Headers appended to existing values.
  public var add: [String: String]?
  /// Headers removed.
  public var remove: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    set: [String: String]? = nil,
    add: [String: String]? = nil,
    remove: [String]? = nil
  ) {
    self.set = set
    self.add = add
    self.remove = remove
  }
}

/// Conditions a request must meet for a rule to apply; all present fields must match.
public struct HTTPMatchRequest: Codable, Sendable, Hashable {
  /// A name for the match, appended to the route's name in logs.
  public var name: String?
  /// URI match; case-sensitive unless `ignoreUriCase`.
  public var uri: StringMatch?
  /// URI scheme match.
  public var scheme: StringMatch?
  /// HTTP method match.
  public var method: StringMatch?
  /// Authority (Host header) match.
  public var authority: StringMatch?
  /// Header matches; keys are lower-case header names.
  public var headers: [String: StringMatch]?
  /// The port the request arrived on.
  public var port: UInt32?
  /// Labels of the calling workload.
  public var sourceLabels: [String: String]?
  /// Gateways this match applies to, overriding the VirtualService's.
  public var gateways: [String]?
  /// Query parameter matches (`exact` and `regex` only).
  public var queryParams: [String: StringMatch]?
  /// Match the URI without regard to case.
  public var ignoreUriCase: Bool?
  /// Headers that must not match.
  public var withoutHeaders: [String: StringMatch]?
  /// Namespace of the calling workload.
  public var sourceNamespace: String?
  /// Prefix for the route's stats.
  public var statPrefix: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    uri: StringMatch? = nil,
    scheme: StringMatch? = nil,
    method: StringMatch? = nil,
    authority: StringMatch? = nil,
    headers: [String: StringMatch]? = nil,
    port: UInt32? = nil,
    sourceLabels: [String: String]? = nil,
    gateways: [String]? = nil,
    queryParams: [String: StringMatch]? = nil,
    ignoreUriCase: Bool? = nil,
    withoutHeaders: [String: StringMatch]? = nil,
    sourceNamespace: String? = nil,
    statPrefix: String? = nil
  ) {
    self.name = name
    self.uri = uri
    self.scheme = scheme
    self.method = method
    self.authority = authority
    self.headers = headers
    self.port = port
    self.sourceLabels = sourceLabels
    self.gateways = gateways
    self.queryParams = queryParams
    self.ignoreUriCase = ignoreUriCase
    self.withoutHeaders = withoutHeaders
    self.sourceNamespace = sourceNamespace
    self.statPrefix = statPrefix
  }
}

/// A string match: exactly one of `exact`, `prefix` or `regex` (RE2 syntax).
public struct StringMatch: Codable, Sendable, Hashable {
  /// The whole value.
  public var exact: String?
  /// A prefix of the value.
  public var prefix: String?
  /// An RE2 regular expression the whole value must match.
  public var regex: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    exact: String? = nil,
    prefix: String? = nil,
    regex: String? = nil
  ) {
    self.exact = exact
    self.prefix = prefix
    self.regex = regex
  }
}

/// A destination of an HTTP route, with its share of the traffic.
public struct HTTPRouteDestination: Codable, Sendable, Hashable {
  /// Where requests go.
  public var destination: Destination
  /// Share of traffic, 0 to 100; all weights of a route add up to 100.
  public var weight: Int32?
  /// Header manipulation for this destination.
  public var headers: Headers?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    destination: Destination,
    weight: Int32? = nil,
    headers: Headers? = nil
  ) {
    self.destination = destination
    self.weight = weight
    self.headers = headers
  }
}

/// A destination of a TCP or TLS route, with its share of the traffic.
public struct RouteDestination: Codable, Sendable, Hashable {
  /// Where connections go.
  public var destination: Destination
  /// Share of traffic, 0 to 100; all weights of a route add up to 100.
  public var weight: Int32?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    destination: Destination,
    weight: Int32? = nil
  ) {
    self.destination = destination
    self.weight = weight
  }
}

/// A service (and optionally a subset and port) that traffic is sent to.
public struct Destination: Codable, Sendable, Hashable {
  /// The service's name in the registry: a short name, FQDN or ServiceEntry host.
  public var host: String
  /// A subset named in the host's DestinationRule.
  public var subset: String?
  /// The port; needed when the service exposes more than one.
  public var port: PortSelector?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    host: String,
    subset: String? = nil,
    port: PortSelector? = nil
  ) {
    self.host = host
    self.subset = subset
    self.port = port
  }
}

/// A port of a service.
public struct PortSelector: Codable, Sendable, Hashable {
  /// The port number, 1 to 65535.
  public var number: UInt32?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    number: UInt32? = nil
  ) {
    self.number = number
  }
}

/// A redirect answered instead of forwarding.
public struct HTTPRedirect: Codable, Sendable, Hashable {
  /// Replaces the whole path.
  public var uri: String?
  /// Replaces the authority.
  public var authority: String?
  /// Replaces the port.
  public var port: UInt32?
  /// Derives the port from the protocol or the request.
  public var derivePort: RedirectPortSelection?
  /// Replaces the scheme.
  public var scheme: String?
  /// Status code of the redirect; 301 when absent.
  public var redirectCode: UInt32?
  /// Replaces the matched prefix of the path.
  public var prefixRewrite: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    uri: String? = nil,
    authority: String? = nil,
    port: UInt32? = nil,
    derivePort: RedirectPortSelection? = nil,
    scheme: String? = nil,
    redirectCode: UInt32? = nil,
    prefixRewrite: String? = nil
  ) {
    self.uri = uri
    self.authority = authority
    self.port = port
    self.derivePort = derivePort
    self.scheme = scheme
    self.redirectCode = redirectCode
    self.prefixRewrite = prefixRewrite
  }
}

/// How a redirect chooses its port.
public enum RedirectPortSelection: String, Codable, Sendable, Hashable, CaseIterable {
  /// 80 for HTTP, 443 for HTTPS.
  case fromProtocolDefault = "FROM_PROTOCOL_DEFAULT"
  /// The port the request arrived on.
  case fromRequestPort = "FROM_REQUEST_PORT"
}

/// A fixed response answered instead of forwarding.
public struct HTTPDirectResponse: Codable, Sendable, Hashable {
  /// The HTTP status code.
  public var status: UInt32
  /// The body.
  public var body: HTTPBody?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    status: UInt32,
    body: HTTPBody? = nil
  ) {
    self.status = status
    self.body = body
  }
}

/// A response body: exactly one of `string` or `bytes` (base64).
public struct HTTPBody: Codable, Sendable, Hashable {
  /// Text of the body.
  public var string: String?
  /// The body, base64 encoded.
  public var bytes: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    string: String? = nil,
    bytes: String? = nil
  ) {
    self.string = string
    self.bytes = bytes
  }
}

/// Rewrites applied before forwarding.
public struct HTTPRewrite: Codable, Sendable, Hashable {
  /// Replaces the matched part of the path (prefix or whole).
  public var uri: String?
  /// Replaces the authority (Host header).
  public var authority: String?
  /// Rewrites the path with a regular expression.
  public var uriRegexRewrite: RegexRewrite?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    uri: String? = nil,
    authority: String? = nil,
    uriRegexRewrite: RegexRewrite? = nil
  ) {
    self.uri = uri
    self.authority = authority
    self.uriRegexRewrite = uriRegexRewrite
  }
}

/// A regular-expression rewrite of the path.
public struct RegexRewrite: Codable, Sendable, Hashable {
  /// RE2 expression to match.
  public var match: String?
  /// Replacement; may refer to capture groups as `\\1`.
  public var rewrite: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: String? = nil,
    rewrite: String? = nil
  ) {
    self.match = match
    self.rewrite = rewrite
  }
}

/// How failed requests are retried.
public struct HTTPRetry: Codable, Sendable, Hashable {
  /// Retries allowed; 0 disables retries.
  public var attempts: Int32?
  /// Timeout for each attempt, a duration such as `2s`.
  public var perTryTimeout: String?
  /// Conditions that trigger a retry (Envoy's `retry_on` values and status codes, comma-separated).
  public var retryOn: String?
  /// Whether retries may go to other localities.
  public var retryRemoteLocalities: Bool?
  /// Whether retries avoid hosts already tried.
  public var retryIgnorePreviousHosts: Bool?
  /// Base interval between retries, a duration.
  public var backoff: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    attempts: Int32? = nil,
    perTryTimeout: String? = nil,
    retryOn: String? = nil,
    retryRemoteLocalities: Bool? = nil,
    retryIgnorePreviousHosts: Bool? = nil,
    backoff: String? = nil
  ) {
    self.attempts = attempts
    self.perTryTimeout = perTryTimeout
    self.retryOn = retryOn
    self.retryRemoteLocalities = retryRemoteLocalities
    self.retryIgnorePreviousHosts = retryIgnorePreviousHosts
    self.backoff = backoff
  }
}

/// Cross-origin resource sharing policy.
public struct CorsPolicy: Codable, Sendable, Hashable {
  /// Origins allowed.
  public var allowOrigins: [StringMatch]?
  /// Deprecated: use `allowOrigins`.
  public var allowOrigin: [String]?
  /// Methods allowed (`Access-Control-Allow-Methods`).
  public var allowMethods: [String]?
  /// Headers allowed (`Access-Control-Allow-Headers`).
  public var allowHeaders: [String]?
  /// Headers exposed (`Access-Control-Expose-Headers`).
  public var exposeHeaders: [String]?
  /// How long preflight results may be cached, a duration.
  public var maxAge: String?
  /// Whether credentials may be sent (`Access-Control-Allow-Credentials`).
  public var allowCredentials: Bool?
  /// What happens to preflight requests whose origin does not match.
  public var unmatchedPreflights: UnmatchedPreflights?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    allowOrigins: [StringMatch]? = nil,
    allowOrigin: [String]? = nil,
    allowMethods: [String]? = nil,
    allowHeaders: [String]? = nil,
    exposeHeaders: [String]? = nil,
    maxAge: String? = nil,
    allowCredentials: Bool? = nil,
    unmatchedPreflights: UnmatchedPreflights? = nil
  ) {
    self.allowOrigins = allowOrigins
    self.allowOrigin = allowOrigin
    self.allowMethods = allowMethods
    self.allowHeaders = allowHeaders
    self.exposeHeaders = exposeHeaders
    self.maxAge = maxAge
    self.allowCredentials = allowCredentials
    self.unmatchedPreflights = unmatchedPreflights
  }
}

/// What happens to preflight requests whose origin does not match.
public enum UnmatchedPreflights: String, Codable, Sendable, Hashable, CaseIterable {
  /// The default: forward.
  case unspecified = "UNSPECIFIED"
  /// Forward them to the upstream.
  case forward = "FORWARD"
  /// Answer them without CORS headers.
  case ignore = "IGNORE"
}

/// Faults injected into requests.
public struct HTTPFaultInjection: Codable, Sendable, Hashable {
  /// Delays requests.
  public var delay: Delay?
  /// Aborts requests with an error.
  public var abort: Abort?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    delay: Delay? = nil,
    abort: Abort? = nil
  ) {
    self.delay = delay
    self.abort = abort
  }
}

/// A delay injected before forwarding.
public struct Delay: Codable, Sendable, Hashable {
  /// The delay, a duration of at least 1ms.
  public var fixedDelay: String?
  /// Not implemented by Istio; kept for schema compatibility.
  public var exponentialDelay: String?
  /// Share of requests delayed.
  public var percentage: Percent?
  /// Deprecated: use `percentage`.
  public var percent: Int32?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    fixedDelay: String? = nil,
    exponentialDelay: String? = nil,
    percentage: Percent? = nil,
    percent: Int32? = nil
  ) {
    self.fixedDelay = fixedDelay
    self.exponentialDelay = exponentialDelay
    self.percentage = percentage
    self.percent = percent
  }
}

/// An error answered instead of forwarding.
public struct Abort: Codable, Sendable, Hashable {
  /// HTTP status returned.
  public var httpStatus: Int32?
  /// gRPC status returned, such as `UNAVAILABLE`.
  public var grpcStatus: String?
  /// Not implemented by Istio; kept for schema compatibility.
  public var http2Error: String?
  /// Share of requests aborted.
  public var percentage: Percent?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    httpStatus: Int32? = nil,
    grpcStatus: String? = nil,
    http2Error: String? = nil,
    percentage: Percent? = nil
  ) {
    self.httpStatus = httpStatus
    self.grpcStatus = grpcStatus
    self.http2Error = http2Error
    self.percentage = percentage
  }
}

/// A percentage, 0 to 100, with a fraction.
public struct Percent: Codable, Sendable, Hashable {
  /// The percentage.
  public var value: Double?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    value: Double? = nil
  ) {
    self.value = value
  }
}

/// A destination that receives a copy of the traffic.
public struct HTTPMirrorPolicy: Codable, Sendable, Hashable {
  /// Where copies go.
  public var destination: Destination
  /// Share of traffic copied; 100 when absent.
  public var percentage: Percent?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    destination: Destination,
    percentage: Percent? = nil
  ) {
    self.destination = destination
    self.percentage = percentage
  }
}

/// Match conditions and actions for unterminated TLS traffic.
public struct TLSRoute: Codable, Sendable, Hashable {
  /// Conditions, ORed.
  public var match: [TLSMatchAttributes]?
  /// Where connections go.
  public var route: [RouteDestination]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: [TLSMatchAttributes]? = nil,
    route: [RouteDestination]? = nil
  ) {
    self.match = match
    self.route = route
  }
}

/// Conditions on a TLS connection.
public struct TLSMatchAttributes: Codable, Sendable, Hashable {
  /// SNI values to match; must be among the VirtualService's hosts.
  public var sniHosts: [String]?
  /// Destination IPs or subnets.
  public var destinationSubnets: [String]?
  /// The port the connection arrived on.
  public var port: UInt32?
  /// Labels of the calling workload.
  public var sourceLabels: [String: String]?
  /// Gateways this match applies to.
  public var gateways: [String]?
  /// Namespace of the calling workload.
  public var sourceNamespace: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    sniHosts: [String]? = nil,
    destinationSubnets: [String]? = nil,
    port: UInt32? = nil,
    sourceLabels: [String: String]? = nil,
    gateways: [String]? = nil,
    sourceNamespace: String? = nil
  ) {
    self.sniHosts = sniHosts
    self.destinationSubnets = destinationSubnets
    self.port = port
    self.sourceLabels = sourceLabels
    self.gateways = gateways
    self.sourceNamespace = sourceNamespace
  }
}

/// Match conditions and actions for opaque TCP traffic.
public struct TCPRoute: Codable, Sendable, Hashable {
  /// Conditions, ORed.
  public var match: [L4MatchAttributes]?
  /// Where connections go.
  public var route: [RouteDestination]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: [L4MatchAttributes]? = nil,
    route: [RouteDestination]? = nil
  ) {
    self.match = match
    self.route = route
  }
}

/// Conditions on a TCP connection.
public struct L4MatchAttributes: Codable, Sendable, Hashable {
  /// Destination IPs or subnets.
  public var destinationSubnets: [String]?
  /// The port the connection arrived on.
  public var port: UInt32?
  /// Not implemented by Istio; kept for schema compatibility.
  public var sourceSubnet: String?
  /// Labels of the calling workload.
  public var sourceLabels: [String: String]?
  /// Gateways this match applies to.
  public var gateways: [String]?
  /// Namespace of the calling workload.
  public var sourceNamespace: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    destinationSubnets: [String]? = nil,
    port: UInt32? = nil,
    sourceSubnet: String? = nil,
    sourceLabels: [String: String]? = nil,
    gateways: [String]? = nil,
    sourceNamespace: String? = nil
  ) {
    self.destinationSubnets = destinationSubnets
    self.port = port
    self.sourceSubnet = sourceSubnet
    self.sourceLabels = sourceLabels
    self.gateways = gateways
    self.sourceNamespace = sourceNamespace
  }
}
