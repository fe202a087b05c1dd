/// Why a ``MotoServer`` could not start: Python or moto missing (with how to install them),
/// the launcher missing from the product's resources, moto not starting, its bootstrap
/// failing, or a seeding it could not place.
///
/// Its description is safe to log: it names interpreters, files and what moto printed
/// while starting, never the access key's secret.
///
/// ```
/// MotoServerError.pythonNotFound: no Python interpreter at /opt/none/python (Options.python);
/// MotoServer runs moto's server with Python 3: pip install "moto[server]==5.2.1" …
/// ```
public struct MotoServerError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// No Python interpreter where the options, `MESHBRIDGE_PYTHON`, `.venv` or `PATH` say.
    public static let pythonNotFound = Code("pythonNotFound")
    /// The interpreter cannot import moto's server (moto, or its `server` extra).
    public static let motoNotInstalled = Code("motoNotInstalled")
    /// The launcher script is missing from the product's resource bundle.
    public static let launcherNotFound = Code("launcherNotFound")
    /// moto exited or did not say it was listening within the start timeout.
    public static let didNotStart = Code("didNotStart")
    /// moto started, but creating the IAM user, its key or the EC2 instances failed.
    public static let bootstrapFailed = Code("bootstrapFailed")
    /// moto placed fewer tasks than ``MotoServer/seed(_:)`` asked for.
    public static let seedingFailed = Code("seedingFailed")
    /// An option out of range (a negative number of EC2 instances, an empty region).
    public static let invalidOptions = Code("invalidOptions")

    /// The code's name.
    public var description: String { name }
  }

  /// The kind of failure.
  public var code: Code
  /// What went wrong, where, and for a missing prerequisite how to install it.
  public var message: String

  /// Creates an error.
  /// - Parameters:
  ///   - code: The kind of failure.
  ///   - message: What went wrong and where; never a secret.
  public init(_ code: Code, message: String) {
    self.code = code
    self.message = message
  }

  /// Whether Python or moto is missing: a test that can run without moto skips on this,
  /// where any other failure is one to report.
  public var isMissingPrerequisite: Bool {
    code == .pythonNotFound || code == .motoNotInstalled
  }

  /// `MotoServerError.<code>: <message>`.
  public var description: String { "MotoServerError.\(code): \(message)" }
}
