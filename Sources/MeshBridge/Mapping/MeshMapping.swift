import Foundation
import MeshModel

/// How discovered ECS workloads become mesh resources (see Docs/MeshBridge.md for the
/// table).
public struct MeshMapping: Sendable, Hashable {
  /// The namespace of the resources; by default the cluster's name, made a DNS label.
  public var namespace: String?
  /// The DNS suffix of service hosts: `SERVICE.NAMESPACE.DOMAIN`.
  public var domain: String
  /// The Istio network the workloads are on; by default the cluster's name.
  public var network: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(namespace: String? = nil, domain: String = "ecs.internal", network: String? = nil) {
    self.namespace = namespace
    self.domain = domain
    self.network = network
  }

  /// The label holding the ECS cluster's name, on every resource. This and the other label
  /// keys below are what the resources carry beside `app` and `version`.
  public static let clusterLabel = "ecs.amazonaws.com/cluster"
  /// The label holding the ECS service's name, on WorkloadEntries of tasks a service runs.
  public static let serviceLabel = "ecs.amazonaws.com/service"
  /// The label holding the task definition's family, on every WorkloadEntry.
  public static let familyLabel = "ecs.amazonaws.com/task-definition-family"
  /// The label holding the task definition's revision, on every WorkloadEntry.
  public static let revisionLabel = "ecs.amazonaws.com/task-definition-revision"

  /// The WorkloadEntries and ServiceEntries of a discovery: one WorkloadEntry per task,
  /// one ServiceEntry per service with running tasks; sorted by kind and name.
  public func resources(for discovery: ClusterDiscovery) -> [MeshResource] {
    let namespace = self.namespace ?? DNSName.label(discovery.cluster)
    let instances = Dictionary(discovery.instances.map { ($0.containerInstanceArn, $0) }) {
      first, _ in first
    }
    let names = Self.workloadNames(discovery.tasks)
    var entries: [MeshResource] = []
    var servicePorts: [String: [TaskPort]] = [:]
    for task in discovery.tasks {
      guard let instance = instances[task.containerInstanceArn], let address = instance.address
      else { continue }
      let app = task.serviceName ?? task.family
      servicePorts[app, default: []] += task.ports
      var labels = [
        "app": DNSName.labelValue(app),
        "version": DNSName.labelValue(task.tags["version"] ?? "r\(task.revision)"),
        Self.clusterLabel: DNSName.labelValue(discovery.cluster),
        Self.familyLabel: DNSName.labelValue(task.family),
        Self.revisionLabel: String(task.revision),
      ]
      if let service = task.serviceName { labels[Self.serviceLabel] = DNSName.labelValue(service) }
      var ports: [String: UInt32] = [:]
      for port in task.ports { ports[Self.portName(port)] = port.hostPort }
      entries.append(
        .workloadEntry(
          WorkloadEntry(
            metadata: ObjectMeta(
              name: names[task.taskArn], namespace: namespace,
              annotations: ["ecs.amazonaws.com/task-arn": task.taskArn]),
            spec: WorkloadEntrySpec(
              address: address, ports: ports, labels: labels, network: network ?? discovery.cluster,
              locality: instance.zone.map { "\(discovery.region)/\($0)" } ?? discovery.region,
              serviceAccount: DNSName.label(app)))))
    }
    var services: [MeshResource] = []
    for service in discovery.services {
      let ports = Self.servicePorts(servicePorts[service.name] ?? [])
      guard !ports.isEmpty else { continue }
      services.append(
        .serviceEntry(
          ServiceEntry(
            metadata: ObjectMeta(
              name: DNSName.label(service.name), namespace: namespace,
              labels: [Self.clusterLabel: DNSName.labelValue(discovery.cluster)],
              annotations: service.arn.map { ["ecs.amazonaws.com/service-arn": $0] }),
            spec: ServiceEntrySpec(
              hosts: ["\(DNSName.label(service.name)).\(namespace).\(domain)"], ports: ports,
              location: .meshInternal, resolution: .static,
              workloadSelector: WorkloadSelector(labels: ["app": DNSName.labelValue(service.name)]))
          )))
    }
    let sort = { (resources: [MeshResource]) in
      resources.sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
    }
    return sort(services) + sort(entries)
  }

  /// `APP-ID6` for each task, by task ARN: its app and the first six characters of its
  /// task ID. IDs are random, so among thousands of tasks of one app two may share six
  /// characters; those tasks get their whole ID instead, so no entry overwrites another.
  static func workloadNames(_ tasks: [DiscoveredTask]) -> [String: String] {
    let short = tasks.map { task in
      DNSName.label("\(task.serviceName ?? task.family)-\(task.taskID.prefix(6))")
    }
    var uses: [String: Int] = [:]
    for name in short { uses[name, default: 0] += 1 }
    var names: [String: String] = [:]
    for (task, name) in zip(tasks, short) {
      guard uses[name, default: 0] > 1 else {
        names[task.taskArn] = name
        continue
      }
      // A label has at most 63 characters: the app gives way to the whole ID.
      let app = DNSName.label(task.serviceName ?? task.family)
      names[task.taskArn] = DNSName.label(
        "\(app.prefix(62 - task.taskID.count))-\(task.taskID)")
    }
    return names
  }

  /// A port's name: the task definition's port mapping name, else `PROTOCOL-PORT` from
  /// its appProtocol (`http-8080`, `grpc-9090`), else `tcp-PORT`.
  static func portName(_ port: TaskPort) -> String {
    if let name = port.name, !name.isEmpty { return DNSName.label(name) }
    return "\(protocolName(port).lowercased())-\(port.containerPort)"
  }

  /// Istio's protocol for a port, from its appProtocol.
  static func protocolName(_ port: TaskPort) -> String {
    switch port.appProtocol?.rawValue.lowercased() {
    case "http": "HTTP"
    case "http2": "HTTP2"
    case "grpc": "GRPC"
    default: port.transport.rawValue.lowercased() == "udp" ? "UDP" : "TCP"
    }
  }

  /// One service port per container port, named and typed as its tasks say.
  static func servicePorts(_ ports: [TaskPort]) -> [ServicePort] {
    var seen: Set<UInt32> = []
    return ports.sorted { $0.containerPort < $1.containerPort }.compactMap { port in
      guard seen.insert(port.containerPort).inserted else { return nil }
      return ServicePort(
        number: port.containerPort, protocol: protocolName(port), name: portName(port))
    }
  }
}

/// Names Kubernetes accepts.
enum DNSName {
  /// A DNS-1123 label: lower case, `[a-z0-9-]`, at most 63 characters, alphanumeric at
  /// both ends.
  static func label(_ text: String) -> String {
    var result = String(
      text.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" })
    while result.contains("--") { result = result.replacingOccurrences(of: "--", with: "-") }
    result = String(result.prefix(63)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    return result.isEmpty ? "x" : result
  }

  /// A label value: `[A-Za-z0-9._-]`, at most 63 characters, alphanumeric at both ends.
  static func labelValue(_ text: String) -> String {
    let allowed = text.map {
      ($0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0))) ? $0 : "-"
    }
    return String(String(allowed).prefix(63)).trimmingCharacters(
      in: CharacterSet(charactersIn: "-._"))
  }
}
