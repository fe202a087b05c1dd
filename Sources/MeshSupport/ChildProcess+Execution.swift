import Foundation
internal import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension ChildProcess {
  /// A running child whose standard streams this process holds through pipes: its input
  /// is fed and its output collected (each stream up to a limit) by a thread blocked in
  /// `poll(2)`, and its end is noticed by a thread blocked in `waitid(2)`. Callers wait
  /// for its end (``wait(timeout:)``, ``finished()``) or for some output
  /// (``waitForOutput(timeout:until:)``) without polling.
  ///
  /// A child overrunning its deadline or its output limit, or cancelled, is stopped with
  /// SIGKILL. Dropping an execution whose child still runs stops it too.
  package final class Execution: Sendable {
    /// The child.
    package let child: Child
    private let shared: Shared
    private let name: String
    private let timeout: TimeInterval?
    private let outputLimit: Int

    /// Starts `executable`.
    /// - Parameters:
    ///   - executable: The program (``ChildProcess/locate(_:)`` finds one on `PATH`).
    ///   - arguments: Its arguments, after its name.
    ///   - environment: Added to (and overriding) this process's environment.
    ///   - input: What it reads on its standard input; empty for `/dev/null`.
    ///   - timeout: Seconds it may run; nil for as long as it likes.
    ///   - outputLimit: The most it may write on each of its output streams.
    /// - Throws: ``Failure`` of kind `cannotStart` saying why it could not start.
    package init(
      _ executable: URL, arguments: [String], environment: [String: String] = [:],
      input: Data = Data(), timeout: TimeInterval? = nil, outputLimit: Int = defaultOutputLimit
    ) throws {
      name = executable.lastPathComponent
      self.timeout = timeout
      self.outputLimit = outputLimit
      var opened = Descriptors()
      do {
        let inputPipe = input.isEmpty ? nil : try opened.pipe()
        let outputPipe = try opened.pipe()
        let errorPipe = try opened.pipe()
        let wake = try opened.pipe()
        let done = try opened.pipe()
        let progress = try opened.pipe()
        // The pump never blocks on a pipe: not on the child's, nor on the progress pipe
        // that no waiter may be draining.
        for end in [
          inputPipe?.write, outputPipe.read, errorPipe.read, progress.read, progress.write,
        ] {
          if let end { try Descriptors.setNonBlocking(end) }
        }
        child = try ChildProcess.spawn(
          executable, arguments: arguments, environment: environment,
          streams: [
            inputPipe.map { .descriptor($0.read) } ?? .file(nil, O_RDONLY),
            .descriptor(outputPipe.write), .descriptor(errorPipe.write),
          ])
        // The child has its ends; this process keeps only the other ones.
        for end in [inputPipe?.read, outputPipe.write, errorPipe.write].compactMap({ $0 }) {
          opened.close(end)
        }
        shared = Shared(child: child, done: done.read, progress: progress.read)
        let pump = Pump(
          shared: shared, input: inputPipe?.write, outputs: [outputPipe.read, errorPipe.read],
          wake: wake, done: done.write, progress: progress.write, pending: Array(input),
          limit: outputLimit,
          deadline: timeout.map(Self.deadline(after:)))
        let child = child
        Thread { Self.awaitEnd(of: child, thenWrite: wake.write) }.start()
        Thread { pump.run() }.start()
      } catch let failure as Failure {
        opened.closeAll()
        throw failure
      } catch {
        opened.closeAll()
        throw Failure(description: "cannot start \(executable.path) (\(error))")
      }
    }

    deinit {
      shared.stop(nil)
    }

    /// How the child ended, once this process has waited for it; nil while it runs.
    package var termination: Termination? {
      shared.state.withLock { $0.termination }
    }

    /// What the child has written so far on its standard output and error.
    package var output: (standardOutput: Data, standardError: Data) {
      shared.state.withLock { ($0.outputs[0], $0.outputs[1]) }
    }

    /// Blocks until the child has ended and its output is collected, for at most
    /// `timeout` seconds (nil: however long it takes).
    /// - Returns: Whether it has ended.
    package func wait(timeout: TimeInterval?) -> Bool {
      var descriptor = pollfd(fd: shared.done, events: Int16(POLLIN), revents: 0)
      let deadline = timeout.map(Self.deadline(after:))
      while true {
        let ready = pollDescriptors(&descriptor, 1, Self.milliseconds(until: deadline))
        if ready > 0 { return true }
        if ready == 0 { return false }
        if errno != EINTR { return termination != nil }
      }
    }

    /// Suspends the calling task until the child has ended and its output is collected.
    package func finished() async {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let ended = shared.state.withLock { state in
          if state.termination != nil { return true }
          state.waiters.append(continuation)
          return false
        }
        if ended { continuation.resume() }
      }
    }

    /// Blocks until `predicate` holds for the output so far (standard output, standard
    /// error), for at most `timeout` seconds, checking again whenever more arrives. One
    /// caller at a time: each wakes on new output that another would miss.
    /// - Returns: Whether `predicate` held in time; once the child has ended, whether it
    ///   holds for all it wrote.
    package func waitForOutput(timeout: TimeInterval, until predicate: (Data, Data) -> Bool)
      -> Bool
    {
      let deadline = Self.deadline(after: timeout)
      while true {
        let (outputs, ended) = shared.state.withLock { ($0.outputs, $0.termination != nil) }
        if predicate(outputs[0], outputs[1]) { return true }
        if ended || ContinuousClock.now >= deadline { return false }
        var descriptors = [
          pollfd(fd: shared.progress, events: Int16(POLLIN), revents: 0),
          pollfd(fd: shared.done, events: Int16(POLLIN), revents: 0),
        ]
        if pollDescriptors(&descriptors, 2, Self.milliseconds(until: deadline)) > 0 {
          Descriptors.drain(shared.progress)
        }
      }
    }

    /// Sends `signal` to the child while it runs.
    package func signal(_ signal: Int32) {
      shared.signal(signal)
    }

    /// Stops the child (SIGKILL); ``result()`` then throws `CancellationError`.
    package func cancel() {
      shared.stop(.cancelled)
    }

    /// The ended child's status and output.
    /// - Throws: ``Failure`` when it was stopped for overrunning its time or output
    ///   limit, `CancellationError` when it was cancelled; ``Failure`` also when it has
    ///   not ended yet.
    package func result() throws -> Result {
      let (termination, stop, outputs) = shared.state.withLock {
        ($0.termination, $0.stop, $0.outputs)
      }
      switch stop {
      case .timedOut:
        throw Failure(
          .timedOut, description: "\(name) took longer than \(timeout.map { "\($0)" } ?? "?") s")
      case .outputTooLarge(let stream):
        throw Failure(
          .outputTooLarge,
          description:
            "\(name) wrote more than \(outputLimit) bytes on its standard \(stream == 0 ? "output" : "error")"
        )
      case .cancelled:
        throw CancellationError()
      case nil:
        break
      }
      guard let termination else { throw Failure(description: "\(name) has not ended yet") }
      return Result(
        status: termination.status, bySignal: termination.bySignal, standardOutput: outputs[0],
        standardError: outputs[1])
    }

    /// The waiting thread: blocks until the child ends, leaving it to be reaped (so its
    /// ID stays its own, and a signal sent meanwhile reaches no other process), then
    /// wakes the pump.
    private static func awaitEnd(of child: Child, thenWrite wake: Int32) {
      var information = siginfo_t()
      while waitid(P_PID, id_t(child.id), &information, WEXITED | WNOWAIT) != 0, errno == EINTR {}
      var byte: UInt8 = 1
      _ = Descriptors.write(wake, &byte, 1)
    }

    /// The instant `seconds` from now; a year at most, so that no arithmetic overflows.
    static func deadline(after seconds: TimeInterval) -> ContinuousClock.Instant {
      ContinuousClock.now + .milliseconds(Int64(min(max(seconds, 0), 31_536_000) * 1000))
    }

    /// `poll(2)`'s timeout: milliseconds left until `deadline` (rounded up), -1 for none.
    static func milliseconds(until deadline: ContinuousClock.Instant?) -> Int32 {
      guard let deadline else { return -1 }
      let left = deadline - ContinuousClock.now
      if left <= .zero { return 0 }
      let (seconds, attoseconds) = left.components
      guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
      let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
      return Int32(clamping: total)
    }
  }
}

