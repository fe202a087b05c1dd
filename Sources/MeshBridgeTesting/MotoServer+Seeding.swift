import ECSClient
import Foundation

extension MotoServer {
  /// Creates `cluster` on this server through ECS, signed like any call: the cluster, a
  /// container instance per host (its identity document naming the managed instance and
  /// its address), a task definition per service (EXTERNAL, bridge networking, the port
  /// mapped to a dynamic host port) and the service's tasks, at most ten per `RunTask` as
  /// ECS allows.
  ///
  /// - Parameter cluster: What to create; ``ECSAnywhereCluster/example`` for a small one.
  /// - Returns: The ARNs created.
  /// - Throws: `AWSError` when moto refuses a call; ``MotoServerError`` `seedingFailed`
  ///   when moto places fewer tasks than asked for (hosts without the memory or CPU).
  public func seed(_ cluster: ECSAnywhereCluster) async throws -> ECSAnywhereCluster.Seeded {
    let ecs = ECS(configuration: configuration)
    let created = try await ecs.createCluster(.init(clusterName: cluster.name))
    var seeded = ECSAnywhereCluster.Seeded(
      clusterARN: created.cluster?.clusterArn ?? "", containerInstanceARNs: [:], taskARNs: [:])
    for host in cluster.hosts {
      var document = ["instanceId": host.instanceID, "ipAddress": host.address]
      document["hostname"] = host.hostname
      let text = String(
        decoding: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]),
        as: UTF8.self)
      let registered = try await ecs.registerContainerInstance(
        .init(cluster: cluster.name, instanceIdentityDocument: text))
      seeded.containerInstanceARNs[host.instanceID] =
        registered.containerInstance?.containerInstanceArn
    }
    for service in cluster.services {
      var app = ECS.ContainerDefinition(name: "app", image: service.image)
      app.cpu = service.cpu
      app.memory = service.memory
      app.portMappings = [
        ECS.PortMapping(
          containerPort: service.containerPort, hostPort: 0, name: service.portName,
          appProtocol: ECS.ApplicationProtocol(rawValue: service.appProtocol))
      ]
      _ = try await ecs.registerTaskDefinition(
        .init(
          family: service.family, containerDefinitions: [app], networkMode: "bridge",
          requiresCompatibilities: ["EXTERNAL"]))
      var started: [String] = []
      while started.count < service.taskCount {
        let run = try await ecs.runTask(
          .init(
            taskDefinition: service.family, cluster: cluster.name,
            count: min(10, service.taskCount - started.count), group: "service:\(service.family)",
            launchType: .external))
        let arns = run.tasks?.compactMap(\.taskArn) ?? []
        guard !arns.isEmpty else {
          let reasons = (run.failures ?? []).compactMap(\.reason)
          throw MotoServerError(
            .seedingFailed,
            message: "moto placed \(started.count) of \(service.taskCount) \(service.family)"
              + " tasks in \(cluster.name): \(reasons.isEmpty ? "no reason given" : reasons.joined(separator: ", "))"
          )
        }
        started += arns
      }
      seeded.taskARNs[service.family] = started
    }
    return seeded
  }
}
