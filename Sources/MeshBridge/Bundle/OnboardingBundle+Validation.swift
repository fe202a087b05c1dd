import EnvoyConfig
import Foundation
internal import MeshSupport

extension OnboardingBundle {
  /// Envoy's verdict on the sidecar configuration of the bundle at `bundle`, as the
  /// sidecar will load it.
  ///
  /// A bundle made for a container names its files where the container mounts it
  /// (``BundleOptions/mountPath``), which does not exist on the machine checking it. Envoy
  /// then checks a temporary copy whose configuration and SDS files name the copy's files
  /// instead; the copy is removed afterwards. A bundle read where it is written is checked
  /// in place.
  ///
  /// ```swift
  /// let validator = EnvoyValidator(executable: URL(fileURLWithPath: "/usr/local/bin/envoy"))
  /// let verdict = try await OnboardingBundle.validate(bundle, options: options, with: validator)
  /// for diagnostic in verdict.errors { print(diagnostic) }
  /// ```
  /// - Parameters:
  ///   - bundle: The bundle's directory.
  ///   - options: The options the bundle was written with (its mount path and file names).
  ///   - validator: The Envoy that judges it.
  /// - Returns: Envoy's verdict, with its diagnostics.
  /// - Throws: ``BundleError`` with ``BundleError/Code/fileSystem`` when the copy cannot be
  ///   made (the key, mode 0600 and the proxy's, is readable by its owner and root only);
  ///   what ``EnvoyValidator/validate(configurationFile:)`` throws when Envoy cannot run.
  public static func validate(
    _ bundle: URL, options: BundleOptions, with validator: EnvoyValidator
  ) async throws -> EnvoyValidation {
    let contract = options.contract(bundleDirectory: bundle.path)
    guard let mountPath = options.mountPath, mountPath != bundle.path else {
      return try await validator.validate(
        configurationFile: bundle.appendingPathComponent(contract.configurationFile).path)
    }
    let manager = FileManager.default
    let copy = manager.temporaryDirectory.appendingPathComponent(
      "meshbridge-bundle-check-\(UUID().uuidString)")
    defer { try? manager.removeItem(at: copy) }
    let configuration = copy.appendingPathComponent(contract.configurationFile)
    do {
      try manager.copyItem(at: bundle, to: copy)
      let text = try String(contentsOf: configuration, encoding: .utf8)
      try AtomicFile.write(
        text.replacingOccurrences(of: mountPath, with: copy.path), to: configuration.path,
        mode: 0o644)
      try contract.certificateDirectory(under: copy.path).writeSDSFiles()
    } catch {
      throw BundleError(
        .fileSystem, path: bundle.path,
        reason: "could not make a copy for Envoy to check: \(error)")
    }
    return try await validator.validate(configurationFile: configuration.path)
  }
}
