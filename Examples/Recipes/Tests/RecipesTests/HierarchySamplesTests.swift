import Foundation
import MeshModel
import Recipes
import Testing

/// The sample of Docs/Hierarchy.md on the acme example, and on a tenant that weakens the
/// organization's mandate.
struct HierarchySamplesTests {
  static let acme = URL(fileURLWithPath: exampleMesh).deletingLastPathComponent()
    .appendingPathComponent("hierarchy/acme.yaml")

  @Test("acme renders to valid Istio resources, every workspace STRICT as mandated")
  func render() throws {
    let text = try String(contentsOf: Self.acme, encoding: .utf8)
    let rendered = try renderHierarchy(text)
    #expect(!rendered.resolution.workspaces.isEmpty)
    #expect(rendered.resolution.workspaces.allSatisfy { $0.mtlsMode == .strict })
    // The YAML stream reads back as the same resources, with no issue.
    let mesh = MeshLoader().load(Array(rendered.yaml.utf8), file: "rendered.yaml")
    #expect(mesh.issues.isEmpty, "\(mesh.issues)")
    #expect(mesh.resources == rendered.resolution.resources)
  }

  @Test("a tenant that weakens the mandate is refused, naming it")
  func weakened() throws {
    let text = """
      apiVersion: meshbridge.io/v1alpha1
      kind: Organization
      metadata: {name: acme}
      spec:
        mandates: {mtlsMode: STRICT}
        tenants:
        - name: legacy
          defaults: {mtlsMode: PERMISSIVE}
          workspaces: []

      """
    let error = try #require(throws: HierarchyError.self) { try renderHierarchy(text) }
    #expect(error.code == .weakensMandate)
    #expect("\(error)".contains("legacy"))
  }
}
