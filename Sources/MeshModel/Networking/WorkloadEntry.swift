/// The spec of a WorkloadEntry: a workload outside Kubernetes (a VM or an ECS Anywhere task) as a mesh endpoint.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `WorkloadEntry`.
public struct WorkloadEntrySpec: Codable, Sendable, Hashable {
  /// IP address or DNS name of the workload, or a Unix socket (`unix:///path`).
  public var address: String?
  /// Port numbers by the service port names they serve.
  public var ports: [String: UInt32]?
  /// Labels of the workload.
  public var labels: [String: String]?
  /// The network the address belongs to.
  public var network: String?
  /// The workload's locality, `region/zone/subzone`.
  public var locality: String?
  /// Load-balancing weight.
  public var weight: UInt32?
  /// The service account the workload runs as; its identity.
  public var serviceAccount: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    address: String? = nil,
    ports: [String: UInt32]? = nil,
    labels: [String: String]? = nil,
    network: String? = nil,
    locality: String? = nil,
    weight: UInt32? = nil,
    serviceAccount: String? = nil
  ) {
    self.address = address
    self.ports = ports
    self.labels = labels
    self.network = network
    self.locality = locality
    self.weight = weight
    self.serviceAccount = serviceAccount
  }
}
