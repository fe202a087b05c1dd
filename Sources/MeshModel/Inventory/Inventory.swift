import Foundation
internal import MeshSupport
import YAMLCoding

/// Where a resource was read: its file and the line and column it starts at.
public struct ResourceOrigin: Codable, Sendable, Hashable, CustomStringConvertible {
  /// The file's name, as the caller gave it to the decoder.
  public var file: String
  /// The line the resource's document starts at, from 1.
  public var line: Int
  /// The column the resource's document starts at, from 1.
  public var column: Int

  /// Creates a value; every parameter is the property of the same name.
  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line`, as compilers name a place.
  public var description: String { "\(file):\(line)" }
}

/// One object of an inventory: a mesh resource or a Kubernetes object, and where it came
/// from.
public struct InventoryObject: Sendable, Hashable {
  /// The object itself.
  public enum Value: Sendable, Hashable {
    /// An Istio resource, such as a VirtualService.
    case mesh(MeshResource)
    /// A Kubernetes object the analyzers read, such as a Pod or a Service.
    case kubernetes(Kubernetes.Object)
  }

  /// The object's parts, shared by every copy: analyzers pass objects around by the
  /// thousand, and a resource is a large value.
  private final class Storage: Sendable {
    let value: Value
    let origin: ResourceOrigin?
    let kind: String
    let namespace: String
    let name: String

    init(value: Value, origin: ResourceOrigin?) {
      self.value = value
      self.origin = origin
      switch value {
      case .mesh(let resource):
        kind = resource.kind
        namespace = resource.metadata.namespace ?? "default"
        name = resource.metadata.name ?? ""
      case .kubernetes(let object):
        kind = object.kind
        namespace = object.metadata.namespace ?? "default"
        name = object.metadata.name ?? ""
      }
    }
  }

  private let storage: Storage

  /// Creates a value; every parameter is the property of the same name.
  public init(_ value: Value, origin: ResourceOrigin? = nil) {
    storage = Storage(value: value, origin: origin)
  }

  /// The resource or Kubernetes object.
  public var value: Value { storage.value }
  /// Where it was read; nil for an object that was built rather than read.
  public var origin: ResourceOrigin? { storage.origin }
  /// The kind, such as `VirtualService`.
  public var kind: String { storage.kind }
  /// The namespace; `default` when the object names none (`Namespace`s have none).
  public var namespace: String { storage.namespace }
  /// The name; empty when the object names none.
  public var name: String { storage.name }

  /// The object's metadata: name, namespace, labels and annotations.
  public var metadata: ObjectMeta {
    switch value {
    case .mesh(let resource): resource.metadata
    case .kubernetes(let object): object.metadata
    }
  }

  /// `namespace/name`.
  public var qualifiedName: String { "\(namespace)/\(name)" }

  /// Whether two objects are the same value read from the same place.
  public static func == (lhs: InventoryObject, rhs: InventoryObject) -> Bool {
    lhs.storage === rhs.storage || (lhs.value == rhs.value && lhs.origin == rhs.origin)
  }

  /// Hashes the kind, namespace, name and origin (not the whole resource).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(namespace)
    hasher.combine(name)
    hasher.combine(origin)
  }

  /// How analysis messages name it: `VirtualService shop/reviews`, `Namespace shop`.
  public var reference: ResourceReference {
    ResourceReference(
      kind: kind, namespace: kind == "Namespace" ? nil : namespace, name: name)
  }
}

/// A resource named in an analysis message.
public struct ResourceReference: Codable, Sendable, Hashable, CustomStringConvertible {
  /// The kind, such as `VirtualService` or `Namespace`.
  public var kind: String
  /// The namespace; nil for cluster-scoped kinds such as `Namespace`.
  public var namespace: String?
  /// The name.
  public var name: String

  /// Creates a value; every parameter is the property of the same name.
  public init(kind: String, namespace: String?, name: String) {
    self.kind = kind
    self.namespace = namespace
    self.name = name
  }

  /// `Kind namespace/name`, or `Kind name` for cluster-scoped objects.
  public var description: String {
    // Names are input (analysis runs on resources that may not be valid): cut and escaped.
    let name = InputText.clipped(name)
    return namespace.map { "\(kind) \(InputText.clipped($0))/\(name)" } ?? "\(kind) \(name)"
  }
}

/// A workload as the analyzers see it: a Pod or a WorkloadEntry.
public struct InventoryWorkload: Sendable, Hashable {
  /// The Pod or WorkloadEntry.
  public var object: InventoryObject
  /// The workload's labels, which selectors (`workloadSelector`, `selector`) match.
  public var labels: [String: String]
  /// The workload's namespace.
  public var namespace: String { object.namespace }
}

/// Every resource of a mesh, indexed by kind, namespace, name, host and selector, for
/// the analyzers and for tools that look resources up.
///
/// ```swift
/// let inventory = try MeshLoader().load(paths: ["mesh.yaml"]).inventory
/// let reviews = inventory.serviceHosts["reviews.shop.svc.cluster.local"]
/// ```
public struct Inventory: Sendable {
  /// Every object, in the order given.
  public let objects: [InventoryObject]
  /// The namespace whose policies apply mesh-wide (the mesh config's `rootNamespace`,
  /// `istio-system` by default).
  public let rootNamespace: String
  /// The DNS suffix of Kubernetes services.
  public let clusterDomain: String

