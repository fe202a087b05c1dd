internal import MeshSupport
import YAMLCoding

/// Any mesh resource this SDK knows, for streams that mix kinds.
///
/// Decoding reads `kind` and decodes the matching ``Resource``; an unknown kind is an
/// error at `kind` that lists the known ones. Encoding writes the resource as it is.
///
/// ```swift
/// let resources = try MeshResourceDecoder().decode(yamlText)
/// for resource in resources { print(resource.kind, resource.metadata.name ?? "") }
/// ```
public enum MeshResource: Codable, Sendable, Hashable {
  /// A VirtualService: how requests to a host are routed.
  case virtualService(VirtualService)
  /// A DestinationRule: the policies (load balancing, TLS, subsets) for traffic to a host.
  case destinationRule(DestinationRule)
  /// A Gateway: the ports, hosts and TLS of a load balancer at the edge of the mesh.
  case gateway(Gateway)
  /// A ServiceEntry: a service added to the mesh's registry, such as an external API.
  case serviceEntry(ServiceEntry)
  /// A WorkloadEntry: a workload outside Kubernetes (a VM, an ECS task) with its address and
  /// labels.
  case workloadEntry(WorkloadEntry)
  /// A WorkloadGroup: the template of the WorkloadEntries of workloads outside Kubernetes.
  case workloadGroup(WorkloadGroup)
  /// A Sidecar: what the sidecars of the workloads it selects listen on and may reach.
  case sidecar(Sidecar)
  /// A PeerAuthentication: the mutual TLS mode of the workloads it selects.
  case peerAuthentication(PeerAuthentication)
  /// An AuthorizationPolicy: which requests the workloads it selects allow or deny.
  case authorizationPolicy(AuthorizationPolicy)
  /// A RequestAuthentication: the JSON Web Tokens the workloads it selects accept.
  case requestAuthentication(RequestAuthentication)
  /// A Telemetry: the metrics, access logs and tracing of the workloads it selects.
  case telemetry(Telemetry)

  /// The kinds this enum decodes, in the order the Istio API documents them.
  public static let knownKinds = [
    VirtualServiceSpec.kind, DestinationRuleSpec.kind, GatewaySpec.kind, ServiceEntrySpec.kind,
    WorkloadEntrySpec.kind, WorkloadGroupSpec.kind, SidecarSpec.kind, PeerAuthenticationSpec.kind,
    AuthorizationPolicySpec.kind, RequestAuthenticationSpec.kind, TelemetrySpec.kind,
  ]

  private enum CodingKeys: String, CodingKey {
    case kind
  }

  /// Decodes the resource named by the document's `kind`.
  /// - Throws: `DecodingError` at `kind` for a kind this SDK does not know, or what the
  ///   kind's ``Resource`` decoding throws.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decode(String.self, forKey: .kind)
    switch kind {
    case VirtualServiceSpec.kind: self = .virtualService(try VirtualService(from: decoder))
    case DestinationRuleSpec.kind: self = .destinationRule(try DestinationRule(from: decoder))
    case GatewaySpec.kind: self = .gateway(try Gateway(from: decoder))
    case ServiceEntrySpec.kind: self = .serviceEntry(try ServiceEntry(from: decoder))
    case WorkloadEntrySpec.kind: self = .workloadEntry(try WorkloadEntry(from: decoder))
    case WorkloadGroupSpec.kind: self = .workloadGroup(try WorkloadGroup(from: decoder))
    case SidecarSpec.kind: self = .sidecar(try Sidecar(from: decoder))
    case PeerAuthenticationSpec.kind:
      self = .peerAuthentication(try PeerAuthentication(from: decoder))
    case AuthorizationPolicySpec.kind:
      self = .authorizationPolicy(try AuthorizationPolicy(from: decoder))
    case RequestAuthenticationSpec.kind:
      self = .requestAuthentication(try RequestAuthentication(from: decoder))
    case TelemetrySpec.kind: self = .telemetry(try Telemetry(from: decoder))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container,
        debugDescription:
          "unknown kind \"\(kind)\"; known kinds: \(Self.knownKinds.joined(separator: ", "))")
    }
  }

  /// Encodes the wrapped resource.
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .virtualService(let resource): try resource.encode(to: encoder)
    case .destinationRule(let resource): try resource.encode(to: encoder)
    case .gateway(let resource): try resource.encode(to: encoder)
    case .serviceEntry(let resource): try resource.encode(to: encoder)
    case .workloadEntry(let resource): try resource.encode(to: encoder)
    case .workloadGroup(let resource): try resource.encode(to: encoder)
    case .sidecar(let resource): try resource.encode(to: encoder)
    case .peerAuthentication(let resource): try resource.encode(to: encoder)
    case .authorizationPolicy(let resource): try resource.encode(to: encoder)
    case .requestAuthentication(let resource): try resource.encode(to: encoder)
    case .telemetry(let resource): try resource.encode(to: encoder)
    }
  }

  /// The kind, such as `VirtualService`.
  public var kind: String {
    switch self {
    case .virtualService: VirtualServiceSpec.kind
    case .destinationRule: DestinationRuleSpec.kind
    case .gateway: GatewaySpec.kind
    case .serviceEntry: ServiceEntrySpec.kind
    case .workloadEntry: WorkloadEntrySpec.kind
    case .workloadGroup: WorkloadGroupSpec.kind
    case .sidecar: SidecarSpec.kind
    case .peerAuthentication: PeerAuthenticationSpec.kind
    case .authorizationPolicy: AuthorizationPolicySpec.kind
    case .requestAuthentication: RequestAuthenticationSpec.kind
    case .telemetry: TelemetrySpec.kind
    }
  }

  /// The resource's metadata.
  public var metadata: ObjectMeta {
    switch self {
    case .virtualService(let resource): resource.metadata
    case .destinationRule(let resource): resource.metadata
    case .gateway(let resource): resource.metadata
    case .serviceEntry(let resource): resource.metadata
    case .workloadEntry(let resource): resource.metadata
    case .workloadGroup(let resource): resource.metadata
    case .sidecar(let resource): resource.metadata
    case .peerAuthentication(let resource): resource.metadata
    case .authorizationPolicy(let resource): resource.metadata
    case .requestAuthentication(let resource): resource.metadata
    case .telemetry(let resource): resource.metadata
    }
  }

  /// The resource's kind, namespace (`default` when it names none) and name, as reports
  /// name it.
  public var reference: ResourceReference {
    ResourceReference(
      kind: kind, namespace: metadata.namespace ?? "default", name: metadata.name ?? "<unnamed>")
  }

  /// `kind namespace/name`, as messages name a resource; a huge or hostile name (the
  /// resource may not be valid) is cut and escaped.
  public var displayName: String {
    let namespace = InputText.clipped(metadata.namespace ?? "default")
    return "\(kind) \(namespace)/\(InputText.clipped(metadata.name ?? "<unnamed>"))"
  }
}
