import ECSClient
import Foundation
import MeshBridge
import MeshBridgeTesting
import MeshModel
import MeshTestSupport
import Synchronization
import Testing

/// The watch sequence yields what changed between discoveries; the injector adds the
/// sidecar to a task definition that moto then registers as a new revision.
@Suite(
  "Watch and sidecar injection",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct WatchAndInjectionTests {
  @Test("watch: everything first, then only the change; a transient error is waited out")
  func watch() async throws {
    var scenario = ECSAnywhereScenario.scenario()
    let first = ECSAnywhereScenario.task("1f3c2a9e")
    let second = ECSAnywhereScenario.task("2b4d6f80")
    let arn = { (id: String) in "\(ECSAnywhereScenario.prefix):task/onprem-east/\(id)" }
    scenario["ListTasks"] = [
      ["ok": ["taskArns": [arn("1f3c2a9e")]]],
      ["status": 500, "code": "ServerException", "message": "hiccup"],
      ["status": 500, "code": "ServerException", "message": "hiccup"],
      ["status": 500, "code": "ServerException", "message": "hiccup"],
      ["ok": ["taskArns": [arn("1f3c2a9e"), arn("2b4d6f80")]]],
    ]
    scenario["DescribeTasks"] = [
      ["ok": ["tasks": [first], "failures": []]],
      ["ok": ["tasks": [first, second], "failures": []]],
    ]
    let server = try AWSTestServer(scenario: scenario)
    let discovery = try DiscoveryTests.discovery(server)

    var changes: [ResourceDiff] = []
    for try await change in discovery.watch(
      cluster: "onprem-east", mapping: MeshMapping(namespace: "shop"), interval: 0.05,
      maximumBackoff: 0.2)
    {
      changes.append(change)
      if changes.count == 2 { break }
    }

    #expect(changes[0].added.map(\.kind) == ["ServiceEntry", "WorkloadEntry"])
    #expect(changes[1].added.map { $0.metadata.name } == ["orders-2b4d6f"])
    #expect(changes[1].removed.isEmpty)
  }

  @Test("watch: each failed round is reported with its cause and the wait before the next")
  func watchReportsFailures() async throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = [
      ["status": 500, "code": "InternalFailure", "message": "injected"],
      ["status": 400, "code": "ThrottlingException", "message": "Rate exceeded"],
      ["status": 500, "code": "InternalFailure", "message": "injected"],
      ["ok": ["taskArns": []]],
    ]
    let server = try AWSTestServer(scenario: scenario)
    var configuration = try DiscoveryTests.configuration(server)
    configuration.retry = .none
    let reports = Mutex<[ECSDiscovery.WatchFailure]>([])

    var changes = 0
    for try await _ in ECSDiscovery(configuration: configuration).watch(
      cluster: "onprem-east", mapping: MeshMapping(namespace: "shop"), interval: 0.05,
      maximumBackoff: 0.15, onFailure: { failure in reports.withLock { $0.append(failure) } })
    {
      changes += 1
      break
    }

    let failures = reports.withLock { $0 }
    #expect(changes == 1)
    #expect(
      failures.map(\.error.errorCode) == [
        "InternalFailure", "ThrottlingException", "InternalFailure",
      ])
    #expect(failures.map(\.consecutiveFailures) == [1, 2, 3])
    // Doubling from the interval, bounded by maximumBackoff.
    #expect(failures.map(\.nextRoundIn) == [0.1, 0.15, 0.15])
    let first = try #require(failures.first)
    let request = try #require(first.error.requestID)
    #expect(
      first.description
        == "onprem-east: discovery failed (1 in a row): AWSError.service(InternalFailure, HTTP 500, request \(request)): injected; next round in 0.1 s"
    )
    #expect(failures[1].description.hasSuffix("Rate exceeded; next round in 0.15 s"))
  }

  @Test("a failure report escapes control characters from the service's message")
  func watchFailureIsOneLine() {
    let failure = ECSDiscovery.WatchFailure(
      cluster: "c",
      error: AWSError(.service, errorCode: "ServerException", message: "bad\nline\u{1b}[31m"),
      consecutiveFailures: 2, nextRoundIn: 60)

    #expect(
      failure.description
        == #"c: discovery failed (2 in a row): AWSError.service(ServerException): bad\nline\u{1B}[31m; next round in 60 s"#
    )
  }

  @Test("watch ends with the error when AWS refuses for good")
  func watchFailure() async throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = ["status": 400, "code": "AccessDeniedException", "message": "no"]
    let server = try AWSTestServer(scenario: scenario)

    let error = try await #require(throws: AWSError.self) {
      for try await _ in try DiscoveryTests.discovery(server).watch(
        cluster: "onprem-east", mapping: MeshMapping(), interval: 0.05)
      {}
    }
    #expect(error.errorCode == "AccessDeniedException")
  }

  static func definition(networkMode: String = "host") throws -> ECS.TaskDefinition {
    try JSONDecoder().decode(
      ECS.TaskDefinition.self,
      from: Data(
        """
        {"family": "orders", "networkMode": "\(networkMode)", "requiresCompatibilities": ["EXTERNAL"],
         "memory": "512",
         "containerDefinitions": [{"name": "app", "image": "shop/orders:1", "essential": true,
           "portMappings": [{"containerPort": 8080, "hostPort": 8080, "name": "http", "appProtocol": "http"}]}]}
        """.utf8))
  }

  @Test("the sidecar container, the bundle volume and the dependency; bridge mode refused")
  func inject() throws {
    let injector = SidecarInjector(bundleHostPath: "/var/lib/meshbridge/orders")
    let request = try injector.inject(into: Self.definition())
    let again = try injector.inject(
      into: {
        var definition = try Self.definition()
        definition.containerDefinitions = request.containerDefinitions
        definition.volumes = request.volumes
        return definition
      }())

    #expect(request.containerDefinitions.map(\.name) == ["meshbridge-sidecar", "app"])
    let sidecar = try #require(request.containerDefinitions.first)
    #expect(sidecar.user == "1337:1337" && sidecar.essential == true)
    #expect(
      sidecar.mountPoints == [
        ECS.MountPoint(sourceVolume: "meshbridge", containerPath: "/etc/meshbridge", readOnly: true)
      ])
    #expect(
      request.containerDefinitions.last?.dependsOn == [
        ECS.ContainerDependency(containerName: "meshbridge-sidecar", condition: "HEALTHY")
      ])
    #expect(
      request.volumes == [
        ECS.Volume(
          name: "meshbridge",
          host: ECS.HostVolumeProperties(sourcePath: "/var/lib/meshbridge/orders"))
      ])
    #expect(again == request)
    let refused = #expect(throws: InjectionError.self) {
      try injector.inject(into: Self.definition(networkMode: "bridge"))
    }
    #expect(refused?.code == .networkModeNotHost && refused?.field == "networkMode")
  }

  @Test("moto registers the injected definition as the next revision, signed and checked")
  func registerOnMoto() async throws {
    let moto = try await MotoServer()
    let ecs = ECS(configuration: moto.configuration)
    let original = try Self.definition()
    // moto's gap: any compatibility but EC2 makes it store networkMode awsvpc, as for
    // FARGATE. The original is registered for EC2 so that it keeps host; the injector
    // adds EXTERNAL to the next revision (whose network mode moto again rewrites, so it
    // is not checked here; `inject()` checks the request).
    let first = try await ecs.registerTaskDefinition(
      .init(
        family: "orders", containerDefinitions: original.containerDefinitions ?? [],
        networkMode: original.networkMode, memory: "512"))
    let current = try #require(
      try await ecs.describeTaskDefinition(.init(taskDefinition: "orders")).taskDefinition)

    let registered = try await ecs.registerTaskDefinition(
      SidecarInjector(bundleHostPath: "/var/lib/meshbridge/orders").inject(into: current))

    #expect(first.taskDefinition?.revision == 1)
    #expect(registered.taskDefinition?.revision == 2)
    #expect(
      registered.taskDefinition?.containerDefinitions?.map(\.name) == ["meshbridge-sidecar", "app"])
    #expect(
      registered.taskDefinition?.volumes?.first?.host?.sourcePath == "/var/lib/meshbridge/orders")
  }
}
