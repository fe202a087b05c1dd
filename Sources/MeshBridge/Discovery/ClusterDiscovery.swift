import ECSClient
import Foundation

/// What discovery found in one ECS cluster: its ECS Anywhere instances, the EXTERNAL tasks
/// running on them, the services, and what it could not use (tasks, and container
/// instances that are not ECS Anywhere hosts), each with a reason code.
public struct ClusterDiscovery: Sendable, Hashable, Codable {
  /// The cluster's name or ARN, as given to discovery.
  public var cluster: String
  /// The AWS region, for localities.
  public var region: String
  /// The cluster's ECS Anywhere instances (SSM managed instances, `mi-…`).
  public var instances: [ExternalInstance]
  /// The RUNNING EXTERNAL tasks that serve at least one host port.
  public var tasks: [DiscoveredTask]
  /// The cluster's services of launch type EXTERNAL.
  public var services: [DiscoveredService]
  /// Tasks left out (not RUNNING, no host port, an instance without an address, ...).
  public var skipped: [SkippedTask]
  /// Container instances left out: EC2 or other instances that are not ECS Anywhere
  /// managed instances. Their tasks are not EXTERNAL and are not discovered.
  public var skippedInstances: [SkippedInstance]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    cluster: String, region: String, instances: [ExternalInstance] = [],
    tasks: [DiscoveredTask] = [], services: [DiscoveredService] = [], skipped: [SkippedTask] = [],
    skippedInstances: [SkippedInstance] = []
  ) {
    self.cluster = cluster
    self.region = region
    self.instances = instances
    self.tasks = tasks
    self.services = services
    self.skipped = skipped
    self.skippedInstances = skippedInstances
  }
}

/// An ECS Anywhere container instance: an on-prem host registered through SSM (`mi-…`).
public struct ExternalInstance: Sendable, Hashable, Codable {
  /// The container instance's ARN.
  public var containerInstanceArn: String
  /// The SSM managed instance id, `mi-…`.
  public var managedInstanceID: String
  /// The host's IP address, as SSM reports it.
  public var address: String?
  /// The host's name, as SSM reports it.
  public var hostname: String?
  /// The container instance's status: `ACTIVE`, `DRAINING`, ... (values AWS adds later
  /// are kept as they are).
  public var status: ECS.ContainerInstanceStatus?
  /// Whether the host's ECS agent is connected.
  public var agentConnected: Bool?
  /// ECS attributes, custom ones included (a `zone` attribute gives the locality).
  public var attributes: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    containerInstanceArn: String, managedInstanceID: String, address: String? = nil,
    hostname: String? = nil, status: ECS.ContainerInstanceStatus? = nil,
    agentConnected: Bool? = nil,
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
  /// The task's ARN.
  public var taskArn: String
  /// The ARN of the task definition it runs.
  public var taskDefinitionArn: String
  /// The task definition's family.
  public var family: String
  /// The task definition's revision.
  public var revision: Int
  /// The service that started it, from the task's `service:NAME` group.
  public var serviceName: String?
  /// The ARN of the container instance (the host) it runs on.
  public var containerInstanceArn: String
  /// The task's last status as ECS reports it, ECS's own type: `.running` for a
  /// discovered task.
  public var lastStatus: ECS.TaskStatus
  /// The task's health: `HEALTHY`, `UNHEALTHY` or `UNKNOWN`, when ECS reports one.
  public var healthStatus: ECS.HealthStatus?
  /// The ports its containers serve on the host, by container port.
  public var ports: [TaskPort]
  /// The task's tags.
  public var tags: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    taskArn: String, taskDefinitionArn: String, family: String, revision: Int,
    serviceName: String? = nil, containerInstanceArn: String, lastStatus: ECS.TaskStatus = .running,
    healthStatus: ECS.HealthStatus? = nil, ports: [TaskPort], tags: [String: String] = [:]
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
  /// The container that serves it.
  public var containerName: String
  /// The port inside the container.
  public var containerPort: UInt32
  /// The port on the host.
  public var hostPort: UInt32
  /// The binding's protocol: `tcp` or `udp`.
  public var transport: ECS.TransportProtocol
  /// The port mapping's name in the task definition, when it has one.
  public var name: String?
  /// The port mapping's `appProtocol`: `http`, `http2` or `grpc`.
  public var appProtocol: ECS.ApplicationProtocol?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    containerName: String, containerPort: UInt32, hostPort: UInt32,
    transport: ECS.TransportProtocol = .tcp, name: String? = nil,
    appProtocol: ECS.ApplicationProtocol? = nil
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
  /// The service's name.
  public var name: String
  /// The service's ARN.
  public var arn: String?
  /// The task definition its deployment runs.
  public var taskDefinitionArn: String?
  /// How many tasks the service wants.
  public var desiredCount: Int?
  /// How many of its tasks run.
  public var runningCount: Int?
  /// The service's state as ECS reports it: `.active`, `.draining` (being deleted) or
  /// `.inactive`.
  public var status: ECS.ServiceStatus?
  /// The service's tags.
  public var tags: [String: String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String, arn: String? = nil, taskDefinitionArn: String? = nil, desiredCount: Int? = nil,
    runningCount: Int? = nil, status: ECS.ServiceStatus? = nil, tags: [String: String] = [:]
  ) {
    self.name = name
    self.arn = arn
    self.taskDefinitionArn = taskDefinitionArn
    self.desiredCount = desiredCount
    self.runningCount = runningCount
    self.status = status
    self.tags = tags
  }
}

