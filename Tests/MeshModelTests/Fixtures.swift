import Foundation
import MeshModel
import MeshTestSupport
import YAMLCoding

/// Istio's own examples and samples from ../shared/testdata/istio.
enum Fixtures {
  static let istio = Peers.sharedTestdata.appendingPathComponent("istio")

  struct Example: Decodable {
    var file: String
    var kinds: [String]
    var completeResources: Bool

    enum CodingKeys: String, CodingKey {
      case file, kinds
      case completeResources = "complete_resources"
    }
  }

  private struct Index: Decodable {
    var examples: [Example]
  }

  /// The examples of istio/api's reference pages that are whole resources of kinds this
  /// SDK models.
  static func completeExamples() throws -> [Example] {
    let data = try Data(contentsOf: istio.appendingPathComponent("api-doc-examples/index.json"))
    let modelled = Set(MeshResource.knownKinds)
    return try JSONDecoder().decode(Index.self, from: data).examples.filter { example in
      example.completeResources
        && example.kinds.contains { modelled.contains(String($0.split(separator: "/").last ?? "")) }
    }
  }

  static func exampleText(_ file: String) throws -> String {
    try String(
      contentsOf: istio.appendingPathComponent("api-doc-examples/\(file)"), encoding: .utf8)
  }

  /// The bookinfo samples from istio/istio.
  static func samples() throws -> [(name: String, text: String)] {
    let directory = istio.appendingPathComponent("samples")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted().map {
      ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
    }
  }

  /// The example mesh the demo validates.
  static func exampleMesh() throws -> [(name: String, text: String)] {
    let directory = Peers.packageRoot.appendingPathComponent("Examples/mesh")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasSuffix(".yaml") }.sorted().map {
        ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8))
      }
  }
}