/// Why a child was stopped.
private enum StopReason: Sendable, Hashable {
  case timedOut
  /// On stream 0 (standard output) or 1 (standard error).
  case outputTooLarge(Int)
  case cancelled
}

/// What an execution's caller and its threads share.
private final class Shared: Sendable {
  struct State {
    /// Standard output and standard error so far.
    var outputs = [Data(), Data()]
    /// Set, with the output complete, once the child is reaped.
    var termination: ChildProcess.Termination?
    var stop: StopReason?
    var waiters: [CheckedContinuation<Void, Never>] = []
  }

  let child: ChildProcess.Child
  let state = Mutex(State())
  /// Readable (never read) once the child is reaped: a latch any number of threads wait
  /// on with `poll(2)`.
  let done: Int32
  /// Readable when output has arrived since it was last drained.
  let progress: Int32

  init(child: ChildProcess.Child, done: Int32, progress: Int32) {
    self.child = child
    self.done = done
    self.progress = progress
  }

  deinit {
    close(done)
    close(progress)
  }

  /// Sends `signal` unless the child is reaped: until then its ID cannot be another's.
  func signal(_ signal: Int32) {
    state.withLock { state in
      if state.termination == nil { kill(child.id, signal) }
    }
  }

  /// Kills the child unless it is reaped, recording the first reason given.
  func stop(_ reason: StopReason?) {
    state.withLock { state in
      guard state.termination == nil else { return }
      if state.stop == nil { state.stop = reason }
      kill(child.id, SIGKILL)
    }
  }
}