  private let byKind: [String: [Int]]
  private let byName: [String: Int]
  /// Every service host (ServiceEntry hosts and Kubernetes Service names) with the ports
  /// it serves and the objects that define it.
  public let serviceHosts: [String: [HostDefinition]]
  private let workloadsByNamespace: [String: [InventoryWorkload]]
  /// The codes each resource suppresses with `galley.istio.io/analyze-suppress`.
  public let suppressedCodes: [ResourceReference: Set<String>]
  /// VirtualServices and DestinationRules by the hosts they name, in namespace/name order.
  package let virtualServicesByHost: HostIndex<VirtualServiceSpec>
  package let destinationRulesByHost: HostIndex<DestinationRuleSpec>
  /// Positions in `virtualServicesByHost.resources` of the root VirtualServices bound to
  /// each gateway.
  private let virtualServicesByGateway: [GatewayName: [Int]]

  /// One definition of a host: the object, and the port numbers it serves there.
  public struct HostDefinition: Sendable, Hashable {
    /// The ServiceEntry or Kubernetes Service that defines the host.
    public var object: InventoryObject
    /// The port numbers it serves the host on.
    public var ports: [UInt32]
  }

  /// An inventory of `objects`.
  /// - Parameters:
  ///   - objects: Mesh resources and Kubernetes objects, in any order.
  ///   - clusterDomain: The DNS suffix of Kubernetes services.
  ///   - rootNamespace: The mesh's root namespace; when nil, the `rootNamespace` of the
  ///     mesh config (the `istio` ConfigMap of `istio-system`, its `mesh` key) when the
  ///     objects hold one, else `istio-system`.
  public init(
    _ objects: [InventoryObject], clusterDomain: String = "cluster.local",
    rootNamespace: String? = nil
  ) {
    self.objects = objects
    self.clusterDomain = clusterDomain
    var byKind: [String: [Int]] = [:]
    var byName: [String: Int] = [:]
    var hosts: [String: [HostDefinition]] = [:]
    var workloads: [String: [InventoryWorkload]] = [:]
    var configuredRootNamespace: String?
    var suppressed: [ResourceReference: Set<String>] = [:]
    for (position, object) in objects.enumerated() {
      if let codes = object.metadata.annotations?["galley.istio.io/analyze-suppress"] {
        suppressed[object.reference] = Set(
          codes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      }
      byKind[object.kind, default: []].append(position)
      byName[Self.key(object.kind, object.namespace, object.name)] = position
      switch object.value {
      case .mesh(.serviceEntry(let entry)):
        let ports = (entry.spec.ports ?? []).map(\.number)
        for host in entry.spec.hosts {
          hosts[host, default: []].append(HostDefinition(object: object, ports: ports))
        }
      case .mesh(.workloadEntry(let entry)):
        workloads[object.namespace, default: []].append(
          InventoryWorkload(object: object, labels: entry.spec.labels ?? [:]))
      case .kubernetes(.service(let service)):
        hosts[service.host(clusterDomain: clusterDomain), default: []].append(
          HostDefinition(object: object, ports: service.ports.map(\.port)))
      case .kubernetes(.pod(let pod)):
        workloads[object.namespace, default: []].append(
          InventoryWorkload(object: object, labels: pod.metadata.labels ?? [:]))
      case .kubernetes(.configMap(let map))
      where map.metadata.name == "istio" && object.namespace == "istio-system":
        if let mesh = map.data["mesh"],
          let config = try? YAMLDecoder(options: .lenient).decode(YAMLNode.self, from: mesh),
          let root = config["rootNamespace"]?.stringValue
        {
          configuredRootNamespace = root
        }
      default:
        break
      }
    }
    self.byKind = byKind
    self.byName = byName
    serviceHosts = hosts
    workloadsByNamespace = workloads
    self.rootNamespace = rootNamespace ?? configuredRootNamespace ?? "istio-system"
    suppressedCodes = suppressed
    virtualServicesByHost = HostIndex(
      Self.sorted(byKind, objects, VirtualServiceSpec.self), hosts: { $0.spec.hosts ?? [] },
      clusterDomain: clusterDomain)
    destinationRulesByHost = HostIndex(
      Self.sorted(byKind, objects, DestinationRuleSpec.self), hosts: { [$0.spec.host] },
      clusterDomain: clusterDomain)
    var byGateway: [GatewayName: [Int]] = [:]
    for (position, service) in virtualServicesByHost.resources.enumerated()
    where service.spec.hosts?.isEmpty == false {
      let namespace = service.metadata.namespace ?? "default"
      for gateway in GatewayName.bindings(of: service.spec, namespace: namespace) {
        byGateway[gateway, default: []].append(position)
      }
    }
    virtualServicesByGateway = byGateway
  }

  /// The VirtualServices bound to `gateway` by their `gateways` (resolved as istiod does,
  /// none meaning `mesh`), in namespace/name order.
  ///
  /// Delegates (VirtualServices without `hosts`) are never bound directly, so they are
  /// left out. Which of these a gateway workload sees also depends on their `exportTo`
  /// towards the workload's namespace, which is the caller's to apply.
  ///
  /// ```swift
  /// let bound = inventory.virtualServices(boundTo: .gateway(namespace: "edge", name: "public"))
  /// ```
  public func virtualServices(boundTo gateway: GatewayName) -> [Resource<VirtualServiceSpec>] {
    (virtualServicesByGateway[gateway] ?? []).map { virtualServicesByHost.resources[$0] }
  }

  /// The mesh resources of one kind in namespace/name order, so that the input's order
  /// never changes a result (Istio breaks ties between resources by age, which files do
  /// not have).
  package func sortedResources<Spec: ResourceSpec>(_ type: Spec.Type) -> [Resource<Spec>] {
    Self.sorted(byKind, objects, type)
  }

  private static func sorted<Spec: ResourceSpec>(
    _ byKind: [String: [Int]], _ objects: [InventoryObject], _ type: Spec.Type
  ) -> [Resource<Spec>] {
    let typed = (byKind[Spec.kind] ?? []).compactMap { position -> Resource<Spec>? in
      guard case .mesh(let resource) = objects[position].value else { return nil }
      return resource.typed(Spec.self)
    }
    return typed.sorted {
      ($0.metadata.namespace ?? "default", $0.metadata.name ?? "")
        < ($1.metadata.namespace ?? "default", $1.metadata.name ?? "")
    }
  }

  private static func key(_ kind: String, _ namespace: String, _ name: String) -> String {
    "\(kind)\u{0}\(namespace)\u{0}\(name)"
  }

  /// The objects of one kind, in the order given.
  public func objects(ofKind kind: String) -> [InventoryObject] {
    (byKind[kind] ?? []).map { objects[$0] }
  }

  /// One object by kind, namespace and name; the last one read when several share them
  /// (as `kubectl apply` keeps the last).
  public func object(kind: String, namespace: String, name: String) -> InventoryObject? {
    byName[Self.key(kind, namespace, name)].map { objects[$0] }
  }

  /// The mesh resources of one kind, with their objects.
  public func resources<Spec: ResourceSpec>(_ type: Spec.Type) -> [(
    Resource<Spec>, InventoryObject
  )] {
    objects(ofKind: Spec.kind).compactMap { object in
      guard case .mesh(let resource) = object.value, let typed = resource.typed(Spec.self) else {
        return nil
      }
      return (typed, object)
    }
  }

  /// One mesh resource by namespace and name, typed.
  ///
  /// ```swift
  /// let reviews = inventory.resource(VirtualServiceSpec.self, namespace: "shop", name: "reviews")
  /// ```
  public func resource<Spec: ResourceSpec>(
    _ type: Spec.Type, namespace: String, name: String
  ) -> Resource<Spec>? {
    guard
      case .mesh(let resource) = object(kind: Spec.kind, namespace: namespace, name: name)?.value
    else { return nil }
    return resource.typed(Spec.self)
  }

  /// The workloads (Pods and WorkloadEntries) of a namespace whose labels include every
  /// label of `selector`.
  public func workloads(in namespace: String, matching selector: [String: String])
    -> [InventoryWorkload]
  {
    (workloadsByNamespace[namespace] ?? []).filter {
      LabelMatching.matches(selector, $0.labels)
    }
  }

  /// Whether the namespace has any workload at all (so that a selector matching none of
  /// them is worth reporting).
  public func hasWorkloads(in namespace: String) -> Bool {
    !(workloadsByNamespace[namespace] ?? []).isEmpty
  }

  /// The host a name in `namespace` refers to: the name itself when a service has it,
  /// else `name.namespace.svc.<clusterDomain>` for short names; nil when neither exists.
  public func resolveHost(_ name: String, in namespace: String) -> String? {
    if serviceHosts[name] != nil { return name }
    let qualified = "\(name).\(namespace).svc.\(clusterDomain)"
    if serviceHosts[qualified] != nil { return qualified }
    // `name.namespace` and `name.namespace.svc` forms of Kubernetes services.
    for suffix in [".svc.\(clusterDomain)", ".\(clusterDomain)"] {
      if serviceHosts[name + suffix] != nil { return name + suffix }
    }
    return nil
  }

  /// Whether a host name (possibly a wildcard) names a service of the inventory.
  public func hostExists(_ name: String, in namespace: String) -> Bool {
    if name == "*" { return !serviceHosts.isEmpty }
    if name.hasPrefix("*.") {
      let suffix = name.dropFirst()
      return serviceHosts.keys.contains { $0.hasSuffix(suffix) }
    }
    return resolveHost(name, in: namespace) != nil
  }
}

extension MeshResource {
  /// The resource as `Resource<Spec>`, when it is that kind.
  public func typed<Spec: ResourceSpec>(_ type: Spec.Type) -> Resource<Spec>? {
    switch self {
    case .virtualService(let resource): resource as? Resource<Spec>
    case .destinationRule(let resource): resource as? Resource<Spec>
    case .gateway(let resource): resource as? Resource<Spec>
    case .serviceEntry(let resource): resource as? Resource<Spec>
    case .workloadEntry(let resource): resource as? Resource<Spec>
    case .workloadGroup(let resource): resource as? Resource<Spec>
    case .sidecar(let resource): resource as? Resource<Spec>
    case .peerAuthentication(let resource): resource as? Resource<Spec>
    case .authorizationPolicy(let resource): resource as? Resource<Spec>
    case .requestAuthentication(let resource): resource as? Resource<Spec>
    case .telemetry(let resource): resource as? Resource<Spec>
    }
  }
}
