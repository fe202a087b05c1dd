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
        "skipped \(ECSAnywhereScenario.prefix):task/onprem-east/2: not RUNNING (PENDING)"))
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
}