/// The thread that feeds the child's input, collects its output and, once the waiting
/// thread says the child has ended, reaps it.
private struct Pump: Sendable {
  let shared: Shared
  var input: Int32?
  var outputs: [Int32?]
  let wake: (read: Int32, write: Int32)
  let done: Int32
  let progress: Int32
  var pending: [UInt8]
  let limit: Int
  var deadline: ContinuousClock.Instant?

  init(
    shared: Shared, input: Int32?, outputs: [Int32], wake: (read: Int32, write: Int32),
    done: Int32, progress: Int32, pending: [UInt8], limit: Int,
    deadline: ContinuousClock.Instant?
  ) {
    self.shared = shared
    self.input = input
    self.outputs = outputs
    self.wake = wake
    self.done = done
    self.progress = progress
    self.pending = pending
    self.limit = limit
    self.deadline = deadline
  }

  func run() {
    var pump = self
    pump.loop()
  }

  private mutating func loop() {
    // A child that stops reading makes a write fail with EPIPE and raise SIGPIPE, which
    // would end this process: the signal is blocked on this thread and taken back.
    var pipeSignal = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
    var offset = 0
    var ended = false
    while !ended {
      // Checked on every round: a child that writes all the time keeps poll from ever
      // timing out.
      if let due = deadline, ContinuousClock.now >= due {
        shared.stop(.timedOut)
        deadline = nil
      }
      var descriptors: [pollfd] = []
      if let input { descriptors.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
      for output in outputs.compactMap({ $0 }) {
        descriptors.append(pollfd(fd: output, events: Int16(POLLIN), revents: 0))
      }
      descriptors.append(pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0))
      let ready = poll(
        &descriptors, nfds_t(descriptors.count),
        ChildProcess.Execution.milliseconds(until: deadline))
      if ready < 0 {
        if errno == EINTR { continue }
        // Nothing to wait with: the child goes, and the waiting thread says when (a
        // blocking read, so that its write end is not closed under it).
        shared.stop(nil)
        var byte: UInt8 = 0
        while read(wake.read, &byte, 1) < 0 && errno == EINTR {}
        break
      } else if ready == 0 {
        continue
      }
      for entry in descriptors where entry.revents != 0 {
        if entry.fd == wake.read {
          ended = true
        } else if entry.fd == input {
          feed(from: &offset, pipeSignal: &pipeSignal)
        } else if let stream = outputs.firstIndex(of: entry.fd) {
          collect(stream)
        }
      }
    }
    // What the child wrote before it ended is in the pipes; a grandchild holding them
    // open is not waited for.
    for stream in outputs.indices { collect(stream) }
    for descriptor in [input, wake.read, wake.write, progress].compactMap({ $0 }) {
      close(descriptor)
    }
    let child = shared.child
    let waiters = shared.state.withLock { state in
      state.termination = ChildProcess.wait(child)
      defer { state.waiters = [] }
      return state.waiters
    }
    // The latch: a byte no one reads, so the pipe stays readable even should a child
    // started elsewhere meanwhile have inherited its write end.
    var byte: UInt8 = 1
    _ = Descriptors.write(done, &byte, 1)
    close(done)
    for waiter in waiters { waiter.resume() }
  }

