import Foundation
import MeshModel
import YAMLCoding

extension TranslationContext {
  /// The Sidecar resource that scopes this workload: its namespace's with a matching
  /// selector, else its namespace's without one, else the root namespace's.
  func applicableSidecar() -> Sidecar? {
    let inNamespace = index.sidecars.filter {
      ($0.metadata.namespace ?? "default") == workload.namespace
    }
    return inNamespace.first {
      !($0.spec.workloadSelector?.labels ?? [:]).isEmpty
        && LabelMatching.matches($0.spec.workloadSelector?.labels ?? [:], workload.labels)
    }
      ?? inNamespace.first { ($0.spec.workloadSelector?.labels ?? [:]).isEmpty }
      ?? index.sidecars.first {
        $0.metadata.namespace == options.rootNamespace
          && ($0.spec.workloadSelector?.labels ?? [:]).isEmpty
      }
  }

  /// Whether a Sidecar egress host (`namespace/host`) admits a service.
  func egressAdmits(_ pattern: String, _ service: MeshService) -> Bool {
    let parts = pattern.split(separator: "/", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return false }
    let namespaceOK: Bool
    switch parts[0] {
    case "*": namespaceOK = true
    case ".": namespaceOK = service.namespace == workload.namespace
    case "~": namespaceOK = false
    default: namespaceOK = service.namespace == parts[0]
    }
    return namespaceOK
      && HostMatching.matches(
        parts[1], service.host, namespace: service.namespace, exact: false,
        clusterDomain: options.clusterDomain)
  }

  /// The services the workload may call: visible to its namespace, and admitted by its
  /// Sidecar's egress hosts when it has one.
  mutating func servicesInScope() -> [MeshService] {
    let sidecar = applicableSidecar()
    if let sidecar, !(sidecar.spec.ingress ?? []).isEmpty {
      warn(
        .unsupported,
        sidecar.reference,
        ["spec", "ingress"],
        "ingress listeners are not translated; inbound ports come from the ServiceEntries that select the workload"
      )
    }
    if let sidecar {
      for (position, egress) in (sidecar.spec.egress ?? []).enumerated()
      where egress.port != nil || egress.bind != nil {
        warn(
          .unsupported,
          sidecar.reference, ["spec", "egress", .index(position)],
          "egress port and bind are not translated; outbound listeners are the HTTP listener and one per TCP service port"
        )
      }
      if sidecar.spec.inboundConnectionPool != nil {
        warn(
          .unsupported,
          sidecar.reference, ["spec", "inboundConnectionPool"],
          "inbound connection limits are not translated")
      }
    }
    let egressHosts = sidecar?.spec.egress?.flatMap { $0.hosts ?? [] }
    // Egress hosts that all name their namespace need only those namespaces' services.
    var candidates = index.services
    if let egressHosts {
      let namespaces = egressHosts.map { $0.split(separator: "/").first.map(String.init) ?? "*" }
      if !namespaces.contains("*") {
        candidates = Set(namespaces.map { $0 == "." ? workload.namespace : $0 }).sorted()
          .flatMap { index.servicesByNamespace[$0] ?? [] }
      }
    }
    var services: [MeshService] = []
    for service in candidates where index.isVisible(service, from: workload.namespace) {
      if let egressHosts, !egressHosts.contains(where: { egressAdmits($0, service) }) { continue }
      if service.resolution == .none {
        warn(
          .needsControlPlane,
          service.source, ["spec", "resolution"],
          "\(service.host):\(service.port.number): resolution NONE forwards to the original destination, which needs traffic capture; left out"
        )
        continue
      }
      services.append(service)
    }
    return services.sorted { ($0.host, $0.port.number) < ($1.host, $1.port.number) }
  }

