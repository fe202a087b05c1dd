import Foundation
internal import Synchronization
import YAMLCoding

/// IST0106: the Istio validation rules' errors, one message each.
struct SchemaValidationAnalyzer: Analyzer {
  let name = "schema.ValidationAnalyzer"
  let messageTypes: [MessageType] = [.schemaValidationError]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    // Validation is most of an analysis run's work, and each resource's is independent:
    // it is spread over the machine's cores, in chunks whose results keep their order.
    let objects = inventory.objects
    let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, objects.count / 256))
    let results = ChunkResults(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      var found: [(InventoryObject, ValidationIssue)] = []
      let range = (objects.count * chunk / chunks)..<(objects.count * (chunk + 1) / chunks)
      for object in objects[range] {
        guard case .mesh(let resource) = object.value else { continue }
        for issue in resource.validate() where issue.severity == .error {
          found.append((object, issue))
        }
      }
      results.set(chunk, found)
    }
    for (object, issue) in results.all {
      report.add(.schemaValidationError, ["\(issue.path): \(issue.message)"], about: object)
    }
  }
}

/// Results of concurrent chunks, each written once by its own worker.
private final class ChunkResults: Sendable {
  /// One slot per chunk, each written once by its own worker; the mutex orders those
  /// writes before the read of `all`, which happens after concurrentPerform returns.
  private let slots: Mutex<[[(InventoryObject, ValidationIssue)]]>

  init(count: Int) {
    slots = Mutex(Array(repeating: [], count: count))
  }

  func set(_ index: Int, _ values: [(InventoryObject, ValidationIssue)]) {
    slots.withLock { $0[index] = values }
  }

  var all: [(InventoryObject, ValidationIssue)] {
    slots.withLock { $0.flatMap { $0 } }
  }
}

/// IST0101 (hosts, subsets and gateways a VirtualService names that do not exist),
/// IST0112 (a destination without a port on a multi-port service), IST0130 and IST0131
/// (unreachable rules and ineffective matches).
struct VirtualServiceAnalyzer: Analyzer {
  let name = "virtualservice.Analyzer"
  let messageTypes: [MessageType] = [
    .referencedResourceNotFound, .virtualServiceDestinationPortSelectorRequired,
    .virtualServiceUnreachableRule, .virtualServiceIneffectiveMatch,
  ]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    let subsetsByHost = Self.subsets(inventory)
    for (service, object) in inventory.resources(VirtualServiceSpec.self) {
      let namespace = object.namespace
      for gateway in service.spec.gateways ?? [] {
        switch GatewayName(resolving: gateway, virtualServiceNamespace: namespace) {
        case .mesh:
          continue
        case .gateway(let gatewayNamespace, let name)
        where inventory.object(kind: GatewaySpec.kind, namespace: gatewayNamespace, name: name)
          != nil:
          continue
        default:
          report.add(.referencedResourceNotFound, ["gateway", gateway], about: object)
        }
      }
      for destination in Self.destinations(service.spec) {
        check(
          destination, namespace: namespace, object: object, inventory: inventory,
          subsets: subsetsByHost, report: &report)
      }
      for finding in UnreachableRules.findings(service.spec, at: ["spec"]) {
        switch finding {
        case .unreachable(_, let rule, let reason):
          report.add(.virtualServiceUnreachableRule, [rule, reason], about: object)
        case .ineffective(_, let rule, let match, let earlier):
          report.add(.virtualServiceIneffectiveMatch, [rule, "#\(match)", earlier], about: object)
        }
      }
    }
  }

  private func check(
    _ destination: Destination, namespace: String, object: InventoryObject, inventory: Inventory,
    subsets: [String: Set<String>], report: inout AnalysisReport
  ) {
    guard let host = inventory.resolveHost(destination.host, in: namespace) else {
      // Wildcards and hosts outside the inventory's services are what istioctl names.
      report.add(.referencedResourceNotFound, ["host", destination.host], about: object)
      return
    }
    if let subset = destination.subset, !(subsets[host]?.contains(subset) ?? false) {
      report.add(
        .referencedResourceNotFound,
        ["host+subset in destinationrule", "\(destination.host)+\(subset)"],
        about: object)
    }
    let ports = Set((inventory.serviceHosts[host] ?? []).flatMap(\.ports)).sorted()
    if destination.port?.number == nil, ports.count > 1 {
      report.add(
        .virtualServiceDestinationPortSelectorRequired,
        [destination.host, "[" + ports.map(String.init).joined(separator: " ") + "]"], about: object
      )
    }
  }

  /// The subsets the DestinationRules define, by the host they resolve to.
  static func subsets(_ inventory: Inventory) -> [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for (rule, object) in inventory.resources(DestinationRuleSpec.self) {
      let host = inventory.resolveHost(rule.spec.host, in: object.namespace) ?? rule.spec.host
      result[host, default: []].formUnion((rule.spec.subsets ?? []).map(\.name))
    }
    return result
  }

  /// Every destination of every route and mirror.
  static func destinations(_ spec: VirtualServiceSpec) -> [Destination] {
    var result: [Destination] = []
    for route in spec.http ?? [] {
      result += (route.route ?? []).map(\.destination)
      if let mirror = route.mirror { result.append(mirror) }
      result += (route.mirrors ?? []).map(\.destination)
    }
    for route in spec.tcp ?? [] { result += (route.route ?? []).map(\.destination) }
    for route in spec.tls ?? [] { result += (route.route ?? []).map(\.destination) }
    return result
  }
}

