import Foundation

/// A resource that selects workloads by labels, for the selector analyzers.
struct SelectingResource {
  var object: InventoryObject
  /// Nil when the resource has no selector (it applies to the whole namespace).
  var selector: [String: String]?

  /// The selecting resources of the inventory of one kind.
  static func all(_ kind: String, in inventory: Inventory) -> [SelectingResource] {
    inventory.objects(ofKind: kind).compactMap { object in
      guard case .mesh(let resource) = object.value else { return nil }
      let selector: [String: String]?
      switch resource {
      case .sidecar(let sidecar): selector = sidecar.spec.workloadSelector?.labels
      case .telemetry(let telemetry): selector = telemetry.spec.selector?.matchLabels
      case .authorizationPolicy(let policy): selector = policy.spec.selector?.matchLabels
      case .peerAuthentication(let policy): selector = policy.spec.selector?.matchLabels
      case .requestAuthentication(let policy): selector = policy.spec.selector?.matchLabels
      default: return nil
      }
      return SelectingResource(
        object: object, selector: (selector?.isEmpty ?? true) ? nil : selector)
    }
  }
}

/// IST0110/IST0111 for Sidecars and IST0159/IST0160 for Telemetry: two resources of the
/// kind selecting the same workload, or two without a selector in one namespace.
struct SelectorConflictAnalyzer: Analyzer {
  let name = "selector.ConflictAnalyzer"
  let messageTypes: [MessageType] = [
    .conflictingSidecarWorkloadSelectors, .multipleSidecarsWithoutWorkloadSelectors,
    .conflictingTelemetryWorkloadSelectors, .multipleTelemetriesWithoutWorkloadSelectors,
  ]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (kind, conflicting, unselected) in [
      (
        SidecarSpec.kind, MessageType.conflictingSidecarWorkloadSelectors,
        MessageType.multipleSidecarsWithoutWorkloadSelectors
      ),
      (
        TelemetrySpec.kind, .conflictingTelemetryWorkloadSelectors,
        .multipleTelemetriesWithoutWorkloadSelectors
      ),
    ] {
      let resources = SelectingResource.all(kind, in: inventory)
      for (namespace, group) in Dictionary(grouping: resources, by: \.object.namespace) {
        let withoutSelector = group.filter { $0.selector == nil }
        if withoutSelector.count > 1 {
          let names = "[" + withoutSelector.map(\.object.name).sorted().joined(separator: " ") + "]"
          for resource in withoutSelector {
            report.add(unselected, [names, namespace], about: resource.object)
          }
        }
        let selecting = group.filter { $0.selector != nil }
        guard selecting.count > 1 else { continue }
        var byWorkload: [String: [SelectingResource]] = [:]
        for resource in selecting {
          for workload in inventory.workloads(in: namespace, matching: resource.selector ?? [:]) {
            byWorkload[workload.object.name, default: []].append(resource)
          }
        }
        for (workload, resources) in byWorkload where resources.count > 1 {
          let names = "[" + resources.map(\.object.name).sorted().joined(separator: " ") + "]"
          for resource in resources {
            report.add(conflicting, [names, namespace, workload], about: resource.object)
          }
        }
      }
    }
  }
}

/// IST0127: a selector that matches no workload of its namespace. Only namespaces that
/// hold workloads in the inventory are checked, so that analyzing policies without their
/// workloads does not report every selector.
struct NoMatchingWorkloadsAnalyzer: Analyzer {
  let name = "selector.NoMatchingWorkloadsAnalyzer"
  let messageTypes: [MessageType] = [.noMatchingWorkloadsFound]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for kind in [
      AuthorizationPolicySpec.kind, PeerAuthenticationSpec.kind, RequestAuthenticationSpec.kind,
      SidecarSpec.kind, TelemetrySpec.kind,
    ] {
      for resource in SelectingResource.all(kind, in: inventory) {
        guard let selector = resource.selector,
          resource.object.namespace != inventory.rootNamespace,
          inventory.hasWorkloads(in: resource.object.namespace),
          inventory.workloads(in: resource.object.namespace, matching: selector).isEmpty
        else { continue }
        report.add(
          .noMatchingWorkloadsFound, [GatewayAnalyzer.labels(selector)], about: resource.object)
      }
    }
  }
}

/// IST0144: an application container running as UID 1337, the proxy's.
struct ApplicationUIDAnalyzer: Analyzer {
  let name = "pod.ApplicationUIDAnalyzer"
  let messageTypes: [MessageType] = [.invalidApplicationUID]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for object in inventory.objects(ofKind: "Pod") {
      guard case .kubernetes(.pod(let pod)) = object.value else { continue }
      let applications = pod.containers.filter { $0.name != "istio-proxy" }
      if pod.runAsUser == 1337 || applications.contains(where: { $0.runAsUser == 1337 }) {
        report.add(.invalidApplicationUID, [], about: object)
      }
    }
  }
}

