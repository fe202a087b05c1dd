import Foundation
import MeshModel

/// One port the workload serves.
struct InboundPort: Hashable {
  var port: UInt32
  var applicationPort: UInt32
  var name: String
  var isHTTP: Bool
}

extension TranslationContext {
  /// The ports the workload serves: those of the ServiceEntries that select it (the
  /// WorkloadEntry's port for each service port name, else the target port, else the
  /// service port), or the WorkloadEntry's own ports when no service selects it.
  func inboundPorts() -> [InboundPort] {
    var ports: [UInt32: InboundPort] = [:]
    let entryPorts = workload.entry.spec.ports ?? [:]
    for service in index.servicesByNamespace[workload.namespace] ?? []
    where service.workloadSelector.map({ LabelMatching.matches($0, workload.labels) }) == true {
      let port = entryPorts[service.port.name] ?? service.port.targetPort ?? service.port.number
      ports[port] =
        ports[port]
        ?? InboundPort(
          port: port, applicationPort: workload.applicationPorts[port] ?? port,
          name: service.port.name, isHTTP: service.isHTTP)
    }
    if ports.isEmpty {
      for (name, port) in entryPorts {
        ports[port] = InboundPort(
          port: port, applicationPort: workload.applicationPorts[port] ?? port, name: name,
          isHTTP: PortProtocol(declared: nil, name: name)?.isHTTP ?? false)
      }
    }
    return ports.values.sorted { $0.port < $1.port }
  }

  /// The mutual TLS mode of a port: the mesh-wide PeerAuthentication, overridden by the
  /// namespace's, overridden by the workload's and its port-level setting; PERMISSIVE
  /// when none says.
  func mutualTLSMode(port: UInt32) -> MutualTLSMode {
    var mode = MutualTLSMode.permissive
    let policies = index.peerAuthentications
    let mesh = policies.first {
      $0.metadata.namespace == options.rootNamespace
        && ($0.spec.selector?.matchLabels ?? [:]).isEmpty
    }
    let namespace = policies.first {
      ($0.metadata.namespace ?? "default") == workload.namespace
        && ($0.spec.selector?.matchLabels ?? [:]).isEmpty
    }
    let selected = policies.first {
      ($0.metadata.namespace ?? "default") == workload.namespace
        && !($0.spec.selector?.matchLabels ?? [:]).isEmpty
        && LabelMatching.matches($0.spec.selector?.matchLabels ?? [:], workload.labels)
    }
    for policy in [mesh, namespace, selected].compactMap({ $0 }) {
      if let set = policy.spec.mtls?.mode, set != .unset { mode = set }
    }
    if let portMode = selected?.spec.portLevelMtls?[String(port)]?.mode, portMode != .unset {
      mode = portMode
    }
    return mode
  }

  /// The inbound listeners and the clusters to the application behind them.
  mutating func inboundListeners() throws -> (
    listeners: [Envoy.Listener], clusters: [Envoy.Cluster]
  ) {
    var listeners: [Envoy.Listener] = []
    var clusters: [Envoy.Cluster] = []
    let bindAddress = workload.inboundBindAddress ?? workload.entry.spec.address ?? "0.0.0.0"
    let ports = inboundPorts()
    let observed = observability(.inbound)
    // Each kind of port gets its RBAC once, so its warnings are said once.
    let httpAuthorization =
      ports.contains(where: \.isHTTP) ? try authorizationFilters(tcp: false) : nil
    let tcpAuthorization =
      ports.contains(where: { !$0.isHTTP }) ? try authorizationFilters(tcp: true) : nil
    for port in ports {
      let clusterName = "inbound|\(port.port)||"
      clusters.append(
        Envoy.Cluster(
          name: clusterName, type: .static, connectTimeout: .seconds(10),
          loadAssignment: Envoy.ClusterLoadAssignment(
            clusterName: clusterName,
            endpoints: [
              Envoy.LocalityLbEndpoints(lbEndpoints: [
                .host(workload.applicationAddress, port: port.applicationPort)
              ])
            ])))
      let filters: [Envoy.NetworkFilter]
      if port.isHTTP, let httpAuthorization {
        filters = [
          Envoy.NetworkFilter(
            inboundHTTPManager(
              port: port, cluster: clusterName, authorization: httpAuthorization,
              observed: observed))
        ]
      } else {
        filters =
          (tcpAuthorization?.network ?? []).map(Envoy.NetworkFilter.init)
          + [
            Envoy.NetworkFilter(
              Envoy.TCPProxy(
                statPrefix: clusterName, cluster: clusterName, accessLog: accessLogs(observed)))
          ]
      }
      let mutualTLS = Envoy.FilterChain(
        name: "inbound-mtls", filterChainMatch: Envoy.FilterChainMatch(transportProtocol: "tls"),
        filters: filters,
        transportSocket: .tls(
          Envoy.DownstreamTLSContext(
            commonTLSContext: meshTLSContext(
              peerIDs: .members(of: options.meshTrustDomains),
              alpn: port.isHTTP ? ["h2", "http/1.1"] : nil),
            requireClientCertificate: true)))
      let plaintext = Envoy.FilterChain(
        name: "inbound-plaintext",
        filterChainMatch: Envoy.FilterChainMatch(transportProtocol: "raw_buffer"),
        filters: filters)
      let chains: [Envoy.FilterChain]
      switch mutualTLSMode(port: port.port) {
      case .strict:
        // The only chain: without the TLS inspector nothing tells the transport apart,
        // and a plaintext client fails the handshake.
        var only = mutualTLS
        only.filterChainMatch = nil
        chains = [only]
      case .disable: chains = [Envoy.FilterChain(name: "inbound-plaintext", filters: filters)]
      case .permissive, .unset: chains = [mutualTLS, plaintext]
      }
      listeners.append(
        Envoy.Listener(
          name: "inbound_\(bindAddress)_\(port.port)", address: .tcp(bindAddress, port: port.port),
          filterChains: chains,
          listenerFilters: chains.count > 1 ? [Envoy.ListenerFilter(Envoy.TLSInspector())] : nil,
          trafficDirection: .inbound))
    }
    return (listeners, clusters)
  }

  private func inboundHTTPManager(
    port: InboundPort, cluster: String, authorization: AuthorizationFilters,
    observed: ObservabilitySettings
  ) -> Envoy.HTTPConnectionManager {
    let routes = Envoy.RouteConfiguration(
      name: "inbound|\(port.port)",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "inbound|http|\(port.port)", domains: ["*"],
          routes: [
            Envoy.Route(
              name: "default", match: .any,
              route: Envoy.RouteAction(cluster: cluster, timeout: .seconds(0)))
          ])
      ])
    return Envoy.HTTPConnectionManager(
      statPrefix: "inbound_\(port.port)", codecType: .auto, routeConfig: routes,
      httpFilters: authorization.http.map(Envoy.HTTPFilter.init) + [
        Envoy.HTTPFilter(Envoy.Router())
      ],
      accessLog: accessLogs(observed), tracing: httpTracing(observed),
      forwardClientCertDetails: .appendForward,
      setCurrentClientCertDetails: .init(subject: true, dns: true, uri: true),
      normalizePath: true, pathWithEscapedSlashesAction: "KEEP_UNCHANGED")
  }
}
