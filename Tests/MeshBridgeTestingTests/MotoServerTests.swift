import ECSClient
import Foundation
import MeshBridgeTesting
import MeshSupport
import MeshTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The product's moto as a user's test runs it: started, called through ECSClient with
/// signatures checked, seeded with an ECS Anywhere cluster, stopped with nothing left.
@Suite(
  "MotoServer",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct MotoServerTests {
  @Test("ECS calls signed with its key succeed; a wrong secret gets SignatureDoesNotMatch")
  func signedCalls() async throws {
    let moto = try await MotoServer()
    defer { moto.stop() }
    let ecs = ECS(configuration: moto.configuration)
    var wrong = moto.configuration
    wrong.credentials = StaticCredentialsProvider(
      AWSCredentials(
        accessKeyID: moto.credentials.accessKeyID, secretAccessKey: "not-the-secret-0123456789"))

    _ = try await ecs.createCluster(.init(clusterName: "lab"))
    let clusters = try await ecs.listClusters().clusterArns
    let error = try await #require(throws: AWSError.self) {
      try await ECS(configuration: wrong).listClusters()
    }

    #expect(moto.endpoint.absoluteString.hasPrefix("http://127.0.0.1:"))
    #expect(moto.region == "us-east-1" && moto.configuration.region == "us-east-1")
    #expect(clusters == ["arn:aws:ecs:us-east-1:123456789012:cluster/lab"])
    #expect(error.code == .service && error.errorCode == "SignatureDoesNotMatch")
    #expect(error.statusCode == 403)
    #expect(!error.description.contains("not-the-secret"))
    #expect(!String(describing: moto.credentials).contains(moto.credentials.secretAccessKey))
  }

  @Test("a seeded ECS Anywhere cluster is what ECS and SSM list: hosts, addresses, host ports")
  func seeding() async throws {
    let moto = try await MotoServer()
    defer { moto.stop() }
    let ecs = ECS(configuration: moto.configuration)
    let ssm = SSM(configuration: moto.configuration)

    let seeded = try await moto.seed(.example)

    let instances = try await ecs.listContainerInstances(.init(cluster: "onprem-east"))
    let described = try await ecs.describeContainerInstances(
      .init(containerInstances: instances.containerInstanceArns ?? [], cluster: "onprem-east"))
    let listed = try await ecs.listTasks(.init(cluster: "onprem-east"))
    let tasks =
      try await ecs.describeTasks(
        .init(tasks: listed.taskArns ?? [], cluster: "onprem-east")
      ).tasks ?? []
    let hosts = try await ssm.describeInstanceInformation().instanceInformationList ?? []
    let hostPorts = tasks.flatMap { $0.containers ?? [] }.flatMap { $0.networkBindings ?? [] }
      .compactMap(\.hostPort)

    #expect(seeded.clusterARN == "arn:aws:ecs:us-east-1:123456789012:cluster/onprem-east")
    #expect(
      Set(instances.containerInstanceArns ?? []) == Set(seeded.containerInstanceARNs.values))
    #expect(
      Set(described.containerInstances?.compactMap(\.ec2InstanceId) ?? [])
        == ["mi-00aa51c2e9f07d3b", "mi-01aa51c2e9f07d3b"])
    #expect(Set(listed.taskArns ?? []) == Set(seeded.taskARNs.values.joined()))
    #expect(seeded.taskARNs.mapValues(\.count) == ["orders": 2, "payments": 1])
    #expect(tasks.count == 3 && tasks.allSatisfy { $0.lastStatus == "RUNNING" })
    #expect(Set(tasks.compactMap(\.group)) == ["service:orders", "service:payments"])
    #expect(
      hostPorts.count == 3 && Set(hostPorts).count == 3 && hostPorts.allSatisfy { $0 >= 32768 })
    #expect(
      Dictionary(
        uniqueKeysWithValues: hosts.compactMap { host in
          host.instanceId.map { ($0, host.ipAddress ?? "") }
        }) == ["mi-00aa51c2e9f07d3b": "10.20.0.15", "mi-01aa51c2e9f07d3b": "10.20.0.16"])
  }

  @Test("stop() ends moto: its process is gone, its port refuses connections, calls fail")
  func stop() async throws {
    let moto = try await MotoServer()
    let ecs = ECS(configuration: moto.configuration)
    _ = try await ecs.listClusters()
    let port = try #require(moto.endpoint.port.flatMap { UInt16(exactly: $0) })

    moto.stop()
    moto.stop()

    #expect(!Self.isRunning(moto.processID))
    #expect(!LoopbackPort.acceptsConnections(port))
    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }
    #expect(error.code == .transport)
  }

  @Test("withServer stops the server when its body returns, and when it throws")
  func scoped() async throws {
    struct Planned: Error {}
    let (processID, port) = try await MotoServer.withServer { moto in
      (moto.processID, moto.endpoint.port ?? 0)
    }
    var thrownID: Int32 = 0
    await #expect(throws: Planned.self) {
      try await MotoServer.withServer { moto in
        thrownID = moto.processID
        throw Planned()
      }
    }

    #expect(!Self.isRunning(processID))
    #expect(!LoopbackPort.acceptsConnections(UInt16(clamping: port)))
    #expect(thrownID > 0 && !Self.isRunning(thrownID))
  }

  @Test("an interpreter without moto is motoNotInstalled, naming what it cannot import")
  func motoMissing() async throws {
    let python = try #require(Peers.python)
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // The same interpreter without its site-packages: Python is there, moto is not.
    let bare = directory.appendingPathComponent("python")
    try Data("#!/bin/sh\nexec '\(python.path)' -S \"$@\"\n".utf8).write(to: bare)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bare.path)

    let error = try await #require(throws: MotoServerError.self) {
      try await MotoServer(.init(python: bare))
    }

    #expect(error.code == .motoNotInstalled && error.isMissingPrerequisite)
    #expect(
      error.description
        == "MotoServerError.motoNotInstalled: \(bare.path) cannot import moto: moto's server is"
        + " not installed for that interpreter; install it with \(bare.path) -m pip install"
        + #" "moto[server]==5.2.1""#)
  }

  /// Whether a process with this ID exists (a zombie counts: it has not been waited for).
  static func isRunning(_ processID: Int32) -> Bool {
    kill(processID, 0) == 0 || errno != ESRCH
  }
}

