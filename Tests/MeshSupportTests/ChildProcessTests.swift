import Foundation
import MeshSupport
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
}
