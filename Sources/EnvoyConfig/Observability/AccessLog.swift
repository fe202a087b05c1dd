import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.accesslog.v3.AccessLog`: one access logger.
  public struct AccessLog: Codable, Sendable, Hashable {
    public var name: String
    /// Which requests are logged; all when nil.
    public var filter: AccessLogFilter?
    public var typedConfig: TypedConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, filter: AccessLogFilter? = nil, typedConfig: TypedConfig) {
      self.name = name
      self.filter = filter
      self.typedConfig = typedConfig
    }

    /// The logger for `config`, under the name Envoy registers it by.
    public init(_ config: some NamedEnvoyExtension, filter: AccessLogFilter? = nil) {
      self.init(
        name: type(of: config).extensionName, filter: filter, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name, filter
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.config.accesslog.v3.AccessLogFilter`, through an extension filter.
  public struct AccessLogFilter: Codable, Sendable, Hashable {
    public var extensionFilter: TypedExtensionConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(extensionFilter: TypedExtensionConfig) {
      self.extensionFilter = extensionFilter
    }

    /// Requests for which the CEL expression (`response.code >= 400`) is true, as Istio's
    /// Telemetry `accessLogging.filter.expression`.
    public static func expression(_ expression: String) -> AccessLogFilter {
      AccessLogFilter(
        extensionFilter: TypedExtensionConfig(
          name: CELExpressionFilter.extensionName, CELExpressionFilter(expression: expression)))
    }

    enum CodingKeys: String, CodingKey {
      case extensionFilter = "extension_filter"
    }
  }

  /// `envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter`.
  public struct CELExpressionFilter: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter"
    public static let extensionName = "envoy.access_loggers.extension_filters.cel"

    public var expression: String

    /// Creates a value; every parameter is the property of the same name.
    public init(expression: String) {
      self.expression = expression
    }
  }

  /// `envoy.config.core.v3.SubstitutionFormatString`: a text or JSON log line made of
  /// command operators (`%REQ(:PATH)%`, `%RESPONSE_CODE%`, ...).
  public struct LogFormat: Codable, Sendable, Hashable {
    public var textFormatSource: DataSource?
    public var jsonFormat: [String: YAMLNode]?

    /// Creates a value; every parameter is the property of the same name.
    public init(textFormatSource: DataSource? = nil, jsonFormat: [String: YAMLNode]? = nil) {
      self.textFormatSource = textFormatSource
      self.jsonFormat = jsonFormat
    }

    /// A text line; end it with `\n`.
    public static func text(_ format: String) -> LogFormat {
      LogFormat(textFormatSource: .inline(format))
    }

    /// A JSON object per line, field by field.
    public static func json(_ fields: [String: String]) -> LogFormat {
      LogFormat(jsonFormat: fields.mapValues(YAMLNode.string))
    }

    enum CodingKeys: String, CodingKey {
      case textFormatSource = "text_format_source"
      case jsonFormat = "json_format"
    }
  }

  /// `envoy.extensions.access_loggers.file.v3.FileAccessLog`.
  public struct FileAccessLog: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog"
    public static let extensionName = "envoy.access_loggers.file"

    public var path: String
    public var logFormat: LogFormat?

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String, logFormat: LogFormat? = nil) {
      self.path = path
      self.logFormat = logFormat
    }

    enum CodingKeys: String, CodingKey {
      case path
      case logFormat = "log_format"
    }
  }

  /// `envoy.extensions.access_loggers.stream.v3.StdoutAccessLog`.
  public struct StdoutAccessLog: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog"
    public static let extensionName = "envoy.access_loggers.stdout"

    public var logFormat: LogFormat?

    /// Creates a value; every parameter is the property of the same name.
    public init(logFormat: LogFormat? = nil) {
      self.logFormat = logFormat
    }

    enum CodingKeys: String, CodingKey {
      case logFormat = "log_format"
    }
  }

  /// `HttpConnectionManager.Tracing`: which requests are traced, and where spans go.
  public struct HTTPTracing: Codable, Sendable, Hashable {
    public var randomSampling: PercentValue?
    public var clientSampling: PercentValue?
    public var overallSampling: PercentValue?
    public var provider: TracingProvider?
    public var spawnUpstreamSpan: Bool?
    public var maxPathTagLength: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      randomSampling: PercentValue? = nil, clientSampling: PercentValue? = nil,
      overallSampling: PercentValue? = nil, provider: TracingProvider? = nil,
      spawnUpstreamSpan: Bool? = nil, maxPathTagLength: UInt32? = nil
    ) {
      self.randomSampling = randomSampling
      self.clientSampling = clientSampling
      self.overallSampling = overallSampling
      self.provider = provider
      self.spawnUpstreamSpan = spawnUpstreamSpan
      self.maxPathTagLength = maxPathTagLength
    }

    enum CodingKeys: String, CodingKey {
      case randomSampling = "random_sampling"
      case clientSampling = "client_sampling"
      case overallSampling = "overall_sampling"
      case provider
      case spawnUpstreamSpan = "spawn_upstream_span"
      case maxPathTagLength = "max_path_tag_length"
    }
  }

  /// `envoy.config.trace.v3.Tracing.Http`: a tracer by name and configuration.
  public struct TracingProvider: Codable, Sendable, Hashable {
    public var name: String
    public var typedConfig: TypedConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig) {
      self.name = name
      self.typedConfig = typedConfig
    }

    /// The tracer for `config`, under the name Envoy registers it by.
    public init(_ config: some NamedEnvoyExtension) {
      self.init(name: type(of: config).extensionName, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.config.trace.v3.ZipkinConfig`.
  public struct ZipkinConfig: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.config.trace.v3.ZipkinConfig"
    public static let extensionName = "envoy.tracers.zipkin"

    public var collectorCluster: String
    /// `/api/v2/spans` for Zipkin's API.
    public var collectorEndpoint: String
    /// `HTTP_JSON` or `HTTP_PROTO`.
    public var collectorEndpointVersion: String?
    public var sharedSpanContext: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      collectorCluster: String, collectorEndpoint: String = "/api/v2/spans",
      collectorEndpointVersion: String? = "HTTP_JSON", sharedSpanContext: Bool? = nil
    ) {
      self.collectorCluster = collectorCluster
      self.collectorEndpoint = collectorEndpoint
      self.collectorEndpointVersion = collectorEndpointVersion
      self.sharedSpanContext = sharedSpanContext
    }

    enum CodingKeys: String, CodingKey {
      case collectorCluster = "collector_cluster"
      case collectorEndpoint = "collector_endpoint"
      case collectorEndpointVersion = "collector_endpoint_version"
      case sharedSpanContext = "shared_span_context"
    }
  }

  /// `envoy.config.trace.v3.OpenTelemetryConfig`: spans over OTLP/gRPC.
  public struct OpenTelemetryConfig: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig"
    public static let extensionName = "envoy.tracers.opentelemetry"

    public var grpcService: GRPCService
    public var serviceName: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(grpcService: GRPCService, serviceName: String? = nil) {
      self.grpcService = grpcService
      self.serviceName = serviceName
    }

    enum CodingKeys: String, CodingKey {
      case grpcService = "grpc_service"
      case serviceName = "service_name"
    }
  }
}
