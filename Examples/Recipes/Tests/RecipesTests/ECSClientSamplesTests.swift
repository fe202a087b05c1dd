import ECSClient
import Foundation
import MeshBridgeTesting
import Recipes
import Testing

/// Docs/ECSClient.md's samples against moto with signature checks, seeded as an ECS
/// Anywhere cluster; botocore writes what the samples read back where ECSClient has no
/// generated call for it.
@Suite(.enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python with moto")))
struct ECSClientSamplesTests {
  @Test("the opening sample lists and describes the seeded cluster's running tasks")
  func listTasks() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      let seeded = try await moto.seed(.example)
      let running = try await runningTasks(in: "onprem-east", configuration: moto.configuration)
      #expect(Set(running) == Set(seeded.taskARNs.values.joined()))
      #expect(running.count == 3)
    }
  }

  @Test("a profile's keys sign the calls; a missing profile is ProfileNotFound")
  func profileCredentials() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try await MotoServer.withServer { moto in
      let config = directory.appendingPathComponent("config")
      try """
      [profile deploy]
      region = \(moto.region)
      aws_access_key_id = \(moto.credentials.accessKeyID)
      aws_secret_access_key = \(moto.credentials.secretAccessKey)

      """.write(to: config, atomically: true, encoding: .utf8)
      let environment = [
        "AWS_CONFIG_FILE": config.path,
        "AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
        "AWS_EC2_METADATA_DISABLED": "true",
      ]
      let ecs = try ecsClient(profile: "deploy", endpoint: moto.endpoint, environment: environment)
      let created = try await ecs.createCluster(.init(clusterName: "profiled"))
      #expect(created.cluster?.clusterName == "profiled")

      // The region came from the profile: there is no other.
      #expect(ecs.client.configuration.region == moto.region)
      let error = try #require(throws: AWSError.self) {
        _ = try ecsClient(profile: "nobody", endpoint: moto.endpoint, environment: environment)
      }
      #expect(error.errorCode == "ProfileNotFound", "\(error)")
    }
  }

  @Test("STS names the moto user whose key signed the call")
  func callerIdentity() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      let arn = try await callerARN(configuration: moto.configuration)
      #expect(arn.hasPrefix("arn:aws:iam::") && arn.hasSuffix(":user/meshbridge"), "\(arn)")
    }
  }

  @Test("AWSClient.execute reads what botocore wrote: a table, the user, a parameter")
  func otherServices() async throws {
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      let written = try await run(
        python,
        [
          "-c",
          """
          import botocore.session, sys
          endpoint, key, secret = sys.argv[1:4]
          def client(name):
              return botocore.session.get_session().create_client(
                  name, endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=key, aws_secret_access_key=secret)
          client("dynamodb").create_table(
              TableName="routes", BillingMode="PAY_PER_REQUEST",
              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
          client("ssm").put_parameter(Name="/mesh/trust-domain", Value="shop.example", Type="String")
          """,
          moto.endpoint.absoluteString, moto.credentials.accessKeyID,
          moto.credentials.secretAccessKey,
        ])
      try #require(written.status == 0, "\(written.output)")

      let answers = try await callOtherServices(
        parameterName: "/mesh/trust-domain", configuration: moto.configuration)
      #expect(answers.tables == ["routes"])
      #expect(answers.userName == "meshbridge")
      #expect(answers.parameterValue == "shop.example")
    }
  }

  @Test("ClusterNotFoundException is told apart by its error code")
  func errorCode() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      _ = try await moto.seed(.example)
      #expect(try await clusterExists("onprem-east", configuration: moto.configuration))
      #expect(try await !clusterExists("missing", configuration: moto.configuration))
    }
  }

  @Test("short timeouts: connect and total as given, the attempt bound kept, calls still work")
  func timeouts() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      let configuration = try withShortTimeouts(moto.configuration)
      #expect(configuration.timeout.connect == .seconds(2))
      #expect(configuration.timeout.attempt == .seconds(20))
      #expect(configuration.timeout.total == .seconds(10))
      _ = try await ECS(configuration: configuration).listClusters()
    }
  }

  @Test("the paginator finds every service of a cluster, over several pages")
  func paginator() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      _ = try await moto.seed(.example)
      let ecs = ECS(configuration: moto.configuration)
      let names = (1...120).map { "service-\($0)" }
      for name in names {
        _ = try await ecs.createService(
          .init(
            serviceName: name, cluster: "onprem-east", taskDefinition: "orders", desiredCount: 0))
      }
      let arns = try await serviceARNs(in: "onprem-east", configuration: moto.configuration)
      #expect(Set(arns.compactMap { $0.split(separator: "/").last.map(String.init) }) == Set(names))
      #expect(arns.count == names.count)
    }
  }

  @Test("a task run on the external instances is running when the waiter returns")
  func waiter() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      let seeded = try await moto.seed(.example)
      let started = try await runTaskAndWait(
        taskDefinition: "orders", in: "onprem-east", configuration: moto.configuration)
      #expect(!started.isEmpty)
      let ecs = ECS(configuration: moto.configuration)
      let described = try await ecs.describeTasks(.init(tasks: started, cluster: "onprem-east"))
      #expect(described.tasks?.allSatisfy { $0.lastStatus == .running } == true)
      #expect(Set(started).isDisjoint(with: seeded.taskARNs.values.joined()))
    }
  }

  @Test("a request signed by hand is accepted by moto, and refused once its body changes")
  func signing() async throws {
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      _ = try await moto.seed(.example)
      let host = try #require(moto.endpoint.host).appending(
        moto.endpoint.port.map { ":\($0)" } ?? "")
      let (signed, canonical) = signedListClusters(
        host: host, region: moto.region, credentials: moto.credentials)
      #expect(canonical.hasPrefix("POST\n/\n"))

      func send(_ request: SignableRequest) async throws -> (status: Int32, output: String) {
        let headers = Dictionary(
          request.headers.filter { $0.name != "Host" }.map { ($0.name, $0.value) }
        ) { first, _ in first }
        let json = String(decoding: try JSONEncoder().encode(headers), as: UTF8.self)
        return try await run(
          python,
          [
            "-c",
            """
            import json, sys, urllib.request, urllib.error
            request = urllib.request.Request(
                sys.argv[1], data=sys.argv[3].encode(), headers=json.loads(sys.argv[2]), method="POST")
            try:
                print(urllib.request.urlopen(request, timeout=10).read().decode())
            except urllib.error.HTTPError as error:
                print(error.code, error.read().decode())
                sys.exit(1)
            """,
            moto.endpoint.absoluteString, json, String(decoding: request.body, as: UTF8.self),
          ])
      }
      let accepted = try await send(signed)
      #expect(accepted.status == 0, "\(accepted.output)")
      #expect(accepted.output.contains("cluster/onprem-east"), "\(accepted.output)")

      var tampered = signed
      tampered.body = Array(#"{"maxResults": 1}"#.utf8)
      let refused = try await send(tampered)
      #expect(refused.status == 1)
      #expect(
        refused.output.contains("403") || refused.output.contains("Signature"), "\(refused.output)")
    }
  }
}
