import Foundation
import MeshSupport
import Synchronization

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
  /// The next candidate of `freeLoopbackPort`, process-wide, 0 before the first.
  private static let nextPort = Mutex<UInt16>(0)

  /// A TCP port on 127.0.0.1 that is free now and that no other caller in this process has
  /// been given. The ports come from below the kernel's ephemeral range (32768 and up), so
  /// neither a client connection's local port nor a peer that binds port 0 takes them
  /// later; and never twice, because Envoy binds with SO_REUSEPORT: two Envoys given one
  /// port would both listen and share its connections.
  public static func freeLoopbackPort() throws -> UInt16 {
    let range: ClosedRange<UInt16> = 20_000...32_000
    let span = UInt16(range.count)
    for _ in 0..<span {
      let candidate = nextPort.withLock { nextPort -> UInt16 in
        // Each process starts elsewhere in the range, for test runs side by side.
        if nextPort == 0 { nextPort = range.lowerBound + UInt16(getpid() % Int32(span)) }
        let port = nextPort
        nextPort = port == range.upperBound ? range.lowerBound : port + 1
        return port
      }
      if try isFreeLoopbackPort(candidate) { return candidate }
    }
    throw PeerMissing(description: "no free port on 127.0.0.1 in \(range)")
  }

  /// Whether a listening socket could bind `port` on 127.0.0.1 now.
  private static func isFreeLoopbackPort(_ port: UInt16) throws -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw PeerMissing(description: "no socket") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    let length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    return bound == 0
  }
}