/// IST0109: VirtualServices for sidecars (the mesh gateway) that define the same host.
struct ConflictingMeshGatewayHostsAnalyzer: Analyzer {
  let name = "virtualservice.ConflictingMeshGatewayHostsAnalyzer"
  let messageTypes: [MessageType] = [.conflictingMeshGatewayVirtualServiceHosts]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    var byHost: [String: [InventoryObject]] = [:]
    for (service, object) in inventory.resources(VirtualServiceSpec.self) {
      guard GatewayName.bindings(of: service.spec, namespace: object.namespace).contains(.mesh)
      else { continue }
      for host in Set(service.spec.hosts ?? []) {
        let resolved =
          host.contains(".") || host.contains("*")
          ? host : "\(host).\(object.namespace).svc.\(inventory.clusterDomain)"
        byHost[resolved, default: []].append(object)
      }
    }
    for (host, objects) in byHost where objects.count > 1 {
      let names = objects.map(\.qualifiedName).sorted().joined(separator: ",")
      for object in objects {
        report.add(.conflictingMeshGatewayVirtualServiceHosts, [names, host], about: object)
      }
    }
  }
}

/// IST0128 and IST0129: SIMPLE or MUTUAL TLS without caCertificates, so the server's
/// certificate is not verified.
struct DestinationRuleTLSAnalyzer: Analyzer {
  let name = "destinationrule.CaCertificateAnalyzer"
  let messageTypes: [MessageType] = [
    .noServerCertificateVerificationDestinationLevel, .noServerCertificateVerificationPortLevel,
  ]

  static func unverified(_ tls: ClientTLSSettings?) -> String? {
    guard let tls, let mode = tls.mode, mode == .simple || mode == .mutual else { return nil }
    guard (tls.caCertificates ?? "").isEmpty, tls.credentialName == nil,
      tls.insecureSkipVerify != true
    else { return nil }
    return mode.rawValue
  }

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (rule, object) in inventory.resources(DestinationRuleSpec.self) {
      if let mode = Self.unverified(rule.spec.trafficPolicy?.tls) {
        report.add(
          .noServerCertificateVerificationDestinationLevel,
          [object.name, object.namespace, mode, rule.spec.host], about: object)
      }
      for setting in rule.spec.trafficPolicy?.portLevelSettings ?? [] {
        if let mode = Self.unverified(setting.tls) {
          report.add(
            .noServerCertificateVerificationPortLevel,
            [
              object.name, object.namespace, mode, rule.spec.host,
              setting.port?.number.map(String.init) ?? "",
            ],
            about: object)
        }
      }
    }
  }
}

/// IST0101 (a Gateway's selector matching no pod, its credentialName naming no Secret)
/// and IST0162 (a server port the Service in front of the gateway pods does not expose).
struct GatewayAnalyzer: Analyzer {
  let name = "gateway.Analyzer"
  let messageTypes: [MessageType] = [.referencedResourceNotFound, .gatewayPortNotDefinedOnService]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    let pods = inventory.objects(ofKind: "Pod")
    let services = inventory.objects(ofKind: "Service")
    for (gateway, object) in inventory.resources(GatewaySpec.self) {
      let selector = gateway.spec.selector ?? [:]
      let selected = pods.filter { LabelMatching.matches(selector, $0.metadata.labels ?? [:]) }
      // Without any pod in the inventory, a selector cannot be checked.
      if !pods.isEmpty, selected.isEmpty {
        report.add(.referencedResourceNotFound, ["selector", Self.labels(selector)], about: object)
      }
      for server in gateway.spec.servers ?? [] {
        if let credential = server.tls?.credentialName, !credential.isEmpty {
          let namespaces = Set([object.namespace] + selected.map(\.namespace))
          if !namespaces.contains(where: {
            inventory.object(kind: "Secret", namespace: $0, name: credential) != nil
          }) {
            report.add(.referencedResourceNotFound, ["credentialName", credential], about: object)
          }
        }
      }
      guard !selected.isEmpty else { continue }
      let fronting = services.compactMap { object -> Kubernetes.Service? in
        guard case .kubernetes(.service(let service)) = object.value, !service.selector.isEmpty,
          selected.contains(where: { pod in
            pod.namespace == object.namespace
              && LabelMatching.matches(service.selector, pod.metadata.labels ?? [:])
          })
        else { return nil }
        return service
      }
      guard !fronting.isEmpty else { continue }
      let exposed = Set(
        fronting.flatMap { $0.ports.flatMap { [String($0.port), $0.targetPort ?? ""] } })
      for server in gateway.spec.servers ?? [] {
        let number = server.port.number
        guard !exposed.contains(String(number)) else { continue }
        report.add(
          .gatewayPortNotDefinedOnService, [String(number), Self.labels(selector)], about: object)
      }
    }
  }

  static func labels(_ selector: [String: String]) -> String {
    selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
  }
}

/// IST0134: a ServiceEntry with a TCP (or unnamed-protocol) port and no addresses.
struct ServiceEntryAddressesAnalyzer: Analyzer {
  let name = "serviceentry.Analyzer"
  let messageTypes: [MessageType] = [.serviceEntryAddressesRequired]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (entry, object) in inventory.resources(ServiceEntrySpec.self)
    where (entry.spec.addresses ?? []).isEmpty {
      let needsAddress = (entry.spec.ports ?? []).contains { port in
        let declared = port.protocol?.uppercased() ?? ""
        return declared.isEmpty || declared == "TCP"
      }
      if needsAddress { report.add(.serviceEntryAddressesRequired, [], about: object) }
    }
  }
}
