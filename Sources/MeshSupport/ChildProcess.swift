import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs programs through `posix_spawn`: the one process runner of the package (kubectl
/// for the sync, Graphviz for the topology view, the test suite's peers).
///
/// Not Foundation's `Process`: on Linux its `run()` lists `/proc/self/fd` with a copy of
/// each directory entry's whole `d_name`, reading past the C library's buffer, and
/// crashes now and then in a process with many descriptors open (fixed upstream after
/// Swift 6.3). Standard streams go through files rather than pipes: nothing blocks a
/// thread on a full pipe, and a child that exits without reading cannot raise SIGPIPE
/// here.
package enum ChildProcess {
  /// How a finished child ended.
  package struct Termination: Sendable, Hashable {
    /// The exit status, or the signal's number when a signal ended it.
    package var status: Int32
    /// Whether a signal ended it.
    package var bySignal: Bool
  }

  /// A child that ran to its end, with what it wrote.
  package struct Result: Sendable {
    package var status: Int32
    package var bySignal: Bool
    package var standardOutput: Data
    package var standardError: Data
  }

  /// A child that could not be started, or did not end in time.
  package struct Failure: Error, CustomStringConvertible {
    package var description: String

    package init(description: String) {
      self.description = description
    }
  }

  /// A started child, which this process must wait for (``wait(_:)``, ``poll(_:)``).
  package struct Child: Sendable {
    package let id: pid_t
  }

  /// `name` itself when it holds a `/`, else the first executable of that name on `PATH`.
  package static func locate(_ name: String) throws -> URL {
    if name.contains("/") { return URL(fileURLWithPath: name) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if access(candidate, X_OK) == 0 { return URL(fileURLWithPath: candidate) }
    }
    throw Failure(description: "\(name) is not on PATH")
  }

  /// Starts `executable` with its standard streams opened from and to files.
  /// - Parameters:
  ///   - environment: Added to (and overriding) this process's environment.
  ///   - standardInput: The file it reads; nil for `/dev/null`.
  ///   - standardOutput: The file its output replaces; nil for `/dev/null`.
  ///   - standardError: Likewise for its errors.
  /// - Throws: ``Failure`` saying why it could not start.
  package static func spawn(
    _ executable: URL, arguments: [String], environment: [String: String] = [:],
    standardInput: String? = nil, standardOutput: String? = nil, standardError: String? = nil
  ) throws -> Child {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let streams: [(Int32, String?, Int32)] = [
      (0, standardInput, O_RDONLY), (1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC),
      (2, standardError, O_WRONLY | O_CREAT | O_TRUNC),
    ]
    for (descriptor, path, flags) in streams {
      posix_spawn_file_actions_addopen(&actions, descriptor, path ?? "/dev/null", flags, 0o600)
    }
    // Nothing else of this process's leaks into the child, descriptors opened without
    // close-on-exec included (glibc 2.34 and later; elsewhere close-on-exec must do).
    typealias CloseFrom =
      @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32)
      -> Int32
    if let closeFrom = SystemDirectory.libraryFunction(
      "posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)
    {
      _ = closeFrom(&actions, 3)
    }
    var variables = ProcessInfo.processInfo.environment
    variables.merge(environment) { $1 }
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var child: pid_t = 0
    let code = posix_spawn(&child, executable.path, &actions, nil, argv, envp)
    guard code == 0 else {
      throw Failure(
        description: "cannot start \(executable.path) (\(String(cString: strerror(code))))")
    }
    return Child(id: child)
  }

  /// The child's end if it has ended, without waiting; nil while it runs.
  package static func poll(_ child: Child) -> Termination? {
    var status: Int32 = 0
    while true {
      let result = waitpid(child.id, &status, WNOHANG)
      if result == child.id { return termination(status) }
      if result == 0 { return nil }
      if errno == EINTR { continue }
      // Already waited for elsewhere: nothing more to learn.
      return Termination(status: -1, bySignal: false)
    }
  }

  /// Blocks until the child ends.
  package static func wait(_ child: Child) -> Termination {
    var status: Int32 = 0
    while waitpid(child.id, &status, 0) < 0 {
      if errno != EINTR { return Termination(status: -1, bySignal: false) }
    }
    return termination(status)
  }

  /// Sends `signal` to the child.
  package static func signal(_ child: Child, _ signal: Int32) {
    kill(child.id, signal)
  }

  /// Runs `executable` with `input` on its standard input, stopping it (SIGKILL) after
  /// `timeout`, without blocking a thread of Swift's cooperative pool: the wait is a
  /// poll between short sleeps.
  /// - Throws: ``Failure`` when it cannot start or overruns `timeout`;
  ///   `CancellationError` when the calling task is cancelled (the child is stopped).
  package static func run(
    _ executable: URL, arguments: [String], input: Data, timeout: TimeInterval,
    environment: [String: String] = [:]
  ) async throws -> Result {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent(
      "meshbridge-\(UUID().uuidString)")
    let (inputFile, outputFile, errorFile) = (
      folder.appendingPathComponent("stdin").path, folder.appendingPathComponent("stdout").path,
      folder.appendingPathComponent("stderr").path
    )
    defer { try? manager.removeItem(at: folder) }
    let child: Child
    do {
      try manager.createDirectory(
        at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
      try input.write(to: URL(fileURLWithPath: inputFile))
      child = try spawn(
        executable, arguments: arguments, environment: environment, standardInput: inputFile,
        standardOutput: outputFile, standardError: errorFile)
    } catch let failure as Failure {
      throw failure
    } catch {
      throw Failure(description: "cannot start \(executable.path) (\(error))")
    }
    let deadline = Date().addingTimeInterval(timeout)
    var pause: UInt64 = 1_000_000
    while true {
      if let end = poll(child) {
        return Result(
          status: end.status, bySignal: end.bySignal,
          standardOutput: (try? Data(contentsOf: URL(fileURLWithPath: outputFile))) ?? Data(),
          standardError: (try? Data(contentsOf: URL(fileURLWithPath: errorFile))) ?? Data())
      }
      if Task.isCancelled || Date() >= deadline {
        signal(child, SIGKILL)
        _ = wait(child)
        if Task.isCancelled { throw CancellationError() }
        throw Failure(description: "\(executable.lastPathComponent) took longer than \(timeout) s")
      }
      try? await Task.sleep(nanoseconds: pause)
      pause = min(pause * 2, 50_000_000)
    }
  }

  private static func termination(_ status: Int32) -> Termination {
    // The <sys/wait.h> macros, which Swift does not import: the low seven bits hold the
    // signal that ended the child, zero when it exited; the exit status is the next byte.
    let signal = status & 0x7F
    if signal == 0 { return Termination(status: (status >> 8) & 0xFF, bySignal: false) }
    return Termination(status: signal, bySignal: true)
  }
}
