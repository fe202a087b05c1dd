/// A VirtualService resource (`networking.istio.io/v1`).
public typealias VirtualService = Resource<VirtualServiceSpec>
/// A DestinationRule resource (`networking.istio.io/v1`).
public typealias DestinationRule = Resource<DestinationRuleSpec>
/// A Gateway resource (`networking.istio.io/v1`).
public typealias Gateway = Resource<GatewaySpec>
/// A ServiceEntry resource (`networking.istio.io/v1`).
public typealias ServiceEntry = Resource<ServiceEntrySpec>
/// A WorkloadEntry resource (`networking.istio.io/v1`).
public typealias WorkloadEntry = Resource<WorkloadEntrySpec>
/// A WorkloadGroup resource (`networking.istio.io/v1`).
public typealias WorkloadGroup = Resource<WorkloadGroupSpec>
/// A Sidecar resource (`networking.istio.io/v1`).
public typealias Sidecar = Resource<SidecarSpec>
/// A PeerAuthentication resource (`security.istio.io/v1`).
public typealias PeerAuthentication = Resource<PeerAuthenticationSpec>
/// An AuthorizationPolicy resource (`security.istio.io/v1`).
public typealias AuthorizationPolicy = Resource<AuthorizationPolicySpec>
/// A RequestAuthentication resource (`security.istio.io/v1`).
public typealias RequestAuthentication = Resource<RequestAuthenticationSpec>
/// A Telemetry resource (`telemetry.istio.io/v1`).
public typealias Telemetry = Resource<TelemetrySpec>

/// The API versions Istio serves for its networking kinds, preferred first.
private let networkingVersions = ["v1", "v1beta1", "v1alpha3"]

extension VirtualServiceSpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "VirtualService"
  public static let servedVersions = networkingVersions
}

extension DestinationRuleSpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "DestinationRule"
  public static let servedVersions = networkingVersions
}

extension GatewaySpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "Gateway"
  public static let servedVersions = networkingVersions
}

extension ServiceEntrySpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "ServiceEntry"
  public static let servedVersions = networkingVersions
}

extension WorkloadEntrySpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "WorkloadEntry"
  public static let servedVersions = networkingVersions
}

extension WorkloadGroupSpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "WorkloadGroup"
  public static let servedVersions = networkingVersions
}

extension SidecarSpec: ResourceSpec {
  public static let group = "networking.istio.io"
  public static let kind = "Sidecar"
  public static let servedVersions = networkingVersions
}

extension PeerAuthenticationSpec: ResourceSpec {
  public static let group = "security.istio.io"
  public static let kind = "PeerAuthentication"
  public static let servedVersions = ["v1", "v1beta1"]
}

extension AuthorizationPolicySpec: ResourceSpec {
  public static let group = "security.istio.io"
  public static let kind = "AuthorizationPolicy"
  public static let servedVersions = ["v1", "v1beta1"]
}

extension RequestAuthenticationSpec: ResourceSpec {
  public static let group = "security.istio.io"
  public static let kind = "RequestAuthentication"
  public static let servedVersions = ["v1", "v1beta1"]
}

extension TelemetrySpec: ResourceSpec {
  public static let group = "telemetry.istio.io"
  public static let kind = "Telemetry"
  public static let servedVersions = ["v1", "v1alpha1"]
}
