import Foundation
import MeshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// A peer process that runs beside a test (a TLS server, a mock AWS endpoint), with its
/// output collected so the test can wait for a line. It is stopped when the test ends.
/// Runs through MeshSupport's `ChildProcess`: posix_spawn (Foundation's `Process` crashes
/// now and then on Linux in a process with many descriptors open), its output through
/// pipes, and waits that wake when output arrives or the process ends, not on a timer.
public final class BackgroundProcess: Sendable {
  private let execution: ChildProcess.Execution

  /// Starts `executable` with `arguments`, and `environment` added to this process's.
  public init(_ executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
    // A peer that runs for a whole test may log a lot: a generous bound, not none.
    execution = try ChildProcess.Execution(
      executable, arguments: arguments, environment: environment, outputLimit: 256 << 20)
  }

  deinit {
    stop()
  }

  /// What the process has printed so far on stdout and stderr.
  public var output: String {
    let (standardOutput, standardError) = execution.output
    return String(decoding: standardOutput, as: UTF8.self)
      + String(decoding: standardError, as: UTF8.self)
  }

  /// Waits until the output contains `text`, for at most `timeout` seconds.
  /// - Returns: Whether it appeared.
  public func waitForOutput(containing text: String, timeout: TimeInterval = 10) -> Bool {
    let wanted = Data(text.utf8)
    return execution.waitForOutput(timeout: timeout) { standardOutput, standardError in
      standardOutput.range(of: wanted) != nil || standardError.range(of: wanted) != nil
    }
  }

  /// Waits for the process to exit by itself, for at most `timeout` seconds.
  /// - Returns: Its exit status (or the signal's number), nil while it runs.
  public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
    _ = execution.wait(timeout: timeout)
    return execution.termination?.status
  }

  /// Stops the process if it still runs: SIGTERM, and SIGKILL if it has not exited two
  /// seconds later (some servers ignore SIGTERM).
  public func stop() {
    guard execution.termination == nil else { return }
    execution.signal(SIGTERM)
    if !execution.wait(timeout: 2) { execution.signal(SIGKILL) }
    _ = execution.wait(timeout: nil)
  }
}

extension Peers {
  /// A TCP port on 127.0.0.1 that is free now and that no other caller in this process has
  /// been given (MeshSupport's `LoopbackPort.free()`, which says why its ports are where
  /// they are).
  public static func freeLoopbackPort() throws -> UInt16 {
    guard let port = LoopbackPort.free() else {
      throw PeerMissing(description: "no free port on 127.0.0.1 in \(LoopbackPort.range)")
    }
    return port
  }
}