/// What a user sees where Python or moto is missing: runs without any peer.
@Suite("MotoServer without Python")
struct MotoServerPrerequisiteTests {
  @Test("a missing interpreter is pythonNotFound, naming it and how to install moto")
  func pythonMissing() async throws {
    let missing = URL(fileURLWithPath: "/nonexistent/meshbridge/bin/python3")

    let error = try await #require(throws: MotoServerError.self) {
      try await MotoServer(.init(python: missing))
    }

    #expect(error.code == .pythonNotFound && error.isMissingPrerequisite)
    #expect(
      error.description
        == "MotoServerError.pythonNotFound: no Python interpreter at"
        + " /nonexistent/meshbridge/bin/python3 (Options.python); MotoServer runs moto's server"
        + #" with Python 3: pip install "moto[server]==5.2.1" into a virtual environment"#
        + #" (python3 -m venv .venv; .venv/bin/pip install "moto[server]==5.2.1") and run the"#
        + " tests from its directory, or set MESHBRIDGE_PYTHON or MotoServer.Options.python to"
        + " its interpreter")
  }

  @Test("options out of range are invalidOptions before anything starts")
  func invalidOptions() async throws {
    let error = try await #require(throws: MotoServerError.self) {
      try await MotoServer(.init(ec2Instances: -1))
    }

    #expect(
      error.description == "MotoServerError.invalidOptions: ec2Instances is -1, not in 0...100")
    #expect(!error.isMissingPrerequisite)
  }

  @Test("the install hint's moto is the release Scripts/bootstrap pins")
  func pinnedVersion() throws {
    let bootstrap = try String(
      contentsOf: Peers.packageRoot.appendingPathComponent("Scripts/bootstrap"), encoding: .utf8)

    #expect(bootstrap.contains("\"moto[server]==\(MotoServer.motoVersion)\""))
    #expect(MotoServer.installCommand == #"pip install "moto[server]==5.2.1""#)
  }
}
