import Foundation
import MeshSupport
import MeshTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("ChildProcess")
struct ChildProcessTests {
  static let shell = URL(fileURLWithPath: "/bin/sh")

  @Test("a child's input, output, errors, exit status and environment")
  func run() async throws {
    let result = try await ChildProcess.run(
      Self.shell, arguments: ["-c", "read line; echo \"$line $GREETING\"; echo oops >&2; exit 3"],
      input: Data("hello\n".utf8), timeout: 10, environment: ["GREETING": "world"])

    #expect(result.status == 3 && !result.bySignal)
    #expect(String(decoding: result.standardOutput, as: UTF8.self) == "hello world\n")
    #expect(String(decoding: result.standardError, as: UTF8.self) == "oops\n")
  }

  @Test("a child that overruns its time is killed and reported")
  func timeout() async throws {
    let start = Date()

    let error = await #expect(throws: ChildProcess.Failure.self) {
      try await ChildProcess.run(
        Self.shell, arguments: ["-c", "sleep 30"], input: Data(), timeout: 0.5)
    }

    #expect(error?.description == "sh took longer than 0.5 s")
    #expect(Date().timeIntervalSince(start) < 10)
  }

  @Test("a signal's end is told apart from an exit status")
  func signal() throws {
    let child = try ChildProcess.spawn(Self.shell, arguments: ["-c", "sleep 30"])

    ChildProcess.signal(child, SIGKILL)
    let ending = ChildProcess.wait(child)

    #expect(ending.status == SIGKILL && ending.bySignal)
    #expect(ChildProcess.poll(child)?.status == -1)
  }

  @Test("a program that cannot start says why")
  func missing() throws {
    let error = #expect(throws: ChildProcess.Failure.self) {
      try ChildProcess.spawn(URL(fileURLWithPath: "/nonexistent/program"), arguments: [])
    }

    #expect(error?.description == "cannot start /nonexistent/program (No such file or directory)")
  }

  @Test("no descriptor of this process leaks into the child")
  func descriptors() async throws {
    let open = Foundation.open("/dev/null", O_RDONLY)  // not close-on-exec
    defer { close(open) }

    let result = try await ChildProcess.run(
      URL(fileURLWithPath: "/bin/ls"), arguments: ["/proc/self/fd"], input: Data(), timeout: 10)
    let descriptors = String(decoding: result.standardOutput, as: UTF8.self)
      .split(separator: "\n").compactMap { Int32($0) }

    #expect(!descriptors.contains(open), "\(descriptors)")
  }

  @Test("output larger than a pipe holds, on both streams at once, and input larger too")
  func largeOutput() async throws {
    let input = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })

    let result = try await ChildProcess.run(
      Self.shell, arguments: ["-c", "cat; head -c 700000 /dev/zero >&2; echo end"],
      input: input, timeout: 30)

    #expect(result.status == 0)
    #expect(result.standardOutput == input + Data("end\n".utf8))
    #expect(result.standardError == Data(count: 700_000))
  }

  @Test("a child that writes past the output limit is stopped, and the error says so")
  func outputLimit() async throws {
    let start = Date()

    let error = await #expect(throws: ChildProcess.Failure.self) {
      try await ChildProcess.run(
        URL(fileURLWithPath: "/usr/bin/yes"), arguments: [], input: Data(), timeout: 60,
        outputLimit: 100_000)
    }

    #expect(error?.kind == .outputTooLarge)
    #expect(error?.description == "yes wrote more than 100000 bytes on its standard output")
    #expect(Date().timeIntervalSince(start) < 30)
  }

  @Test("a child that overruns its time is gone once the run reports it")
  func timeoutKills() async throws {
    let folder = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let pidFile = folder.appendingPathComponent("pid")

    let error = await #expect(throws: ChildProcess.Failure.self) {
      try await ChildProcess.run(
        Self.shell, arguments: ["-c", "echo $$ > \(pidFile.path); exec sleep 30"], input: Data(),
        timeout: 1)
    }
    let pid = try #require(
      pid_t(try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .newlines)))

    #expect(error?.kind == .timedOut)
    #expect(kill(pid, 0) == -1 && errno == ESRCH)
  }

  @Test("a child that never stops writing is still stopped at its deadline")
  func chattyTimeout() async throws {
    let start = Date()

    let error = await #expect(throws: ChildProcess.Failure.self) {
      try await ChildProcess.run(
        Self.shell, arguments: ["-c", "while :; do echo tick; sleep 0.01; done"], input: Data(),
        timeout: 1)
    }

    #expect(error?.kind == .timedOut)
    #expect(Date().timeIntervalSince(start) < 20)
  }

  @Test("a signal's end is reported as such, with the output written before it")
  func endedBySignal() async throws {
    let result = try await ChildProcess.run(
      Self.shell, arguments: ["-c", "echo before; kill -TERM $$"], input: Data(), timeout: 10)

    #expect(result.status == SIGTERM && result.bySignal, "\(result)")
    #expect(String(decoding: result.standardOutput, as: UTF8.self) == "before\n")
  }

  @Test("a grandchild that keeps the output open does not hold the run past its child's end")
  func grandchild() async throws {
    let start = Date()

    let result = try await ChildProcess.run(
      Self.shell, arguments: ["-c", "sleep 5 & echo started"], input: Data(), timeout: 30)

    #expect(result.status == 0)
    #expect(String(decoding: result.standardOutput, as: UTF8.self) == "started\n")
    #expect(Date().timeIntervalSince(start) < 4)
  }

  @Test("a child that leaves its input unread ends normally, without SIGPIPE here")
  func unreadInput() async throws {
    let result = try await ChildProcess.run(
      Self.shell, arguments: ["-c", "exit 0"], input: Data(count: 4_000_000), timeout: 30)

    #expect(result.status == 0 && !result.bySignal)
  }

  @Test("cancelling the calling task stops the child")
  func cancellation() async throws {
    let start = Date()
    let run = Task {
      try await ChildProcess.run(
        Self.shell, arguments: ["-c", "sleep 30"], input: Data(), timeout: 60)
    }
    try await Task.sleep(nanoseconds: 200_000_000)

    run.cancel()
    let outcome = await run.result

    #expect(throws: CancellationError.self) { try outcome.get() }
    #expect(Date().timeIntervalSince(start) < 20)
  }

  @Test("a blocking run gives the same result, for callers outside any task")
  func blocking() throws {
    let result = try ChildProcess.runBlocking(
      Self.shell, arguments: ["-c", "cat; echo err >&2; exit 4"], input: Data("in\n".utf8),
      timeout: 10)

    #expect(result.status == 4)
    #expect(String(decoding: result.standardOutput, as: UTF8.self) == "in\n")
    #expect(String(decoding: result.standardError, as: UTF8.self) == "err\n")
  }

  @Test("an execution wakes a waiter when the output it waits for arrives, and when the child ends")
  func waitForOutput() throws {
    let execution = try ChildProcess.Execution(
      Self.shell, arguments: ["-c", "sleep 0.3; echo ready; read line; echo \"got $line\""],
      input: Data("go\n".utf8))

    let ready = execution.waitForOutput(timeout: 10) { output, _ in
      String(decoding: output, as: UTF8.self).contains("ready")
    }
    let ended = execution.wait(timeout: 10)
    let never = execution.waitForOutput(timeout: 10) { output, _ in
      String(decoding: output, as: UTF8.self).contains("never printed")
    }

    #expect(ready && ended && !never)
    #expect(execution.termination?.status == 0 && execution.termination?.bySignal == false)
    #expect(String(decoding: execution.output.standardOutput, as: UTF8.self) == "ready\ngot go\n")
  }
}
