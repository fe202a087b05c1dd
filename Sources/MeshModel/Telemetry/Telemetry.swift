/// The spec of a Telemetry resource: tracing, metrics and access logging for selected workloads.
///
/// Fields and spellings follow Istio's `telemetry.istio.io/v1` `Telemetry`.
public struct TelemetrySpec: Codable, Sendable, Hashable {
  /// Workloads the policy applies to; all in its namespace (or the mesh, in the root namespace) when absent.
  public var selector: LabelSelector?
  /// Deprecated: use `targetRefs`.
  public var targetRef: PolicyTargetReference?
  /// Gateways or services the policy is attached to; excludes `selector`.
  public var targetRefs: [PolicyTargetReference]?
  /// Tracing settings.
  public var tracing: [Tracing]?
  /// Metrics settings.
  public var metrics: [Metrics]?
  /// Access logging settings.
  public var accessLogging: [AccessLogging]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    selector: LabelSelector? = nil,
    targetRef: PolicyTargetReference? = nil,
    targetRefs: [PolicyTargetReference]? = nil,
    tracing: [Tracing]? = nil,
    metrics: [Metrics]? = nil,
    accessLogging: [AccessLogging]? = nil
  ) {
    self.selector = selector
    self.targetRef = targetRef
    self.targetRefs = targetRefs
    self.tracing = tracing
    self.metrics = metrics
    self.accessLogging = accessLogging
  }
}

/// A telemetry provider declared in the mesh configuration.
public struct ProviderRef: Codable, Sendable, Hashable {
  /// The provider's name.
  public var name: String

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String
  ) {
    self.name = name
  }
}

/// Which side of traffic a setting applies to.
public struct WorkloadModeSelector: Codable, Sendable, Hashable {
  /// The side.
  public var mode: WorkloadMode?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    mode: WorkloadMode? = nil
  ) {
    self.mode = mode
  }
}

/// Which side of traffic a telemetry setting applies to.
public enum WorkloadMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// Both.
  case clientAndServer = "CLIENT_AND_SERVER"
  /// Outbound (client) traffic.
  case client = "CLIENT"
  /// Inbound (server) traffic.
  case server = "SERVER"
}

/// Tracing settings.
public struct Tracing: Codable, Sendable, Hashable {
  /// The traffic side they apply to.
  public var match: WorkloadModeSelector?
  /// Tracing providers.
  public var providers: [ProviderRef]?
  /// Share of requests sampled, 0 to 100.
  public var randomSamplingPercentage: Double?
  /// Whether spans are not reported.
  public var disableSpanReporting: Bool?
  /// Tags added to spans.
  public var customTags: [String: CustomTag]?
  /// Whether the request id decides sampling.
  public var useRequestIdForTraceSampling: Bool?
  /// Whether Istio's own tags are added.
  public var enableIstioTags: Bool?
  /// Whether trace context headers are not propagated.
  public var disableContextPropagation: Bool?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: WorkloadModeSelector? = nil,
    providers: [ProviderRef]? = nil,
    randomSamplingPercentage: Double? = nil,
    disableSpanReporting: Bool? = nil,
    customTags: [String: CustomTag]? = nil,
    useRequestIdForTraceSampling: Bool? = nil,
    enableIstioTags: Bool? = nil,
    disableContextPropagation: Bool? = nil
  ) {
    self.match = match
    self.providers = providers
    self.randomSamplingPercentage = randomSamplingPercentage
    self.disableSpanReporting = disableSpanReporting
    self.customTags = customTags
    self.useRequestIdForTraceSampling = useRequestIdForTraceSampling
    self.enableIstioTags = enableIstioTags
    self.disableContextPropagation = disableContextPropagation
  }
}

/// A span tag; exactly one source.
public struct CustomTag: Codable, Sendable, Hashable {
  /// A fixed value.
  public var literal: LiteralTag?
  /// An environment variable of the proxy.
  public var environment: EnvironmentTag?
  /// A request header.
  public var header: RequestHeaderTag?
  /// An access log format string.
  public var formatter: FormatterTag?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    literal: LiteralTag? = nil,
    environment: EnvironmentTag? = nil,
    header: RequestHeaderTag? = nil,
    formatter: FormatterTag? = nil
  ) {
    self.literal = literal
    self.environment = environment
    self.header = header
    self.formatter = formatter
  }
}

/// A fixed tag value.
public struct LiteralTag: Codable, Sendable, Hashable {
  /// The value.
  public var value: String

  /// Creates a value; every parameter is the property of the same name.
  public init(
    value: String
  ) {
    self.value = value
  }
}

/// A tag from an environment variable.
public struct EnvironmentTag: Codable, Sendable, Hashable {
  /// The variable.
  public var name: String
  /// Used when the variable is unset.
  public var defaultValue: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String,
    defaultValue: String? = nil
  ) {
    self.name = name
    self.defaultValue = defaultValue
  }
}

