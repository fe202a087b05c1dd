import Foundation
import MeshIdentity
import MeshModel

/// The workload a sidecar serves: its WorkloadEntry, and how its application is reached.
public struct SidecarWorkload: Sendable, Hashable {
  /// The workload: address, port numbers by service port name, labels, service account.
  public var entry: WorkloadEntry
  /// The application's own port for each inbound port, when they differ (the application
  /// and the sidecar share the host's network, so the application may listen elsewhere);
  /// by default the application listens on the same port as the inbound listener.
  public var applicationPorts: [UInt32: UInt32]
  /// The address the application listens on.
  public var applicationAddress: String
  /// The address inbound listeners bind; by default the WorkloadEntry's address.
  public var inboundBindAddress: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    entry: WorkloadEntry, applicationPorts: [UInt32: UInt32] = [:],
    applicationAddress: String = "127.0.0.1", inboundBindAddress: String? = nil
  ) {
    self.entry = entry
    self.applicationPorts = applicationPorts
    self.applicationAddress = applicationAddress
    self.inboundBindAddress = inboundBindAddress
  }

  var namespace: String { entry.metadata.namespace ?? "default" }
  var name: String { entry.metadata.name ?? "workload" }
  var labels: [String: String] { entry.spec.labels ?? [:] }
  var serviceAccount: String { entry.spec.serviceAccount ?? "default" }
}

/// How one sidecar is configured. Its defaults are ``SidecarContract/standard``'s: the
/// certificate directory (``SidecarCertificateDirectory``) holds the SVID's chain, key and
/// trust bundle and the two SDS files that name them, under the contract's file names.
/// Envoy watches the directory, so certificates replaced by rename load without a restart.
public struct SidecarOptions: Sendable, Hashable {
  /// The mesh's trust domain: workloads' SPIFFE IDs are
  /// `spiffe://<trustDomain>/ns/<namespace>/sa/<service account>`, and peers from it are
  /// accepted. Take it from the CA (``CertificateAuthority/trustDomain`` in MeshPKI) so the
  /// two cannot disagree.
  public var trustDomain: TrustDomain
  /// Other trust domains whose workloads count as the mesh's own (mesh config's
  /// `trustDomainAliases`): their peers are accepted, and AuthorizationPolicy principals
  /// in them (or in `cluster.local`) match the same workload in every trust domain.
  public var trustDomainAliases: [TrustDomain]
  /// The namespace whose policies apply to the whole mesh.
  public var rootNamespace: String
  /// The DNS suffix of Kubernetes services, for short host names in routes.
  public var clusterDomain: String
  /// The directory of the SVID, key, bundle and SDS files, as Envoy sees it.
  public var certificateDirectory: SidecarCertificateDirectory
  /// The admin interface's port, on 127.0.0.1.
  public var adminPort: UInt32
  /// The port of the `/stats/prometheus` listener; nil for none.
  public var prometheusPort: UInt32?
  /// The address the `/stats/prometheus` listener binds, all addresses by default.
  public var prometheusBindAddress: String
  /// The outbound HTTP listener: applications send HTTP requests to it (or use it as
  /// their HTTP proxy), and the Host header picks the service.
  public var outboundHTTPPort: UInt32
  /// The address outbound listeners bind.
  public var outboundBindAddress: String
  /// The access log's path; nil for none. `/dev/stdout` logs to Envoy's output.
  public var accessLogPath: String?
  /// Zipkin-compatible tracing, when given.
  public var tracing: TracingOptions?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    trustDomain: TrustDomain = .clusterLocal, trustDomainAliases: [TrustDomain] = [],
    rootNamespace: String = "istio-system",
    clusterDomain: String = "cluster.local",
    certificateDirectory: SidecarCertificateDirectory = SidecarContract.standard
      .certificateDirectory,
    adminPort: UInt32 = SidecarContract.standard.adminPort,
    prometheusPort: UInt32? = SidecarContract.standard.prometheusPort,
    prometheusBindAddress: String = "0.0.0.0",
    outboundHTTPPort: UInt32 = SidecarContract.standard.outboundHTTPPort,
    outboundBindAddress: String = "127.0.0.1", accessLogPath: String? = "/dev/stdout",
    tracing: TracingOptions? = nil
  ) {
    self.trustDomain = trustDomain
    self.trustDomainAliases = trustDomainAliases
    self.rootNamespace = rootNamespace
    self.clusterDomain = clusterDomain
    self.certificateDirectory = certificateDirectory
    self.adminPort = adminPort
    self.prometheusPort = prometheusPort
    self.prometheusBindAddress = prometheusBindAddress
    self.outboundHTTPPort = outboundHTTPPort
    self.outboundBindAddress = outboundBindAddress
    self.accessLogPath = accessLogPath
    self.tracing = tracing
  }
}

