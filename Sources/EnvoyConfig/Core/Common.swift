import Foundation
import YAMLCoding

extension Envoy {
  /// `envoy.config.core.v3.Node`: who the proxy is, for the control plane and for stats.
  public struct Node: Codable, Sendable, Hashable {
    public var id: String?
    public var cluster: String?
    /// A `google.protobuf.Struct`; Istio reads its keys (`NAMESPACE`, `LABELS`, ...).
    public var metadata: [String: YAMLNode]?
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
    public var region: String?
    public var zone: String?
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
    public var filename: String?
    public var inlineString: String?
    /// Base64, as protobuf's JSON mapping writes bytes.
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
    public var key: String
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
      case appendIfExistsOrAdd = "APPEND_IF_EXISTS_OR_ADD"
      case addIfAbsent = "ADD_IF_ABSENT"
      case overwriteIfExistsOrAdd = "OVERWRITE_IF_EXISTS_OR_ADD"
      case overwriteIfExists = "OVERWRITE_IF_EXISTS"
    }

    public var header: HeaderValue
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
      case hundred = "HUNDRED"
      case tenThousand = "TEN_THOUSAND"
      case million = "MILLION"
    }

    public var numerator: UInt32
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
    public var defaultValue: FractionalPercent
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
    public var value: Double

    /// Creates a value; every parameter is the property of the same name.
    public init(value: Double) {
      self.value = value
    }
  }

  /// `envoy.config.core.v3.TransportSocket`: TLS, or raw bytes.
  public struct TransportSocket: Codable, Sendable, Hashable {
    public var name: String
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
    public var name: String
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
    public var pathConfigSource: PathConfigSource?
    public var ads: EmptyMessage?
    public var apiConfigSource: APIConfigSource?
    public var initialFetchTimeout: ProtoDuration?
    /// `V3`.
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
    public var path: String
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
    public var path: String

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String) {
      self.path = path
    }
  }

  /// `envoy.config.core.v3.ApiConfigSource`: a gRPC management server.
  public struct APIConfigSource: Codable, Sendable, Hashable {
    /// `GRPC`, `DELTA_GRPC`, `AGGREGATED_GRPC`, `AGGREGATED_DELTA_GRPC`, `REST`.
    public var apiType: String
    public var transportAPIVersion: String?
    public var grpcServices: [GRPCService]?
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
    public var envoyGRPC: EnvoyGRPC?
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
    public var clusterName: String
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
    public init() {}
  }
}
