internal import MeshSupport

/// One finding of an analyzer, as `istioctl analyze` reports it.
public struct AnalysisMessage: Codable, Sendable, Hashable, CustomStringConvertible {
  /// `IST0101`, or `MB0001` for this SDK's own analyzers.
  public var code: String
  /// `ReferencedResourceNotFound`.
  public var name: String
  /// How serious the finding is; printed and encoded in istioctl's spelling (`Error`),
  /// under the JSON key `level` as istioctl writes it.
  public var severity: Severity
  /// The message text, from the catalogue's template.
  public var message: String
  /// The resource the finding is about.
  public var resource: ResourceReference
  /// Where that resource was read, when it was read from a file.
  public var origin: ResourceOrigin?
  /// The page that explains the finding.
  public var documentationURL: String

  /// `Error [IST0101] (VirtualService shop/reviews mesh.yaml:12) Referenced host not
  /// found: "reviews"`, as istioctl prints it.
  public var description: String {
    let place = origin.map { " \($0)" } ?? ""
    return "\(severity.rawValue) [\(code)] (\(resource)\(place)) \(message)"
  }

  enum CodingKeys: String, CodingKey {
    case code, name, message, resource, origin
    case severity = "level"
    case documentationURL = "documentationUrl"
  }
}

/// The kinds of finding, with istioctl's codes, names, levels and message templates
/// (istio/istio `pkg/config/analysis/msg/messages.yaml`), plus this SDK's own.
public struct MessageType: Sendable, Hashable {
  /// istioctl's code (`IST0101`), or `MB0001` and up for this SDK's own.
  public var code: String
  /// istioctl's name (`ReferencedResourceNotFound`).
  public var name: String
  /// How serious its findings are.
  public var severity: Severity
  /// The Go-style template (`%s`, `%q`, `%v`, `%d`).
  public var template: String

  /// The message for `resource` with the template's arguments filled in order: `%q`
  /// quotes its argument, the others print it as it is.
  func message(
    _ arguments: [String], resource: ResourceReference, origin: ResourceOrigin?
  ) -> AnalysisMessage {
    var text = ""
    var remaining = arguments[...]
    var characters = template[...]
    while let character = characters.first {
      characters = characters.dropFirst()
      guard character == "%", let verb = characters.first else {
        text.append(character)
        continue
      }
      characters = characters.dropFirst()
      let argument = remaining.popFirst() ?? ""
      // Arguments are names, values and decoding errors from the input: cut and
      // escaped (a %s argument may be a whole error message, so only its long runs are).
      text += verb == "q" ? InputText.quoted(argument) : InputText.boundedMessage(argument)
    }
    let documentation =
      code.hasPrefix("IST")
      ? "https://istio.io/latest/docs/reference/config/analysis/\(code.lowercased())/"
      : "Docs/Analyzers.md#\(code.lowercased())"
    return AnalysisMessage(
      code: code, name: name, severity: severity, message: text, resource: resource, origin: origin,
      documentationURL: documentation)
  }
}

