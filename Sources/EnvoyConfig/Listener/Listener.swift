import Foundation

extension Envoy {
  /// `envoy.config.listener.v3.Listener`.
  public struct Listener: Codable, Sendable, Hashable {
    /// `INBOUND` or `OUTBOUND`.
    public enum TrafficDirection: String, Codable, Sendable, Hashable {
      case unspecified = "UNSPECIFIED"
      case inbound = "INBOUND"
      case outbound = "OUTBOUND"
    }

    public var name: String
    public var address: Address
    public var filterChains: [FilterChain]?
    public var defaultFilterChain: FilterChain?
    public var listenerFilters: [ListenerFilter]?
    public var listenerFiltersTimeout: ProtoDuration?
    public var continueOnListenerFiltersTimeout: Bool?
    public var trafficDirection: TrafficDirection?
    /// Whether the listener binds its port; false for listeners reached through another's
    /// original destination.
    public var bindToPort: Bool?
    public var accessLog: [AccessLog]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, address: Address, filterChains: [FilterChain]? = nil,
      defaultFilterChain: FilterChain? = nil, listenerFilters: [ListenerFilter]? = nil,
      listenerFiltersTimeout: ProtoDuration? = nil, continueOnListenerFiltersTimeout: Bool? = nil,
      trafficDirection: TrafficDirection? = nil, bindToPort: Bool? = nil,
      accessLog: [AccessLog]? = nil
    ) {
      self.name = name
      self.address = address
      self.filterChains = filterChains
      self.defaultFilterChain = defaultFilterChain
      self.listenerFilters = listenerFilters
      self.listenerFiltersTimeout = listenerFiltersTimeout
      self.continueOnListenerFiltersTimeout = continueOnListenerFiltersTimeout
      self.trafficDirection = trafficDirection
      self.bindToPort = bindToPort
      self.accessLog = accessLog
    }

    enum CodingKeys: String, CodingKey {
      case name, address
      case filterChains = "filter_chains"
      case defaultFilterChain = "default_filter_chain"
      case listenerFilters = "listener_filters"
      case listenerFiltersTimeout = "listener_filters_timeout"
      case continueOnListenerFiltersTimeout = "continue_on_listener_filters_timeout"
      case trafficDirection = "traffic_direction"
      case bindToPort = "bind_to_port"
      case accessLog = "access_log"
    }
  }

  /// `envoy.config.listener.v3.FilterChain`: the network filters for connections its match
  /// selects, and their transport socket (TLS).
  public struct FilterChain: Codable, Sendable, Hashable {
    public var name: String?
    public var filterChainMatch: FilterChainMatch?
    public var filters: [NetworkFilter]
    public var transportSocket: TransportSocket?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String? = nil, filterChainMatch: FilterChainMatch? = nil, filters: [NetworkFilter],
      transportSocket: TransportSocket? = nil
    ) {
      self.name = name
      self.filterChainMatch = filterChainMatch
      self.filters = filters
      self.transportSocket = transportSocket
    }

    enum CodingKeys: String, CodingKey {
      case name
      case filterChainMatch = "filter_chain_match"
      case filters
      case transportSocket = "transport_socket"
    }
  }

  /// `envoy.config.listener.v3.FilterChainMatch`.
  public struct FilterChainMatch: Codable, Sendable, Hashable {
    public var destinationPort: UInt32?
    public var prefixRanges: [CIDRRange]?
    public var sourcePrefixRanges: [CIDRRange]?
    public var serverNames: [String]?
    /// `tls` or `raw_buffer`, as the TLS inspector finds.
    public var transportProtocol: String?
    /// ALPN values (`istio-peer-exchange`, `h2`, `http/1.1`, ...).
    public var applicationProtocols: [String]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      destinationPort: UInt32? = nil, prefixRanges: [CIDRRange]? = nil,
      sourcePrefixRanges: [CIDRRange]? = nil, serverNames: [String]? = nil,
      transportProtocol: String? = nil, applicationProtocols: [String]? = nil
    ) {
      self.destinationPort = destinationPort
      self.prefixRanges = prefixRanges
      self.sourcePrefixRanges = sourcePrefixRanges
      self.serverNames = serverNames
      self.transportProtocol = transportProtocol
      self.applicationProtocols = applicationProtocols
    }

    enum CodingKeys: String, CodingKey {
      case destinationPort = "destination_port"
      case prefixRanges = "prefix_ranges"
      case sourcePrefixRanges = "source_prefix_ranges"
      case serverNames = "server_names"
      case transportProtocol = "transport_protocol"
      case applicationProtocols = "application_protocols"
    }
  }

  /// `envoy.config.listener.v3.Filter`: one network filter (HTTP connection manager, TCP
  /// proxy, network RBAC, ...).
  public struct NetworkFilter: Codable, Sendable, Hashable {
    public var name: String
    public var typedConfig: TypedConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig) {
      self.name = name
      self.typedConfig = typedConfig
    }

    /// The filter for `config`, under the name Envoy registers it by.
    public init(_ config: some NamedEnvoyExtension) {
      self.init(name: type(of: config).extensionName, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.config.listener.v3.ListenerFilter` (TLS inspector, HTTP inspector, original
  /// destination).
  public struct ListenerFilter: Codable, Sendable, Hashable {
    public var name: String
    public var typedConfig: TypedConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, typedConfig: TypedConfig) {
      self.name = name
      self.typedConfig = typedConfig
    }

    /// The filter for `config`, under the name Envoy registers it by.
    public init(_ config: some NamedEnvoyExtension) {
      self.init(name: type(of: config).extensionName, typedConfig: TypedConfig(config))
    }

    enum CodingKeys: String, CodingKey {
      case name
      case typedConfig = "typed_config"
    }
  }

  /// `envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector`: finds TLS, SNI and
  /// ALPN for filter chain matching.
  public struct TLSInspector: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector"
    public static let extensionName = "envoy.filters.listener.tls_inspector"
    public init() {}
  }

  /// `envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`: finds plain-text
  /// HTTP/1.x and h2c for filter chain matching.
  public struct HTTPInspector: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector"
    public static let extensionName = "envoy.filters.listener.http_inspector"
    public init() {}
  }

  /// `envoy.extensions.filters.listener.original_dst.v3.OriginalDst`: restores the address
  /// a connection was redirected from (iptables REDIRECT).
  public struct OriginalDestination: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst"
    public static let extensionName = "envoy.filters.listener.original_dst"
    public init() {}
  }
}