/// A task discovery left out, and why: a reason code to act on, and a sentence for people.
///
/// ```
/// arn:aws:ecs:us-east-1:123456789012:task/onprem-east/0f1e [notRunning]: not RUNNING (PENDING)
/// ```
public struct SkippedTask: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Why a task is left out. New reasons may be added in any release: a `switch` over
  /// reasons needs a `default`.
  public struct Reason: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The reason's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Decodes a reason from its name (a name this release does not know is kept).
    public init(from decoder: any Decoder) throws {
      name = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the reason as its name.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(name)
    }

    /// The task is not RUNNING (``SkippedTask/lastStatus`` says what it is).
    public static let notRunning = Reason("notRunning")
    /// Its container instance is not an ECS Anywhere instance of the cluster.
    public static let notOnExternalInstance = Reason("notOnExternalInstance")
    /// SSM reports no IP address for its instance, so no WorkloadEntry can reach it.
    public static let noAddress = Reason("noAddress")
    /// It has no task definition ARN, or one without a family and revision.
    public static let noTaskDefinition = Reason("noTaskDefinition")
    /// No container has a host port binding, so nothing on the host reaches it.
    public static let noHostPort = Reason("noHostPort")

    /// The reason's name.
    public var description: String { name }
  }

  /// The task's ARN (`<no ARN>` when ECS gave none).
  public var taskArn: String
  /// Why it is left out.
  public var reason: Reason
  /// The reason in words, with the value at fault.
  public var message: String
  /// The container instance it runs on, when it names one.
  public var containerInstanceArn: String?
  /// Its last status, when ECS reports one (`.pending` for a task left out as
  /// ``Reason/notRunning``).
  public var lastStatus: ECS.TaskStatus?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    taskArn: String, reason: Reason, message: String, containerInstanceArn: String? = nil,
    lastStatus: ECS.TaskStatus? = nil
  ) {
    self.taskArn = taskArn
    self.reason = reason
    self.message = message
    self.containerInstanceArn = containerInstanceArn
    self.lastStatus = lastStatus
  }

  /// `TASK-ARN [reason]: message`, one line.
  public var description: String { "\(taskArn) [\(reason)]: \(message)" }
}

/// A container instance of the cluster that discovery does not treat as an ECS Anywhere
/// host, and why. An EC2 instance in the same cluster is one: its tasks are not EXTERNAL,
/// and they are not discovered.
///
/// ```
/// arn:aws:ecs:us-east-1:123456789012:container-instance/onprem-east/4c1d [notManagedInstance]: i-0a1b2c3d is an EC2 instance, not an ECS Anywhere managed instance (mi-…)
/// ```
public struct SkippedInstance: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Why a container instance is left out. New reasons may be added in any release: a
  /// `switch` over reasons needs a `default`.
  public struct Reason: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The reason's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Decodes a reason from its name (a name this release does not know is kept).
    public init(from decoder: any Decoder) throws {
      name = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the reason as its name.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(name)
    }

    /// Its instance id is not an SSM managed instance's (`mi-…`): an EC2 instance (`i-…`).
    public static let notManagedInstance = Reason("notManagedInstance")
    /// ECS reports no instance id for it.
    public static let noInstanceID = Reason("noInstanceID")

    /// The reason's name.
    public var description: String { name }
  }

  /// The container instance's ARN (`<no ARN>` when ECS gave none).
  public var containerInstanceArn: String
  /// Its EC2 or SSM instance id, when ECS reports one.
  public var instanceID: String?
  /// Its status, when ECS reports one.
  public var status: ECS.ContainerInstanceStatus?
  /// Why it is left out.
  public var reason: Reason
  /// The reason in words, with the value at fault.
  public var message: String

  /// Creates a value; every parameter is the property of the same name.
  public init(
    containerInstanceArn: String, instanceID: String? = nil,
    status: ECS.ContainerInstanceStatus? = nil, reason: Reason, message: String
  ) {
    self.containerInstanceArn = containerInstanceArn
    self.instanceID = instanceID
    self.status = status
    self.reason = reason
    self.message = message
  }

  /// `CONTAINER-INSTANCE-ARN [reason]: message`, one line.
  public var description: String { "\(containerInstanceArn) [\(reason)]: \(message)" }
}
