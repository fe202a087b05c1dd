/// An error from EnvoyConfig's work outside memory: writing a sidecar's certificate
/// directory (``SidecarCertificateDirectory``) or running Envoy to validate a
/// configuration (``EnvoyValidator``). A configuration Envoy refuses is not an error but
/// an ``EnvoyValidation`` with diagnostics.
///
/// Safe to log: it names the path and the system's reason, never a file's contents or
/// what Envoy printed.
///
/// ```
/// EnvoyConfigError.envoyNotFound: /opt/envoy/bin/envoy: no executable file there
/// ```
public struct EnvoyConfigError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Reading or writing a file failed (the system's reason says why).
    public static let fileSystem = Code("fileSystem")
    /// Another writer holds the directory and did not let go in time.
    public static let inUse = Code("inUse")
    /// The Envoy binary given is missing or not executable.
    public static let envoyNotFound = Code("envoyNotFound")
    /// The system would not start the Envoy binary.
    public static let envoyDidNotStart = Code("envoyDidNotStart")
    /// Envoy did not finish within the time it was given, and was stopped.
    public static let envoyTimedOut = Code("envoyTimedOut")
    /// Envoy wrote more than a validation's output limit, and was stopped.
    public static let envoyOutputTooLarge = Code("envoyOutputTooLarge")

    /// The code's name.
    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The file, directory or binary at fault.
  public var path: String
  /// What was wrong, in words safe to log.
  public var message: String

  /// Creates an error; every parameter is the property of the same name.
  public init(_ code: Code, path: String, message: String) {
    self.code = code
    self.path = path
    self.message = message
  }

  /// `EnvoyConfigError.<code>: <path>: <message>`.
  public var description: String { "EnvoyConfigError.\(code): \(path): \(message)" }
}
