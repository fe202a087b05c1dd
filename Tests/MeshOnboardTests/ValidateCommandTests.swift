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
