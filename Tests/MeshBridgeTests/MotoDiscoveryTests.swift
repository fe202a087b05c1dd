import ECSClient
import Foundation
import MeshBridge
import MeshModel
import MeshTestSupport
import Testing

/// Discovery of 2,000 ECS Anywhere tasks on moto, through the project's launcher for what
/// moto lacks of ECS Anywhere (Tests/Servers/moto_ecs_anywhere.py: SSM managed instances,
/// host port bindings, ListTasks paging), signed and checked like any moto call.
@Suite(
  "Discovery on moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct MotoDiscoveryTests {
  @Test(
    "2,000 tasks on 20 hosts with the fewest calls: 20 ListTasks, 20 DescribeTasks, one of the rest"
  )
  func twoThousandTasks() async throws {
    let moto = try MotoServer(instances: 0, ecsAnywhere: true)
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: moto.endpoint,
      credentials: StaticCredentialsProvider(
        AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey)))
    let seeding = ECS(configuration: configuration)
    _ = try await seeding.createCluster(.init(clusterName: "onprem-east"))
    for host in 0..<20 {
      let document =
        #"{"instanceId":"mi-\#(String(format: "%017x", host))","ipAddress":"10.20.0.\#(host + 1)"}"#
      _ = try await seeding.registerContainerInstance(
        .init(cluster: "onprem-east", instanceIdentityDocument: document))
    }
    var app = ECS.ContainerDefinition(name: "app", image: "shop/orders:1")
    app.cpu = 1
    app.memory = 4
    app.portMappings = [
      ECS.PortMapping(containerPort: 8080, hostPort: 0, name: "http", appProtocol: "http")
    ]
    _ = try await seeding.registerTaskDefinition(
      .init(
        family: "orders", containerDefinitions: [app], networkMode: "bridge",
        requiresCompatibilities: ["EXTERNAL"]))
    for _ in 0..<200 {
      _ = try await seeding.runTask(
        .init(
          taskDefinition: "orders", cluster: "onprem-east", count: 10, group: "service:orders",
          launchType: .external))
    }

    let discovery = ECSDiscovery(configuration: configuration)
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
}
