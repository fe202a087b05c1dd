import Foundation
import MeshModel

/// One port of one service host, with the endpoints that serve it.
struct MeshService: Hashable {
  var host: String
  var namespace: String
  var port: ServicePort
  var resolution: ServiceEntryResolution
  var location: ServiceEntryLocation
  var endpoints: [ServiceEndpoint]
  var subjectAltNames: [String]?
  var exportTo: [String]?
  /// The labels that select this service's workloads, when it selects them.
  var workloadSelector: [String: String]?
  /// `ServiceEntry namespace/name`, for messages.
  var source: String

  var isHTTP: Bool { PortProtocol(declared: port.protocol, name: port.name)?.isHTTP ?? false }
}

/// A host serving a service port.
struct ServiceEndpoint: Hashable {
  var address: String
  var port: UInt32
  var labels: [String: String]
  var serviceAccount: String?
  var namespace: String
  var locality: String?
  var weight: UInt32?
}

/// What the translator reads of an ``Inventory``: its mesh resources in namespace/name
/// order, and the service ports of its ServiceEntries with the endpoints that serve them.
/// Host, selector and `exportTo` rules are the inventory's, which the analyzers use too.
struct TranslationIndex: Sendable {
  let inventory: Inventory
  let services: [MeshService]
  let workloadEntries: [WorkloadEntry]
  let virtualServices: [VirtualService]
  let destinationRules: [DestinationRule]
  let sidecars: [Sidecar]
  let peerAuthentications: [PeerAuthentication]
  let authorizationPolicies: [AuthorizationPolicy]
  let telemetries: [Telemetry]
  let requestAuthentications: [RequestAuthentication]
  let servicesByHost: [String: [MeshService]]
  let servicesByNamespace: [String: [MeshService]]

  var clusterDomain: String { inventory.clusterDomain }
  var rootNamespace: String { inventory.rootNamespace }

  init(inventory: Inventory) {
    self.inventory = inventory
    let serviceEntries = inventory.sortedResources(ServiceEntrySpec.self)
    workloadEntries = inventory.sortedResources(WorkloadEntrySpec.self)
    // The inventory's host indexes hold these already sorted.
    virtualServices = inventory.virtualServicesByHost.resources
    destinationRules = inventory.destinationRulesByHost.resources
    sidecars = inventory.sortedResources(SidecarSpec.self)
    peerAuthentications = inventory.sortedResources(PeerAuthenticationSpec.self)
    authorizationPolicies = inventory.sortedResources(AuthorizationPolicySpec.self)
    telemetries = inventory.sortedResources(TelemetrySpec.self)
    requestAuthentications = inventory.sortedResources(RequestAuthenticationSpec.self)
    let workloadsByNamespace = Dictionary(grouping: workloadEntries) {
      $0.metadata.namespace ?? "default"
    }
    var services: [MeshService] = []
    for entry in serviceEntries {
      let namespace = entry.metadata.namespace ?? "default"
      let selected = entry.spec.workloadSelector.map { selector in
        workloadsByNamespace[namespace, default: []].filter {
          LabelMatching.matches(selector.labels ?? [:], $0.spec.labels ?? [:])
        }
      }
      for host in entry.spec.hosts {
        for port in entry.spec.ports ?? [] {
          var endpoints: [ServiceEndpoint] = []
          for endpoint in entry.spec.endpoints ?? [] {
            guard let address = endpoint.address else { continue }
            endpoints.append(
              ServiceEndpoint(
                address: address,
                port: endpoint.ports?[port.name] ?? port.targetPort ?? port.number,
                labels: endpoint.labels ?? [:], serviceAccount: endpoint.serviceAccount,
                namespace: namespace, locality: endpoint.locality, weight: endpoint.weight))
          }
          for workload in selected ?? [] {
            guard let address = workload.spec.address else { continue }
            endpoints.append(
              ServiceEndpoint(
                address: address,
                port: workload.spec.ports?[port.name] ?? port.targetPort ?? port.number,
                labels: workload.spec.labels ?? [:], serviceAccount: workload.spec.serviceAccount,
                namespace: namespace, locality: workload.spec.locality,
                weight: workload.spec.weight))
          }
          endpoints.sort { ($0.address, $0.port) < ($1.address, $1.port) }
          let resolution = entry.spec.resolution ?? .none
          if endpoints.isEmpty, resolution == .dns || resolution == .dnsRoundRobin,
            !host.hasPrefix("*")
          {
            // DNS resolution without endpoints resolves the host itself.
            endpoints.append(
              ServiceEndpoint(
                address: host, port: port.targetPort ?? port.number, labels: [:],
                serviceAccount: nil, namespace: namespace, locality: nil, weight: nil))
          }
          services.append(
            MeshService(
              host: host, namespace: namespace, port: port, resolution: resolution,
              location: entry.spec.location ?? .meshExternal, endpoints: endpoints,
              subjectAltNames: entry.spec.subjectAltNames, exportTo: entry.spec.exportTo,
              workloadSelector: entry.spec.workloadSelector?.labels,
              source: "ServiceEntry \(namespace)/\(entry.metadata.name ?? "")"))
        }
      }
    }
    self.services = services
    servicesByHost = Dictionary(grouping: services, by: \.host)
    servicesByNamespace = Dictionary(grouping: services, by: \.namespace)
  }

  /// The service host a name in `namespace` refers to: the name itself when a service
  /// has it, else the Kubernetes form `name.namespace.svc.<clusterDomain>`.
  func resolveHost(_ name: String, namespace: String) -> String? {
    if servicesByHost[name] != nil { return name }
    let qualified = HostMatching.qualified(name, namespace: namespace, clusterDomain: clusterDomain)
    return servicesByHost[qualified] != nil ? qualified : nil
  }

  /// The service of `host` on `port`, or its only port when `port` is nil.
  func service(host: String, port: UInt32?) -> MeshService? {
    let candidates = servicesByHost[host] ?? []
    if let port { return candidates.first { $0.port.number == port } }
    return candidates.count == 1 ? candidates[0] : nil
  }

  /// Whether `service` is visible from `namespace` (its `exportTo`).
  func isVisible(_ service: MeshService, from namespace: String) -> Bool {
    ExportTo.allows(service.exportTo, from: service.namespace, to: namespace)
  }

  /// The DestinationRule for a service as a client sees it (``Inventory``'s istiod order).
  func destinationRule(
    for service: MeshService, clientNamespace: String, clientLabels: [String: String]
  ) -> DestinationRule? {
    inventory.destinationRule(
      forHost: service.host, serviceNamespace: service.namespace,
      clientNamespace: clientNamespace, clientLabels: clientLabels)
  }
}
