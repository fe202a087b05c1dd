import Foundation
import MeshSupport

/// Finds the real peers the tests check against (the project's Python venv with PyYAML,
/// jsonschema, envoy, moto, botocore, cryptography) and the shared test data.
///
/// A test that needs a peer is enabled when the peer is present or when `CI=true`; in CI
/// a missing peer therefore fails the test instead of skipping it.
public enum Peers {
  /// The package's root directory.
  public static let packageRoot: URL = {
    // Tests/MeshTestSupport/Peers.swift -> the package root.
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }()

  /// `../shared/testdata` beside the package.
  public static let sharedTestdata: URL = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/testdata")

  /// Whether this run is CI's (`CI=true`), where a missing peer is a failure.
  public static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

  /// The venv's Python, from `MESHBRIDGE_PYTHON` or `.venv/bin/python`, if it exists.
  public static let python: URL? = {
    let candidates: [String?] = [
      ProcessInfo.processInfo.environment["MESHBRIDGE_PYTHON"],
      packageRoot.appendingPathComponent(".venv/bin/python").path,
    ]
    let found = candidates.compactMap { $0 }.first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    return found.map { URL(fileURLWithPath: $0) }
  }()

  /// The `openssl` command-line tool, found on PATH.
  public static let openssl: URL? = executable(named: "openssl")

  /// Whether tests that need the openssl CLI should run.
  public static var opensslAvailableOrRequired: Bool { openssl != nil || isCI }

  /// Why an openssl test is skipped outside CI.
  public static let missingOpenSSLReason =
    "needs the openssl command (Scripts/bootstrap installs it); CI=true makes this a failure"

  /// Runs `openssl` with the arguments.
  /// - Throws: ``PeerMissing`` when it is not installed.
  public static func runOpenSSL(_ arguments: [String], input: Data = Data()) throws -> Output {
    guard let openssl else { throw PeerMissing(description: missingOpenSSLReason) }
    return try run(openssl, arguments: arguments, input: input)
  }

  /// An executable on PATH.
  public static func executable(named name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map {
      URL(fileURLWithPath: String($0)).appendingPathComponent(name)
    }
    .first { FileManager.default.isExecutableFile(atPath: $0.path) }
  }

  /// A new temporary directory; the caller removes it.
  public static func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("meshbridge-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }

  /// Whether tests that need the Python peers should run: they are there, or CI demands
  /// them.
  public static var pythonAvailableOrRequired: Bool { python != nil || isCI }

  /// Why a peer test is skipped outside CI.
  public static let missingPythonReason =
    "needs the test peers in .venv (run Scripts/bootstrap); CI=true makes this a failure"

  /// The result of running a peer.
  public struct Output: Sendable {
    /// The exit status, or the signal's number when a signal ended the process.
    public var status: Int32
    /// Whether a signal ended the process (a crash, or a kill).
    public var bySignal: Bool = false
    public var stdout: String
    public var stderr: String
  }

  public struct PeerMissing: Error, CustomStringConvertible {
    public var description: String

    /// A peer is missing, for the reason given.
    public init(description: String) {
      self.description = description
    }
  }

  /// Runs a Python script with the venv's interpreter, feeding `input` on stdin.
  /// - Throws: ``PeerMissing`` when there is no venv.
  public static func runPython(_ script: String, input: Data = Data(), arguments: [String] = [])
    throws -> Output
  {
    guard let python else { throw PeerMissing(description: missingPythonReason) }
    return try run(python, arguments: ["-c", script] + arguments, input: input)
  }

  /// Runs an executable to completion, with stdin from `input`, through MeshSupport's
  /// `ChildProcess` (posix_spawn, not Foundation's `Process`, whose `run()` crashes now
  /// and then on Linux in a process with many descriptors open).
  /// - Throws: ``PeerMissing`` when it cannot start or does not finish within `timeout`.
  public static func run(
    _ executable: URL, arguments: [String], input: Data = Data(),
    environment: [String: String] = [:], timeout: TimeInterval = 120
  ) throws -> Output {
    let result: ChildProcess.Result
    do {
      // Every peer run is bounded: a hung peer fails its test instead of the whole run.
      result = try ChildProcess.runBlocking(
        executable, arguments: arguments, input: input, timeout: timeout,
        environment: environment, outputLimit: 256 << 20)
    } catch let failure as ChildProcess.Failure where failure.kind == .timedOut {
      throw PeerMissing(
        description: "\(executable.lastPathComponent) did not finish within \(Int(timeout))s")
    } catch let failure as ChildProcess.Failure {
      throw PeerMissing(description: failure.description)
    }
    return Output(
      status: result.status, bySignal: result.bySignal,
      stdout: String(decoding: result.standardOutput, as: UTF8.self),
      stderr: String(decoding: result.standardError, as: UTF8.self))
  }
}

extension Peers {
  /// The `mesh-onboard` executable SwiftPM built beside the test bundle.
  public static let meshOnboard: URL = {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    // On Linux the runner is …/debug/<package>PackageTests.xctest; elsewhere it may sit
    // inside a bundle. Walk up until mesh-onboard is beside us.
    for _ in 0..<4 {
      let candidate = directory.appendingPathComponent("mesh-onboard")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("mesh-onboard")
  }()
}
