import ECSClient
import Foundation
import MeshBridgeTesting
import Testing

/// Docs/Testing.md's samples: a test of a tool's own against MeshBridgeTesting's moto, and
/// telling a missing moto from a failure.
@Suite(.enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python with moto")))
struct TestingSamplesTests {
  // snippet: testing-moto-test
  @Test func discoversTheSeededTasks() async throws {
    try await MotoServer.withServer { moto in
      let seeded = try await moto.seed(.example)  // onprem-east: 2 hosts, 3 tasks
      let ecs = ECS(configuration: moto.configuration)  // endpoint, region, the user's key
      let listed = try await ecs.listTasks(.init(cluster: "onprem-east"))
      #expect(Set(listed.taskArns ?? []) == Set(seeded.taskARNs.values.joined()))
    }
  }
  // end snippet

  /// Starts moto with `options` and lists its clusters, or says why moto is missing.
  /// - Returns: The clusters, or nil when moto could not start for want of a prerequisite.
  func clustersOrSkip(_ options: MotoServer.Options) async throws -> [String]? {
    var clusters: [String]?
    // snippet: testing-missing-prerequisite
    do {
      let moto = try await MotoServer(options)
      defer { moto.stop() }
      clusters = try await ECS(configuration: moto.configuration).listClusters().clusterArns ?? []
    } catch let error as MotoServerError where error.isMissingPrerequisite {
      print("skipped: \(error)")  // or fail, in CI
    }
    // end snippet
    return clusters
  }

  @Test("a Python without moto is a missing prerequisite; the project's Python starts moto")
  func missingPrerequisite() async throws {
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    #expect(try await clustersOrSkip(MotoServer.Options(python: python)) == [])
    let nowhere = URL(fileURLWithPath: "/nonexistent/bin/python3")
    #expect(try await clustersOrSkip(MotoServer.Options(python: nowhere)) == nil)
  }
}
