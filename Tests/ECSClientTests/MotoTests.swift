import ECSClient
import Foundation
import MeshBridgeTesting
import MeshTestSupport
import Testing

/// The client against moto's server with signature checking: real HTTP on 127.0.0.1,
/// real SigV4 verification, real ECS semantics as moto models them.
@Suite(
  "ECS on moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .serialized)
struct MotoTests {
  static func client(_ moto: MotoServer, secret: String? = nil) throws -> ECS {
    var configuration = moto.configuration
    if let secret {
      configuration.credentials = StaticCredentialsProvider(
        AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: secret))
    }
    configuration.retry = try AWSRetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(10))
    return ECS(configuration: configuration)
  }

  @Test("clusters, container instances, task definitions and tasks, signed and paginated")
  func lifecycle() async throws {
    let moto = try await MotoServer(.init(ec2Instances: 2))
    let ecs = try Self.client(moto)

    let cluster = try await ecs.createCluster(.init(clusterName: "onprem-east")).cluster
    for instance in moto.ec2InstanceIDs {
      let document =
        #"{"instanceId":"\#(instance)","region":"us-east-1","availabilityZone":"us-east-1a"}"#
      _ = try await ecs.registerContainerInstance(
        .init(cluster: "onprem-east", instanceIdentityDocument: document))
    }
    let definition = try await ecs.registerTaskDefinition(
      .init(
        family: "orders",
        containerDefinitions: [
          .init(
            name: "orders", image: "public.ecr.aws/nginx/nginx", memory: 64,
            portMappings: [.init(containerPort: 8080, protocol: .tcp)])
        ])
    ).taskDefinition
    let run = try await ecs.runTask(
      .init(taskDefinition: "orders", cluster: "onprem-east", count: 5))
    var arns: [String] = []
    var pages = 0
    for try await page in ecs.listTasksPaginator(.init(cluster: "onprem-east", maxResults: 2)) {
      pages += 1
      arns += page.taskArns ?? []
    }
    let described = try await ecs.describeTasks(.init(tasks: arns, cluster: "onprem-east"))
    let instances = try await ecs.listContainerInstances(.init(cluster: "onprem-east"))

    #expect(cluster?.clusterName == "onprem-east")
    #expect(cluster?.status == "ACTIVE")
    #expect(definition?.family == "orders" && definition?.revision == 1)
    #expect(run.tasks?.count == 5)
    #expect(arns.count == 5 && Set(arns).count == 5)
    // moto answers ListTasks in one page whatever maxResults says; paging itself is
    // tested against the suite's own server (FaultTests), which honours it.
    #expect(pages >= 1)
    #expect(Set(described.tasks?.compactMap(\.taskArn) ?? []) == Set(arns))
    #expect(
      described.tasks?.allSatisfy { $0.taskDefinitionArn == definition?.taskDefinitionArn } == true)
    #expect(instances.containerInstanceArns?.count == 2)
    #expect(ecs.requestCounts["ListTasks"] == pages)
  }

  @Test(
    "a wrong secret gets a typed SignatureDoesNotMatch, never retried, never showing the secret")
  func wrongSecret() async throws {
    let moto = try await MotoServer()
    let ecs = try Self.client(moto, secret: "not-the-secret-0123456789")

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(error.code == .service)
    #expect(error.errorCode == "SignatureDoesNotMatch")
    #expect(error.statusCode == 403)
    #expect(error.attempts == 1)
    #expect(!error.description.contains("not-the-secret"))
  }

  @Test("service errors carry the ECS error code and message")
  func serviceError() async throws {
    let moto = try await MotoServer()
    let ecs = try Self.client(moto)

    let error = try await #require(throws: AWSError.self) {
      try await ecs.describeServices(.init(services: ["orders"], cluster: "no-such-cluster"))
    }

    #expect(error.errorCode == ECS.ErrorCode.clusterNotFoundException)
    #expect(error.statusCode == 400)
  }

  @Test("the tasksStopped waiter returns once every task has stopped")
  func waiter() async throws {
    let moto = try await MotoServer(.init(ec2Instances: 1))
    let ecs = try Self.client(moto)
    _ = try await ecs.createCluster(.init(clusterName: "waiters"))
    let document =
      #"{"instanceId":"\#(moto.ec2InstanceIDs[0])","region":"us-east-1","availabilityZone":"us-east-1a"}"#
    _ = try await ecs.registerContainerInstance(
      .init(cluster: "waiters", instanceIdentityDocument: document))
    _ = try await ecs.registerTaskDefinition(
      .init(family: "app", containerDefinitions: [.init(name: "app", image: "nginx", memory: 64)]))
    let task = try #require(
      try await ecs.runTask(.init(taskDefinition: "app", cluster: "waiters")).tasks?.first?.taskArn)

    _ = try await ecs.stopTask(.init(task: task, cluster: "waiters", reason: "test"))
    try await ecs.waitUntilTasksStopped(
      .init(tasks: [task], cluster: "waiters"), timeout: .seconds(20),
      minimumDelay: .milliseconds(50))

    let status = try await ecs.describeTasks(.init(tasks: [task], cluster: "waiters")).tasks?.first?
      .lastStatus
    #expect(status == "STOPPED")
  }
}
