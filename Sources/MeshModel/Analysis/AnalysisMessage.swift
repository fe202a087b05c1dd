internal import MeshSupport

/// One finding of an analyzer, as `istioctl analyze` reports it.
public struct AnalysisMessage: Codable, Sendable, Hashable, CustomStringConvertible {
  /// How serious a finding is; `istioctl`'s levels.
  public enum Level: String, Codable, Sendable, Hashable, Comparable, CaseIterable {
    case info = "Info"
    case warning = "Warning"
    case error = "Error"

    var rank: Int {
      switch self {
      case .info: 0
      case .warning: 1
      case .error: 2
      }
    }

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
  }

  /// `IST0101`, or `MB0001` for this SDK's own analyzers.
  public var code: String
  /// `ReferencedResourceNotFound`.
  public var name: String
  public var level: Level
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
    return "\(level.rawValue) [\(code)] (\(resource)\(place)) \(message)"
  }

  enum CodingKeys: String, CodingKey {
    case code, name, level, message, resource, origin
    case documentationURL = "documentationUrl"
  }
}

/// The kinds of finding, with istioctl's codes, names, levels and message templates
/// (istio/istio `pkg/config/analysis/msg/messages.yaml`), plus this SDK's own.
public struct MessageType: Sendable, Hashable {
  public var code: String
  public var name: String
  public var level: AnalysisMessage.Level
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
      code: code, name: name, level: level, message: text, resource: resource, origin: origin,
      documentationURL: documentation)
  }
}

extension MessageType {
  public static let referencedResourceNotFound = MessageType(
    code: "IST0101", name: "ReferencedResourceNotFound", level: .error,
    template: "Referenced %s not found: %q")
  public static let schemaValidationError = MessageType(
    code: "IST0106", name: "SchemaValidationError", level: .error,
    template: "Schema validation error: %v")
  public static let conflictingMeshGatewayVirtualServiceHosts = MessageType(
    code: "IST0109", name: "ConflictingMeshGatewayVirtualServiceHosts", level: .error,
    template:
      "The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource."
  )
  public static let conflictingSidecarWorkloadSelectors = MessageType(
    code: "IST0110", name: "ConflictingSidecarWorkloadSelectors", level: .error,
    template:
      "The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."
  )
  public static let multipleSidecarsWithoutWorkloadSelectors = MessageType(
    code: "IST0111", name: "MultipleSidecarsWithoutWorkloadSelectors", level: .error,
    template:
      "The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior."
  )
  public static let virtualServiceDestinationPortSelectorRequired = MessageType(
    code: "IST0112", name: "VirtualServiceDestinationPortSelectorRequired", level: .error,
    template:
      "This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate."
  )
  public static let noMatchingWorkloadsFound = MessageType(
    code: "IST0127", name: "NoMatchingWorkloadsFound", level: .warning,
    template: "No matching workloads for this resource with the following labels: %s")
  public static let noServerCertificateVerificationDestinationLevel = MessageType(
    code: "IST0128", name: "NoServerCertificateVerificationDestinationLevel", level: .warning,
    template:
      "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s"
  )
  public static let noServerCertificateVerificationPortLevel = MessageType(
    code: "IST0129", name: "NoServerCertificateVerificationPortLevel", level: .warning,
    template:
      "DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s"
  )
  public static let virtualServiceUnreachableRule = MessageType(
    code: "IST0130", name: "VirtualServiceUnreachableRule", level: .warning,
    template: "VirtualService rule %v not used (%s).")
  public static let virtualServiceIneffectiveMatch = MessageType(
    code: "IST0131", name: "VirtualServiceIneffectiveMatch", level: .info,
    template:
      "VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).")
  public static let serviceEntryAddressesRequired = MessageType(
    code: "IST0134", name: "ServiceEntryAddressesRequired", level: .warning,
    template: "ServiceEntry addresses are required for this protocol.")
  public static let invalidApplicationUID = MessageType(
    code: "IST0144", name: "InvalidApplicationUID", level: .warning,
    template: "User ID (UID) 1337 is reserved for the sidecar proxy.")
  public static let invalidTelemetryProvider = MessageType(
    code: "IST0157", name: "InvalidTelemetryProvider", level: .warning,
    template: "The Telemetry %v in namespace %q with empty providers will be ignored.")
  public static let conflictingTelemetryWorkloadSelectors = MessageType(
    code: "IST0159", name: "ConflictingTelemetryWorkloadSelectors", level: .error,
    template:
      "The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior."
  )
  public static let multipleTelemetriesWithoutWorkloadSelectors = MessageType(
    code: "IST0160", name: "MultipleTelemetriesWithoutWorkloadSelectors", level: .error,
    template:
      "The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior."
  )
  public static let gatewayPortNotDefinedOnService = MessageType(
    code: "IST0162", name: "GatewayPortNotDefinedOnService", level: .warning,
    template:
      "The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available."
  )

  // This SDK's own analyzers, for what the ECS Anywhere side adds.
  public static let workloadEntryPortMismatch = MessageType(
    code: "MB0001", name: "WorkloadEntryPortMismatch", level: .warning,
    template:
      "WorkloadEntry %s has no port named %q of ServiceEntry %s that selects it; peers will use port %s."
  )
  public static let workloadWithoutIdentity = MessageType(
    code: "MB0002", name: "WorkloadWithoutIdentity", level: .warning,
    template: "Workload %s cannot be given a SPIFFE identity: %s.")
  public static let conflictingServiceEntryHosts = MessageType(
    code: "MB0003", name: "ConflictingServiceEntryHosts", level: .error,
    template:
      "The ServiceEntries %s define the same host %q on port %s, which can lead to undefined behavior."
  )

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
  ]
}
