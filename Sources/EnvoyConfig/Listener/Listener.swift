import Foundation

extension Envoy {
  /// `envoy.config.listener.v3.Listener`.
  public struct Listener: Codable, Sendable, Hashable {
    /// `traffic_direction`: `INBOUND` or `OUTBOUND`.
    public enum TrafficDirection: String, Codable, Sendable, Hashable {
      /// Neither said; the default.
      case unspecified = "UNSPECIFIED"
      /// The listener takes traffic coming into the workload.
      case inbound = "INBOUND"
      /// The listener takes traffic the workload sends out.
      case outbound = "OUTBOUND"
    }

    /// `name`: the listener's name, unique among listeners; LDS updates replace the listener of the
    /// same name.
    public var name: String
    /// `address`: where the listener listens.
    public var address: Address
    /// `filter_chains`: the filter chains; each connection takes the one whose match fits it best.
    public var filterChains: [FilterChain]?
    /// `default_filter_chain`: the chain for connections no `filter_chains` match fits; such
    /// connections are closed when absent.
    public var defaultFilterChain: FilterChain?
    /// `listener_filters`: filters that look at a new connection before a filter chain is picked,
    /// such as ``TLSInspector``.
    public var listenerFilters: [ListenerFilter]?
    /// `listener_filters_timeout`: how long the listener filters may take; 15 seconds when absent,
    /// 0 waits without limit.
    public var listenerFiltersTimeout: ProtoDuration?
    /// `continue_on_listener_filters_timeout`: when `true`, a connection whose listener filters
    /// time out still gets a filter chain; when `false`, the default, it is closed.
    public var continueOnListenerFiltersTimeout: Bool?
    /// `traffic_direction`: whether the listener takes inbound or outbound traffic, for tracing and
    /// stats; `UNSPECIFIED` when absent.
    public var trafficDirection: TrafficDirection?
    /// `bind_to_port`: whether the listener binds its port; `false` for listeners that get
    /// their connections handed over from another's original destination. `true` when absent.
    public var bindToPort: Bool?
    /// `access_log`: where connections no filter chain takes are logged.
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
    /// `name`: the chain's name, unique within the listener.
    public var name: String?
    /// `filter_chain_match`: which connections the chain takes; every connection when absent.
    public var filterChainMatch: FilterChainMatch?
    /// `filters`: the network filters each connection passes, in order; the last one ends the chain
    /// (an HTTP connection manager or TCP proxy).
    public var filters: [NetworkFilter]
    /// `transport_socket`: how connections are read, such as TLS; plain bytes when absent.
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
    /// `destination_port`: the port the connection was addressed to (after
    /// ``OriginalDestination``); any when absent.
    public var destinationPort: UInt32?
    /// `prefix_ranges`: the ranges the connection's destination address must be in; any when
    /// absent.
    public var prefixRanges: [CIDRRange]?
    /// `source_prefix_ranges`: the ranges the client's address must be in; any when absent.
    public var sourcePrefixRanges: [CIDRRange]?
    /// `server_names`: the SNI names the connection may ask for, with `*.` wildcards; any when
    /// absent.
    public var serverNames: [String]?
    /// `transport_protocol`: `tls` or `raw_buffer`, as the TLS inspector finds; any when
    /// absent.
    public var transportProtocol: String?
    /// `application_protocols`: the ALPN values the connection may offer
    /// (`istio-peer-exchange`, `h2`, `http/1.1`, ...); any when absent.
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
    /// `name`: the filter's name, as Envoy registers it.
    public var name: String
    /// `typed_config`: the filter's settings; their type URL selects the filter.
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
    /// `name`: the filter's name, as Envoy registers it.
    public var name: String
    /// `typed_config`: the filter's settings; their type URL selects the filter.
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
    /// Creates the filter; it has no settings.
    public init() {}
  }

  /// `envoy.extensions.filters.listener.http_inspector.v3.HttpInspector`: finds plain-text
  /// HTTP/1.x and h2c for filter chain matching.
  public struct HTTPInspector: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector"
    public static let extensionName = "envoy.filters.listener.http_inspector"
    /// Creates the filter; it has no settings.
    public init() {}
  }

  /// `envoy.extensions.filters.listener.original_dst.v3.OriginalDst`: restores the address
  /// a connection was sent to before an iptables REDIRECT brought it to Envoy.
  public struct OriginalDestination: NamedEnvoyExtension {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst"
    public static let extensionName = "envoy.filters.listener.original_dst"
    /// Creates the filter; it has no settings.
    public init() {}
  }
}
