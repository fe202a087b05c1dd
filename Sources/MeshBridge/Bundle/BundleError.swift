/// A bundle that could not be written, read or renewed: what failed, the path at fault,
/// why, and the field of the input when one was wrong. Safe to log: it names paths and
/// identities, never key material.
///
/// ```
/// BundleError.trustDomainMismatch: /var/lib/meshbridge/orders: the bundle's trust domain other.org is not the CA's (example.org); a CA issues SVIDs in its own trust domain only (field trustDomain)
/// ```
public struct BundleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// The trust domain asked for (`BundleOptions.trustDomain`) is not the CA's.
    public static let trustDomainMismatch = Code("trustDomainMismatch")
    /// The workload's namespace or service account cannot make a SPIFFE ID.
    public static let invalidWorkloadIdentity = Code("invalidWorkloadIdentity")
    /// The CA issued an SVID without its private key.
    public static let missingPrivateKey = Code("missingPrivateKey")
    /// The bundle's `manifest.json` is missing or not a manifest.
    public static let unreadableManifest = Code("unreadableManifest")
    /// Another writer held the bundle's lock for longer than the wait allows.
    public static let inUse = Code("inUse")
    /// The system refused to create, write, move or read a file of the bundle.
    public static let fileSystem = Code("fileSystem")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The bundle's directory, or the file at fault.
  public var path: String
  /// What was wrong, and the system's reason when it refused.
  public var reason: String
  /// The field of the input at fault (`trustDomain` of ``BundleOptions``,
  /// `metadata.namespace` or `spec.serviceAccount` of the WorkloadEntry), when one was.
  public var field: String?

  /// Creates an error.
  /// - Parameters:
  ///   - code: What failed.
  ///   - path: The bundle's directory, or the file at fault.
  ///   - reason: What was wrong.
  ///   - field: The field of the input at fault, when one was.
  public init(_ code: Code, path: String, reason: String, field: String? = nil) {
    self.code = code
    self.path = path
    self.reason = reason
    self.field = field
  }

  public var description: String {
    "BundleError.\(code): \(path): \(reason)" + (field.map { " (field \($0))" } ?? "")
  }
}
