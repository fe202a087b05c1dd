import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The peers the recipes run against: `envoy`, `openssl` and the project's Python (with
/// moto). In CI (`CI=true`) a missing peer fails the test that needs it; elsewhere the
/// test is skipped with the reason.
enum Peers {
  static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

  /// The first executable `name` on `PATH`.
  static func executable(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  static var envoy: URL? { executable("envoy") }
  static var openssl: URL? { executable("openssl") }
  /// MeshBridgeTesting's MotoServer finds the interpreter through this variable.
  static var python: URL? {
    ProcessInfo.processInfo.environment["MESHBRIDGE_PYTHON"].map(URL.init(fileURLWithPath:))
  }

  static func available(_ peer: URL?) -> Bool { peer != nil || inCI }
  static func missing(_ name: String) -> Comment {
    Comment(
      rawValue:
        "\(name) is not installed (Scripts/recipes runs these tests with the project's .venv)")
  }

  /// The peer, or a failure naming it (reached in CI only; elsewhere the test is skipped).
  static func require(_ peer: URL?, _ name: String) throws -> URL {
    guard let peer else { throw PeerMissing(name: name) }
    return peer
  }

  struct PeerMissing: Error, CustomStringConvertible {
    var name: String
    var description: String { "\(name) is required in CI and was not found" }
  }
}

/// A new directory under the system's temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("meshbridge-recipes-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  return directory
}

/// Runs `executable` to its end, at most `timeout`, and returns its status and output.
///
/// The output goes to a file, not a pipe: a pipe's write end is inherited by whatever
/// else the tests start meanwhile (an Envoy that runs for the whole test), and a reader
/// waiting for its end would wait as long. Nothing blocks a thread while the child runs.
func run(_ executable: URL, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
  -> (status: Int32, output: String)
{
  let outputFile = FileManager.default.temporaryDirectory
    .appendingPathComponent("meshbridge-recipes-output-\(UUID().uuidString)")
  guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
    throw POSIXError(.EACCES)
  }
  defer { try? FileManager.default.removeItem(at: outputFile) }
  let output = try FileHandle(forWritingTo: outputFile)
  defer { try? output.close() }
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  process.standardOutput = output
  process.standardError = output
  let status = try await withCheckedThrowingContinuation { continuation in
    process.terminationHandler = { ended in continuation.resume(returning: ended.terminationStatus)
    }
    do {
      try process.run()
    } catch {
      process.terminationHandler = nil
      continuation.resume(throwing: error)
      return
    }
    let running = process
    Task {
      try await Task.sleep(for: timeout)
      if running.isRunning { running.terminate() }
    }
  }
  return (status, try String(contentsOf: outputFile, encoding: .utf8))
}

/// Stops a child: SIGTERM, then SIGKILL after ten seconds, and waits until it has ended
/// without blocking a thread (`waitUntilExit` would hold one of the cooperative pool's).
func stop(_ process: Process) async {
  guard process.isRunning else { return }
  process.terminate()
  let deadline = ContinuousClock.now + .seconds(10)
  while process.isRunning {
    if ContinuousClock.now > deadline { kill(process.processIdentifier, SIGKILL) }
    try? await Task.sleep(for: .milliseconds(20))
  }
}

/// A TCP port on 127.0.0.1 nothing listens on now (the kernel's choice).
func freeLoopbackPort() throws -> UInt32 {
  let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  guard socketFD >= 0 else { throw POSIXError(.EMFILE) }
  defer { close(socketFD) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = 0
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(socketFD, $0, length) == 0 && getsockname(socketFD, $0, &length) == 0
    }
  }
  guard bound else { throw POSIXError(.EADDRINUSE) }
  return UInt32(UInt16(bigEndian: address.sin_port))
}

/// The body of an HTTP GET to 127.0.0.1 (Python's urllib, two seconds at most), or nil
/// while nothing answers 200.
func loopbackGET(port: UInt32, path: String) async -> String? {
  guard let python = Peers.python,
    let answer = try? await run(
      python,
      [
        "-c",
        "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())",
        "http://127.0.0.1:\(port)\(path)",
      ], timeout: .seconds(5)),
    answer.status == 0
  else { return nil }
  return answer.output
}

/// The repository's example mesh (Examples/mesh), which the recipes' package sits beside.
let exampleMesh = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("mesh").path