  /// Writes what the pipe takes of the pending input; closes it when all is written or
  /// the child stopped reading.
  private mutating func feed(from offset: inout Int, pipeSignal: inout sigset_t) {
    guard let descriptor = input else { return }
    while offset < pending.count {
      let written = pending[offset...].withUnsafeBytes {
        Descriptors.write(descriptor, $0.baseAddress, $0.count)
      }
      if written > 0 {
        offset += written
        continue
      }
      if written < 0 && errno == EINTR { continue }
      if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
      if written < 0 && errno == EPIPE {
        var waiting = sigset_t()
        sigpending(&waiting)
        var taken: Int32 = 0
        if sigismember(&waiting, SIGPIPE) == 1 { sigwait(&pipeSignal, &taken) }
      }
      break
    }
    // All written, or the child will read no more: it sees the end of its input.
    close(descriptor)
    input = nil
  }

  /// Reads what the pipe of `stream` holds now; closes it at its end, or when the child
  /// overran the limit (and is stopped).
  private mutating func collect(_ stream: Int) {
    guard let descriptor = outputs[stream] else { return }
    var open = true
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 65_536) { buffer in
      while true {
        let count = read(descriptor, buffer.baseAddress, buffer.count)
        if count < 0 && errno == EINTR { continue }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
        guard count > 0 else {
          open = false
          return
        }
        let chunk = UnsafeBufferPointer(rebasing: buffer[..<count])
        let overran = shared.state.withLock { state in
          let room = limit - state.outputs[stream].count
          state.outputs[stream].append(contentsOf: chunk.prefix(max(room, 0)))
          return count > room
        }
        var byte: UInt8 = 1
        _ = Descriptors.write(progress, &byte, 1)
        if overran {
          shared.stop(.outputTooLarge(stream))
          open = false
          return
        }
      }
    }
    if !open {
      close(descriptor)
      outputs[stream] = nil
    }
  }
}

/// Pipe ends opened for a child, closed on failure.
private struct Descriptors {
  private var open: Set<Int32> = []

  /// A pipe whose ends are close-on-exec from the start and above the standard streams
  /// (a duplicate onto stream 1 must not overwrite the end meant for stream 2).
  mutating func pipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [-1, -1]
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    let made: Int32
    if let pipe2 = SystemDirectory.libraryFunction("pipe2", as: Pipe2.self) {
      made = ends.withUnsafeMutableBufferPointer { ends in
        ends.baseAddress.map { pipe2($0, O_CLOEXEC) } ?? -1
      }
    } else {
      made = makePipe(&ends)
    }
    guard made == 0 else { throw Self.failure("create a pipe") }
    for index in ends.indices {
      if ends[index] > 2 {
        _ = fcntl(ends[index], F_SETFD, FD_CLOEXEC)
        continue
      }
      let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, 3)
      let code = errno
      close(ends[index])
      ends[index] = moved
      if moved < 0 {
        for end in ends where end >= 0 { close(end) }
        throw Self.failure("move a pipe", code: code)
      }
    }
    open.formUnion(ends)
    return (ends[0], ends[1])
  }

  mutating func close(_ descriptor: Int32) {
    open.remove(descriptor)
    closeDescriptor(descriptor)
  }

  mutating func closeAll() {
    for descriptor in open { closeDescriptor(descriptor) }
    open = []
  }

  static func setNonBlocking(_ descriptor: Int32) throws {
    let flags = fcntl(descriptor, F_GETFL)
    guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
      throw failure("set up a pipe")
    }
  }

  /// Reads whatever a non-blocking descriptor holds, discarding it.
  static func drain(_ descriptor: Int32) {
    var buffer = [UInt8](repeating: 0, count: 512)
    while read(descriptor, &buffer, buffer.count) > 0 {}
  }

  /// The C library's write(2).
  static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    writeDescriptor(descriptor, buffer, count)
  }

  private static func failure(_ action: String, code: Int32 = errno) -> ChildProcess.Failure {
    ChildProcess.Failure(description: "cannot \(action) (\(String(cString: strerror(code))))")
  }
}

// The C library's calls under names that this file's types (with their own `poll`,
// `write`, `close`, `pipe`) do not shadow.

private func pollDescriptors(
  _ descriptors: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeout: Int32
) -> Int32 {
  poll(descriptors, nfds_t(count), timeout)
}

private func writeDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int)
  -> Int
{
  write(descriptor, buffer, count)
}

private func closeDescriptor(_ descriptor: Int32) {
  _ = close(descriptor)
}

private func makePipe(_ ends: inout [Int32]) -> Int32 {
  ends.withUnsafeMutableBufferPointer { ends in ends.baseAddress.map { pipe($0) } ?? -1 }
}
