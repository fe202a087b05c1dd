import Foundation
internal import MeshSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The launcher's process (Resources/moto_ecs_anywhere.py) and the process group it
/// leads: moto, and anything moto starts. Stopped, the whole group, by ``stop()`` or when
/// released; and by the launcher itself when this process ends without stopping it.
final class MotoLauncher: Sendable {
  /// The requests moto takes unsigned, for the bootstrap's IAM user, policy and key.
  static let bootstrapActions = 3

  private let execution: ChildProcess.Execution

  /// Starts the launcher on `port`.
  /// - Throws: ``MotoServerError`` `launcherNotFound` when the resource bundle lacks it,
  ///   `didNotStart` when the interpreter cannot be started.
  init(python: URL, port: UInt16) throws {
    let launcher = try Self.resource("moto_ecs_anywhere")
    do {
      // moto logs every request; a long test writes a lot: a generous bound, not none.
      execution = try ChildProcess.Execution(
        python, arguments: [launcher.path, String(port), "--exit-with-parent"],
        environment: ["INITIAL_NO_AUTH_ACTION_COUNT": String(Self.bootstrapActions)],
        outputLimit: 256 << 20)
    } catch let failure as ChildProcess.Failure {
      throw MotoServerError(.didNotStart, message: failure.description)
    }
  }

  deinit {
    stop()
  }

  /// The launcher's process ID, which is also its process group's.
  var processID: Int32 { execution.child.id }

  /// Whether the launcher has ended (and been waited for).
  var hasEnded: Bool { execution.termination != nil }

  /// What it has printed so far, standard output then standard error.
  var output: String {
    let (standardOutput, standardError) = execution.output
    return String(decoding: standardOutput, as: UTF8.self)
      + String(decoding: standardError, as: UTF8.self)
  }

  /// Waits, on a thread of its own rather than Swift's cooperative pool, until moto says
  /// it is listening, the launcher ends, or `timeout` passes.
  /// - Returns: Whether moto is listening.
  func waitUntilListening(timeout: Duration) async -> Bool {
    let (seconds, attoseconds) = timeout.components
    let interval = TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    let ready = Data("Running on http://127.0.0.1".utf8)
    let execution = execution
    return await withCheckedContinuation { continuation in
      Thread {
        continuation.resume(
          returning: execution.waitForOutput(timeout: interval) { standardOutput, standardError in
            standardError.range(of: ready) != nil || standardOutput.range(of: ready) != nil
          })
      }.start()
    }
  }

  /// Stops the process group: SIGTERM, and SIGKILL two seconds later if the launcher
  /// still runs (moto exits on SIGTERM). Returns once the launcher has been waited for.
  func stop() {
    signalGroup(SIGTERM)
    if !execution.wait(timeout: 2) { signalGroup(SIGKILL) }
    _ = execution.wait(timeout: nil)
  }

  /// Sends `signal` to the launcher's group and to the launcher itself (which may not have
  /// made its group yet), while the launcher has not been waited for: until then its ID,
  /// and so its group's, cannot be another process's.
  private func signalGroup(_ signal: Int32) {
    guard execution.termination == nil else { return }
    kill(-execution.child.id, signal)
    execution.signal(signal)
  }

  /// A Python script of the product's resources, by name.
  /// - Throws: ``MotoServerError`` `launcherNotFound` when the bundle lacks it.
  static func resource(_ name: String) throws -> URL {
    guard let url = Bundle.module.url(forResource: name, withExtension: "py") else {
      throw MotoServerError(
        .launcherNotFound,
        message:
          "\(name).py is not in MeshBridgeTesting's resources (\(Bundle.module.bundlePath));"
          + " the product's resource bundle must stay beside the test binary")
    }
    return url
  }
}
