import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs programs through `posix_spawn`: the one process runner of the package (kubectl
/// for the sync, Graphviz for the topology view, `credential_process` for AWS
/// credentials, the test suite's peers).
///
/// Not Foundation's `Process`: on Linux its `run()` lists `/proc/self/fd` with a copy of
/// each directory entry's whole `d_name`, reading past the C library's buffer, and
/// crashes now and then in a process with many descriptors open (fixed upstream after
/// Swift 6.3).
///
/// A run (``run(_:arguments:input:timeout:environment:outputLimit:)``, or an
/// ``Execution`` for a child that runs beside its caller) talks to the child through
/// pipes, served by two threads of its own rather than Swift's cooperative pool: one
/// blocks in `poll(2)` on the pipes, feeding the input and collecting the output (so a
/// child never stalls on a full pipe), the other blocks in `waitid(2)` until the child
/// ends (so a grandchild that keeps the pipes open cannot make the run outlive its
/// child). Nothing sleeps and looks again.
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
    /// The exit status, or the signal's number when a signal ended it.
    package var status: Int32
    /// Whether a signal ended it.
    package var bySignal: Bool
    /// What it wrote on its standard output.
    package var standardOutput: Data
    /// What it wrote on its standard error.
    package var standardError: Data
  }

  /// A child that could not be started, did not end in time, or wrote too much. The
  /// description names the program, never what it wrote (a credential process prints
  /// secrets).
  package struct Failure: Error, CustomStringConvertible {
    /// What went wrong, for callers that word each case their own way.
    package enum Kind: Sendable, Hashable {
      /// The program is not on `PATH`, or the system would not start it.
      case cannotStart
      /// It overran its time and was stopped (SIGKILL).
      case timedOut
      /// It wrote more than the run's output limit on one stream and was stopped.
      case outputTooLarge
    }

    /// What went wrong.
    package var kind: Kind
    /// One line saying what went wrong, naming the program.
    package var description: String

    /// Creates a failure of `kind` described by `description`.
    package init(_ kind: Kind = .cannotStart, description: String) {
      self.kind = kind
      self.description = description
    }
  }

  /// A started child, which this process must wait for (``wait(_:)``, ``poll(_:)``).
  package struct Child: Sendable {
    /// Its process ID.
    package let id: pid_t
  }

  /// The most a run keeps of each output stream by default (16 MiB): more than any
  /// program this package runs prints, and a bound on what a runaway one can take.
  package static let defaultOutputLimit = 16 << 20

  /// `name` itself when it holds a `/`, else the first executable of that name on `PATH`.
  /// - Throws: ``Failure`` of kind `cannotStart` when there is none.
  package static func locate(_ name: String) throws -> URL {
    if name.contains("/") { return URL(fileURLWithPath: name) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if access(candidate, X_OK) == 0 { return URL(fileURLWithPath: candidate) }
    }
    throw Failure(description: "\(name) is not on PATH")
  }

  /// Runs `executable` with `input` on its standard input and returns what it wrote,
  /// stopping it (SIGKILL) after `timeout`. The calling task waits without holding a
  /// thread of Swift's cooperative pool.
  /// - Parameters:
  ///   - executable: The program (``locate(_:)`` finds one on `PATH`).
  ///   - arguments: Its arguments, after its name.
  ///   - input: What it reads on its standard input; empty for `/dev/null`.
  ///   - timeout: Seconds it may run.
  ///   - environment: Added to (and overriding) this process's environment.
  ///   - outputLimit: The most it may write on each of its output streams.
  /// - Returns: Its exit status, or the signal that ended it, and its output.
  /// - Throws: ``Failure`` when it cannot start, overruns `timeout` or `outputLimit`;
  ///   `CancellationError` when the calling task is cancelled (the child is stopped).
  package static func run(
    _ executable: URL, arguments: [String], input: Data, timeout: TimeInterval,
    environment: [String: String] = [:], outputLimit: Int = defaultOutputLimit
  ) async throws -> Result {
    let execution = try Execution(
      executable, arguments: arguments, environment: environment, input: input,
      timeout: timeout, outputLimit: outputLimit)
    await withTaskCancellationHandler {
      await execution.finished()
    } onCancel: {
      execution.cancel()
    }
    return try execution.result()
  }

  /// Runs `executable` like ``run(_:arguments:input:timeout:environment:outputLimit:)``,
  /// blocking the calling thread until the child ends: for callers outside any task
  /// (a test's peer, a command-line tool's synchronous code).
  /// - Throws: ``Failure`` when it cannot start, overruns `timeout` or `outputLimit`.
  package static func runBlocking(
    _ executable: URL, arguments: [String], input: Data = Data(), timeout: TimeInterval,
    environment: [String: String] = [:], outputLimit: Int = defaultOutputLimit
  ) throws -> Result {
    let execution = try Execution(
      executable, arguments: arguments, environment: environment, input: input,
      timeout: timeout, outputLimit: outputLimit)
    _ = execution.wait(timeout: nil)
    return try execution.result()
  }

  /// Starts `executable` with its standard streams opened from and to files, for a
  /// child whose output is to outlive it; ``Execution`` captures output instead.
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
    try spawn(
      executable, arguments: arguments, environment: environment,
      streams: [
        .file(standardInput, O_RDONLY), .file(standardOutput, O_WRONLY | O_CREAT | O_TRUNC),
        .file(standardError, O_WRONLY | O_CREAT | O_TRUNC),
      ])
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

  // MARK: Starting

  /// Where one of the child's standard streams comes from or goes to.
  enum Stream {
    /// A file opened with these flags; nil for `/dev/null`.
    case file(String?, Int32)
    /// A descriptor of this process (a pipe's end), duplicated onto the stream.
    case descriptor(Int32)
  }

  /// Starts `executable` with `streams` as its standard input, output and error.
  static func spawn(
    _ executable: URL, arguments: [String], environment: [String: String], streams: [Stream]
  ) throws -> Child {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (target, stream) in zip(Int32(0)..., streams) {
      switch stream {
      case .file(let path, let flags):
        posix_spawn_file_actions_addopen(&actions, target, path ?? "/dev/null", flags, 0o600)
      case .descriptor(let descriptor):
        // Clears close-on-exec on the copy; the original goes with the others below.
        posix_spawn_file_actions_adddup2(&actions, descriptor, target)
      }
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
    // The child starts with no signal blocked and every signal's default action: a
    // spawned program inherits the calling thread's mask, and threads of a test runner
    // or a server often block SIGTERM or ignore SIGPIPE, which the child then could not
    // be stopped with, or would not stop on.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var variables = ProcessInfo.processInfo.environment
    variables.merge(environment) { $1 }
    let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
    let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var child: pid_t = 0
    let code = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
    guard code == 0 else {
      throw Failure(
        description: "cannot start \(executable.path) (\(String(cString: strerror(code))))")
    }
    return Child(id: child)
  }

  static func termination(_ status: Int32) -> Termination {
    // The <sys/wait.h> macros, which Swift does not import: the low seven bits hold the
    // signal that ended the child, zero when it exited; the exit status is the next byte.
    let signal = status & 0x7F
    if signal == 0 { return Termination(status: (status >> 8) & 0xFF, bySignal: false) }
    return Termination(status: signal, bySignal: true)
  }
}
