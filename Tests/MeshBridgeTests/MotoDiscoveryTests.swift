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
}