  /// The outbound HTTP listener with a virtual host per HTTP service port, a listener
  /// per TCP service port, and a cluster per service port and subset.
  /// - Parameter inboundAddresses: The inbound listeners' addresses, which outbound TCP
  ///   listeners must not take.
  mutating func outboundConfiguration(inboundAddresses: Set<Envoy.SocketAddress>) throws
    -> (listeners: [Envoy.Listener], clusters: [Envoy.Cluster])
  {
    let services = servicesInScope()
    let observed = observability(.outbound)
    var clusters: [Envoy.Cluster] = []
    var clusterNames: Set<String> = []
    for service in services {
      for cluster in try self.clusters(for: service)
      where clusterNames.insert(cluster.name).inserted {
        clusters.append(cluster)
      }
    }
    var listeners: [Envoy.Listener] = []
    let httpServices = services.filter(\.isHTTP)
    var usesFaults = false
    var usesCORS = false
    if !httpServices.isEmpty {
      var virtualHosts: [Envoy.VirtualHost] = []
      let lowestPort = Dictionary(grouping: httpServices, by: \.host).mapValues {
        $0.map(\.port.number).contains(80) ? 80 : $0.map(\.port.number).min() ?? 0
      }
      for service in httpServices {
        var routes = try httpRoutes(for: service, clusters: clusterNames)
        if routes.isEmpty {
          routes = [defaultRoute(to: Self.clusterName(service, subset: nil))]
        }
        usesFaults =
          usesFaults
          || routes.contains { $0.typedPerFilterConfig?[Envoy.HTTPFault.extensionName] != nil }
        usesCORS =
          usesCORS
          || routes.contains { $0.typedPerFilterConfig?[Envoy.CORSFilter.extensionName] != nil }
        virtualHosts.append(
          Envoy.VirtualHost(
            name: "\(service.host):\(service.port.number)",
            domains: domains(for: service, bare: lowestPort[service.host] == service.port.number),
            routes: routes))
      }
      var filters: [Envoy.HTTPFilter] = []
      if usesFaults { filters.append(Envoy.HTTPFilter(Envoy.HTTPFault())) }
      if usesCORS { filters.append(Envoy.HTTPFilter(Envoy.CORSFilter())) }
      filters.append(Envoy.HTTPFilter(Envoy.Router()))
      listeners.append(
        Envoy.Listener(
          name: "outbound_http",
          address: .tcp(options.outboundBindAddress, port: options.outboundHTTPPort),
          filterChains: [
            Envoy.FilterChain(filters: [
              Envoy.NetworkFilter(
                Envoy.HTTPConnectionManager(
                  statPrefix: "outbound_http", codecType: .auto,
                  routeConfig: Envoy.RouteConfiguration(
                    name: "outbound", virtualHosts: virtualHosts, validateClusters: true),
                  httpFilters: filters, accessLog: accessLogs(observed),
                  tracing: httpTracing(observed),
                  streamIdleTimeout: nil, normalizePath: true))
            ])
          ],
          trafficDirection: .outbound))
    }
    var tcpPorts: [UInt32: String] = [:]
    let reserved = Set(
      [options.outboundHTTPPort, options.adminPort] + (options.prometheusPort.map { [$0] } ?? []))
    for service in services where !service.isHTTP {
      let port = service.port.number
      if reserved.contains(port) {
        warn(
          .conflict,
          service.source, ["spec", "ports"],
          "\(service.host):\(port) uses a port the sidecar itself listens on; left out")
        continue
      }
      if inboundAddresses.contains(where: {
        $0.portValue == port
          && ($0.address == options.outboundBindAddress || $0.address == "0.0.0.0")
      }) {
        warn(
          .conflict,
          service.source, ["spec", "ports"],
          "\(service.host):\(port) is a port this workload's inbound listener has on the same address; left out"
        )
        continue
      }
      if let taken = tcpPorts[port] {
        warn(
          .conflict,
          service.source, ["spec", "ports"],
          "\(service.host):\(port) shares its TCP port with \(taken), which has the outbound listener; left out"
        )
        continue
      }
      tcpPorts[port] = service.host
      let cluster = try tcpDestination(for: service, clusters: clusterNames)
      listeners.append(
        Envoy.Listener(
          name: "outbound_\(options.outboundBindAddress)_\(port)",
          address: .tcp(options.outboundBindAddress, port: port),
          filterChains: [
            Envoy.FilterChain(filters: [
              Envoy.NetworkFilter(
                Envoy.TCPProxy(
                  statPrefix: cluster, cluster: cluster, accessLog: accessLogs(observed)))
            ])
          ],
          trafficDirection: .outbound))
    }
    return (listeners, clusters)
  }

  /// The Host header values that reach a service port: `host:port`, the bare host on
  /// the host's main HTTP port, and the short forms of Kubernetes names in the
  /// workload's namespace.
  func domains(for service: MeshService, bare: Bool) -> [String] {
    var names = [service.host]
    let suffix = ".\(service.namespace).svc.\(options.clusterDomain)"
    if service.host.hasSuffix(suffix) {
      let short = String(service.host.dropLast(suffix.count))
      names.append("\(short).\(service.namespace)")
      names.append("\(short).\(service.namespace).svc")
      if service.namespace == workload.namespace { names.append(short) }
    }
    var domains = names.map { "\($0):\(service.port.number)" }
    if bare { domains += names }
    return domains
  }