extension MessageType {
  /// IST0101: a host, subset, gateway or secret that a resource refers to does not exist.
  public static let referencedResourceNotFound = MessageType(
    code: "IST0101", name: "ReferencedResourceNotFound", severity: .error,
    template: "Referenced %s not found: %q")
  /// IST0106: the resource breaks Istio's validation rules.
  public static let schemaValidationError = MessageType(
    code: "IST0106", name: "SchemaValidationError", severity: .error,
    template: "Schema validation error: %v")
  /// IST0109: two VirtualServices bound to the mesh gateway define one host.
  public static let conflictingMeshGatewayVirtualServiceHosts = MessageType(
    code: "IST0109", name: "ConflictingMeshGatewayVirtualServiceHosts", severity: .error,
    template:
      "The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."
  )
  /// IST0110: two Sidecars select the same workload.
  public static let conflictingSidecarWorkloadSelectors = MessageType(
    code: "IST0110", name: "ConflictingSidecarWorkloadSelectors", severity: .error,
    template:
      "The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."
  )
  /// IST0111: a namespace has more than one Sidecar without a selector.
  public static let multipleSidecarsWithoutWorkloadSelectors = MessageType(
    code: "IST0111", name: "MultipleSidecarsWithoutWorkloadSelectors", severity: .error,
    template:
      "The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior."
  )
  /// IST0112: a route to a service with several ports names no port.
  public static let virtualServiceDestinationPortSelectorRequired = MessageType(
    code: "IST0112", name: "VirtualServiceDestinationPortSelectorRequired", severity: .error,
    template:
      "This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate."
  )
  /// IST0127: a selector matches no workload.
  public static let noMatchingWorkloadsFound = MessageType(
    code: "IST0127", name: "NoMatchingWorkloadsFound", severity: .warning,
    template: "No matching workloads for this resource with the following labels: %s")
  /// IST0128: SIMPLE or MUTUAL TLS to a destination without CA certificates.
  public static let noServerCertificateVerificationDestinationLevel = MessageType(
    code: "IST0128", name: "NoServerCertificateVerificationDestinationLevel", severity: .warning,
    template:
      "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s"
  )
  /// IST0129: SIMPLE or MUTUAL TLS on one port without CA certificates.
  public static let noServerCertificateVerificationPortLevel = MessageType(
    code: "IST0129", name: "NoServerCertificateVerificationPortLevel", severity: .warning,
    template:
      "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s"
  )
  /// IST0130: a VirtualService rule that earlier rules make unreachable.
  public static let virtualServiceUnreachableRule = MessageType(
    code: "IST0130", name: "VirtualServiceUnreachableRule", severity: .warning,
    template: "VirtualService rule %v not used (%s).")
  /// IST0131: a VirtualService match that an earlier rule already takes.
  public static let virtualServiceIneffectiveMatch = MessageType(
    code: "IST0131", name: "VirtualServiceIneffectiveMatch", severity: .info,
    template:
      "VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).")
  /// IST0134: a ServiceEntry with TCP ports and no addresses.
  public static let serviceEntryAddressesRequired = MessageType(
    code: "IST0134", name: "ServiceEntryAddressesRequired", severity: .warning,
    template: "ServiceEntry addresses are required for this protocol.")
  /// IST0144: a workload runs as UID 1337, the sidecar's.
  public static let invalidApplicationUID = MessageType(
    code: "IST0144", name: "InvalidApplicationUID", severity: .warning,
    template: "User ID (UID) 1337 is reserved for the sidecar proxy.")
  /// IST0157: a Telemetry with empty providers.
  public static let invalidTelemetryProvider = MessageType(
    code: "IST0157", name: "InvalidTelemetryProvider", severity: .warning,
    template: "The Telemetry %v in namespace %q with empty providers will be ignored.")
  /// IST0159: two Telemetries select the same workload.
  public static let conflictingTelemetryWorkloadSelectors = MessageType(
    code: "IST0159", name: "ConflictingTelemetryWorkloadSelectors", severity: .error,
    template:
      "The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."
  )
  /// IST0160: a namespace has more than one Telemetry without a selector.
  public static let multipleTelemetriesWithoutWorkloadSelectors = MessageType(
    code: "IST0160", name: "MultipleTelemetriesWithoutWorkloadSelectors", severity: .error,
    template:
      "The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior."
  )
  /// IST0162: a Gateway listens on a port its Service does not define.
  public static let gatewayPortNotDefinedOnService = MessageType(
    code: "IST0162", name: "GatewayPortNotDefinedOnService", severity: .warning,
    template:
      "The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available."
  )

  // This SDK's own analyzers, for what the ECS Anywhere side adds.
  /// MB0001: a WorkloadEntry lacks a port name of a ServiceEntry that selects it.
  public static let workloadEntryPortMismatch = MessageType(
    code: "MB0001", name: "WorkloadEntryPortMismatch", severity: .warning,
    template:
      "WorkloadEntry %s has no port named %q of ServiceEntry %s that selects it; peers will use port %s."
  )
  /// MB0002: a workload that cannot be given a SPIFFE identity.
  public static let workloadWithoutIdentity = MessageType(
    code: "MB0002", name: "WorkloadWithoutIdentity", severity: .warning,
    template: "Workload %s cannot be given a SPIFFE identity: %s.")
  /// MB0003: two ServiceEntries define one host on one port.
  public static let conflictingServiceEntryHosts = MessageType(
    code: "MB0003", name: "ConflictingServiceEntryHosts", severity: .error,
    template:
      "The ServiceEntries %s define the same host %q on port %s, which can lead to undefined behavior."
  )

  /// MB0004: two objects of one kind with one namespace and name; one replaces the other
  /// when both are applied.
  public static let duplicateResource = MessageType(
    code: "MB0004", name: "DuplicateResource", severity: .error,
    template: "%s is defined more than once (also at %s); only one of them takes effect.")

  /// Every kind of finding the analyzers report.
  public static let all: [MessageType] = [
    .referencedResourceNotFound, .schemaValidationError,
    .conflictingMeshGatewayVirtualServiceHosts, .conflictingSidecarWorkloadSelectors,
    .multipleSidecarsWithoutWorkloadSelectors, .virtualServiceDestinationPortSelectorRequired,
    .noMatchingWorkloadsFound, .noServerCertificateVerificationDestinationLevel,
    .noServerCertificateVerificationPortLevel, .virtualServiceUnreachableRule,
    .virtualServiceIneffectiveMatch, .serviceEntryAddressesRequired, .invalidApplicationUID,
    .invalidTelemetryProvider, .conflictingTelemetryWorkloadSelectors,
    .multipleTelemetriesWithoutWorkloadSelectors, .gatewayPortNotDefinedOnService,
    .workloadEntryPortMismatch, .workloadWithoutIdentity, .conflictingServiceEntryHosts,
    .duplicateResource,
  ]
}