/// IST0157: Telemetry entries with no providers, which Istio ignores unless the mesh
/// config names default providers.
struct TelemetryProviderAnalyzer: Analyzer {
  let name = "telemetry.ProviderAnalyzer"
  let messageTypes: [MessageType] = [.invalidTelemetryProvider]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    guard !Self.meshConfigHasDefaultProviders(inventory) else { return }
    for (telemetry, object) in inventory.resources(TelemetrySpec.self) {
      let entries =
        (telemetry.spec.tracing ?? []).map { $0.providers }
        + (telemetry.spec.metrics ?? []).map { $0.providers }
        + (telemetry.spec.accessLogging ?? []).map { $0.providers }
      if entries.contains(where: { ($0 ?? []).isEmpty }) {
        report.add(.invalidTelemetryProvider, [object.name, object.namespace], about: object)
      }
    }
  }

  static func meshConfigHasDefaultProviders(_ inventory: Inventory) -> Bool {
    guard
      let object = inventory.object(kind: "ConfigMap", namespace: "istio-system", name: "istio"),
      case .kubernetes(.configMap(let map)) = object.value
    else { return false }
    return map.data["mesh"]?.contains("defaultProviders") ?? false
  }
}

/// MB0001: a WorkloadEntry that declares ports but none under the name of a port of a
/// ServiceEntry selecting it, so peers reach it on the service port itself.
struct WorkloadEntryPortsAnalyzer: Analyzer {
  let name = "meshbridge.WorkloadEntryPortsAnalyzer"
  let messageTypes: [MessageType] = [.workloadEntryPortMismatch]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (service, serviceObject) in inventory.resources(ServiceEntrySpec.self) {
      guard let selector = service.spec.workloadSelector?.labels, !selector.isEmpty else {
        continue
      }
      for workload in inventory.workloads(in: serviceObject.namespace, matching: selector) {
        guard case .mesh(.workloadEntry(let entry)) = workload.object.value,
          let ports = entry.spec.ports, !ports.isEmpty
        else { continue }
        for port in service.spec.ports ?? [] where ports[port.name] == nil {
          report.add(
            .workloadEntryPortMismatch,
            [
              workload.object.qualifiedName, port.name, serviceObject.qualifiedName,
              String(port.targetPort ?? port.number),
            ],
            about: workload.object)
        }
      }
    }
  }
}

/// MB0002: a workload whose SPIFFE ID (`spiffe://TD/ns/NAMESPACE/sa/ACCOUNT`) cannot be
/// made: no service account (it would share `default`'s identity) or one that is not a
/// valid path segment.
struct WorkloadIdentityAnalyzer: Analyzer {
  let name = "meshbridge.WorkloadIdentityAnalyzer"
  let messageTypes: [MessageType] = [.workloadWithoutIdentity]
  /// The characters of a SPIFFE ID path segment.
  static let allowed = CharacterSet(
    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (entry, object) in inventory.resources(WorkloadEntrySpec.self) {
      guard let account = entry.spec.serviceAccount, !account.isEmpty else {
        report.add(
          .workloadWithoutIdentity,
          [
            object.qualifiedName,
            "it names no serviceAccount and would share the namespace's default identity",
          ],
          about: object)
        continue
      }
      if account == "." || account == ".."
        || !account.unicodeScalars.allSatisfy(Self.allowed.contains)
      {
        report.add(
          .workloadWithoutIdentity,
          [
            object.qualifiedName,
            "serviceAccount \"\(account)\" is not a valid SPIFFE ID path segment",
          ],
          about: object)
      }
    }
  }
}

/// MB0003: two ServiceEntries defining the same host on the same port.
struct ServiceEntryHostConflictAnalyzer: Analyzer {
  let name = "meshbridge.ServiceEntryHostConflictAnalyzer"
  let messageTypes: [MessageType] = [.conflictingServiceEntryHosts]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    for (host, definitions) in inventory.serviceHosts {
      let entries = definitions.filter { $0.object.kind == ServiceEntrySpec.kind }
      guard entries.count > 1 else { continue }
      var byPort: [UInt32: [InventoryObject]] = [:]
      for definition in entries {
        for port in Set(definition.ports) { byPort[port, default: []].append(definition.object) }
      }
      for (port, objects) in byPort where objects.count > 1 {
        let names = objects.map(\.qualifiedName).sorted().joined(separator: ",")
        for object in objects {
          report.add(.conflictingServiceEntryHosts, [names, host, String(port)], about: object)
        }
      }
    }
  }
}

/// MB0004: objects of one kind with the same namespace and name, as when one file copies
/// another's resource; `kubectl apply` keeps whichever comes last. Each copy is reported,
/// naming where the others are.
struct DuplicateResourceAnalyzer: Analyzer {
  let name = "meshbridge.DuplicateResourceAnalyzer"
  let messageTypes: [MessageType] = [.duplicateResource]

  func analyze(_ inventory: Inventory, into report: inout AnalysisReport) {
    let groups = Dictionary(grouping: inventory.objects) { $0.reference }
    for (reference, copies) in groups where copies.count > 1 {
      for (position, object) in copies.enumerated() {
        let others = copies.enumerated().filter { $0.offset != position }.map {
          $0.element.origin?.description ?? "an object built in code"
        }
        report.add(
          .duplicateResource, [reference.description, others.joined(separator: ", ")],
          about: object)
      }
    }
  }
}
