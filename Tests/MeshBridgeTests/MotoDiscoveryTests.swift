import ECSClient
import Foundation
import MeshBridge
import MeshBridgeTesting
import MeshModel
import MeshTestSupport
import Testing

/// Discovery of 2,000 ECS Anywhere tasks on moto, through the project's launcher for what
/// moto lacks of ECS Anywhere (MeshBridgeTesting's MotoServer: SSM managed instances,
/// host port bindings, ListTasks paging), signed and checked like any moto call.
@Suite(
  "Discovery on moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct MotoDiscoveryTests {
  @Test(
    "2,000 tasks on 20 hosts with the fewest calls: 20 ListTasks, 20 DescribeTasks, one of the rest"
  )
  func twoThousandTasks() async throws {
    let moto = try await MotoServer()
    let hosts = (0..<20).map {
      ECSAnywhereCluster.Host(
        instanceID: "mi-\(String(format: "%017x", $0))", address: "10.20.0.\($0 + 1)")
    }
    let orders = ECSAnywhereCluster.Service(
      family: "orders", image: "shop/orders:1", containerPort: 8080, taskCount: 2000, cpu: 1,
      memory: 4)
    _ = try await moto.seed(
      ECSAnywhereCluster(name: "onprem-east", hosts: hosts, services: [orders]))

    let discovery = ECSDiscovery(configuration: moto.configuration)
    let found = try await discovery.discover(cluster: "onprem-east")
    let resources = MeshMapping(namespace: "shop").resources(for: found)

    #expect(found.tasks.count == 2000 && found.skipped.isEmpty, "\(found.skipped.prefix(3))")
    #expect(found.instances.count == 20 && found.instances.allSatisfy { $0.address != nil })
    #expect(Set(found.tasks.map { $0.ports.first?.hostPort ?? 0 }).count == 2000)
    let calls = discovery.ecs.requestCounts
    #expect(calls["ListTasks"] == 20 && calls["DescribeTasks"] == 20, "\(calls)")
    #expect(calls["DescribeTaskDefinition"] == 1 && calls["ListContainerInstances"] == 1)
    #expect(calls["DescribeContainerInstances"] == 1 && calls["ListServices"] == 1)
    #expect(discovery.ssm.requestCounts["DescribeInstanceInformation"] == 1)
    #expect(resources.filter { $0.kind == "WorkloadEntry" }.count == 2000)
  }

  @Test(
    "ECS's own statuses, a typed skip reason, and the EC2 container instance listed as ignored, with why"
  )
  func statusesAndIgnoredInstances() async throws {
    let moto = try await MotoServer(.init(ec2Instances: 1))
    let configuration = moto.configuration
    let seeding = ECS(configuration: configuration)
    _ = try await seeding.createCluster(.init(clusterName: "mixed"))
    _ = try await seeding.registerContainerInstance(
      .init(
        cluster: "mixed",
        instanceIdentityDocument: #"{"instanceId":"mi-00000000000000001","ipAddress":"10.20.0.1"}"#)
    )
    var served = ECS.ContainerDefinition(name: "app", image: "shop/orders:1", cpu: 1, memory: 4)
    served.portMappings = [ECS.PortMapping(containerPort: 8080, hostPort: 0, name: "http")]
    let batch = ECS.ContainerDefinition(name: "job", image: "shop/batch:1", cpu: 1, memory: 4)
    for (family, container) in [("orders", served), ("batch", batch)] {
      _ = try await seeding.registerTaskDefinition(
        .init(
          family: family, containerDefinitions: [container], networkMode: "bridge",
          requiresCompatibilities: ["EXTERNAL"]))
    }
    _ = try await seeding.runTask(
      .init(
        taskDefinition: "orders", cluster: "mixed", count: 2, group: "service:orders",
        launchType: .external))
    _ = try await seeding.runTask(
      .init(taskDefinition: "batch", cluster: "mixed", launchType: .external))
    _ = try await seeding.createService(
      .init(
        serviceName: "orders", cluster: "mixed", taskDefinition: "orders", desiredCount: 0,
        launchType: .external))
    // An EC2 instance joins the cluster after the tasks were placed on the on-prem host.
    let ec2 = try #require(moto.ec2InstanceIDs.first)
    _ = try await seeding.registerContainerInstance(
      .init(
        cluster: "mixed",
        instanceIdentityDocument:
          #"{"instanceId":"\#(ec2)","region":"us-east-1","availabilityZone":"us-east-1a"}"#))

    let found = try await ECSDiscovery(configuration: configuration).discover(cluster: "mixed")

    // ECS's own types: a status AWS adds later would still decode, as its raw value.
    let taskStatuses: [ECS.TaskStatus] = found.tasks.map(\.lastStatus)
    let instanceStatuses: [ECS.ContainerInstanceStatus?] = found.instances.map(\.status)
    #expect(taskStatuses == [.running, .running])
    #expect(instanceStatuses == [.active])
    #expect(found.services.map(\.status) == [ECS.ServiceStatus.active])
    #expect(found.skipped.map(\.reason) == [.noHostPort])
    #expect(found.skipped.map(\.lastStatus) == [ECS.TaskStatus.running])
    let ignored = try #require(found.skippedInstances.first)
    #expect(found.skippedInstances.count == 1)
    #expect(ignored.reason == .notManagedInstance && ignored.instanceID == ec2)
    #expect(ignored.status == .active)
    #expect(
      ignored.message == "\(ec2) is an EC2 instance, not an ECS Anywhere managed instance (mi-…)")
    // The reasons travel as their names, for tools that read discovery's JSON.
    let json = String(decoding: try JSONEncoder().encode(found), as: UTF8.self)
    #expect(
      json.contains(#""reason":"notManagedInstance""#) && json.contains(#""reason":"noHostPort""#))
    #expect(json.contains(#""lastStatus":"RUNNING""#) && json.contains(#""status":"ACTIVE""#))
  }
}
