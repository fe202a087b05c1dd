import Foundation
import MeshModel
import Recipes
import Testing
import YAMLCoding

/// The samples of Docs/MeshModel.md on streams with a `List`, a bad document and a rule
/// broken.
struct MeshModelSamplesTests {
  static let stream = """
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: orders, namespace: shop}
    spec: {host: orders}
    ---
    apiVersion: v1
    kind: List
    items:
    - apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: payments, namespace: shop}
      spec: {hosts: [payments.example], ports: [{number: 443, name: https, protocol: TLS}]}

    """

  /// A third document with a field Gateway does not have.
  static let misspeltGateway = """
    ---
    apiVersion: networking.istio.io/v1
    kind: Gateway
    metadata: {name: g}
    spec: {selectr: {}}

    """

  @Test("strict decoding reads a List's items; decodeEach keeps every result and position")
  func decoding() throws {
    let decoded = try decodeResources(Self.stream)
    #expect(decoded.resources.map(\.displayName).count == 2)
    #expect(decoded.each.count == 2)
    #expect(decoded.each[1].path == ["items", .index(0)])
    #expect(decoded.each[1].mark.line == 9)

    let bad = Self.stream + Self.misspeltGateway
    let error = try #require(throws: YAMLError.self) { try decodeResources(bad) }
    #expect(error.code == .unknownField)
    let each = MeshResourceDecoder().decodeEach(Array(bad.utf8))
    #expect(each.count == 3)
    #expect((try? each[2].result.get()) == nil)
  }

  @Test("the broken example's weights at their line, under the name given")
  func located() throws {
    let broken = URL(fileURLWithPath: exampleMesh).deletingLastPathComponent()
      .appendingPathComponent("broken-mesh/broken.yaml")
    let issues = locatedIssues(in: Array(try Data(contentsOf: broken)), file: "mesh.yaml")
    let printed = issues.map { "\($0)" }
    #expect(
      printed.contains {
        $0.hasPrefix("mesh.yaml:19:7: spec.http[0].route[1].weight: total destination weight 110")
      }, "\(printed)")
    #expect(printed.contains { $0.contains("lables") }, "\(printed)")
  }

  @Test("a mesh with a document that does not decode is refused whole")
  func requireDecoded() throws {
    let complete = try completeMesh(paths: [exampleMesh])
    #expect(complete.resources.count > 10)

    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try (Self.stream + Self.misspeltGateway)
      .write(to: directory.appendingPathComponent("mesh.yaml"), atomically: true, encoding: .utf8)
    let error = try #require(throws: MeshLoadError.self) {
      try completeMesh(paths: [directory.path])
    }
    #expect(error.code == .undecodable)
    #expect(error.failures.count == 1)
    #expect(error.failures.first.map { "\($0)" }?.contains("selectr") == true)
  }
}
