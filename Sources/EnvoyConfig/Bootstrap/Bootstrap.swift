import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.bootstrap.v3.Bootstrap`: everything Envoy reads at start.
  ///
  /// A static sidecar puts every listener, cluster and secret in ``staticResources``; an
  /// xDS sidecar names its management server in ``dynamicResources`` and keeps only that
  /// server's cluster static.
  public struct Bootstrap: Codable, Sendable, Hashable {
    /// `node`: who this proxy is, for the management server and for stats.
    public var node: Node?
    /// `admin`: the admin listener; none when absent.
    public var admin: Admin?
    /// `static_resources`: listeners, clusters and secrets fixed in the bootstrap.
    public var staticResources: StaticResources?
    /// `dynamic_resources`: where listeners and clusters come from by xDS.
    public var dynamicResources: DynamicResources?
    /// `layered_runtime`: the runtime's layers, later ones overriding earlier ones.
    public var layeredRuntime: LayeredRuntime?
    /// `stats_config`: how stat names are tagged and histograms bucketed.
    public var statsConfig: StatsConfig?
    /// `stats_sinks`: where stats are sent, such as statsd; nowhere but the admin endpoint when
    /// absent.
    public var statsSinks: [TypedExtensionConfig]?
    /// `stats_flush_interval`: how often stats are flushed to the sinks; 5 seconds when absent.
    public var statsFlushInterval: ProtoDuration?
    /// `overload_manager`: resource monitors and the actions they trigger; none when absent.
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
    /// `address`: where the admin listener listens.
    public var address: Address?
    /// `access_log`: where requests to the admin listener are logged.
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
    /// `listeners`: the static listeners.
    public var listeners: [Listener]?
    /// `clusters`: the static clusters, among them the management server's.
    public var clusters: [Cluster]?
    /// `secrets`: the static secrets (certificates, keys, validation contexts) SDS configurations
    /// may name.
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
    /// `lds_config`: where the listeners come from; no dynamic listeners when absent.
    public var ldsConfig: ConfigSource?
    /// `cds_config`: where the clusters come from; no dynamic clusters when absent.
    public var cdsConfig: ConfigSource?
    /// `ads_config`: the aggregated discovery server that ``ConfigSource/aggregated`` sources use.
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
    /// `layers`: the layers, in order; a later layer overrides an earlier one's keys.
    public var layers: [RuntimeLayer]

    /// Creates a value; every parameter is the property of the same name.
    public init(layers: [RuntimeLayer]) {
      self.layers = layers
    }
  }

  /// `envoy.config.bootstrap.v3.RuntimeLayer`: static values, or the admin layer that
  /// `/runtime_modify` writes.
  public struct RuntimeLayer: Codable, Sendable, Hashable {
    /// `name`: the layer's name, shown by the admin `/runtime` endpoint.
    public var name: String
    /// `static_layer`: fixed runtime values by key; set this or `adminLayer`.
    public var staticLayer: [String: YAMLNode]?
    /// `admin_layer`: the layer that the admin `/runtime_modify` endpoint writes.
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
    /// `use_all_default_tags`: whether Envoy's built-in tag extractors run; `true` when absent.
    public var useAllDefaultTags: Bool?
    /// `stats_tags`: tags of Envoy's own, extracted from stat names or fixed.
    public var statsTags: [TagSpecifier]?
    /// `histogram_bucket_settings`: bucket bounds for the histograms whose names match; Envoy's
    /// default buckets for the others.
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
    /// `tag_name`: the tag's name.
    public var tagName: String
    /// `regex`: the expression whose first capture group, taken out of the stat's name, is the
    /// tag's value; set this or `fixedValue`.
    public var regex: String?
    /// `fixed_value`: the value every stat gets for the tag.
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
    /// `match`: the histograms these buckets apply to, by stat name.
    public var match: StringMatcher
    /// `buckets`: the buckets' upper bounds, in the histogram's unit.
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
    /// `refresh_interval`: how often the resource monitors are read; 1 second when absent.
    public var refreshInterval: ProtoDuration?
    /// `resource_monitors`: the resources watched, such as ``FixedHeapConfig``.
    public var resourceMonitors: [TypedExtensionConfig]?
    /// `actions`: what to do as monitored resources run short.
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
    /// `name`: the action, such as `envoy.overload_actions.stop_accepting_requests`.
    public var name: String
    /// `triggers`: the monitors and thresholds that fire the action; any one fires it.
    public var triggers: [OverloadTrigger]

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, triggers: [OverloadTrigger]) {
      self.name = name
      self.triggers = triggers
    }
  }

  /// `envoy.config.overload.v3.Trigger` with a threshold.
  public struct OverloadTrigger: Codable, Sendable, Hashable {
    /// `ThresholdTrigger`: fires once the resource's pressure reaches a value.
    public struct Threshold: Codable, Sendable, Hashable {
      /// `value`: the pressure, from 0 to 1, at which the trigger fires.
      public var value: Double
      /// Creates a value; the parameter is the property of the same name.
      public init(value: Double) { self.value = value }
    }

    /// `name`: the resource monitor the trigger reads.
    public var name: String
    /// `threshold`: the pressure at which the trigger fires.
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
    /// `max_heap_size_bytes`: the heap size counted as full pressure, in bytes.
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
