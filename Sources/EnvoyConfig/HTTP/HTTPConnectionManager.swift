import Foundation

extension Envoy {
  /// `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`:
  /// the network filter that speaks HTTP and runs the HTTP filters and routes.
  public struct HTTPConnectionManager: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
    public static let extensionName = "envoy.filters.network.http_connection_manager"

    /// `codec_type`: which HTTP version downstream speaks.
    public enum CodecType: String, Codable, Sendable, Hashable {
      /// HTTP/1.1 or HTTP/2, by what the client speaks (ALPN or the HTTP/2 preface); the default.
      case auto = "AUTO"
      /// HTTP/1.1 only.
      case http1 = "HTTP1"
      /// HTTP/2 only.
      case http2 = "HTTP2"
      /// HTTP/3, on a QUIC listener.
      case http3 = "HTTP3"
    }

    /// What to do with `x-forwarded-client-cert`.
    public enum ForwardClientCertDetails: String, Codable, Sendable, Hashable {
      /// Never forward the header: Envoy removes it from the request; the default.
      case sanitize = "SANITIZE"
      /// Forward the header unchanged when the client connection uses mutual TLS.
      case forwardOnly = "FORWARD_ONLY"
      /// With mutual TLS, append this client's details to the header and forward it.
      case appendForward = "APPEND_FORWARD"
      /// With mutual TLS, replace the header with this client's details.
      case sanitizeSet = "SANITIZE_SET"
      /// Forward the header unchanged, with mutual TLS or without.
      case alwaysForwardOnly = "ALWAYS_FORWARD_ONLY"
    }

