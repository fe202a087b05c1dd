import Foundation
import MeshModel
import Recipes
import Testing

/// The samples of Docs/Analyzers.md on a mesh with a route to a host nothing serves.
struct AnalyzersSamplesTests {
  static let mesh = """
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: shop}
    spec:
      hosts: [reviews]
      http:
      - route:
        - destination: {host: reviews}

    """

  @Test("a route to a host nothing serves is IST0101 at its file; the example mesh passes")
  func analyze() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("mesh.yaml")
    try Self.mesh.write(to: file, atomically: true, encoding: .utf8)

    let messages = try analyzeMesh(paths: [directory.path])
    let missing = try #require(messages.first { $0.code == "IST0101" }, "\(messages)")
    #expect("\(missing)".contains("VirtualService shop/reviews"))
    #expect("\(missing)".contains("mesh.yaml:"))
    #expect(try meshPasses(paths: [directory.path]) == false)
    #expect(try meshPasses(paths: [exampleMesh]))
  }
}
