import ECSClient
import Foundation

/// Finds the ECS Anywhere workloads of clusters: external container instances (with
/// their addresses from SSM), RUNNING tasks of launch type EXTERNAL with their host
/// ports, and the services that run them.
///
/// ```swift
/// let discovery = ECSDiscovery(configuration: try AWSClientConfiguration(region: "us-east-1"))
/// let found = try await discovery.discover(cluster: "onprem-east")
/// for task in found.skipped { print("left out:", task) }  // ARN [noHostPort]: ...
/// for instance in found.skippedInstances where instance.reason == .notManagedInstance {
///   print("not ECS Anywhere:", instance.instanceID ?? instance.containerInstanceArn)
/// }
/// ```
///
/// Calls are the fewest the API allows: list pages of 100, describes of 100 tasks or
/// container instances (10 services) per call, one DescribeTaskDefinition per distinct
/// task definition, SSM in pages of 50 instances; at most `concurrency` describes at a
/// time. Retries and throttling are ECSClient's.
public struct ECSDiscovery: Sendable {
  /// The ECS client discovery calls.
  public let ecs: ECS
  /// The SSM client that gives the instances' addresses.
  public let ssm: SSM
  /// The clients' region, for localities.
  public let region: String
  /// How many describe calls run at once.
  public var concurrency: Int

  /// A discovery with ECS and SSM clients of one configuration.
  public init(configuration: AWSClientConfiguration, concurrency: Int = 4) {
    self.init(
      ecs: ECS(configuration: configuration), ssm: SSM(configuration: configuration),
      region: configuration.region, concurrency: concurrency)
  }

  /// A discovery through these clients, in `region`.
  public init(ecs: ECS, ssm: SSM, region: String, concurrency: Int = 4) {
    self.ecs = ecs
    self.ssm = ssm
    self.region = region
    self.concurrency = max(1, concurrency)
  }

  /// Discovers one cluster.
  ///
  /// Tasks and container instances that cannot be onboarded are reported in
  /// ``ClusterDiscovery/skipped`` and ``ClusterDiscovery/skippedInstances``, each with a
  /// reason code, never dropped silently.
  /// - Parameter cluster: The cluster's name or ARN.
  /// - Returns: What the cluster holds, sorted by ARN (services by name).
  /// - Throws: `AWSError` from the calls (after ECSClient's retries).
  public func discover(cluster: String) async throws -> ClusterDiscovery {
    async let instances = externalInstances(cluster: cluster)
    async let services = externalServices(cluster: cluster)
    let taskArns = try await listExternalTasks(cluster: cluster)
    let tasks = try await describe(
      taskArns, chunk: 100,
      {
        try await ecs.describeTasks(.init(tasks: $0, cluster: cluster, include: [.tags])).tasks
          ?? []
      })
    let definitions = try await taskDefinitions(Set(tasks.compactMap(\.taskDefinitionArn)))
    let (external, skippedInstances) = try await instances
    let byArn = Dictionary(external.map { ($0.containerInstanceArn, $0) }) { first, _ in first }
    let skippedByArn = Dictionary(skippedInstances.map { ($0.containerInstanceArn, $0) }) {
      first, _ in first
    }
    var discovered: [DiscoveredTask] = []
    var skipped: [SkippedTask] = []
    for task in tasks {
      switch Self.task(
        task, instances: byArn, skippedInstances: skippedByArn, definitions: definitions)
      {
      case .success(let found): discovered.append(found)
      case .failure(let reason): skipped.append(reason)
      }
    }
    return ClusterDiscovery(
      cluster: cluster, region: region,
      instances: Array(byArn.values).sorted { $0.containerInstanceArn < $1.containerInstanceArn },
      tasks: discovered.sorted { $0.taskArn < $1.taskArn }, services: try await services,
      skipped: skipped.sorted { $0.taskArn < $1.taskArn },
      skippedInstances: skippedInstances.sorted {
        $0.containerInstanceArn < $1.containerInstanceArn
      })
  }

  // MARK: Calls

  private func listExternalTasks(cluster: String) async throws -> [String] {
    var arns: [String] = []
    for try await page in ecs.listTasksPaginator(
      .init(cluster: cluster, maxResults: 100, desiredStatus: .running, launchType: .external))
    {
      arns += page.taskArns ?? []
    }
    return arns
  }

