import ECSClient
import Foundation
import MeshBridge
import MeshBridgeTesting
import MeshModel
import Recipes
import Testing

/// The discovery and watch recipes against moto's ECS with signature checks, seeded as an
/// ECS Anywhere cluster by MeshBridgeTesting.
@Suite(.enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python with moto")))
struct ClusterTests {
  @Test("discovery writes a WorkloadEntry per task, at its host's address")
  func discover() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try await MotoServer.withServer { moto in
      let seeded = try await moto.seed(.example)
      let written = try await discoverCluster(
        "onprem-east", namespace: "shop", configuration: moto.configuration,
        writingTo: directory)

      let tasks = seeded.taskARNs.values.joined().count
      #expect(written.added.filter { $0.kind == "WorkloadEntry" }.count == tasks)
      let stored = try ResourceDirectory(directory).stored()
      #expect(Set(stored) == Set(written.added))
      let entries = stored.compactMap { resource -> WorkloadEntry? in
        guard case .workloadEntry(let entry) = resource else { return nil }
        return entry
      }
      let hosts = Set(ECSAnywhereCluster.example.hosts.map(\.address))
      #expect(entries.allSatisfy { hosts.contains($0.spec.address ?? "") })
      #expect(entries.filter { $0.spec.labels?["app"] == "orders" }.count == 2)
      #expect(entries.allSatisfy { $0.metadata.namespace == "shop" })
      // Written again, nothing changes.
      let again = try await discoverCluster(
        "onprem-east", namespace: "shop", configuration: moto.configuration,
        writingTo: directory)
      #expect(again.isEmpty)
    }
  }

  @Test("the watch writes everything, then removes the entry of a stopped task")
  func watch() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try await MotoServer.withServer { moto in
      let seeded = try await moto.seed(.example)
      let configuration = moto.configuration
      let watching = Task {
        try await watchAndSync(
          "onprem-east", mapping: MeshMapping(namespace: "shop"), configuration: configuration,
          directory: directory, interval: 0.5, changes: 2)
      }
      // Bounded: a watch that never sees the change ends here, and the test fails.
      let bound = Task {
        try await Task.sleep(for: .seconds(90))
        watching.cancel()
      }
      defer { bound.cancel() }
      // The first round's files, then a task stops.
      let deadline = ContinuousClock.now + .seconds(60)
      let tasks = seeded.taskARNs.values.joined().count
      while (try? ResourceDirectory(directory).stored().count) ?? 0 < tasks {
        guard ContinuousClock.now < deadline else {
          watching.cancel()
          Issue.record("the first round wrote nothing within a minute")
          return
        }
        try await Task.sleep(for: .milliseconds(100))
      }
      let stopped = try #require(seeded.taskARNs["payments"]?.first)
      _ = try await ECS(configuration: configuration).stopTask(
        .init(task: stopped, cluster: "onprem-east", reason: "recipe test"))

      let changes = try await watching.value
      #expect(changes.count == 2)
      #expect(changes[1].removed.map(\.kind) == ["WorkloadEntry"])
      let left = try ResourceDirectory(directory).stored()
      #expect(!left.contains { $0.metadata.name?.hasPrefix("payments") == true })
      #expect(left.filter { $0.kind == "WorkloadEntry" }.count == 2)
    }
  }
}
