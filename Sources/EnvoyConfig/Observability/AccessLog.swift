import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.accesslog.v3.AccessLog`: one access logger.
  public struct AccessLog: Codable, Sendable, Hashable {
    /// `name`: the logger's name, as Envoy registers it.
    public var name: String
    /// `filter`: which requests are logged; all when absent.
    public var filter: AccessLogFilter?
    /// `typed_config`: the logger's settings; their type URL selects the logger.
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
    /// `extension_filter`: the filter extension, such as ``CELExpressionFilter``.
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

    /// `expression`: the CEL expression; a request is logged when it evaluates to `true`.
    public var expression: String

    /// Creates a value; every parameter is the property of the same name.
    public init(expression: String) {
      self.expression = expression
    }
  }

  /// `envoy.config.core.v3.SubstitutionFormatString`: a text or JSON log line made of
  /// command operators (`%REQ(:PATH)%`, `%RESPONSE_CODE%`, ...).
  public struct LogFormat: Codable, Sendable, Hashable {
    /// `text_format_source`: the line's format, with command operators; set this or `jsonFormat`.
    public var textFormatSource: DataSource?
    /// `json_format`: the fields of a JSON object written per line, each value a format with
    /// command operators.
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

    /// `path`: the file the lines are appended to, such as `/dev/stdout`.
    public var path: String
    /// `log_format`: the line's format; Envoy's default text format when absent.
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

    /// `log_format`: the line's format; Envoy's default text format when absent.
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
    /// `random_sampling`: the share of requests without a tracing decision that are traced, in
    /// percent; 100 when absent.
    public var randomSampling: PercentValue?
    /// `client_sampling`: the share of requests with `x-client-trace-id` that are traced, in
    /// percent; 100 when absent.
    public var clientSampling: PercentValue?
    /// `overall_sampling`: a cap on the share of requests traced, applied after the other
    /// samplings, in percent; 100 when absent.
    public var overallSampling: PercentValue?
    /// `provider`: the tracer spans go to; the bootstrap's, if any, when absent.
    public var provider: TracingProvider?
    /// `spawn_upstream_span`: when `true`, the connection manager opens a span of its own for each
    /// upstream request; `false` when absent.
    public var spawnUpstreamSpan: Bool?
    /// `max_path_tag_length`: the longest the span's path tag gets, in characters; 256 when absent.
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
    /// `name`: the tracer's name, as Envoy registers it.
    public var name: String
    /// `typed_config`: the tracer's settings; their type URL selects the tracer.
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

    /// `collector_cluster`: the cluster of the Zipkin collector.
    public var collectorCluster: String
    /// `collector_endpoint`: the path spans are posted to, `/api/v2/spans` for Zipkin's API.
    public var collectorEndpoint: String
    /// `collector_endpoint_version`: the encoding of the spans, `HTTP_JSON` or `HTTP_PROTO`.
    public var collectorEndpointVersion: String?
    /// `shared_span_context`: whether client and server spans share one span ID (Zipkin's B3
    /// convention); `true` when absent.
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

    /// `grpc_service`: the OTLP collector, by gRPC.
    public var grpcService: GRPCService
    /// `service_name`: the `service.name` spans carry; `unknown_service:envoy` when absent.
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
