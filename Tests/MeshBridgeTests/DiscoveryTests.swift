import ECSClient
import Foundation
import MeshBridge
import MeshModel
import MeshTestSupport
import Testing

/// Discovery against the suite's AWS-like server (moto has no ECS Anywhere instances or
/// SSM managed instances), and the mapping of what it finds to mesh resources.
@Suite(
  "ECS Anywhere discovery",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct DiscoveryTests {
  /// Clients of the suite's server, with a test key.
  static func configuration(_ server: AWSTestServer) throws -> AWSClientConfiguration {
    try AWSClientConfiguration(
      region: "us-east-1", endpoint: server.endpointURL,
      credentials: StaticCredentialsProvider(
        AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "test-secret")))
  }

  static func discovery(_ server: AWSTestServer) throws -> ECSDiscovery {
    ECSDiscovery(configuration: try configuration(server))
  }

  @Test("instances, their SSM addresses, RUNNING tasks with host ports; the rest reported")
  func discover() async throws {
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let found = try await Self.discovery(server).discover(cluster: "onprem-east")

    #expect(found.instances.map(\.managedInstanceID) == ["mi-0aaa", "mi-0bbb"])
    #expect(found.instances.first?.address == "10.20.0.15" && found.instances.first?.zone == "dc-a")
    #expect(found.tasks.map(\.taskID) == ["1f3c2a9e"])
    let task = try #require(found.tasks.first)
    #expect(task.serviceName == "orders" && task.family == "orders" && task.revision == 7)
    #expect(
      task.ports == [
        TaskPort(
          containerName: "app", containerPort: 8080, hostPort: 31080, name: "http",
          appProtocol: "http")
      ])
    #expect(task.lastStatus == .running && task.healthStatus == .healthy)
    #expect(found.instances.map(\.status) == [.active, .active])
    #expect(
      found.skipped.map(\.reason) == [.notRunning, .noAddress, .notOnExternalInstance, .noHostPort])
    #expect(found.skipped.first?.lastStatus == .pending)
    #expect(
      found.skipped[2].containerInstanceArn
        == "\(ECSAnywhereScenario.prefix):container-instance/onprem-east/ci-3")
    #expect(
      found.skipped[2].message
        == "its container instance is not an ECS Anywhere instance (notManagedInstance: i-0ccc is an EC2 instance, not an ECS Anywhere managed instance (mi-…))"
    )
    // The EC2 instance is reported, not dropped silently.
    #expect(found.skippedInstances.map(\.reason) == [.notManagedInstance])
    #expect(found.skippedInstances.map(\.instanceID) == ["i-0ccc"])
    #expect(
      found.skippedInstances.map(\.description) == [
        "\(ECSAnywhereScenario.prefix):container-instance/onprem-east/ci-3 [notManagedInstance]: i-0ccc is an EC2 instance, not an ECS Anywhere managed instance (mi-…)"
      ])
    #expect(found.services.map(\.name) == ["orders"])
    let calls = try server.calls()
    #expect(calls["DescribeTaskDefinition"] == 1 && calls["DescribeTasks"] == 1)
    #expect(calls["DescribeInstanceInformation"] == 1)
  }

  @Test(
    "the mapping gives a WorkloadEntry per task and a ServiceEntry per service, valid and analyzed clean"
  )
  func mapping() async throws {
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let found = try await Self.discovery(server).discover(cluster: "onprem-east")
    let resources = MeshMapping(namespace: "shop").resources(for: found)

    guard case .serviceEntry(let service) = resources.first,
      case .workloadEntry(let entry) = resources.last
    else {
      Issue.record("expected a ServiceEntry then a WorkloadEntry: \(resources.map(\.displayName))")
      return
    }
    #expect(service.spec.hosts == ["orders.shop.ecs.internal"])
    #expect(service.spec.ports == [ServicePort(number: 8080, protocol: "HTTP", name: "http")])
    #expect(service.spec.workloadSelector?.labels == ["app": "orders"])
    #expect(service.spec.location == .meshInternal && service.spec.resolution == .static)
    #expect(entry.metadata.name == "orders-1f3c2a")
    #expect(entry.spec.address == "10.20.0.15" && entry.spec.ports == ["http": 31080])
    #expect(
      entry.spec.labels?["version"] == "v2"
        && entry.spec.labels?[MeshMapping.clusterLabel] == "onprem-east")
    #expect(entry.spec.locality == "us-east-1/dc-a" && entry.spec.serviceAccount == "orders")
    #expect(resources.flatMap { $0.validate() }.isEmpty)
    let inventory = Inventory(resources.map { InventoryObject(.mesh($0)) })
    #expect(MeshAnalysis.run(inventory).isEmpty, "\(MeshAnalysis.run(inventory))")
  }

  @Test("the difference of two discoveries: added, changed, removed")
  func diff() {
    let first = ClusterDiscovery(
      cluster: "c", region: "us-east-1",
      instances: [
        ExternalInstance(containerInstanceArn: "ci", managedInstanceID: "mi-1", address: "10.0.0.1")
      ],
      tasks: [
        DiscoveredTask(
          taskArn: "arn/aaaaaa1", taskDefinitionArn: "td/a:1", family: "a", revision: 1,
          containerInstanceArn: "ci", lastStatus: "RUNNING",
          ports: [TaskPort(containerName: "x", containerPort: 80, hostPort: 30080)]),
        DiscoveredTask(
          taskArn: "arn/bbbbbb1", taskDefinitionArn: "td/b:1", family: "b", revision: 1,
          containerInstanceArn: "ci", lastStatus: "RUNNING",
          ports: [TaskPort(containerName: "x", containerPort: 80, hostPort: 30081)]),
      ])
    var second = first
    second.tasks[0].ports[0].hostPort = 30090
    second.tasks.remove(at: 1)
    second.tasks.append(
      DiscoveredTask(
        taskArn: "arn/cccccc1", taskDefinitionArn: "td/c:1", family: "c", revision: 1,
        containerInstanceArn: "ci", lastStatus: "RUNNING",
        ports: [TaskPort(containerName: "x", containerPort: 80, hostPort: 30082)]))
    let mapping = MeshMapping()

    let diff = ResourceDiff(from: mapping.resources(for: first), to: mapping.resources(for: second))

    #expect(diff.added.map { $0.metadata.name } == ["c-cccccc"])
    #expect(diff.changed.map { $0.metadata.name } == ["a-aaaaaa"])
    #expect(diff.removed.map { $0.metadata.name } == ["b-bbbbbb"])
    #expect(
      ResourceDiff(from: mapping.resources(for: second), to: mapping.resources(for: second)).isEmpty
    )
  }

  @Test("tasks of one app whose IDs share six characters get whole-ID names; no entry is lost")
  func nameCollisions() {
    let ids = [
      "5e0c1a0f3b2d4e8f9a7c6b5d4e3f2a1b", "5e0c1a77aa2d4e8f9a7c6b5d4e3f2a1b",
      "9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f90",
    ]
    let discovery = ClusterDiscovery(
      cluster: "c", region: "us-east-1",
      instances: [
        ExternalInstance(containerInstanceArn: "ci", managedInstanceID: "mi-1", address: "10.0.0.1")
      ],
      tasks: ids.enumerated().map { index, id in
        DiscoveredTask(
          taskArn: "arn:aws:ecs:us-east-1:1:task/c/\(id)", taskDefinitionArn: "td/orders:1",
          family: "orders", revision: 1, containerInstanceArn: "ci", lastStatus: "RUNNING",
          ports: [TaskPort(containerName: "x", containerPort: 80, hostPort: 30080 + UInt32(index))])
      })

    let names = MeshMapping().resources(for: discovery).filter { $0.kind == "WorkloadEntry" }
      .compactMap(\.metadata.name)

    #expect(
      names == [
        "orders-5e0c1a0f3b2d4e8f9a7c6b5d4e3f2a1b", "orders-5e0c1a77aa2d4e8f9a7c6b5d4e3f2a1b",
        "orders-9d2e4f",
      ])
  }

  @Test("statuses, protocols and reasons AWS or a later release adds are kept as they are")
  func extensibleValues() throws {
    let skipped = SkippedTask(
      taskArn: "arn/t", reason: .notRunning, message: "not RUNNING (HIBERNATING)",
      lastStatus: "HIBERNATING")
    let port = TaskPort(
      containerName: "x", containerPort: 80, hostPort: 30080, transport: "sctp",
      appProtocol: "http3")

    let json = String(decoding: try JSONEncoder().encode(skipped), as: UTF8.self)
    let decoded = try JSONDecoder().decode(
      SkippedTask.self, from: Data(json.replacingOccurrences(of: "notRunning", with: "later").utf8))

    #expect(
      json.contains(#""reason":"notRunning""#) && json.contains(#""lastStatus":"HIBERNATING""#))
    #expect(decoded.reason.name == "later" && decoded.reason != .notRunning)
    #expect(skipped.lastStatus != .running && skipped.lastStatus?.rawValue == "HIBERNATING")
    #expect(skipped.description == "arn/t [notRunning]: not RUNNING (HIBERNATING)")
    #expect(port.transport != .tcp && port.transport != .udp && port.appProtocol != .http)
  }

  @Test("a throttled or failing ECS is a typed error after the retries")
  func failures() async throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = ["status": 500, "code": "ServerException", "message": "boom"]
    let server = try AWSTestServer(scenario: scenario)

    let error = try await #require(throws: AWSError.self) {
      _ = try await Self.discovery(server).discover(cluster: "onprem-east")
    }

    #expect(error.errorCode == "ServerException" && error.attempts == 3)
  }
}
