import Foundation
import MeshBridge
import MeshModel
import MeshTestSupport
import Testing

/// Applying discovery's differences: a directory of resource files, and kubectl. No
/// Kubernetes cluster runs here, so kubectl is a script that records what it is given
/// and answers as kubectl does; what it receives is decoded back and compared.
@Suite("Applying changes")
struct SyncTests {
  static func entry(_ name: String, address: String) throws -> MeshResource {
    try MeshResourceDecoder().decode(
      """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: \(name), namespace: shop}
      spec: {address: \(address), labels: {app: orders}, serviceAccount: orders}
      """)[0]
  }

  static func service() throws -> MeshResource {
    try MeshResourceDecoder().decode(
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: orders, namespace: shop}
      spec:
        hosts: [orders.shop.ecs.internal]
        location: MESH_INTERNAL
        resolution: STATIC
        ports: [{number: 8080, name: http, protocol: HTTP}]
        workloadSelector: {labels: {app: orders}}
      """)[0]
  }

  @Test("a directory mirrors the resources: written whole, changed in place, deleted when gone")
  func directory() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let sink = ResourceDirectory(root)
    let (a, b, service) = (
      try Self.entry("orders-a", address: "10.0.0.1"),
      try Self.entry("orders-b", address: "10.0.0.2"),
      try Self.service()
    )
    // A file left by an earlier run, of a resource that no longer exists.
    let stale = try Self.entry("orders-stale", address: "10.0.0.9")
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("shop"), withIntermediateDirectories: true)
    try Data(
      "apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: orders-stale, namespace: shop}\nspec: {address: 10.0.0.9, labels: {app: orders}, serviceAccount: orders}\n"
        .utf8
    )
    .write(to: sink.file(for: stale))

    let first = try await sink.synchronize(to: [service, a])
    let moved = try Self.entry("orders-a", address: "10.0.0.7")
    try await sink.apply(ResourceDiff(from: [service, a], to: [service, moved, b]))
    try await sink.apply(ResourceDiff(from: [service, moved, b], to: [service, b]))

    #expect(first.removed == [stale] && first.added == [service, a])
    let files = try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("shop").path
    ).sorted()
    #expect(files == ["serviceentry.orders.yaml", "workloadentry.orders-b.yaml"])
    #expect(try sink.stored() == [service, b])
    #expect(sink.file(for: b).path.hasSuffix("/shop/workloadentry.orders-b.yaml"))
  }

  @Test("a file that is no mesh resource is an error naming it")
  func corruptDirectory() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("shop"), withIntermediateDirectories: true)
    let broken = root.appendingPathComponent("shop/workloadentry.x.yaml")
    try Data("kind: [unclosed\n".utf8).write(to: broken)

    let error = try await #require(throws: SyncError.self) {
      try await ResourceDirectory(root).synchronize(to: [])
    }
    #expect(error.code == .invalidResourceFile && error.target == broken.path)
  }

  @Test("a file that cannot be written is a fileSystem error naming the file and resource")
  func unwritableDirectory() async throws {
    let root = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try Data("not a folder".utf8).write(to: root.appendingPathComponent("shop"))

    let error = try await #require(throws: SyncError.self) {
      try await ResourceDirectory(root).apply(ResourceDiff(from: [], to: [try Self.service()]))
    }

    #expect(error.code == .fileSystem && error.resource == "ServiceEntry shop/orders")
    #expect(error.target == root.appendingPathComponent("shop/serviceentry.orders.yaml").path)
  }

  /// A kubectl in a folder of its own under `root` that appends its arguments and its
  /// input to files there, and exits with `status` after printing `message` on stderr;
  /// with a `delay` it hangs that long instead.
  static func fakeKubectl(in root: URL, status: Int32 = 0, message: String = "", delay: Int = 0)
    throws -> String
  {
    let folder = root.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent("kubectl").path
    try """
    #!/bin/sh
    echo "$@" >> "\(folder.path)/calls"
    cat > "\(folder.path)/input-$(wc -l < "\(folder.path)/calls" | tr -d ' ')"
    \(delay > 0 ? "exec sleep \(delay)" : "")
    [ -n "\(message)" ] && echo "\(message)" >&2
    exit \(status)
    """.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o755)
    return path
  }

  @Test("kubectl applies what was added or changed and deletes what was removed")
  func kubectl() async throws {
    let folder = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let kubectl = try Self.fakeKubectl(in: folder)
    let sink = KubectlSink(executable: kubectl, arguments: ["--context=mesh"])
    let records = URL(fileURLWithPath: kubectl).deletingLastPathComponent()
    let (a, b, service) = (
      try Self.entry("orders-a", address: "10.0.0.1"),
      try Self.entry("orders-b", address: "10.0.0.2"),
      try Self.service()
    )

    try await sink.apply(ResourceDiff(from: [], to: [service, a]))
    try await sink.apply(ResourceDiff(from: [service, a], to: [service, b]))
    try await sink.apply(ResourceDiff(from: [service, b], to: [service, b]))

    let calls = try String(contentsOf: records.appendingPathComponent("calls"), encoding: .utf8)
    #expect(
      calls == """
        --context=mesh apply -f -
        --context=mesh apply -f -
        --context=mesh delete --ignore-not-found -f -

        """)
    let inputs = try (1...3).map {
      try MeshResourceDecoder().decode(
        Data(contentsOf: records.appendingPathComponent("input-\($0)")))
    }
    #expect(inputs == [[service, a], [b], [a]])
  }

  @Test("kubectl's failure, a missing kubectl and a hung one are typed errors")
  func kubectlFailures() async throws {
    let folder = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let change = ResourceDiff(from: [], to: [try Self.service()])
    let refusing = KubectlSink(
      executable: try Self.fakeKubectl(
        in: folder, status: 1,
        message: "error: unable to recognize: no matches for kind ServiceEntry"))
    let hung = KubectlSink(executable: try Self.fakeKubectl(in: folder, delay: 300), timeout: 0.5)

    let refused = try await #require(throws: SyncError.self) { try await refusing.apply(change) }
    let missing = try await #require(throws: SyncError.self) {
      try await KubectlSink(executable: "kubectl-that-is-not-installed").apply(change)
    }
    let started = Date()
    let timedOut = try await #require(throws: SyncError.self) { try await hung.apply(change) }

    #expect(refused.code == .commandRejected && refused.exitStatus == 1)
    #expect(
      refused.message
        == "exited with status 1: error: unable to recognize: no matches for kind ServiceEntry")
    #expect(refused.target.hasSuffix("kubectl apply -f -"))
    #expect(
      "\(missing)"
        == "SyncError.commandNotFound: cannot apply the change to kubectl-that-is-not-installed apply -f -: kubectl-that-is-not-installed is not on PATH"
    )
    #expect(timedOut.code == .commandFailed, "\(timedOut)")
    // Cut long before the 300 s hang ends. The margin is wide: the watchdog's sleep runs
    // on the test runner's two cooperative threads, which other suites' blocking peers
    // hold at times (22 s seen in CI).
    #expect(Date().timeIntervalSince(started) < 60)
  }
}
