import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard hierarchy`: the example organization rendered to resources the other
/// commands accept, and a weakened mandate reported with both parties.
@Suite("mesh-onboard hierarchy")
struct HierarchyCommandTests {
  static let example = ValidateCommandTests.examples.appendingPathComponent("hierarchy/acme.yaml")
    .path

  @Test("the example renders to resources that validate and analyze clean")
  func render() throws {
    let rendered = try ValidateCommandTests.run(["hierarchy", Self.example])
    let validated = try ValidateCommandTests.run(["validate", "-"], input: rendered.stdout)
    let analyzed = try ValidateCommandTests.run(["analyze", "-"], input: rendered.stdout)
    let json = try ValidateCommandTests.run(["hierarchy", "--output", "json", Self.example])
    let list = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])

    #expect(rendered.status == 0 && rendered.stderr == "14 resources for 3 workspaces\n")
    #expect(validated.status == 0 && validated.stderr == "14 resources in 1 file: valid\n")
    #expect(analyzed.status == 0, "\(analyzed.stdout)")
    #expect(list["kind"] as? String == "List" && (list["items"] as? [Any])?.count == 14)
  }

  @Test("a weakened mandate exits 1 naming both levels; bad input exits 2")
  func failures() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let weak = directory.appendingPathComponent("weak.yaml").path
    try """
    apiVersion: meshbridge.io/v1alpha1
    kind: Organization
    metadata: {name: acme}
    spec:
      mandates: {mtlsMode: STRICT}
      tenants: [{name: legacy, defaults: {mtlsMode: DISABLE}, workspaces: [{name: old, namespaces: [old]}]}]
    """.write(toFile: weak, atomically: true, encoding: .utf8)

    let weakened = try ValidateCommandTests.run(["hierarchy", weak])
    let missing = try ValidateCommandTests.run(["hierarchy", "/nonexistent.yaml"])
    let usage = try ValidateCommandTests.run(["hierarchy"])

    #expect(weakened.status == 1)
    #expect(
      weakened.stderr
        == "mesh-onboard hierarchy: HierarchyError.weakensMandate: Tenant acme/legacy: its defaults set mtlsMode DISABLE, weaker than the mandated STRICT (mandated by Organization acme)\n"
    )
    #expect(missing.status == 2)
    #expect(
      missing.stderr
        == "mesh-onboard hierarchy: could not read /nonexistent.yaml: No such file or directory\n")
    #expect(usage.status == 2 && usage.stderr.contains("give one organization file"))
  }
}