  /// The cluster's ECS Anywhere instances, and the container instances that are not.
  private func externalInstances(cluster: String) async throws -> (
    [ExternalInstance], [SkippedInstance]
  ) {
    var arns: [String] = []
    for try await page in ecs.listContainerInstancesPaginator(
      .init(cluster: cluster, maxResults: 100))
    {
      arns += page.containerInstanceArns ?? []
    }
    let described = try await describe(arns, chunk: 100) {
      try await ecs.describeContainerInstances(
        .init(containerInstances: $0, cluster: cluster, include: [.tags])
      )
      .containerInstances ?? []
    }
    // ECS Anywhere instances are SSM managed instances; EC2 ones have i- ids.
    var instances: [ExternalInstance] = []
    var skipped: [SkippedInstance] = []
    for instance in described {
      switch Self.instance(instance) {
      case .success(let found): instances.append(found)
      case .failure(let reason): skipped.append(reason)
      }
    }
    let addresses = try await managedInstanceAddresses(instances.map(\.managedInstanceID))
    for index in instances.indices {
      let info = addresses[instances[index].managedInstanceID]
      instances[index].address = info?.address
      instances[index].hostname = info?.hostname
    }
    return (instances, skipped)
  }

  /// IP address and computer name of SSM managed instances, 50 per call.
  private func managedInstanceAddresses(_ ids: [String]) async throws
    -> [String: (address: String?, hostname: String?)]
  {
    var result: [String: (address: String?, hostname: String?)] = [:]
    for start in stride(from: 0, to: ids.count, by: 50) {
      let chunk = Array(ids[start..<min(start + 50, ids.count)])
      var token: String?
      repeat {
        let page = try await ssm.describeInstanceInformation(
          .init(
            filters: [.init(key: "InstanceIds", values: chunk)], maxResults: 50, nextToken: token))
        for info in page.instanceInformationList ?? [] {
          if let id = info.instanceId { result[id] = (info.ipAddress, info.computerName) }
        }
        token = page.nextToken
      } while token != nil
    }
    return result
  }

  private func externalServices(cluster: String) async throws -> [DiscoveredService] {
    var arns: [String] = []
    for try await page in ecs.listServicesPaginator(
      .init(cluster: cluster, maxResults: 100, launchType: .external))
    {
      arns += page.serviceArns ?? []
    }
    let described = try await describe(arns, chunk: 10) {
      try await ecs.describeServices(.init(services: $0, cluster: cluster, include: [.tags]))
        .services ?? []
    }
    return described.compactMap { service in
      guard let name = service.serviceName else { return nil }
      return DiscoveredService(
        name: name, arn: service.serviceArn, taskDefinitionArn: service.taskDefinition,
        desiredCount: service.desiredCount, runningCount: service.runningCount,
        status: service.status, tags: Self.tags(service.tags))
    }
    .sorted { $0.name < $1.name }
  }

  /// Port mappings (name, appProtocol) by task definition ARN, container and port.
  private func taskDefinitions(_ arns: Set<String>) async throws -> [String: [String: [ECS
    .PortMapping]]]
  {
    let described = try await describe(arns.sorted(), chunk: 1) { chunk in
      let definition = try await ecs.describeTaskDefinition(.init(taskDefinition: chunk[0]))
        .taskDefinition
      return [(chunk[0], definition)]
    }
    var result: [String: [String: [ECS.PortMapping]]] = [:]
    for (arn, definition) in described {
      var containers: [String: [ECS.PortMapping]] = [:]
      for container in definition?.containerDefinitions ?? [] {
        if let name = container.name { containers[name] = container.portMappings ?? [] }
      }
      result[arn] = containers
    }
    return result
  }

  /// Runs `call` over chunks of `items`, at most `concurrency` at a time, keeping order.
  private func describe<Item: Sendable, Result: Sendable>(
    _ items: [Item], chunk size: Int, _ call: @escaping @Sendable ([Item]) async throws -> [Result]
  ) async throws -> [Result] {
    let chunks = stride(from: 0, to: items.count, by: size).map {
      Array(items[$0..<min($0 + size, items.count)])
    }
    var results = [[Result]](repeating: [], count: chunks.count)
    try await withThrowingTaskGroup(of: (Int, [Result]).self) { group in
      var next = 0
      for _ in 0..<min(concurrency, chunks.count) {
        let index = next
        group.addTask { (index, try await call(chunks[index])) }
        next += 1
      }
      while let (index, values) = try await group.next() {
        results[index] = values
        if next < chunks.count {
          let index = next
          group.addTask { (index, try await call(chunks[index])) }
          next += 1
        }
      }
    }
    return results.flatMap { $0 }
  }

  // MARK: Interpreting

  /// A container instance kept, or why not.
  typealias InstanceOutcome = Swift.Result<ExternalInstance, SkippedInstance>
  /// A task kept, or why not.
  typealias TaskOutcome = Swift.Result<DiscoveredTask, SkippedTask>

