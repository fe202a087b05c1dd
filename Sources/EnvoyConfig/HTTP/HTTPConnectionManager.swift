import Foundation

extension Envoy {
  /// `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`:
  /// the network filter that speaks HTTP and runs the HTTP filters and routes.
  public struct HTTPConnectionManager: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
    public static let extensionName = "envoy.filters.network.http_connection_manager"

    /// `AUTO`, `HTTP1`, `HTTP2`, `HTTP3`.
    public enum CodecType: String, Codable, Sendable, Hashable {
      case auto = "AUTO"
      case http1 = "HTTP1"
      case http2 = "HTTP2"
      case http3 = "HTTP3"
    }

    /// What to do with `x-forwarded-client-cert`.
    public enum ForwardClientCertDetails: String, Codable, Sendable, Hashable {
      case sanitize = "SANITIZE"
      case forwardOnly = "FORWARD_ONLY"
      case appendForward = "APPEND_FORWARD"
      case sanitizeSet = "SANITIZE_SET"
      case alwaysForwardOnly = "ALWAYS_FORWARD_ONLY"
    }

    /// Which client certificate fields go into `x-forwarded-client-cert`.
    public struct SetCurrentClientCertDetails: Codable, Sendable, Hashable {
      public var subject: Bool?
      public var cert: Bool?
      public var chain: Bool?
      public var dns: Bool?
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

    public var statPrefix: String
    public var codecType: CodecType?
    public var routeConfig: RouteConfiguration?
    public var rds: RDS?
    public var httpFilters: [HTTPFilter]
    public var accessLog: [AccessLog]?
    public var tracing: HTTPTracing?
    public var useRemoteAddress: Bool?
    public var forwardClientCertDetails: ForwardClientCertDetails?
    public var setCurrentClientCertDetails: SetCurrentClientCertDetails?
    public var streamIdleTimeout: ProtoDuration?
    public var requestTimeout: ProtoDuration?
    public var normalizePath: Bool?
    /// `KEEP_UNCHANGED`, `MERGE_SLASHES`... (Envoy's `PathWithEscapedSlashesAction`).
    public var pathWithEscapedSlashesAction: String?
    public var upgradeConfigs: [UpgradeConfig]?
    /// How the `server` header is written: `OVERWRITE`, `APPEND_IF_ABSENT`,
    /// `PASS_THROUGH`.
    public var serverHeaderTransformation: String?
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
    public var configSource: ConfigSource
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
    public var name: String
    public var typedConfig: TypedConfig?
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
      public var fixedDelay: ProtoDuration
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
      public var httpStatus: UInt32?
      public var grpcStatus: UInt32?
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

    public var delay: Delay?
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
    public init() {}
  }

  /// `envoy.extensions.filters.http.cors.v3.CorsPolicy`, in `typed_per_filter_config`.
  public struct CORSPolicy: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy"

    public var allowOriginStringMatch: [StringMatcher]?
    public var allowMethods: String?
    public var allowHeaders: String?
    public var exposeHeaders: String?
    /// Seconds, as text (Envoy's field is a string).
    public var maxAge: String?
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

    public var statPrefix: String
    public var cluster: String?
    public var idleTimeout: ProtoDuration?
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
