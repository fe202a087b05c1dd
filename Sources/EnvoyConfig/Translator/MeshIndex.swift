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

  var isHTTP: Bool { PortProtocol.isHTTP(port.protocol, name: port.name) }
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

/// Istio's protocol selection: the port's protocol, or its name's prefix.
enum PortProtocol {
  static func isHTTP(_ declared: String?, name: String?) -> Bool {
    let protocolName =
      declared?.uppercased()
      ?? name.map { String($0.split(separator: "-").first ?? "").uppercased() } ?? ""
    return ["HTTP", "HTTP2", "GRPC", "GRPC-WEB"].contains(protocolName)
  }
}

/// The resources the translator reads, indexed the ways it looks them up.
struct MeshIndex: Sendable {
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
  /// Routing rules by the hosts they name (literally and as expanded short names), and
  /// those with wildcard hosts, which any host may match.
  let virtualServicesByHost: HostIndex<VirtualServiceSpec>
  let destinationRulesByHost: HostIndex<DestinationRuleSpec>
  /// The two options the index depends on; a translator shares it with any options
  /// that agree on them.
  let clusterDomain: String
  let rootNamespace: String
  /// What was indexed, to index again under other options.
  let resources: [MeshResource]

  init(resources: [MeshResource], options: SidecarOptions) {
    clusterDomain = options.clusterDomain
    rootNamespace = options.rootNamespace
    self.resources = resources
    var serviceEntries: [ServiceEntry] = []
    var workloadEntries: [WorkloadEntry] = []
    var virtualServices: [VirtualService] = []
    var destinationRules: [DestinationRule] = []
    var sidecars: [Sidecar] = []
    var peerAuthentications: [PeerAuthentication] = []
    var authorizationPolicies: [AuthorizationPolicy] = []
    var telemetries: [Telemetry] = []
    var requestAuthentications: [RequestAuthentication] = []
    for resource in resources {
      switch resource {
      case .serviceEntry(let value): serviceEntries.append(value)
      case .workloadEntry(let value): workloadEntries.append(value)
      case .virtualService(let value): virtualServices.append(value)
      case .destinationRule(let value): destinationRules.append(value)
      case .sidecar(let value): sidecars.append(value)
      case .peerAuthentication(let value): peerAuthentications.append(value)
      case .authorizationPolicy(let value): authorizationPolicies.append(value)
      case .telemetry(let value): telemetries.append(value)
      case .requestAuthentication(let value): requestAuthentications.append(value)
      default: break
      }
    }
    // Resources in namespace/name order, so that the input's order never changes the
    // output (Istio breaks ties between resources by age, which files do not have).
    func byName<Spec>(_ resources: inout [Resource<Spec>]) {
      resources.sort {
        ($0.metadata.namespace ?? "default", $0.metadata.name ?? "")
          < ($1.metadata.namespace ?? "default", $1.metadata.name ?? "")
      }
    }
    byName(&serviceEntries)
    byName(&workloadEntries)
    byName(&virtualServices)
    byName(&destinationRules)
    byName(&sidecars)
    byName(&peerAuthentications)
    byName(&authorizationPolicies)
    byName(&telemetries)
    byName(&requestAuthentications)
    let workloadsByNamespace = Dictionary(grouping: workloadEntries) {
      $0.metadata.namespace ?? "default"
    }
    var services: [MeshService] = []
    for entry in serviceEntries {
      let namespace = entry.metadata.namespace ?? "default"
      let selected = entry.spec.workloadSelector.map { selector in
        workloadsByNamespace[namespace, default: []].filter {
          Labels.match(selector.labels ?? [:], $0.spec.labels ?? [:])
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
    self.workloadEntries = workloadEntries
    self.virtualServices = virtualServices
    self.destinationRules = destinationRules
    self.sidecars = sidecars
    self.peerAuthentications = peerAuthentications
    self.authorizationPolicies = authorizationPolicies
    self.telemetries = telemetries
    self.requestAuthentications = requestAuthentications
    servicesByHost = Dictionary(grouping: services, by: \.host)
    servicesByNamespace = Dictionary(grouping: services, by: \.namespace)
    virtualServicesByHost = HostIndex(
      virtualServices, hosts: { $0.spec.hosts ?? [] }, clusterDomain: clusterDomain)
    destinationRulesByHost = HostIndex(
      destinationRules, hosts: { [$0.spec.host] }, clusterDomain: clusterDomain)
  }

  /// The service host a name in `namespace` refers to: the name itself when a service
  /// has it, else the Kubernetes form `name.namespace.svc.<clusterDomain>`.
  func resolveHost(_ name: String, namespace: String) -> String? {
    if servicesByHost[name] != nil { return name }
    let qualified = "\(name).\(namespace).svc.\(clusterDomain)"
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
    Self.isExported(service.exportTo, from: service.namespace, to: namespace)
  }

  /// Istio's `exportTo`: everywhere when empty, else the namespaces listed, `.` for the
  /// resource's own, `*` for all.
  static func isExported(_ exportTo: [String]?, from owner: String, to namespace: String) -> Bool {
    guard let exportTo, !exportTo.isEmpty else { return true }
    return exportTo.contains { $0 == "*" || $0 == namespace || ($0 == "." && owner == namespace) }
  }

  /// The DestinationRule for a service as a client sees it: among the rules exported
  /// to the client and whose selector (if any) matches it, those that select it first,
  /// then exact hosts before wildcards, then the client's namespace, the service's and
  /// the root namespace's, in that order.
  func destinationRule(
    for service: MeshService, clientNamespace: String, clientLabels: [String: String]
  ) -> DestinationRule? {
    let candidates = destinationRulesByHost.candidates(for: service.host).filter { rule in
      let namespace = rule.metadata.namespace ?? "default"
      return Self.isExported(rule.spec.exportTo, from: namespace, to: clientNamespace)
        && Labels.match(rule.spec.workloadSelector?.matchLabels ?? [:], clientLabels)
    }
    let order = [clientNamespace, service.namespace, rootNamespace]
    // A rule that selects the client wins over one for every client, as in Istio.
    for selecting in [true, false] {
      for exact in [true, false] {
        for namespace in order {
          if let rule = candidates.first(where: { rule in
            (rule.metadata.namespace ?? "default") == namespace
              && (rule.spec.workloadSelector?.matchLabels?.isEmpty == false) == selecting
              && Hosts.matches(
                rule.spec.host, service.host, namespace: namespace, exact: exact,
                clusterDomain: clusterDomain)
          }) {
            return rule
          }
        }
      }
    }
    return nil
  }

}

/// Label selection: every selector label present with the same value.
enum Labels {
  static func match(_ selector: [String: String], _ labels: [String: String]) -> Bool {
    selector.allSatisfy { labels[$0.key] == $0.value }
  }
}

/// Istio host matching: exact names, short names of Kubernetes services, and `*.suffix`
/// wildcards.
enum Hosts {
  static func matches(
    _ pattern: String, _ host: String, namespace: String, exact: Bool, clusterDomain: String
  ) -> Bool {
    if pattern == host || "\(pattern).\(namespace).svc.\(clusterDomain)" == host { return true }
    guard !exact else { return false }
    if pattern == "*" { return true }
    if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) }
    return false
  }
}

/// Resources by the hosts they name, so that finding the rules of one host does not
/// read every rule: exact names (and short names expanded in the resource's namespace)
/// are looked up, wildcard names are kept aside and always offered.
struct HostIndex<Spec: ResourceSpec>: Sendable {
  private var byHost: [String: [Int]] = [:]
  private var wildcards: [Int] = []
  private let resources: [Resource<Spec>]

  init(_ resources: [Resource<Spec>], hosts: (Resource<Spec>) -> [String], clusterDomain: String) {
    self.resources = resources
    for (position, resource) in resources.enumerated() {
      let namespace = resource.metadata.namespace ?? "default"
      for host in hosts(resource) {
        if host.hasPrefix("*") {
          wildcards.append(position)
        } else {
          byHost[host, default: []].append(position)
          byHost["\(host).\(namespace).svc.\(clusterDomain)", default: []].append(position)
        }
      }
    }
  }

  /// The resources that may name `host`, in their original order; callers still check
  /// each with ``Hosts/matches(_:_:namespace:exact:clusterDomain:)``.
  func candidates(for host: String) -> [Resource<Spec>] {
    let positions = Set((byHost[host] ?? []) + wildcards).sorted()
    return positions.map { resources[$0] }
  }
}
