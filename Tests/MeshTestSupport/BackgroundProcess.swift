import Foundation
import MeshSupport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A peer process that runs beside a test (a TLS server, a mock AWS endpoint), with its
/// output in files so the test can wait for a line. It is stopped when the test ends.
/// Started through MeshSupport's `ChildProcess` (posix_spawn), not Foundation's `Process`,
/// whose `run()` crashes now and then on Linux in a process with many descriptors open.
public final class BackgroundProcess: Sendable {
  private let child: ChildProcess.Child
  /// How it ended, once it has: a child is waited for once.
  private let ending = Mutex<ChildProcess.Termination?>(nil)
  private let directory: URL
  public let outputFile: URL
  public let errorFile: URL

  /// Starts `executable` with `arguments`, and `environment` added to this process's.
  public init(_ executable: URL, arguments: [String], environment: [String: String] = [:]) throws {
    directory = try Peers.temporaryDirectory()
    outputFile = directory.appendingPathComponent("stdout")
    errorFile = directory.appendingPathComponent("stderr")
    child = try ChildProcess.spawn(
      executable, arguments: arguments, environment: environment,
      standardOutput: outputFile.path, standardError: errorFile.path)
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: directory)
  }

  /// Whether it has not ended yet.
  private var isRunning: Bool { termination == nil }

  /// How it ended, nil while it runs.
  private var termination: ChildProcess.Termination? {
    ending.withLock { ending in
      if ending == nil { ending = ChildProcess.poll(child) }
      return ending
    }
  }

  /// What the process has printed so far on stdout and stderr.
  public var output: String {
    let out = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    return out + err
  }

  /// Waits until the output contains `text`, for at most `timeout` seconds.
  /// - Returns: Whether it appeared.
  public func waitForOutput(containing text: String, timeout: TimeInterval = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if output.contains(text) { return true }
      if !isRunning { return output.contains(text) }
      usleep(20_000)
    }
    return false
  }

  /// Waits for the process to exit by itself, for at most `timeout` seconds.
  public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while isRunning && Date() < deadline { usleep(20_000) }
    return termination?.status
  }

  /// Stops the process if it still runs: SIGTERM, and SIGKILL if it has not exited two
  /// seconds later (some servers ignore SIGTERM).
  public func stop() {
    guard isRunning else { return }
    ChildProcess.signal(child, SIGTERM)
    let deadline = Date().addingTimeInterval(2)
    while isRunning && Date() < deadline { usleep(20_000) }
    if isRunning { ChildProcess.signal(child, SIGKILL) }
    ending.withLock { ending in
      if ending == nil { ending = ChildProcess.wait(child) }
    }
  }
}

extension Peers {
  /// The next candidate of `freeLoopbackPort`, process-wide, 0 before the first.
  private nonisolated(unsafe) static var nextPort: UInt16 = 0
  private static let nextPortLock = NSLock()

  /// A TCP port on 127.0.0.1 that is free now and that no other caller in this process has
  /// been given. The ports come from below the kernel's ephemeral range (32768 and up), so
  /// neither a client connection's local port nor a peer that binds port 0 takes them
  /// later; and never twice, because Envoy binds with SO_REUSEPORT: two Envoys given one
  /// port would both listen and share its connections.
  public static func freeLoopbackPort() throws -> UInt16 {
    let range: ClosedRange<UInt16> = 20_000...32_000
    let span = UInt16(range.count)
    for _ in 0..<span {
      let candidate = nextPortLock.withLock { () -> UInt16 in
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
