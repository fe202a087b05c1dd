import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.core.v3.Node`: who the proxy is, for the control plane and for stats.
  public struct Node: Codable, Sendable, Hashable {
    /// `id`: the proxy's unique name, sent to the control plane and used in stats.
    public var id: String?
    /// `cluster`: the service cluster the proxy belongs to, for stats, logs and tracing.
    public var cluster: String?
    /// A `google.protobuf.Struct`; Istio reads its keys (`NAMESPACE`, `LABELS`, ...).
    public var metadata: [String: YAMLNode]?
    /// `locality`: where the proxy runs, for zone-aware routing.
    public var locality: Locality?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      id: String? = nil, cluster: String? = nil, metadata: [String: YAMLNode]? = nil,
      locality: Locality? = nil
    ) {
      self.id = id
      self.cluster = cluster
      self.metadata = metadata
      self.locality = locality
    }
  }

  /// `envoy.config.core.v3.Locality`.
  public struct Locality: Codable, Sendable, Hashable {
    /// `region`: the region, such as a cloud provider's (`us-east-1`).
    public var region: String?
    /// `zone`: the availability zone within the region.
    public var zone: String?
    /// `sub_zone`: a finer division within the zone, such as a rack.
    public var subZone: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(region: String? = nil, zone: String? = nil, subZone: String? = nil) {
      self.region = region
      self.zone = zone
      self.subZone = subZone
    }

    enum CodingKeys: String, CodingKey {
      case region, zone
      case subZone = "sub_zone"
    }
  }

  /// `envoy.config.core.v3.DataSource`: a file, or inline text or bytes.
  public struct DataSource: Codable, Sendable, Hashable {
    /// `filename`: a file Envoy reads the data from; set exactly one of the three.
    public var filename: String?
    /// `inline_string`: the data, as text.
    public var inlineString: String?
    /// `inline_bytes`: the data, in base64 as protobuf's JSON mapping writes bytes.
    public var inlineBytes: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(filename: String? = nil, inlineString: String? = nil, inlineBytes: String? = nil) {
      self.filename = filename
      self.inlineString = inlineString
      self.inlineBytes = inlineBytes
    }

    /// The contents of a file, read by Envoy.
    public static func file(_ path: String) -> DataSource { DataSource(filename: path) }
    /// Inline text.
    public static func inline(_ text: String) -> DataSource { DataSource(inlineString: text) }

    enum CodingKeys: String, CodingKey {
      case filename
      case inlineString = "inline_string"
      case inlineBytes = "inline_bytes"
    }
  }

  /// `envoy.config.core.v3.HeaderValue`.
  public struct HeaderValue: Codable, Sendable, Hashable {
    /// `key`: the header's name.
    public var key: String
    /// `value`: the header's value.
    public var value: String

    /// Creates a value; every parameter is the property of the same name.
    public init(key: String, value: String) {
      self.key = key
      self.value = value
    }
  }

  /// `envoy.config.core.v3.HeaderValueOption`: a header to add, and whether it replaces or
  /// joins existing values.
  public struct HeaderValueOption: Codable, Sendable, Hashable {
    /// `APPEND_IF_EXISTS_OR_ADD` (the default), `ADD_IF_ABSENT`,
    /// `OVERWRITE_IF_EXISTS_OR_ADD`, `OVERWRITE_IF_EXISTS`.
    public enum AppendAction: String, Codable, Sendable, Hashable {
      /// Appends the value to the header's values, or adds the header when there is none; the
      /// default.
      case appendIfExistsOrAdd = "APPEND_IF_EXISTS_OR_ADD"
      /// Adds the header only when there is none.
      case addIfAbsent = "ADD_IF_ABSENT"
      /// Replaces the header's values, or adds the header when there is none.
      case overwriteIfExistsOrAdd = "OVERWRITE_IF_EXISTS_OR_ADD"
      /// Replaces the header's values; adds nothing when there is none.
      case overwriteIfExists = "OVERWRITE_IF_EXISTS"
    }

    /// `header`: the header and its value.
    public var header: HeaderValue
    /// `append_action`: how the value meets the header's existing values; `APPEND_IF_EXISTS_OR_ADD`
    /// when absent.
    public var appendAction: AppendAction?

    /// Creates a value; every parameter is the property of the same name.
    public init(header: HeaderValue, appendAction: AppendAction? = nil) {
      self.header = header
      self.appendAction = appendAction
    }

    enum CodingKeys: String, CodingKey {
      case header
      case appendAction = "append_action"
    }
  }

  /// `envoy.type.v3.FractionalPercent`.
  public struct FractionalPercent: Codable, Sendable, Hashable {
    /// `HUNDRED`, `TEN_THOUSAND` or `MILLION`.
    public enum Denominator: String, Codable, Sendable, Hashable {
      /// Out of 100; the default.
      case hundred = "HUNDRED"
      /// Out of 10,000.
      case tenThousand = "TEN_THOUSAND"
      /// Out of 1,000,000.
      case million = "MILLION"
    }

    /// `numerator`: the share, out of the denominator; a value above it counts as the whole.
    public var numerator: UInt32
    /// `denominator`: what `numerator` is out of; `HUNDRED` when absent.
    public var denominator: Denominator?

    /// Creates a value; every parameter is the property of the same name.
    public init(numerator: UInt32, denominator: Denominator? = nil) {
      self.numerator = numerator
      self.denominator = denominator
    }

    /// A percentage with up to four decimals (`12.5` -> 125,000 per million).
    public static func percent(_ value: Double) -> FractionalPercent {
      FractionalPercent(numerator: UInt32((value * 10_000).rounded()), denominator: .million)
    }
  }

  /// `envoy.config.core.v3.RuntimeFractionalPercent`: a fraction a runtime key may override.
  public struct RuntimeFractionalPercent: Codable, Sendable, Hashable {
    /// `default_value`: the fraction when the runtime key has no value.
    public var defaultValue: FractionalPercent
    /// `runtime_key`: the runtime key whose value overrides `default_value`; none when absent.
    public var runtimeKey: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(defaultValue: FractionalPercent, runtimeKey: String? = nil) {
      self.defaultValue = defaultValue
      self.runtimeKey = runtimeKey
    }

    enum CodingKeys: String, CodingKey {
      case defaultValue = "default_value"
      case runtimeKey = "runtime_key"
    }
  }

  /// `envoy.type.v3.Percent`.
  public struct PercentValue: Codable, Sendable, Hashable {
    /// `value`: the percentage, from 0 to 100.
    public var value: Double

    /// Creates a value; every parameter is the property of the same name.
    public init(value: Double) {
      self.value = value
    }
  }

  /// `envoy.config.core.v3.TransportSocket`: TLS, or raw bytes.
  public struct TransportSocket: Codable, Sendable, Hashable {
    /// `name`: the transport socket's name, such as `envoy.transport_sockets.tls`.
    public var name: String
    /// `typed_config`: the transport socket's settings, such as a TLS context.
    public var typedConfig: TypedConfig?

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig? = nil) {
      self.name = name
      self.typedConfig = typedConfig
    }

    /// The TLS transport socket with `context` (an upstream or downstream TLS context).
    public static func tls(_ context: some EnvoyTypedConfig) -> TransportSocket {
      TransportSocket(name: "envoy.transport_sockets.tls", typedConfig: TypedConfig(context))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.config.core.v3.TypedExtensionConfig`: a named extension and its configuration.
  public struct TypedExtensionConfig: Codable, Sendable, Hashable {
    /// `name`: the extension's name, as Envoy registers it.
    public var name: String
    /// `typed_config`: the extension's settings; their type URL selects the extension.
    public var typedConfig: TypedConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig) {
      self.name = name
      self.typedConfig = typedConfig
    }

    /// An extension whose configuration is `config`.
    public init(name: String, _ config: some EnvoyTypedConfig) {
      self.init(name: name, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.config.core.v3.ConfigSource`: where a resource comes from: a file watched on
  /// disk, the aggregated (ADS) stream, or a gRPC API.
  public struct ConfigSource: Codable, Sendable, Hashable {
    /// `path_config_source`: a file Envoy watches; set exactly one of the three sources.
    public var pathConfigSource: PathConfigSource?
    /// `ads`: the aggregated discovery stream the bootstrap configures.
    public var ads: EmptyMessage?
    /// `api_config_source`: a management server of its own.
    public var apiConfigSource: APIConfigSource?
    /// `initial_fetch_timeout`: how long Envoy waits for the first resources before it goes on
    /// initializing without them; 15 seconds when absent, 0 waits without limit.
    public var initialFetchTimeout: ProtoDuration?
    /// `resource_api_version`: the resources' API version, `V3`.
    public var resourceAPIVersion: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      pathConfigSource: PathConfigSource? = nil, ads: EmptyMessage? = nil,
      apiConfigSource: APIConfigSource? = nil, initialFetchTimeout: ProtoDuration? = nil,
      resourceAPIVersion: String? = nil
    ) {
      self.pathConfigSource = pathConfigSource
      self.ads = ads
      self.apiConfigSource = apiConfigSource
      self.initialFetchTimeout = initialFetchTimeout
      self.resourceAPIVersion = resourceAPIVersion
    }

    /// Resources from the ADS stream of the bootstrap's `dynamic_resources.ads_config`.
    public static let aggregated = ConfigSource(ads: EmptyMessage(), resourceAPIVersion: "V3")

    /// Resources from a file Envoy watches; `watchedDirectory` makes it notice a directory
    /// swapped by rename, the way rotated certificates are written.
    public static func file(_ path: String, watchedDirectory: String? = nil) -> ConfigSource {
      ConfigSource(
        pathConfigSource: PathConfigSource(
          path: path, watchedDirectory: watchedDirectory.map(WatchedDirectory.init(path:))),
        resourceAPIVersion: "V3")
    }

    enum CodingKeys: String, CodingKey {
      case pathConfigSource = "path_config_source"
      case ads
      case apiConfigSource = "api_config_source"
      case initialFetchTimeout = "initial_fetch_timeout"
      case resourceAPIVersion = "resource_api_version"
    }
  }

  /// `envoy.config.core.v3.PathConfigSource`.
  public struct PathConfigSource: Codable, Sendable, Hashable {
    /// `path`: the file holding the resources (a `DiscoveryResponse`); Envoy reloads it when a new
    /// file is moved into place.
    public var path: String
    /// `watched_directory`: a directory whose moves make Envoy reload `path`, for files swapped
    /// through a symbolic link; only `path`'s own moves when absent.
    public var watchedDirectory: WatchedDirectory?

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String, watchedDirectory: WatchedDirectory? = nil) {
      self.path = path
      self.watchedDirectory = watchedDirectory
    }

    enum CodingKeys: String, CodingKey {
      case path
      case watchedDirectory = "watched_directory"
    }
  }

  /// `envoy.config.core.v3.WatchedDirectory`.
  public struct WatchedDirectory: Codable, Sendable, Hashable {
    /// `path`: the directory watched.
    public var path: String

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String) {
      self.path = path
    }
  }

  /// `envoy.config.core.v3.ApiConfigSource`: a gRPC management server.
  public struct APIConfigSource: Codable, Sendable, Hashable {
    /// `api_type`: the protocol: `GRPC`, `DELTA_GRPC`, `AGGREGATED_GRPC`,
    /// `AGGREGATED_DELTA_GRPC` or `REST`.
    public var apiType: String
    /// `transport_api_version`: the API version of the xDS transport, `V3`.
    public var transportAPIVersion: String?
    /// `grpc_services`: the management server to call; Envoy uses the first.
    public var grpcServices: [GRPCService]?
    /// `set_node_on_first_message_only`: when `true`, the node goes only on a stream's first
    /// request; `false` when absent.
    public var setNodeOnFirstMessageOnly: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      apiType: String, transportAPIVersion: String? = "V3", grpcServices: [GRPCService]? = nil,
      setNodeOnFirstMessageOnly: Bool? = nil
    ) {
      self.apiType = apiType
      self.transportAPIVersion = transportAPIVersion
      self.grpcServices = grpcServices
      self.setNodeOnFirstMessageOnly = setNodeOnFirstMessageOnly
    }

    enum CodingKeys: String, CodingKey {
      case apiType = "api_type"
      case transportAPIVersion = "transport_api_version"
      case grpcServices = "grpc_services"
      case setNodeOnFirstMessageOnly = "set_node_on_first_message_only"
    }
  }

  /// `envoy.config.core.v3.GrpcService`, through Envoy's own gRPC client to a cluster.
  public struct GRPCService: Codable, Sendable, Hashable {
    /// `envoy_grpc`: calls through Envoy's own gRPC client to a cluster.
    public var envoyGRPC: EnvoyGRPC?
    /// `timeout`: the deadline of each call; none when absent.
    public var timeout: ProtoDuration?

    /// Creates a value; every parameter is the property of the same name.
    public init(envoyGRPC: EnvoyGRPC? = nil, timeout: ProtoDuration? = nil) {
      self.envoyGRPC = envoyGRPC
      self.timeout = timeout
    }

    /// Calls through the cluster `name`.
    public static func cluster(_ name: String) -> GRPCService {
      GRPCService(envoyGRPC: EnvoyGRPC(clusterName: name))
    }

    enum CodingKeys: String, CodingKey {
      case envoyGRPC = "envoy_grpc"
      case timeout
    }
  }

  /// `envoy.config.core.v3.GrpcService.EnvoyGrpc`.
  public struct EnvoyGRPC: Codable, Sendable, Hashable {
    /// `cluster_name`: the cluster the calls go to; it must speak HTTP/2.
    public var clusterName: String
    /// `authority`: the calls' `:authority`; `cluster_name` when absent.
    public var authority: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(clusterName: String, authority: String? = nil) {
      self.clusterName = clusterName
      self.authority = authority
    }

    enum CodingKeys: String, CodingKey {
      case clusterName = "cluster_name"
      case authority
    }
  }

  /// A message with no fields (`{}`), for oneof members that are switches.
  public struct EmptyMessage: Codable, Sendable, Hashable {
    /// Creates the empty message.
    public init() {}
  }
}
