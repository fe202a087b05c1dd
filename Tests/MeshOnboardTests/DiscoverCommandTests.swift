import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard discover` against the suite's AWS-like server.
@Suite(
  "mesh-onboard discover",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct DiscoverCommandTests {
  static let environment = [
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_REGION": "us-east-1",
  ]

  static func run(_ arguments: [String]) throws -> Peers.Output {
    let process = try Peers.run(
      ValidateCommandTests.executable, arguments: ["discover"] + arguments,
      environment: environment)
    return process
  }

  @Test("prints the resources as YAML that validates and analyzes clean; skipped tasks on stderr")
  func discover() throws {
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())

    let output = try Self.run([
      "--cluster", "onprem-east", "--namespace", "shop", "--endpoint-url", server.endpoint,
    ])
    let validated = try ValidateCommandTests.run(["validate", "-"], input: output.stdout)
    let analyzed = try ValidateCommandTests.run(["analyze", "-"], input: output.stdout)

    #expect(output.status == 0, "\(output.stderr)")
    #expect(
      output.stdout.contains("kind: ServiceEntry") && output.stdout.contains("name: orders-1f3c2a"))
    #expect(
      output.stderr.contains(
        "skipped \(ECSAnywhereScenario.prefix):task/onprem-east/2 [notRunning]: not RUNNING (PENDING)\n"
      ))
    #expect(
      output.stderr.contains(
        "skipped instance \(ECSAnywhereScenario.prefix):container-instance/onprem-east/ci-3 [notManagedInstance]: i-0ccc is an EC2 instance"
      ))
    #expect(output.stderr.hasSuffix("onprem-east: 1 task on 2 instances, 1 service\n"))
    #expect(validated.status == 0 && validated.stderr == "2 resources in 1 file: valid\n")
    #expect(analyzed.status == 0, "\(analyzed.stdout)")
  }

  @Test("an AWS error exits 1 with the typed error; bad usage exits 2")
  func failures() throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = [
      "status": 400, "code": "ClusterNotFoundException", "message": "Cluster not found.",
    ]
    let server = try AWSTestServer(scenario: scenario)

    let missing = try Self.run(["--cluster", "nowhere", "--endpoint-url", server.endpoint])
    let usage = try Self.run([])

    #expect(
      missing.status == 1 && missing.stderr.contains("ClusterNotFoundException"),
      "\(missing.stderr)")
    #expect(!missing.stderr.contains("test-secret"))
    #expect(usage.status == 2 && usage.stderr.contains("--cluster is required"))
  }

  @Test("--output text is a table of what locates each resource")
  func text() throws {
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())

    let output = try Self.run([
      "--cluster", "onprem-east", "--namespace", "shop", "--output", "text", "--endpoint-url",
      server.endpoint,
    ])

    #expect(output.status == 0, "\(output.stderr)")
    let rows = output.stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }
    #expect(rows.first == ["KIND", "NAMESPACE", "NAME", "ADDRESS/HOSTS", "PORTS"])
    #expect(
      rows.contains(["ServiceEntry", "shop", "orders", "orders.shop.ecs.internal", "http=8080"]))
    #expect(rows.contains(["WorkloadEntry", "shop", "orders-1f3c2a", "10.20.0.15", "http=31080"]))
  }

  @Test("--watch --to keeps a directory equal to the cluster's resources as they change")
  func watchToDirectory() throws {
    var scenario = ECSAnywhereScenario.scenario()
    let arn = { (id: String) in "\(ECSAnywhereScenario.prefix):task/onprem-east/\(id)" }
    scenario["ListTasks"] = [
      ["ok": ["taskArns": [arn("1f3c2a9e")]]],
      ["status": 500, "code": "ServerException", "message": "hiccup"],
      ["ok": ["taskArns": [arn("2b4d6f80")]]],
    ]
    scenario["DescribeTasks"] = [
      ["ok": ["tasks": [ECSAnywhereScenario.task("1f3c2a9e")], "failures": []]],
      ["ok": ["tasks": [ECSAnywhereScenario.task("2b4d6f80")], "failures": []]],
    ]
    let server = try AWSTestServer(scenario: scenario)
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A resource file of an earlier run whose task has gone since.
    let shop = directory.appendingPathComponent("shop")
    try FileManager.default.createDirectory(at: shop, withIntermediateDirectories: true)
    try Data(
      """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: orders-0ld000, namespace: shop}
      spec: {address: 10.20.0.99}

      """.utf8
    ).write(to: shop.appendingPathComponent("workloadentry.orders-0ld000.yaml"))

    let watch = try BackgroundProcess(
      ValidateCommandTests.executable,
      arguments: [
        "discover", "--cluster", "onprem-east", "--namespace", "shop", "--watch", "0.05", "--to",
        directory.path, "--endpoint-url", server.endpoint,
      ], environment: Self.environment)
    defer { watch.stop() }
    // The second task replaces the first once the server error is waited out.
    let replaced = watch.waitForOutput(
      containing: "onprem-east: 1 added, 0 changed, 1 removed", timeout: 30)

    #expect(replaced, "\(watch.output)")
    #expect(watch.output.contains("onprem-east: 2 added, 0 changed, 1 removed"), "\(watch.output)")
    let files = try FileManager.default.contentsOfDirectory(atPath: shop.path).sorted()
    #expect(files == ["serviceentry.orders.yaml", "workloadentry.orders-2b4d6f.yaml"])
    let validated = try ValidateCommandTests.run(["validate", shop.path])
    #expect(validated.status == 0, "\(validated.stderr)")
    #expect(!watch.output.contains("test-secret"))
  }

  @Test("--watch refuses several clusters, --to with --kubectl, and --to without --watch")
  func watchUsage() throws {
    let both = try Self.run(["--cluster", "a", "--watch", "5", "--to", "/tmp/x", "--kubectl"])
    let several = try Self.run(["--cluster", "a", "--cluster", "b", "--watch", "5"])
    let alone = try Self.run(["--cluster", "a", "--to", "/tmp/x"])
    let interval = try Self.run(["--cluster", "a", "--watch", "soon"])

    #expect(both.status == 2 && both.stderr.contains("--to and --kubectl exclude each other"))
    #expect(several.status == 2 && several.stderr.contains("--watch takes one --cluster"))
    #expect(alone.status == 2 && alone.stderr.contains("--to goes with --watch"))
    #expect(interval.status == 2 && interval.stderr.contains("--watch takes a number of seconds"))
  }
}