extension SidecarOptions {
  /// The trust domain and its aliases, as MeshIdentity works with them.
  public var meshTrustDomains: MeshTrustDomains {
    MeshTrustDomains(local: trustDomain, aliases: trustDomainAliases)
  }
}

/// Spans to a Zipkin-compatible collector.
public struct TracingOptions: Sendable, Hashable {
  /// The collector's host name or address (a STRICT_DNS cluster is made for it).
  public var collectorHost: String
  /// The collector's port; Zipkin's is 9411.
  public var collectorPort: UInt32
  /// Percent of requests traced.
  public var samplingPercent: Double

  /// Creates a value; every parameter is the property of the same name.
  public init(collectorHost: String, collectorPort: UInt32 = 9411, samplingPercent: Double = 1) {
    self.collectorHost = collectorHost
    self.collectorPort = collectorPort
    self.samplingPercent = samplingPercent
  }
}

/// A translated sidecar configuration and what the translator left out.
public struct SidecarTranslation: Sendable, Hashable {
  /// The Envoy bootstrap: the whole configuration for a static sidecar, or the node and
  /// control-plane connection for an xDS one.
  public var bootstrap: Envoy.Bootstrap
  /// Features of the input the configuration does not carry, each with its reason.
  public var warnings: [TranslationIssue]
}

/// Turns mesh resources and one workload into its sidecar's Envoy configuration.
///
/// ```swift
/// let translator = SidecarTranslator(resources: resources, options: SidecarOptions(
///     trustDomain: try TrustDomain("example.org"),
///     certificateDirectory: SidecarCertificateDirectory(path: "/srv/orders/certs")))
/// let result = try translator.staticBootstrap(for: SidecarWorkload(entry: orders))
/// try EnvoyConfigEncoder().yaml(result.bootstrap).write(to: url, atomically: true, encoding: .utf8)
/// ```
///
/// Inbound, one listener per workload port requires mutual TLS as PeerAuthentication
/// says and applies AuthorizationPolicy as RBAC before forwarding to the application.
/// Outbound, one HTTP listener routes by Host header to every service in scope (all, or
/// what the workload's Sidecar resource allows), with VirtualService routing and
/// DestinationRule policies; TCP services get a listener on their port. See
/// Docs/EnvoyConfig.md for the field-by-field mapping.
public struct SidecarTranslator: Sendable {
  let index: TranslationIndex
  /// The options every configuration this translator makes is built with.
  public let options: SidecarOptions

  /// A translator over `resources` (any mix of kinds; WorkloadEntries, ServiceEntries,
  /// routing and security policies are used).
  public init(resources: [MeshResource], options: SidecarOptions = SidecarOptions()) {
    self.init(inventory: Inventory(resources.map { InventoryObject(.mesh($0)) }), options: options)
  }

  /// A translator over the resources of an inventory, the same index the analyzers read:
  /// a tool that loads a mesh once can analyze it and translate its workloads.
  ///
  /// The options' cluster domain and root namespace are the ones that count: an inventory
  /// made with others (or whose mesh config names another root namespace) is indexed again
  /// with the options' values.
  public init(inventory: Inventory, options: SidecarOptions = SidecarOptions()) {
    let agrees =
      inventory.clusterDomain == options.clusterDomain
      && inventory.rootNamespace == options.rootNamespace
    let indexed =
      agrees
      ? inventory
      : Inventory(
        inventory.objects, clusterDomain: options.clusterDomain,
        rootNamespace: options.rootNamespace)
    self.init(index: TranslationIndex(inventory: indexed), options: options)
  }

  /// The name an outbound cluster's statistics carry (its `alt_stat_name`): the cluster
  /// name with its dots made underscores. Envoy's default tags take a cluster's name up to
  /// its first dot, so `outbound|9090||payments.shop.ecs.internal` would be tagged
  /// `outbound|9090||payments` and leave `shop_ecs_internal` in every metric's name. Hosts
  /// have no underscores (Istio's rules), so the host can be read back.
  public static func clusterStatName(_ clusterName: String) -> String {
    clusterName.replacingOccurrences(of: ".", with: "_")
  }

  private init(index: TranslationIndex, options: SidecarOptions) {
    self.index = index
    self.options = options
  }

  /// This translator with other options (another workload's ports or certificate
  /// directory), sharing its index of the resources unless the options it depends on, the
  /// cluster domain and the root namespace, differ: the workloads of a large mesh are then
  /// translated without indexing the mesh again for each.
  public func with(options newOptions: SidecarOptions) -> SidecarTranslator {
    guard newOptions.clusterDomain == index.clusterDomain,
      newOptions.rootNamespace == index.rootNamespace
    else {
      return SidecarTranslator(inventory: index.inventory, options: newOptions)
    }
    return SidecarTranslator(index: index, options: newOptions)
  }