/// A tag from a request header.
public struct RequestHeaderTag: Codable, Sendable, Hashable {
  /// The header.
  public var name: String
  /// Used when the header is absent.
  public var defaultValue: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String,
    defaultValue: String? = nil
  ) {
    self.name = name
    self.defaultValue = defaultValue
  }
}

/// A tag from an access-log format string.
public struct FormatterTag: Codable, Sendable, Hashable {
  /// The format string.
  public var value: String

  /// Creates a value; every parameter is the property of the same name.
  public init(
    value: String
  ) {
    self.value = value
  }
}

/// Metrics settings.
public struct Metrics: Codable, Sendable, Hashable {
  /// Metrics providers.
  public var providers: [ProviderRef]?
  /// Changes to metrics, applied in order.
  public var overrides: [MetricsOverrides]?
  /// How often metrics are reported, a duration.
  public var reportingInterval: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    providers: [ProviderRef]? = nil,
    overrides: [MetricsOverrides]? = nil,
    reportingInterval: String? = nil
  ) {
    self.providers = providers
    self.overrides = overrides
    self.reportingInterval = reportingInterval
  }
}

/// A change to the generated metrics.
public struct MetricsOverrides: Codable, Sendable, Hashable {
  /// The metrics changed; all when absent.
  public var match: MetricSelector?
  /// Whether they are turned off.
  public var disabled: Bool?
  /// Tags added, changed or removed.
  public var tagOverrides: [String: MetricTagOverride]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: MetricSelector? = nil,
    disabled: Bool? = nil,
    tagOverrides: [String: MetricTagOverride]? = nil
  ) {
    self.match = match
    self.disabled = disabled
    self.tagOverrides = tagOverrides
  }
}

/// Which metrics an override changes.
public struct MetricSelector: Codable, Sendable, Hashable {
  /// One of Istio's standard metrics.
  public var metric: IstioMetric?
  /// A custom metric's name.
  public var customMetric: String?
  /// The traffic side.
  public var mode: WorkloadMode?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    metric: IstioMetric? = nil,
    customMetric: String? = nil,
    mode: WorkloadMode? = nil
  ) {
    self.metric = metric
    self.customMetric = customMetric
    self.mode = mode
  }
}

/// Istio's standard metrics.
public enum IstioMetric: String, Codable, Sendable, Hashable, CaseIterable {
  /// All of them.
  case allMetrics = "ALL_METRICS"
  /// istio_requests_total.
  case requestCount = "REQUEST_COUNT"
  /// istio_request_duration_milliseconds.
  case requestDuration = "REQUEST_DURATION"
  /// istio_request_bytes.
  case requestSize = "REQUEST_SIZE"
  /// istio_response_bytes.
  case responseSize = "RESPONSE_SIZE"
  /// istio_tcp_connections_opened_total.
  case tcpOpenedConnections = "TCP_OPENED_CONNECTIONS"
  /// istio_tcp_connections_closed_total.
  case tcpClosedConnections = "TCP_CLOSED_CONNECTIONS"
  /// istio_tcp_sent_bytes_total.
  case tcpSentBytes = "TCP_SENT_BYTES"
  /// istio_tcp_received_bytes_total.
  case tcpReceivedBytes = "TCP_RECEIVED_BYTES"
  /// istio_request_messages_total.
  case grpcRequestMessages = "GRPC_REQUEST_MESSAGES"
  /// istio_response_messages_total.
  case grpcResponseMessages = "GRPC_RESPONSE_MESSAGES"
}

/// A change to one metric tag.
public struct MetricTagOverride: Codable, Sendable, Hashable {
  /// Add or change (UPSERT), or remove.
  public var operation: MetricTagOperation?
  /// A CEL expression giving the tag's value, for UPSERT.
  public var value: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    operation: MetricTagOperation? = nil,
    value: String? = nil
  ) {
    self.operation = operation
    self.value = value
  }
}

/// What a tag override does.
public enum MetricTagOperation: String, Codable, Sendable, Hashable, CaseIterable {
  /// Adds or changes the tag.
  case upsert = "UPSERT"
  /// Removes the tag.
  case remove = "REMOVE"
}

/// Access logging settings.
public struct AccessLogging: Codable, Sendable, Hashable {
  /// The traffic side they apply to.
  public var match: WorkloadModeSelector?
  /// Access log providers.
  public var providers: [ProviderRef]?
  /// Whether logging is off.
  public var disabled: Bool?
  /// Which requests are logged.
  public var filter: AccessLogFilter?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    match: WorkloadModeSelector? = nil,
    providers: [ProviderRef]? = nil,
    disabled: Bool? = nil,
    filter: AccessLogFilter? = nil
  ) {
    self.match = match
    self.providers = providers
    self.disabled = disabled
    self.filter = filter
  }
}

/// Which requests are logged.
public struct AccessLogFilter: Codable, Sendable, Hashable {
  /// A CEL expression; logged when true.
  public var expression: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    expression: String? = nil
  ) {
    self.expression = expression
  }
}