  /// The container instance as discovery keeps it, or why it is left out.
  static func instance(_ instance: ECS.ContainerInstance) -> InstanceOutcome {
    let arn = instance.containerInstanceArn ?? "<no ARN>"
    let status = instance.status
    guard let id = instance.ec2InstanceId, !id.isEmpty else {
      return .failure(
        SkippedInstance(
          containerInstanceArn: arn, status: status, reason: .noInstanceID,
          message: "ECS reports no instance id, so it is not an ECS Anywhere managed instance"))
    }
    guard id.hasPrefix("mi-") else {
      return .failure(
        SkippedInstance(
          containerInstanceArn: arn, instanceID: id, status: status, reason: .notManagedInstance,
          message: id.hasPrefix("i-")
            ? "\(id) is an EC2 instance, not an ECS Anywhere managed instance (mi-…)"
            : "\(id) is not an ECS Anywhere managed instance (mi-…)"))
    }
    var attributes: [String: String] = [:]
    for attribute in instance.attributes ?? [] {
      attributes[attribute.name] = attribute.value ?? ""
    }
    return .success(
      ExternalInstance(
        containerInstanceArn: arn, managedInstanceID: id, status: status,
        agentConnected: instance.agentConnected, attributes: attributes))
  }

  /// The task as discovery keeps it, or why it is left out.
  static func task(
    _ task: ECS.Task, instances: [String: ExternalInstance],
    skippedInstances: [String: SkippedInstance] = [:],
    definitions: [String: [String: [ECS.PortMapping]]]
  ) -> TaskOutcome {
    let arn = task.taskArn ?? "<no ARN>"
    let status = task.lastStatus
    let instanceArn = task.containerInstanceArn
    func skip(_ reason: SkippedTask.Reason, _ message: String) -> TaskOutcome {
      .failure(
        SkippedTask(
          taskArn: arn, reason: reason, message: message, containerInstanceArn: instanceArn,
          lastStatus: status))
    }
    guard status == .running else {
      return skip(.notRunning, "not RUNNING (\(status?.rawValue ?? "no status"))")
    }
    guard let instanceArn, let instance = instances[instanceArn] else {
      if let instanceArn, let other = skippedInstances[instanceArn] {
        return skip(
          .notOnExternalInstance,
          "its container instance is not an ECS Anywhere instance (\(other.reason): \(other.message))"
        )
      }
      return skip(
        .notOnExternalInstance,
        instanceArn == nil
          ? "it names no container instance"
          : "its container instance is not an ECS Anywhere instance of the cluster")
    }
    guard instance.address != nil else {
      return skip(
        .noAddress, "SSM reports no IP address for its instance \(instance.managedInstanceID)")
    }
    guard let definitionArn = task.taskDefinitionArn,
      let (family, revision) = Self.familyAndRevision(definitionArn)
    else {
      return skip(
        .noTaskDefinition,
        task.taskDefinitionArn.map { "task definition ARN \($0) has no family:revision" }
          ?? "no task definition ARN")
    }
    var ports: [TaskPort] = []
    for container in task.containers ?? [] {
      let name = container.name ?? ""
      let mappings = definitions[definitionArn]?[name] ?? []
      for binding in container.networkBindings ?? [] {
        guard let hostPort = binding.hostPort, hostPort > 0,
          let containerPort = binding.containerPort
        else {
          continue
        }
        let mapping = mappings.first { $0.containerPort == containerPort }
        ports.append(
          TaskPort(
            containerName: name, containerPort: UInt32(containerPort), hostPort: UInt32(hostPort),
            transport: binding.protocol ?? .tcp, name: mapping?.name,
            appProtocol: mapping?.appProtocol))
      }
    }
    guard !ports.isEmpty else {
      return skip(
        .noHostPort,
        "no container has a host port binding (bridge or host network mode with portMappings)")
    }
    let group = task.group ?? ""
    return .success(
      DiscoveredTask(
        taskArn: arn, taskDefinitionArn: definitionArn, family: family, revision: revision,
        serviceName: group.hasPrefix("service:") ? String(group.dropFirst("service:".count)) : nil,
        containerInstanceArn: instanceArn, lastStatus: .running,
        healthStatus: task.healthStatus,
        ports: ports.sorted { $0.containerPort < $1.containerPort },
        tags: tags(task.tags)))
  }

  /// `family` and `revision` of `arn:aws:ecs:region:account:task-definition/family:3`.
  static func familyAndRevision(_ arn: String) -> (String, Int)? {
    guard let last = arn.split(separator: "/").last else { return nil }
    let parts = last.split(separator: ":")
    guard parts.count == 2, let revision = Int(parts[1]) else { return nil }
    return (String(parts[0]), revision)
  }

  static func tags(_ tags: [ECS.Tag]?) -> [String: String] {
    var result: [String: String] = [:]
    for tag in tags ?? [] {
      if let key = tag.key { result[key] = tag.value ?? "" }
    }
    return result
  }
}

extension SkippedTask: Error {}

extension SkippedInstance: Error {}