  /// A complete static configuration: every listener, cluster and route in the
  /// bootstrap, certificates from the SDS files in ``SidecarOptions/certificateDirectory``.
  /// - Throws: ``TranslationIssue`` for input the translator cannot express.
  public func staticBootstrap(for workload: SidecarWorkload) throws -> SidecarTranslation {
    var context = TranslationContext(workload: workload, index: index, options: options)
    context.reportUntranslated()
    let inbound = try context.inboundListeners()
    let taken = Set(inbound.listeners.compactMap { $0.address.socketAddress })
    let outbound = try context.outboundConfiguration(inboundAddresses: taken)
    var listeners = inbound.listeners + outbound.listeners
    var clusters = inbound.clusters + outbound.clusters
    if let prometheus = context.prometheusListener() {
      listeners.append(prometheus.listener)
      clusters.append(prometheus.cluster)
    }
    if let tracing = options.tracing {
      clusters.append(context.tracingCluster(tracing))
    }
    let bootstrap = Envoy.Bootstrap(
      node: context.node(),
      admin: Envoy.Admin(address: .tcp("127.0.0.1", port: options.adminPort)),
      staticResources: Envoy.StaticResources(
        listeners: listeners, clusters: clusters.sorted { $0.name < $1.name }),
      layeredRuntime: Envoy.LayeredRuntime(layers: [
        Envoy.RuntimeLayer(name: "admin", adminLayer: Envoy.EmptyMessage())
      ]),
      statsConfig: Envoy.StatsConfig(useAllDefaultTags: true))
    return SidecarTranslation(bootstrap: bootstrap, warnings: context.warnings)
  }

  /// A bootstrap that takes listeners, clusters and routes from an existing control plane
  /// (istiod) over ADS, authenticated with this workload's SVID.
  /// - Parameters:
  ///   - workload: The workload.
  ///   - discoveryAddress: The control plane's `host:port` (istiod's is 15012).
  ///   - discoveryServerName: The name its certificate carries, for SNI and checking.
  /// - Throws: ``TranslationIssue`` when the address is not `host:port`.
  public func xdsBootstrap(
    for workload: SidecarWorkload, discoveryAddress: String,
    discoveryServerName: String = "istiod.istio-system.svc"
  ) throws -> SidecarTranslation {
    let context = TranslationContext(workload: workload, index: index, options: options)
    guard let colon = discoveryAddress.lastIndex(of: ":"),
      let port = UInt32(discoveryAddress[discoveryAddress.index(after: colon)...]),
      colon != discoveryAddress.startIndex
    else {
      throw TranslationIssue(
        .invalidValue,
        resource: "options", field: ["discoveryAddress"],
        message: "\"\(discoveryAddress)\" is not host:port")
    }
    let host = String(discoveryAddress[..<colon]).trimmingCharacters(
      in: CharacterSet(charactersIn: "[]"))
    let isIP = host.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
    var xds = Envoy.Cluster(
      name: "xds-grpc", type: isIP ? .static : .strictDNS, connectTimeout: .seconds(1),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "xds-grpc",
        endpoints: [Envoy.LocalityLbEndpoints(lbEndpoints: [.host(host, port: port)])]),
      dnsLookupFamily: isIP ? nil : .v4Preferred)
    xds.transportSocket = .tls(
      Envoy.UpstreamTLSContext(
        commonTLSContext: context.meshTLSContext(
          peerIDs: .exact([]), alpn: ["h2"],
          serverName: discoveryServerName),
        sni: discoveryServerName))
    xds.typedExtensionProtocolOptions = [
      Envoy.HTTPProtocolOptions.extensionName: Envoy.TypedConfig(
        Envoy.HTTPProtocolOptions(
          explicitHTTPConfig: .init(http2ProtocolOptions: Envoy.HTTP2ProtocolOptions()))
      )
    ]
    var listeners: [Envoy.Listener] = []
    var clusters = [xds]
    if let prometheus = context.prometheusListener() {
      listeners.append(prometheus.listener)
      clusters.append(prometheus.cluster)
    }
    let bootstrap = Envoy.Bootstrap(
      node: context.node(interceptionMode: "NONE"),
      admin: Envoy.Admin(address: .tcp("127.0.0.1", port: options.adminPort)),
      staticResources: Envoy.StaticResources(
        listeners: listeners.isEmpty ? nil : listeners, clusters: clusters),
      dynamicResources: Envoy.DynamicResources(
        ldsConfig: .aggregated, cdsConfig: .aggregated,
        adsConfig: Envoy.APIConfigSource(
          apiType: "GRPC", grpcServices: [.cluster("xds-grpc")], setNodeOnFirstMessageOnly: true)),
      layeredRuntime: Envoy.LayeredRuntime(layers: [
        Envoy.RuntimeLayer(name: "admin", adminLayer: Envoy.EmptyMessage())
      ]),
      statsConfig: Envoy.StatsConfig(useAllDefaultTags: true))
    return SidecarTranslation(bootstrap: bootstrap, warnings: context.warnings)
  }
}
