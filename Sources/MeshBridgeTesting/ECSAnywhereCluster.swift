/// An ECS Anywhere cluster for ``MotoServer/seed(_:)`` to create: on-prem hosts
/// registered as SSM managed instances with their addresses, and per service a task
/// definition for launch type EXTERNAL with one named port and tasks running on the hosts.
///
/// What the seeding creates is what discovery reads on ECS: container instances whose
/// `ec2InstanceId` is an `mi-` managed instance that SSM's `DescribeInstanceInformation`
/// lists with its address, and RUNNING tasks of group `service:<family>` whose container
/// reports a dynamic host port (32768 and up, as the ECS agent assigns them).
public struct ECSAnywhereCluster: Sendable, Hashable {
  /// An on-prem host: an SSM managed instance the ECS agent registered.
  public struct Host: Sendable, Hashable {
    /// Its SSM managed instance ID: `mi-` and 17 hexadecimal digits. (An ID without `mi-`
    /// would be an EC2 instance, which moto looks for among its own.)
    public var instanceID: String
    /// Its address, as SSM reports it (`10.20.0.15`).
    public var address: String
    /// Its host name as SSM reports it (`ComputerName`); nil for the instance ID.
    public var hostname: String?

    /// Creates a host.
    public init(instanceID: String, address: String, hostname: String? = nil) {
      self.instanceID = instanceID
      self.address = address
      self.hostname = hostname
    }
  }

  /// A service's tasks: a task definition (family, one container `app` with one port)
  /// and how many tasks of it run.
  public struct Service: Sendable, Hashable {
    /// The task definition's family, also the tasks' group `service:<family>`.
    public var family: String
    /// The container's image.
    public var image: String
    /// The port the container listens on; its host port is dynamic.
    public var containerPort: Int
    /// The port mapping's name (`http`): the port's name in the mesh.
    public var portName: String
    /// The port mapping's application protocol (`http`, `http2`, `grpc`).
    public var appProtocol: String
    /// How many tasks to run.
    public var taskCount: Int
    /// CPU units the container reserves, nil for none; many tasks on few hosts need few.
    public var cpu: Int?
    /// Memory (MiB) the container reserves; moto places a task only where this fits.
    public var memory: Int

    /// Creates a service; each default is the property's example.
    public init(
      family: String, image: String? = nil, containerPort: Int, portName: String = "http",
      appProtocol: String = "http", taskCount: Int = 1, cpu: Int? = nil, memory: Int = 64
    ) {
      self.family = family
      self.image = image ?? "\(family):latest"
      self.containerPort = containerPort
      self.portName = portName
      self.appProtocol = appProtocol
      self.taskCount = taskCount
      self.cpu = cpu
      self.memory = memory
    }
  }

  /// What ``MotoServer/seed(_:)`` created.
  public struct Seeded: Sendable, Hashable {
    /// The cluster's ARN.
    public var clusterARN: String
    /// Each host's container instance ARN, by the host's instance ID.
    public var containerInstanceARNs: [String: String]
    /// Each service's task ARNs in the order they started, by family.
    public var taskARNs: [String: [String]]

    /// Creates a record of a seeding.
    public init(
      clusterARN: String, containerInstanceARNs: [String: String], taskARNs: [String: [String]]
    ) {
      self.clusterARN = clusterARN
      self.containerInstanceARNs = containerInstanceARNs
      self.taskARNs = taskARNs
    }
  }

  /// The cluster's name.
  public var name: String
  /// Its on-prem hosts.
  public var hosts: [Host]
  /// Its services' tasks, placed on the hosts by moto.
  public var services: [Service]

  /// Creates a cluster description.
  public init(name: String, hosts: [Host], services: [Service]) {
    self.name = name
    self.hosts = hosts
    self.services = services
  }

  /// `onprem-east`: two hosts (10.20.0.15 and 10.20.0.16), two `orders` tasks on port 8080
  /// and one `payments` task on port 9090, both ports `http`.
  public static let example = ECSAnywhereCluster(
    name: "onprem-east",
    hosts: [
      Host(instanceID: "mi-00aa51c2e9f07d3b", address: "10.20.0.15"),
      Host(instanceID: "mi-01aa51c2e9f07d3b", address: "10.20.0.16"),
    ],
    services: [
      Service(family: "orders", image: "shop/orders:1", containerPort: 8080, taskCount: 2),
      Service(family: "payments", image: "shop/payments:1", containerPort: 9090, taskCount: 1),
    ])
}
