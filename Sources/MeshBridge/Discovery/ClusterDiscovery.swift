import Foundation

/// What discovery found in one ECS cluster: its ECS Anywhere instances, the EXTERNAL tasks
/// running on them, the services, and the tasks it could not use, each with the reason.
public struct ClusterDiscovery: Sendable, Hashable, Codable {
  public var cluster: String
  /// The AWS region, for localities.
  public var region: String
  public var instances: [ExternalInstance]
  public var tasks: [DiscoveredTask]
  public var services: [DiscoveredService]
  /// Tasks left out (not RUNNING, no host port, an instance without an address, ...).
  public var skipped: [SkippedTask]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    cluster: String, region: String, instances: [ExternalInstance] = [],
    tasks: [DiscoveredTask] = [], services: [DiscoveredService] = [], skipped: [SkippedTask] = []
  ) {
    self.cluster = cluster
    self.region = region
    self.instances = instances
    self.tasks = tasks
    self.services = services
    self.skipped = skipped
  }
}

/// An ECS Anywhere container instance: an on-prem host registered through SSM (`mi-…`).
public struct ExternalInstance: Sendable, Hashable, Codable {
  public var containerInstanceArn: String
  /// The SSM managed instance id, `mi-…`.
  public var managedInstanceID: String
  /// The host's IP address, as SSM reports it.
  public var address: String?
  public var hostname: String?
  /// `ACTIVE`, `DRAINING`, ...
  public var status: String?
  public var agentConnected: Bool?
  /// ECS attributes, custom ones included (a `zone` attribute gives the locality).
  public var attributes: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    containerInstanceArn: String, managedInstanceID: String, address: String? = nil,
    hostname: String? = nil, status: String? = nil, agentConnected: Bool? = nil,
    attributes: [String: String] = [:]
  ) {
    self.containerInstanceArn = containerInstanceArn
    self.managedInstanceID = managedInstanceID
    self.address = address
    self.hostname = hostname
    self.status = status
    self.agentConnected = agentConnected
    self.attributes = attributes
  }

  /// The zone the host is in: the `zone` (or `ecs.availability-zone`) attribute.
  public var zone: String? { attributes["zone"] ?? attributes["ecs.availability-zone"] }
}

/// A RUNNING EXTERNAL task with at least one host port.
public struct DiscoveredTask: Sendable, Hashable, Codable {
  public var taskArn: String
  public var taskDefinitionArn: String
  public var family: String
  public var revision: Int
  /// The service that started it, from the task's `service:NAME` group.
  public var serviceName: String?
  public var containerInstanceArn: String
  public var lastStatus: String
  /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN`.
  public var healthStatus: String?
  public var ports: [TaskPort]
  public var tags: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    taskArn: String, taskDefinitionArn: String, family: String, revision: Int,
    serviceName: String? = nil, containerInstanceArn: String, lastStatus: String,
    healthStatus: String? = nil, ports: [TaskPort], tags: [String: String] = [:]
  ) {
    self.taskArn = taskArn
    self.taskDefinitionArn = taskDefinitionArn
    self.family = family
    self.revision = revision
    self.serviceName = serviceName
    self.containerInstanceArn = containerInstanceArn
    self.lastStatus = lastStatus
    self.healthStatus = healthStatus
    self.ports = ports
    self.tags = tags
  }

  /// The task id: the last part of its ARN.
  public var taskID: String { String(taskArn.split(separator: "/").last ?? "") }
}

/// One port a task's container serves on its host.
public struct TaskPort: Sendable, Hashable, Codable {
  public var containerName: String
  public var containerPort: UInt32
  public var hostPort: UInt32
  /// `tcp` or `udp`.
  public var transport: String
  /// The port mapping's name in the task definition, when it has one.
  public var name: String?
  /// The port mapping's `appProtocol`: `http`, `http2` or `grpc`.
  public var appProtocol: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    containerName: String, containerPort: UInt32, hostPort: UInt32, transport: String = "tcp",
    name: String? = nil, appProtocol: String? = nil
  ) {
    self.containerName = containerName
    self.containerPort = containerPort
    self.hostPort = hostPort
    self.transport = transport
    self.name = name
    self.appProtocol = appProtocol
  }
}

/// An ECS service of launch type EXTERNAL.
public struct DiscoveredService: Sendable, Hashable, Codable {
  public var name: String
  public var arn: String?
  public var taskDefinitionArn: String?
  public var desiredCount: Int?
  public var runningCount: Int?
  public var tags: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String, arn: String? = nil, taskDefinitionArn: String? = nil, desiredCount: Int? = nil,
    runningCount: Int? = nil, tags: [String: String] = [:]
  ) {
    self.name = name
    self.arn = arn
    self.taskDefinitionArn = taskDefinitionArn
    self.desiredCount = desiredCount
    self.runningCount = runningCount
    self.tags = tags
  }
}

/// A task discovery left out, and why.
public struct SkippedTask: Sendable, Hashable, Codable, CustomStringConvertible {
  public var taskArn: String
  public var reason: String

  /// Creates a value; every parameter is the property of the same name.
  public init(taskArn: String, reason: String) {
    self.taskArn = taskArn
    self.reason = reason
  }

  public var description: String { "\(taskArn): \(reason)" }
}
