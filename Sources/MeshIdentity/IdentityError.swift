/// An error from MeshIdentity: an identity that breaks the SPIFFE or Istio rules, with
/// the rule broken and the text at fault.
///
/// ```
/// IdentityError.invalidSPIFFEID: trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores ("spiffe://Example.org/web")
/// ```
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// A SPIFFE ID or trust domain that breaks SPIFFE-ID.md.
    public static let invalidSPIFFEID = Code("invalidSPIFFEID")
    /// A namespace or service account that cannot be a segment of a SPIFFE ID path.
    public static let invalidWorkloadName = Code("invalidWorkloadName")
    /// A SPIFFE ID whose path is not Istio's `/ns/<namespace>/sa/<service account>`.
    public static let notAWorkloadIdentity = Code("notAWorkloadIdentity")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The rule broken, in go-spiffe's words for SPIFFE IDs.
  public var message: String
  /// The text at fault (at most 120 characters of it), when there is one.
  public var input: String?

  /// Creates an error.
  public init(_ code: Code, _ message: String, input: String? = nil) {
    self.code = code
    self.message = message
    self.input = input.map(Self.bounded)
  }

  public var description: String {
    var text = "IdentityError.\(code): \(message)"
    if let input { text += " (\(input.debugDescription))" }
    return text
  }

  /// Identities are public names, not secrets, but an input can be any length: keep
  /// errors one line long.
  private static func bounded(_ text: String) -> String {
    text.count <= 120 ? text : String(text.prefix(117)) + "..."
  }
}
