import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program to its end without blocking a thread of Swift's cooperative pool.
enum ChildProcess {
  struct Result {
    var status: Int32
    var standardOutput: Data
    var standardError: Data
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// `name` itself when it holds a `/`, else the first executable of that name on `PATH`.
  static func locate(_ name: String) throws -> URL {
    if name.contains("/") { return URL(fileURLWithPath: name) }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if access(candidate, X_OK) == 0 { return URL(fileURLWithPath: candidate) }
    }
    throw Failure(description: "\(name) is not on PATH")
  }

  /// Runs `executable` with `input` on its standard input, stopping it after `timeout`.
  /// Input and output go through files in a private temporary directory rather than pipes:
  /// nothing blocks a thread, and a child that exits without reading cannot raise SIGPIPE
  /// in this process.
  static func run(_ executable: URL, arguments: [String], input: Data, timeout: TimeInterval)
    async throws -> Result
  {
    let manager = FileManager.default
    let folder = manager.temporaryDirectory.appendingPathComponent(
      "meshbridge-\(UUID().uuidString)")
    let (inputFile, outputFile, errorFile) = (
      folder.appendingPathComponent("stdin"), folder.appendingPathComponent("stdout"),
      folder.appendingPathComponent("stderr")
    )
    defer { try? manager.removeItem(at: folder) }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let finished = AsyncStream<Int32>.makeStream()
    process.terminationHandler = { process in
      finished.continuation.yield(process.terminationStatus)
      finished.continuation.finish()
    }
    do {
      try manager.createDirectory(
        at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
      try input.write(to: inputFile)
      for file in [outputFile, errorFile] {
        _ = manager.createFile(atPath: file.path, contents: nil)
      }
      process.standardInput = try FileHandle(forReadingFrom: inputFile)
      process.standardOutput = try FileHandle(forWritingTo: outputFile)
      process.standardError = try FileHandle(forWritingTo: errorFile)
      try process.run()
    } catch {
      throw Failure(description: "cannot start \(executable.path) (\(error))")
    }
    let watchdog = Task { () -> Bool in
      do { try await Task.sleep(nanoseconds: UInt64(timeout * 1e9)) } catch { return false }
      process.terminate()
      return true
    }
    var status: Int32 = -1
    for await code in finished.stream { status = code }
    watchdog.cancel()
    // The stream ends early when the calling task is cancelled: the child goes too.
    if process.isRunning {
      process.terminate()
      throw CancellationError()
    }
    if await watchdog.value {
      throw Failure(description: "\(executable.lastPathComponent) took longer than \(timeout) s")
    }
    return Result(
      status: status, standardOutput: (try? Data(contentsOf: outputFile)) ?? Data(),
      standardError: (try? Data(contentsOf: errorFile)) ?? Data())
  }
}