    /// Which client certificate fields go into `x-forwarded-client-cert`.
    public struct SetCurrentClientCertDetails: Codable, Sendable, Hashable {
      /// `subject`: whether to write `Subject`, the certificate's subject.
      public var subject: Bool?
      /// `cert`: whether to write `Cert`, the certificate as URL-encoded PEM.
      public var cert: Bool?
      /// `chain`: whether to write `Chain`, the whole chain as URL-encoded PEM.
      public var chain: Bool?
      /// `dns`: whether to write `DNS`, the DNS subject alternative names.
      public var dns: Bool?
      /// `uri`: whether to write `URI`, the URI subject alternative name.
      public var uri: Bool?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        subject: Bool? = nil, cert: Bool? = nil, chain: Bool? = nil, dns: Bool? = nil,
        uri: Bool? = nil
      ) {
        self.subject = subject
        self.cert = cert
        self.chain = chain
        self.dns = dns
        self.uri = uri
      }
    }

    /// `stat_prefix`: the prefix of the connection manager's stats, `http.<stat_prefix>.`.
    public var statPrefix: String
    /// `codec_type`: which HTTP version downstream speaks; `AUTO` when absent.
    public var codecType: CodecType?
    /// `route_config`: the routes, inline; set this or `rds`.
    public var routeConfig: RouteConfiguration?
    /// `rds`: the routes, from the route discovery service.
    public var rds: RDS?
    /// `http_filters`: the HTTP filters each request passes, in order; the router comes last.
    public var httpFilters: [HTTPFilter]
    /// `access_log`: where each request is logged when it completes; nowhere when absent.
    public var accessLog: [AccessLog]?
    /// `tracing`: how requests are traced; not at all when absent.
    public var tracing: HTTPTracing?
    /// `use_remote_address`: when `true`, the connection's peer is the client's address (and is
    /// appended to `x-forwarded-for`); when `false`, the default, the client's address comes from
    /// `x-forwarded-for`.
    public var useRemoteAddress: Bool?
    /// `forward_client_cert_details`: what happens to `x-forwarded-client-cert`; `SANITIZE` when
    /// absent.
    public var forwardClientCertDetails: ForwardClientCertDetails?
    /// `set_current_client_cert_details`: which fields of the client's certificate `APPEND_FORWARD`
    /// and `SANITIZE_SET` write, besides `Hash` and `By`, which they always write.
    public var setCurrentClientCertDetails: SetCurrentClientCertDetails?
    /// `stream_idle_timeout`: how long a stream may go without activity before Envoy resets it; 5
    /// minutes when absent, 0 disables it.
    public var streamIdleTimeout: ProtoDuration?
    /// `request_timeout`: how long receiving the whole request may take; no limit when absent.
    public var requestTimeout: ProtoDuration?
    /// `normalize_path`: when `true`, paths are normalized as RFC 3986 says (dot segments removed)
    /// before filters and routing see them; `false` when absent.
    public var normalizePath: Bool?
    /// `path_with_escaped_slashes_action`: what happens to `%2F` and `%5C` (either case) in
    /// the path: `KEEP_UNCHANGED` (the default), `REJECT_REQUEST`, `UNESCAPE_AND_REDIRECT`,
    /// `UNESCAPE_AND_FORWARD`.
    public var pathWithEscapedSlashesAction: String?
    /// `upgrade_configs`: the upgrades, such as WebSocket, let through; none when absent.
    public var upgradeConfigs: [UpgradeConfig]?
    /// `server_header_transformation`: how the response's `server` header is written:
    /// `OVERWRITE` (the default), `APPEND_IF_ABSENT`, `PASS_THROUGH`.
    public var serverHeaderTransformation: String?
    /// `generate_request_id`: whether Envoy gives requests without `x-request-id` one; `true` when
    /// absent.
    public var generateRequestID: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      statPrefix: String, codecType: CodecType? = nil, routeConfig: RouteConfiguration? = nil,
      rds: RDS? = nil, httpFilters: [HTTPFilter] = [HTTPFilter(Router())],
      accessLog: [AccessLog]? = nil,
      tracing: HTTPTracing? = nil, useRemoteAddress: Bool? = nil,
      forwardClientCertDetails: ForwardClientCertDetails? = nil,
      setCurrentClientCertDetails: SetCurrentClientCertDetails? = nil,
      streamIdleTimeout: ProtoDuration? = nil, requestTimeout: ProtoDuration? = nil,
      normalizePath: Bool? = nil, pathWithEscapedSlashesAction: String? = nil,
      upgradeConfigs: [UpgradeConfig]? = nil, serverHeaderTransformation: String? = nil,
      generateRequestID: Bool? = nil
    ) {
      self.statPrefix = statPrefix
      self.codecType = codecType
      self.routeConfig = routeConfig
      self.rds = rds
      self.httpFilters = httpFilters
      self.accessLog = accessLog
      self.tracing = tracing
      self.useRemoteAddress = useRemoteAddress
      self.forwardClientCertDetails = forwardClientCertDetails
      self.setCurrentClientCertDetails = setCurrentClientCertDetails
      self.streamIdleTimeout = streamIdleTimeout
      self.requestTimeout = requestTimeout
      self.normalizePath = normalizePath
      self.pathWithEscapedSlashesAction = pathWithEscapedSlashesAction
      self.upgradeConfigs = upgradeConfigs
      self.serverHeaderTransformation = serverHeaderTransformation
      self.generateRequestID = generateRequestID
    }

    enum CodingKeys: String, CodingKey {
      case statPrefix = "stat_prefix"
      case codecType = "codec_type"
      case routeConfig = "route_config"
      case rds
      case httpFilters = "http_filters"
      case accessLog = "access_log"
      case tracing
      case useRemoteAddress = "use_remote_address"
      case forwardClientCertDetails = "forward_client_cert_details"
      case setCurrentClientCertDetails = "set_current_client_cert_details"
      case streamIdleTimeout = "stream_idle_timeout"
      case requestTimeout = "request_timeout"
      case normalizePath = "normalize_path"
      case pathWithEscapedSlashesAction = "path_with_escaped_slashes_action"
      case upgradeConfigs = "upgrade_configs"
      case serverHeaderTransformation = "server_header_transformation"
      case generateRequestID = "generate_request_id"
    }
  }

  /// Routes from RDS: `route_config_name` from a config source.
  public struct RDS: Codable, Sendable, Hashable {
    /// `config_source`: where the route configuration comes from, typically ADS.
    public var configSource: ConfigSource
    /// `route_config_name`: the name of the route configuration asked for.
    public var routeConfigName: String

    /// Creates a value; every parameter is the property of the same name.
    public init(configSource: ConfigSource, routeConfigName: String) {
      self.configSource = configSource
      self.routeConfigName = routeConfigName
    }

    enum CodingKeys: String, CodingKey {
      case configSource = "config_source"
      case routeConfigName = "route_config_name"
    }
  }

  /// `HttpConnectionManager.UpgradeConfig` (`websocket`, `CONNECT`).
  public struct UpgradeConfig: Codable, Sendable, Hashable {
    /// `upgrade_type`: the protocol, as the `Upgrade` header names it (`websocket`), or `CONNECT`
    /// for CONNECT requests.
    public var upgradeType: String

    /// Creates a value; every parameter is the property of the same name.
    public init(upgradeType: String) {
      self.upgradeType = upgradeType
    }

    enum CodingKeys: String, CodingKey {
      case upgradeType = "upgrade_type"
    }
  }

  /// `envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter`.
  public struct HTTPFilter: Codable, Sendable, Hashable {
    /// `name`: the filter's name, under which routes carry its per-route settings.
    public var name: String
    /// `typed_config`: the filter's settings; their type URL selects the filter.
    public var typedConfig: TypedConfig?
    /// `is_optional`: when `true`, an Envoy without this filter ignores it instead of rejecting the
    /// configuration; `false` when absent.
    public var isOptional: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig? = nil, isOptional: Bool? = nil) {
      self.name = name
      self.typedConfig = typedConfig
      self.isOptional = isOptional
    }

    /// The filter for `config`, under the name Envoy registers it by.
    public init(_ config: some NamedEnvoyExtension) {
      self.init(name: type(of: config).extensionName, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
      case isOptional = "is_optional"
    }
  }

  /// `envoy.extensions.filters.http.router.v3.Router`: the last HTTP filter, which sends
  /// the request where the route says.
  public struct Router: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"
    public static let extensionName = "envoy.filters.http.router"

    /// `suppress_envoy_headers`: when `true`, the router adds no `x-envoy-*` headers (such as
    /// `x-envoy-upstream-service-time`); `false` when absent.
    public var suppressEnvoyHeaders: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(suppressEnvoyHeaders: Bool? = nil) {
      self.suppressEnvoyHeaders = suppressEnvoyHeaders
    }

    enum CodingKeys: String, CodingKey {
      case suppressEnvoyHeaders = "suppress_envoy_headers"
    }
  }

  /// `envoy.extensions.filters.http.fault.v3.HTTPFault`: delays and aborts. As a filter it
  /// usually stays empty; routes carry their faults in `typed_per_filter_config`.
  public struct HTTPFault: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"
    public static let extensionName = "envoy.filters.http.fault"

    /// `envoy.extensions.filters.common.fault.v3.FaultDelay`.
    public struct Delay: Codable, Sendable, Hashable {
      /// `fixed_delay`: how long a delayed request waits before it goes on.
      public var fixedDelay: ProtoDuration
      /// `percentage`: the share of requests delayed.
      public var percentage: FractionalPercent?

      /// Creates a value; every parameter is the property of the same name.
      public init(fixedDelay: ProtoDuration, percentage: FractionalPercent? = nil) {
        self.fixedDelay = fixedDelay
        self.percentage = percentage
      }

      enum CodingKeys: String, CodingKey {
        case fixedDelay = "fixed_delay"
        case percentage
      }
    }

    /// `envoy.extensions.filters.http.fault.v3.FaultAbort`.
    public struct Abort: Codable, Sendable, Hashable {
      /// `http_status`: the HTTP status aborted requests get; set this or `grpcStatus`.
      public var httpStatus: UInt32?
      /// `grpc_status`: the gRPC status aborted requests get.
      public var grpcStatus: UInt32?
      /// `percentage`: the share of requests aborted.
      public var percentage: FractionalPercent?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        httpStatus: UInt32? = nil, grpcStatus: UInt32? = nil, percentage: FractionalPercent? = nil
      ) {
        self.httpStatus = httpStatus
        self.grpcStatus = grpcStatus
        self.percentage = percentage
      }

      enum CodingKeys: String, CodingKey {
        case httpStatus = "http_status"
        case grpcStatus = "grpc_status"
        case percentage
      }
    }

    /// `delay`: the delay injected; none when absent.
    public var delay: Delay?
    /// `abort`: the abort injected; none when absent.
    public var abort: Abort?

    /// Creates a value; every parameter is the property of the same name.
    public init(delay: Delay? = nil, abort: Abort? = nil) {
      self.delay = delay
      self.abort = abort
    }
  }

  /// `envoy.extensions.filters.http.cors.v3.Cors`: the CORS filter; policies sit on
  /// virtual hosts and routes as ``CORSPolicy``.
  public struct CORSFilter: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors"
    public static let extensionName = "envoy.filters.http.cors"
    /// Creates the filter; it has no settings.
    public init() {}
  }

  /// `envoy.extensions.filters.http.cors.v3.CorsPolicy`, in `typed_per_filter_config`.
  public struct CORSPolicy: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy"

    /// `allow_origin_string_match`: the origins allowed; a request from any other origin gets no
    /// CORS headers.
    public var allowOriginStringMatch: [StringMatcher]?
    /// `allow_methods`: the `access-control-allow-methods` value, comma-separated.
    public var allowMethods: String?
    /// `allow_headers`: the `access-control-allow-headers` value, comma-separated.
    public var allowHeaders: String?
    /// `expose_headers`: the `access-control-expose-headers` value, comma-separated.
    public var exposeHeaders: String?
    /// `max_age`: the `access-control-max-age` value, seconds as text (Envoy's field is a
    /// string).
    public var maxAge: String?
    /// `allow_credentials`: when `true`, responses say `access-control-allow-credentials: true`.
    public var allowCredentials: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      allowOriginStringMatch: [StringMatcher]? = nil, allowMethods: String? = nil,
      allowHeaders: String? = nil, exposeHeaders: String? = nil, maxAge: String? = nil,
      allowCredentials: Bool? = nil
    ) {
      self.allowOriginStringMatch = allowOriginStringMatch
      self.allowMethods = allowMethods
      self.allowHeaders = allowHeaders
      self.exposeHeaders = exposeHeaders
      self.maxAge = maxAge
      self.allowCredentials = allowCredentials
    }

    enum CodingKeys: String, CodingKey {
      case allowOriginStringMatch = "allow_origin_string_match"
      case allowMethods = "allow_methods"
      case allowHeaders = "allow_headers"
      case exposeHeaders = "expose_headers"
      case maxAge = "max_age"
      case allowCredentials = "allow_credentials"
    }
  }

  /// `envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`: forwards a connection's
  /// bytes to a cluster.
  public struct TCPProxy: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy"
    public static let extensionName = "envoy.filters.network.tcp_proxy"

    /// `stat_prefix`: the prefix of the filter's stats, `tcp.<stat_prefix>.`.
    public var statPrefix: String
    /// `cluster`: the upstream cluster the connection goes to.
    public var cluster: String?
    /// `idle_timeout`: how long the connection may go without bytes either way before Envoy closes
    /// it; 1 hour when absent, 0 disables it.
    public var idleTimeout: ProtoDuration?
    /// `access_log`: where each connection is logged when it closes; nowhere when absent.
    public var accessLog: [AccessLog]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      statPrefix: String, cluster: String? = nil, idleTimeout: ProtoDuration? = nil,
      accessLog: [AccessLog]? = nil
    ) {
      self.statPrefix = statPrefix
      self.cluster = cluster
      self.idleTimeout = idleTimeout
      self.accessLog = accessLog
    }

    enum CodingKeys: String, CodingKey {
      case statPrefix = "stat_prefix"
      case cluster
      case idleTimeout = "idle_timeout"
      case accessLog = "access_log"
    }
  }
}
