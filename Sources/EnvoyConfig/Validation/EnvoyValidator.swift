import Foundation
internal import MeshSupport

/// Asks a real Envoy whether it accepts a configuration: runs the binary it is given in
/// validate mode (`envoy --mode validate`), which loads the bootstrap, its listeners,
/// clusters, routes and the files they name (SDS files, certificates) without opening a
/// port, and returns what Envoy said as structured diagnostics.
///
/// ```swift
/// let validator = EnvoyValidator(executable: URL(fileURLWithPath: "/usr/local/bin/envoy"))
/// let validation = try await validator.validate(translation.bootstrap)
/// guard validation.isAccepted else {
///   for diagnostic in validation.diagnostics { print(diagnostic) }
///   return
/// }
/// ```
///
/// Envoy must be able to read what the configuration names at the paths it names: a
/// configuration for a sidecar container (certificates under its mount path) is checked
/// where those paths exist, or in a copy whose paths point at the files.
public struct EnvoyValidator: Sendable {
  /// The `envoy` binary.
  public var executable: URL
  /// How long one validation may take before Envoy is stopped (one minute by default;
  /// Envoy takes well under a second for a sidecar's configuration).
  public var timeout: Duration

  /// A validator running `executable` for at most `timeout` per configuration.
  public init(executable: URL, timeout: Duration = .seconds(60)) {
    self.executable = executable
    self.timeout = timeout
  }

  /// The most a validation keeps of Envoy's output (1 MiB): Envoy states a refusal in a
  /// line or two, and a configuration it echoes is cut from the diagnostics anyway.
  static let outputLimit = 1 << 20

  /// Validates the bootstrap in the file at `path` (YAML or JSON, as Envoy tells them
  /// apart: by the file's extension).
  /// - Returns: Whether Envoy accepts the configuration, and what it said about it.
  /// - Throws: ``EnvoyConfigError`` with ``EnvoyConfigError/Code/envoyNotFound`` when
  ///   ``executable`` is missing or not executable,
  ///   ``EnvoyConfigError/Code/envoyDidNotStart`` when the system would not start it,
  ///   ``EnvoyConfigError/Code/envoyTimedOut`` when it overran ``timeout`` (it is
  ///   stopped), ``EnvoyConfigError/Code/envoyOutputTooLarge`` when it wrote more than a
  ///   validation keeps; `CancellationError` when the task is cancelled (Envoy is stopped).
  public func validate(configurationFile path: String) async throws -> EnvoyValidation {
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      throw EnvoyConfigError(
        .envoyNotFound, path: executable.path, message: "no executable file there")
    }
    let result: ChildProcess.Result
    do {
      result = try await ChildProcess.run(
        executable,
        arguments: [
          "--mode", "validate", "--config-path", path, "--log-level", "warning",
          "--log-format", EnvoyValidation.logFormat, "--disable-hot-restart",
        ], input: Data(), timeout: seconds(timeout), outputLimit: Self.outputLimit)
    } catch let failure as ChildProcess.Failure {
      switch failure.kind {
      case .timedOut:
        throw EnvoyConfigError(
          .envoyTimedOut, path: executable.path,
          message: "envoy did not finish validating \(path) within \(timeout), and was stopped")
      case .outputTooLarge:
        throw EnvoyConfigError(
          .envoyOutputTooLarge, path: executable.path,
          message:
            "envoy wrote more than \(Self.outputLimit) bytes validating \(path), and was stopped")
      default:
        throw EnvoyConfigError(
          .envoyDidNotStart, path: executable.path, message: failure.description)
      }
    }
    return EnvoyValidation(
      status: result.status, endedBySignal: result.bySignal,
      log: String(decoding: result.standardError, as: UTF8.self))
  }

  /// Validates `bootstrap`, written as JSON to a private temporary file (mode 0600: a
  /// bootstrap may hold inline keys) that is removed afterwards.
  /// - Returns: Whether Envoy accepts the configuration, and what it said about it.
  /// - Throws: As ``validate(configurationFile:)``, and ``EnvoyConfigError`` with
  ///   ``EnvoyConfigError/Code/fileSystem`` when the temporary file cannot be written;
  ///   `EncodingError` as ``EnvoyConfigEncoder/json(_:)`` throws it.
  public func validate(_ bootstrap: Envoy.Bootstrap) async throws -> EnvoyValidation {
    let contents = try EnvoyConfigEncoder().json(bootstrap)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("meshbridge-envoy-\(UUID().uuidString).json").path
    do {
      try AtomicFile.write(contents, to: path, mode: 0o600)
    } catch let error as FileSystemError {
      throw EnvoyConfigError(.fileSystem, path: path, message: error.description)
    }
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try await validate(configurationFile: path)
  }

  /// `duration` in seconds, as the process runner takes it.
  private func seconds(_ duration: Duration) -> TimeInterval {
    let (seconds, attoseconds) = duration.components
    return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
  }
}
