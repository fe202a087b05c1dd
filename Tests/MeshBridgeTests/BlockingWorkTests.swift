import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import Synchronization
import Testing

/// The bounded runner that writes onboarding bundles off the cooperative pool.
@Suite("Blocking work off the cooperative pool")
struct BlockingWorkTests {
  /// How many jobs run at once, and the most that ever did.
  final class Gauge: Sendable {
    private let state = Mutex((running: 0, most: 0, started: 0))

    func enter() {
      state.withLock {
        $0.running += 1
        $0.started += 1
        $0.most = max($0.most, $0.running)
      }
    }

    func leave() { state.withLock { $0.running -= 1 } }

    /// Waits (up to 10 s) until `count` jobs run at once.
    func awaitRunning(_ count: Int) {
      let deadline = Date().addingTimeInterval(10)
      while state.withLock({ $0.running }) < count && Date() < deadline { usleep(1_000) }
    }

    var most: Int { state.withLock { $0.most } }
    var started: Int { state.withLock { $0.started } }
  }

  struct Refused: Error, Equatable {
    var element: Int
  }

  @Test("results in the elements' order, never more than `width` at a time")
  func orderAndWidth() async throws {
    let gauge = Gauge()
    // The first three wait for each other: they can only all be running if the runner
    // runs three at once (and this would time out at one or two). Later elements finish
    // first, so completion order is not the elements' order.
    let outputs = try await BlockingWork.map(Array(0..<24), width: 3) { element in
      gauge.enter()
      defer { gauge.leave() }
      if element < 3 { gauge.awaitRunning(3) }
      usleep(useconds_t(1_000 * (24 - element) / 4))
      return element * element
    }

    #expect(outputs == (0..<24).map { $0 * $0 })
    #expect(gauge.most == 3)
  }

  @Test("the first error stops new work and is rethrown after the work in flight")
  func firstErrorStops() async throws {
    let gauge = Gauge()
    await #expect(throws: Refused(element: 2)) {
      _ = try await BlockingWork.map(Array(0..<50), width: 2) { element in
        gauge.enter()
        defer { gauge.leave() }
        if element == 2 { throw Refused(element: element) }
        usleep(20_000)
        return element
      }
    }
    // Element 2 fails at once; at most the two in flight and the few started before the
    // failure was seen ran, not all fifty.
    #expect(gauge.started < 10, "started \(gauge.started)")
  }

  @Test("bundles written four at a time into one folder: all whole, no staging left")
  func concurrentBundleWrites() async throws {
    let (directory, resources, authority) = try BundleTests.fixture()
    defer { try? FileManager.default.removeItem(at: directory) }
    let workload = try BundleTests.workload(resources)
    let translator = SidecarTranslator(resources: resources, options: BundleTests.options().sidecar)
    // All stage in one shared folder, which each write removes when it finds it empty
    // while others are about to stage in it: 24 writes, four of them rewriting a bundle.
    // (Four writers, as onboarding uses: more would only load the CPU that the suite's
    // Envoys and timing assertions share, most of all under the sanitizers.)
    let names = (0..<24).map { "bundle-\($0 % 20)" }

    let manifests = try await BlockingWork.map(names, width: 4) { name in
      try OnboardingBundle.write(
        for: workload, translator: translator, authority: authority,
        to: directory.appendingPathComponent(name), options: BundleTests.options())
    }

    #expect(manifests.count == 24)
    let listed = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    // Beside the bundles, only the folder of their writers' lock files.
    #expect(listed == [".meshbridge-locks"] + Set(names).sorted())
    for name in Set(names) {
      let manifest = try BundleManifest.read(from: directory.appendingPathComponent(name))
      #expect(manifest.files.count == 9, "\(name)")
    }
  }

  @Test("no elements, no work")
  func empty() async throws {
    let outputs = try await BlockingWork.map([Int](), width: 4) { $0 }
    #expect(outputs.isEmpty)
  }
}
