import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.bootstrap.v3.Bootstrap`: everything Envoy reads at start.
  ///
  /// A static sidecar puts every listener, cluster and secret in ``staticResources``; an
  /// xDS sidecar names its management server in ``dynamicResources`` and keeps only that
  /// server's cluster static.
  public struct Bootstrap: Codable, Sendable, Hashable {
    public var node: Node?
    public var admin: Admin?
    public var staticResources: StaticResources?
    public var dynamicResources: DynamicResources?
    public var layeredRuntime: LayeredRuntime?
    public var statsConfig: StatsConfig?
    public var statsSinks: [TypedExtensionConfig]?
    public var statsFlushInterval: ProtoDuration?
    public var overloadManager: OverloadManager?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      node: Node? = nil, admin: Admin? = nil, staticResources: StaticResources? = nil,
      dynamicResources: DynamicResources? = nil, layeredRuntime: LayeredRuntime? = nil,
      statsConfig: StatsConfig? = nil, statsSinks: [TypedExtensionConfig]? = nil,
      statsFlushInterval: ProtoDuration? = nil, overloadManager: OverloadManager? = nil
    ) {
      self.node = node
      self.admin = admin
      self.staticResources = staticResources
      self.dynamicResources = dynamicResources
      self.layeredRuntime = layeredRuntime
      self.statsConfig = statsConfig
      self.statsSinks = statsSinks
      self.statsFlushInterval = statsFlushInterval
      self.overloadManager = overloadManager
    }

    enum CodingKeys: String, CodingKey {
      case node, admin
      case staticResources = "static_resources"
      case dynamicResources = "dynamic_resources"
      case layeredRuntime = "layered_runtime"
      case statsConfig = "stats_config"
      case statsSinks = "stats_sinks"
      case statsFlushInterval = "stats_flush_interval"
      case overloadManager = "overload_manager"
    }
  }

  /// `envoy.config.bootstrap.v3.Admin`: the admin listener (stats, config dump, ready).
  public struct Admin: Codable, Sendable, Hashable {
    public var address: Address?
    public var accessLog: [AccessLog]?

    /// Creates a value; every parameter is the property of the same name.
    public init(address: Address? = nil, accessLog: [AccessLog]? = nil) {
      self.address = address
      self.accessLog = accessLog
    }

    enum CodingKeys: String, CodingKey {
      case address
      case accessLog = "access_log"
    }
  }

  /// `envoy.config.bootstrap.v3.Bootstrap.StaticResources`.
  public struct StaticResources: Codable, Sendable, Hashable {
    public var listeners: [Listener]?
    public var clusters: [Cluster]?
    public var secrets: [Secret]?

    /// Creates a value; every parameter is the property of the same name.
    public init(listeners: [Listener]? = nil, clusters: [Cluster]? = nil, secrets: [Secret]? = nil)
    {
      self.listeners = listeners
      self.clusters = clusters
      self.secrets = secrets
    }
  }

  /// `envoy.config.bootstrap.v3.Bootstrap.DynamicResources`.
  public struct DynamicResources: Codable, Sendable, Hashable {
    public var ldsConfig: ConfigSource?
    public var cdsConfig: ConfigSource?
    public var adsConfig: APIConfigSource?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      ldsConfig: ConfigSource? = nil, cdsConfig: ConfigSource? = nil,
      adsConfig: APIConfigSource? = nil
    ) {
      self.ldsConfig = ldsConfig
      self.cdsConfig = cdsConfig
      self.adsConfig = adsConfig
    }

    enum CodingKeys: String, CodingKey {
      case ldsConfig = "lds_config"
      case cdsConfig = "cds_config"
      case adsConfig = "ads_config"
    }
  }

  /// `envoy.config.bootstrap.v3.LayeredRuntime`.
  public struct LayeredRuntime: Codable, Sendable, Hashable {
    public var layers: [RuntimeLayer]

    /// Creates a value; every parameter is the property of the same name.
    public init(layers: [RuntimeLayer]) {
      self.layers = layers
    }
  }

  /// `envoy.config.bootstrap.v3.RuntimeLayer`: static values, or the admin layer that
  /// `/runtime_modify` writes.
  public struct RuntimeLayer: Codable, Sendable, Hashable {
    public var name: String
    public var staticLayer: [String: YAMLNode]?
    public var adminLayer: EmptyMessage?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, staticLayer: [String: YAMLNode]? = nil, adminLayer: EmptyMessage? = nil
    ) {
      self.name = name
      self.staticLayer = staticLayer
      self.adminLayer = adminLayer
    }

    enum CodingKeys: String, CodingKey {
      case name
      case staticLayer = "static_layer"
      case adminLayer = "admin_layer"
    }
  }

  /// `envoy.config.metrics.v3.StatsConfig`.
  public struct StatsConfig: Codable, Sendable, Hashable {
    public var useAllDefaultTags: Bool?
    public var statsTags: [TagSpecifier]?
    public var histogramBucketSettings: [HistogramBucketSettings]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      useAllDefaultTags: Bool? = nil, statsTags: [TagSpecifier]? = nil,
      histogramBucketSettings: [HistogramBucketSettings]? = nil
    ) {
      self.useAllDefaultTags = useAllDefaultTags
      self.statsTags = statsTags
      self.histogramBucketSettings = histogramBucketSettings
    }

    enum CodingKeys: String, CodingKey {
      case useAllDefaultTags = "use_all_default_tags"
      case statsTags = "stats_tags"
      case histogramBucketSettings = "histogram_bucket_settings"
    }
  }

  /// `envoy.config.metrics.v3.TagSpecifier`: a tag every stat carries, fixed or extracted.
  public struct TagSpecifier: Codable, Sendable, Hashable {
    public var tagName: String
    public var regex: String?
    public var fixedValue: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(tagName: String, regex: String? = nil, fixedValue: String? = nil) {
      self.tagName = tagName
      self.regex = regex
      self.fixedValue = fixedValue
    }

    enum CodingKeys: String, CodingKey {
      case tagName = "tag_name"
      case regex
      case fixedValue = "fixed_value"
    }
  }

  /// `envoy.config.metrics.v3.HistogramBucketSettings`.
  public struct HistogramBucketSettings: Codable, Sendable, Hashable {
    public var match: StringMatcher
    public var buckets: [Double]

    /// Creates a value; every parameter is the property of the same name.
    public init(match: StringMatcher, buckets: [Double]) {
      self.match = match
      self.buckets = buckets
    }
  }

  /// `envoy.config.overload.v3.OverloadManager`: resource monitors and what to do when
  /// they trip.
  public struct OverloadManager: Codable, Sendable, Hashable {
    public var refreshInterval: ProtoDuration?
    public var resourceMonitors: [TypedExtensionConfig]?
    public var actions: [OverloadAction]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      refreshInterval: ProtoDuration? = nil, resourceMonitors: [TypedExtensionConfig]? = nil,
      actions: [OverloadAction]? = nil
    ) {
      self.refreshInterval = refreshInterval
      self.resourceMonitors = resourceMonitors
      self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
      case refreshInterval = "refresh_interval"
      case resourceMonitors = "resource_monitors"
      case actions
    }
  }

  /// `envoy.config.overload.v3.OverloadAction`.
  public struct OverloadAction: Codable, Sendable, Hashable {
    public var name: String
    public var triggers: [OverloadTrigger]

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, triggers: [OverloadTrigger]) {
      self.name = name
      self.triggers = triggers
    }
  }

  /// `envoy.config.overload.v3.Trigger` with a threshold.
  public struct OverloadTrigger: Codable, Sendable, Hashable {
    public struct Threshold: Codable, Sendable, Hashable {
      public var value: Double
      public init(value: Double) { self.value = value }
    }

    public var name: String
    public var threshold: Threshold

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, threshold: Threshold) {
      self.name = name
      self.threshold = threshold
    }
  }

  /// `envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig`.
  public struct FixedHeapConfig: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.resource_monitors.fixed_heap.v3.FixedHeapConfig"
    public var maxHeapSizeBytes: UInt64

    /// Creates a value; every parameter is the property of the same name.
    public init(maxHeapSizeBytes: UInt64) {
      self.maxHeapSizeBytes = maxHeapSizeBytes
    }

    enum CodingKeys: String, CodingKey {
      case maxHeapSizeBytes = "max_heap_size_bytes"
    }
  }
}
