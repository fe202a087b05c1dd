/// The spec of a ServiceEntry: a service added to the mesh's registry, inside or outside the mesh.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `ServiceEntry`.
public struct ServiceEntrySpec: Codable, Sendable, Hashable {
  /// Hosts of the service: DNS names, wildcard prefixes allowed.
  public var hosts: [String]
  /// Virtual IPs or CIDR blocks of the service.
  public var addresses: [String]?
  /// Ports of the service.
  public var ports: [ServicePort]?
  /// Whether the service is part of the mesh.
  public var location: ServiceEntryLocation?
  /// How endpoint addresses are found.
  public var resolution: ServiceEntryResolution?
  /// Endpoints of the service, inline.
  public var endpoints: [WorkloadEntrySpec]?
  /// Selects WorkloadEntries and pods as endpoints; excludes `endpoints`.
  public var workloadSelector: WorkloadSelector?
  /// Namespaces the entry is visible to.
  public var exportTo: [String]?
  /// Names accepted in the endpoints' certificates.
  public var subjectAltNames: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    hosts: [String],
    addresses: [String]? = nil,
    ports: [ServicePort]? = nil,
    location: ServiceEntryLocation? = nil,
    resolution: ServiceEntryResolution? = nil,
    endpoints: [WorkloadEntrySpec]? = nil,
    workloadSelector: WorkloadSelector? = nil,
    exportTo: [String]? = nil,
    subjectAltNames: [String]? = nil
  ) {
    self.hosts = hosts
    self.addresses = addresses
    self.ports = ports
    self.location = location
    self.resolution = resolution
    self.endpoints = endpoints
    self.workloadSelector = workloadSelector
    self.exportTo = exportTo
    self.subjectAltNames = subjectAltNames
  }
}

/// A port of a ServiceEntry.
public struct ServicePort: Codable, Sendable, Hashable {
  /// The port number, 1 to 65535.
  public var number: UInt32
  /// HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS or UDP.
  public var `protocol`: String?
  /// A label for the port.
  public var name: String
  /// The port on the endpoints, when it differs.
  public var targetPort: UInt32?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    number: UInt32,
    `protocol`: String? = nil,
    name: String,
    targetPort: UInt32? = nil
  ) {
    self.number = number
    self.protocol = `protocol`
    self.name = name
    self.targetPort = targetPort
  }
}

/// Whether a ServiceEntry's service is part of the mesh.
public enum ServiceEntryLocation: String, Codable, Sendable, Hashable, CaseIterable {
  /// Outside the mesh: no mutual TLS by default.
  case meshExternal = "MESH_EXTERNAL"
  /// Part of the mesh.
  case meshInternal = "MESH_INTERNAL"
}

/// How a ServiceEntry's endpoint addresses are found.
public enum ServiceEntryResolution: String, Codable, Sendable, Hashable, CaseIterable {
  /// The connection's destination address is used.
  case none = "NONE"
  /// The addresses of `endpoints`.
  case `static` = "STATIC"
  /// DNS, asynchronously, all addresses.
  case dns = "DNS"
  /// DNS, the first address.
  case dnsRoundRobin = "DNS_ROUND_ROBIN"
  /// DNS per request (dynamic forward proxy).
  case dynamicDns = "DYNAMIC_DNS"
}
