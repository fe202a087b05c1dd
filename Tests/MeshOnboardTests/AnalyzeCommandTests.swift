import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard analyze` as an operator runs it: istioctl's output, exit codes and
/// suppression.
@Suite("mesh-onboard analyze")
struct AnalyzeCommandTests {
  static func run(_ arguments: [String], input: String = "") throws -> Peers.Output {
    try ValidateCommandTests.run(["analyze"] + arguments, input: input)
  }

  static let examples = ValidateCommandTests.examples

  @Test("the example mesh has no findings: exit 0")
  func clean() throws {
    let output = try Self.run([Self.examples.appendingPathComponent("mesh").path])

    #expect(output.status == 0)
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "✔ No validation issues found when analyzing 5 files.\n")
  }

  @Test("the broken mesh: istioctl's lines, sorted by file and line, and exit 79")
  func broken() throws {
    let directory = Self.examples.appendingPathComponent("broken-mesh").path
    let output = try Self.run([directory])
    let lines = output.stdout.split(separator: "\n").map(String.init)

    #expect(output.status == 79)
    #expect(lines.count == 11)
    #expect(
      lines.first
        == #"Error [IST0101] (VirtualService shop/orders \#(directory)/broken.yaml:2) Referenced host not found: "orders.shop.ecs.internal""#
    )
    #expect(lines.allSatisfy { $0.hasPrefix("Error [IST01") })
    #expect(output.stderr == "Error: Analyzers found issues when analyzing 1 file.\n")
  }

  @Test("JSON and YAML output, thresholds and suppression")
  func outputAndSuppression() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: db, namespace: shop}
      spec: {hosts: [db.example], resolution: DNS, ports: [{number: 5432, name: pg, protocol: TCP}]}
      ---
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: routes, namespace: shop}
      spec: {hosts: [db.example], tcp: [{route: [{destination: {host: missing.example}}]}]}
      """
    let json = try Self.run(["--output", "json", "-"], input: yaml)
    let messages = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
    let warningsOnly = try Self.run(
      ["--suppress", "IST0101=VirtualService routes.*", "-"], input: yaml)
    let strict = try Self.run(
      ["--suppress", "IST0101=VirtualService *", "--failure-threshold", "Warning", "-"], input: yaml
    )
    let quiet = try Self.run(["--output-threshold", "Error", "--output", "yaml", "-"], input: yaml)

    #expect(json.status == 79)
    #expect(messages.map { $0["code"] as? String } == ["IST0134", "IST0101"])
    #expect((messages[1]["resource"] as? [String: String])?["name"] == "routes")
    #expect((messages[1]["origin"] as? [String: Any])?["line"] as? Int == 6)
    #expect(
      warningsOnly.status == 0
        && warningsOnly.stdout.hasPrefix("Warning [IST0134] (ServiceEntry shop/db -:1)"))
    #expect(strict.status == 79 && !strict.stdout.contains("IST0101"))
    #expect(quiet.stdout.contains("code: IST0101") && !quiet.stdout.contains("IST0134"))
  }

  @Test("bad usage and unreadable input exit 2; --list-analyzers names every analyzer")
  func usage() throws {
    let noFiles = try Self.run([])
    let badSuppress = try Self.run(["--suppress", "IST0101", "x.yaml"])
    let badLevel = try Self.run(["--failure-threshold", "Fatal", "x.yaml"])
    let missing = try Self.run(["/nonexistent"])
    let list = try Self.run(["--list-analyzers"])

    #expect(noFiles.status == 2 && noFiles.stderr.contains("no files to analyze"))
    #expect(badSuppress.status == 2 && badSuppress.stderr.contains("CODE=Kind"))
    #expect(badLevel.status == 2 && badLevel.stderr.contains("Info, Warning or Error"))
    #expect(missing.status == 2)
    #expect(
      missing.stderr
        == "mesh-onboard analyze: could not read /nonexistent: No such file or directory\n")
    #expect(
      list.status == 0
        && list.stdout.contains("virtualservice.Analyzer: IST0101, IST0112, IST0130, IST0131"))
  }
}
