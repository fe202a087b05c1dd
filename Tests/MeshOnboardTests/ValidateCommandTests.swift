import Foundation
import MeshTestSupport
import Testing

/// Runs the built `mesh-onboard` the way a person does.
@Suite("mesh-onboard validate")
struct ValidateCommandTests {
  /// The executable SwiftPM built beside this test bundle.
  static let executable = Peers.meshOnboard

  static func run(_ arguments: [String], input: String = "") throws -> Peers.Output {
    try Peers.run(executable, arguments: arguments, input: Data(input.utf8))
  }

  static let examples = Peers.packageRoot.appendingPathComponent("Examples")

  @Test("the example mesh is valid: exit 0 and a summary")
  func validMesh() throws {
    let output = try Self.run(["validate", Self.examples.appendingPathComponent("mesh").path])

    #expect(output.status == 0)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "12 resources in 5 files: valid\n")
  }

  @Test("the broken mesh fails with exit 1 and one line per problem")
  func brokenMesh() throws {
    let directory = Self.examples.appendingPathComponent("broken-mesh").path

    let output = try Self.run(["validate", directory])

    #expect(output.status == 1)
    let lines = output.stdout.split(separator: "\n")
    #expect(lines.count == 10)
    #expect(
      lines.first
        == "\(directory)/broken.yaml:19:7: spec.http[0].route[1].weight: total destination weight 110 != 100"
    )
    #expect(output.stderr == "3 resources in 1 file: 10 errors, 0 warnings\n")
  }

  @Test("standard input is read for -, and JSON output parses")
  func standardInputJSON() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task, namespace: shop}
      spec: {address: 10.0.0.1, ports: {http: 0}}
      """

    let output = try Self.run(["validate", "--output", "json", "-"], input: yaml)

    #expect(output.status == 1)
    let entries =
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]]
    let entry = try #require(entries?.first)
    #expect(entry["file"] as? String == "-")
    #expect(entry["line"] as? Int == 4)
    #expect(entry["path"] as? String == "spec.ports.http")
    #expect(entry["level"] as? String == "error")
    #expect(entry["code"] as? String == "invalidValue")
    #expect(entry["message"] as? String == "port number 0 must be in the range 1..65535")
    #expect(entry["resource"] as? String == "WorkloadEntry shop/task")
  }

  @Test("other kinds are errors at their kind; Kubernetes kinds and List items are read")
  func kinds() throws {
    let yaml = """
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: reviews, namespace: shop}
      spec: {schedule: "@daily"}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: reviews, namespace: shop}
      spec: {ports: [{port: 9080, name: http}]}
      ---
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: networking.istio.io/v1, kind: WorkloadEntry, metadata: {name: t, namespace: shop}, spec: {address: 10.0.0.1}}
      - {apiVersion: v1, metadata: {name: nameless}}

      """

    let output = try Self.run(["validate", "-"], input: yaml)

    #expect(output.status == 1)
    #expect(
      output.stdout == """
        -:2:1: kind: unknown kind "CronJob"; known kinds: VirtualService, DestinationRule, \
        Gateway, ServiceEntry, WorkloadEntry, WorkloadGroup, Sidecar, PeerAuthentication, \
        AuthorizationPolicy, RequestAuthentication, Telemetry, Namespace, Service, Pod, \
        Deployment, Secret, ConfigMap
        -:15:3: items[1]: missing required field "kind"

        """)
    // The Service and the List's WorkloadEntry; the CronJob is no resource of the mesh.
    #expect(output.stderr == "2 resources in 1 file: 2 errors, 0 warnings\n")
  }

  @Test("--lenient accepts unknown fields that strict decoding reports")
  func lenient() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task, namespace: shop}
      spec: {address: 10.0.0.1, adress: 10.0.0.2}

      """

    let strict = try Self.run(["validate", "-"], input: yaml)
    let lenient = try Self.run(["validate", "--lenient", "-"], input: yaml)

    #expect(strict.status == 1)
    #expect(strict.stdout == "-:4:27: spec.adress: unknown field \"adress\"\n")
    #expect(strict.stderr == "0 resources in 1 file: 1 error, 0 warnings\n")
    #expect(lenient.status == 0 && lenient.stdout.isEmpty)
    #expect(lenient.stderr == "1 resource in 1 file: valid\n")
  }

  @Test("bad usage and unreadable input exit 2 with a message")
  func usageErrors() throws {
    let unknown = try Self.run(["validate", "--frobnicate", "x"])
    let missing = try Self.run(["validate", "/nonexistent/mesh.yaml"])
    let nothing = try Self.run(["validate"])

    #expect(unknown.status == 2)
    #expect(unknown.stderr.hasPrefix("mesh-onboard validate: unknown option --frobnicate"))
    #expect(missing.status == 2)
    #expect(
      missing.stderr
        == "mesh-onboard: could not read /nonexistent/mesh.yaml: No such file or directory\n")
    #expect(nothing.status == 2)
  }
}