  /// Istio's cluster name: `outbound|PORT|SUBSET|HOST`.
  static func clusterName(_ service: MeshService, subset: String?) -> String {
    "outbound|\(service.port.number)|\(subset ?? "")|\(service.host)"
  }

  /// The route Istio uses when no VirtualService says otherwise: no timeout, two retries
  /// of connection failures and 503s on another host.
  func defaultRoute(to cluster: String) -> Envoy.Route {
    Envoy.Route(
      name: "default", match: .any,
      route: Envoy.RouteAction(
        cluster: cluster, timeout: .seconds(0),
        retryPolicy: Envoy.RetryPolicy(
          retryOn: "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
          numRetries: 2, retriableStatusCodes: [503],
          retryHostPredicate: [
            Envoy.TypedExtensionConfig(
              name: Envoy.PreviousHostsPredicate.extensionName, Envoy.PreviousHostsPredicate())
          ],
          hostSelectionRetryMaxAttempts: 5)))
  }

  /// The VirtualService that routes a service for this workload: the first (by
  /// namespace and name) whose hosts name it and that applies to sidecars.
  mutating func virtualService(for service: MeshService) -> VirtualService? {
    // Candidates come in namespace/name order, so the first match is the one that wins.
    let matching = index.inventory.virtualServicesByHost.candidates(for: service.host).filter {
      (virtualService: VirtualService) -> Bool in
      let namespace = virtualService.metadata.namespace ?? "default"
      let gateways = virtualService.spec.gateways ?? []
      guard gateways.isEmpty || gateways.contains("mesh"),
        ExportTo.allows(virtualService.spec.exportTo, from: namespace, to: workload.namespace)
      else { return false }
      return (virtualService.spec.hosts ?? []).contains {
        HostMatching.matches(
          $0, service.host, namespace: namespace, exact: false, clusterDomain: options.clusterDomain
        )
      }
    }
    for ignored in matching.dropFirst() {
      warn(
        .conflict,
        ignored.reference,
        ["spec", "hosts"],
        "\(service.host) is already routed by \(matching[0].reference); Istio does not merge them either"
      )
    }
    return matching.first
  }

  /// The TCP service's cluster: its VirtualService's first TCP route's destination, or
  /// the service itself.
  mutating func tcpDestination(for service: MeshService, clusters: Set<String>) throws -> String {
    guard let virtualService = virtualService(for: service), let tcp = virtualService.spec.tcp,
      !tcp.isEmpty
    else { return Self.clusterName(service, subset: nil) }
    let resource =
      virtualService.reference
    guard
      let route = tcp.first(where: { route in
        route.match?.contains { $0.port == nil || $0.port == service.port.number } ?? true
      }), let destinations = route.route, let first = destinations.first
    else {
      return Self.clusterName(service, subset: nil)
    }
    if destinations.count > 1 {
      warn(
        .unsupported,
        resource, ["spec", "tcp", "route"],
        "weighted TCP destinations are not translated; all connections go to \(first.destination.host)"
      )
    }
    return try clusterName(
      for: first.destination, from: service,
      namespace: virtualService.metadata.namespace ?? "default",
      clusters: clusters, resource: resource, field: ["spec", "tcp", "route", 0, "destination"])
  }

  /// The cluster a route destination names, checked against the clusters made.
  func clusterName(
    for destination: Destination, from service: MeshService, namespace: String,
    clusters: Set<String>, resource: String, field: YAMLPath
  ) throws -> String {
    guard let host = index.resolveHost(destination.host, namespace: namespace) else {
      throw TranslationIssue(
        .invalidReference,
        resource: resource, field: field / "host",
        message: "no ServiceEntry has the host \(destination.host) (IST0101)")
    }
    let port =
      destination.port?.number
      ?? (host == service.host
        ? service.port.number : index.service(host: host, port: nil)?.port.number)
    guard let port, let target = index.service(host: host, port: port) else {
      throw TranslationIssue(
        .invalidReference,
        resource: resource, field: field / "port",
        message: "\(host) has several ports or not this one; name the destination's port")
    }
    let name = Self.clusterName(target, subset: destination.subset)
    guard clusters.contains(name) else {
      if destination.subset != nil {
        throw TranslationIssue(
          .invalidReference,
          resource: resource, field: field / "subset",
          message:
            "no DestinationRule for \(host) defines the subset \(destination.subset ?? "") (IST0101)"
        )
      }
      throw TranslationIssue(
        .invalidReference,
        resource: resource, field: field / "host",
        message:
          "\(host):\(port) is not in this workload's scope (exportTo or its Sidecar's egress hosts)"
      )
    }
    return name
  }
}
