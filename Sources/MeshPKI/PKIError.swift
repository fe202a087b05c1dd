/// An error from MeshPKI: what failed, in words safe to log.
///
/// No error ever holds key material, passphrases or whole PEM blocks: only what failed,
/// which file, which certificate (by its position in a chain and its subject), and
/// OpenSSL's reason.
///
/// ```
/// PKIError.leafHasMultipleURISANs: certificate 0 (O=example.org): an X509-SVID has exactly one URI SAN, found 2
/// PKIError.keyMismatch: ca/ca.key: CA (O=MeshBridge,CN=example.org root CA): the CA key does not belong to the CA certificate
/// ```
public struct PKIError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    // Input
    /// PEM or DER that does not parse.
    public static let invalidEncoding = Code("invalidEncoding")
    /// An encrypted private key with no or the wrong passphrase.
    public static let wrongPassphrase = Code("wrongPassphrase")
    /// A key of a type or size this module does not use.
    public static let unsupportedKey = Code("unsupportedKey")
    /// A SPIFFE ID or trust domain that breaks SPIFFE-ID.md.
    public static let invalidSPIFFEID = Code("invalidSPIFFEID")
    /// A CSR whose signature does not verify with its own key.
    public static let invalidCSRSignature = Code("invalidCSRSignature")
    /// A CSR that asks for something the CA will not issue.
    public static let invalidCSR = Code("invalidCSR")
    /// A CSR that asks for another SPIFFE ID than the one the issuer expects.
    public static let spiffeIDMismatch = Code("spiffeIDMismatch")
    /// A value out of range: a TTL, a path length, a key size.
    public static let invalidArgument = Code("invalidArgument")
    /// A SPIFFE bundle document that does not follow the bundle format.
    public static let invalidBundle = Code("invalidBundle")
    // Authority
    /// The CA's private key does not belong to its certificate.
    public static let keyMismatch = Code("keyMismatch")
    /// The CA cannot issue what was asked: its certificate is not a CA, it has expired,
    /// or its path length forbids another CA.
    public static let issuerNotUsable = Code("issuerNotUsable")
    /// A renewal whose proof of possession, identity or age is not acceptable.
    public static let renewalRejected = Code("renewalRejected")
    /// A CA's chain stops before a self-signed root: an issuer is missing, so the CA
    /// cannot say which root its certificates verify with.
    public static let incompleteChain = Code("incompleteChain")
    // Verification
    /// The chain does not verify: against the bundle, or, for a CA's own chain, a
    /// certificate not issued by the one after it (OpenSSL's reason says why when it
    /// gives one).
    public static let chainInvalid = Code("chainInvalid")
    /// A certificate of the chain has expired at the verification time.
    public static let expired = Code("expired")
    /// A certificate of the chain is not yet valid at the verification time.
    public static let notYetValid = Code("notYetValid")
    /// No bundle is known for the leaf's trust domain.
    public static let noBundleForTrustDomain = Code("noBundleForTrustDomain")
    /// The leaf has no URI SAN.
    public static let leafHasNoURISAN = Code("leafHasNoURISAN")
    /// The leaf has more than one URI SAN.
    public static let leafHasMultipleURISANs = Code("leafHasMultipleURISANs")
    /// The leaf is a CA.
    public static let leafIsCA = Code("leafIsCA")
    /// The leaf may sign certificates or CRLs.
    public static let leafCanSign = Code("leafCanSign")
    /// The leaf's key usage lacks digitalSignature.
    public static let leafMissingDigitalSignature = Code("leafMissingDigitalSignature")
    /// The chain is empty.
    public static let emptyChain = Code("emptyChain")
    // Environment
    /// Reading or writing a file failed.
    public static let fileSystem = Code("fileSystem")
    /// A file that must be there is not (a CA directory without its key, for one).
    public static let missingFile = Code("missingFile")
    /// Another writer holds the directory and did not let go in time.
    public static let inUse = Code("inUse")
    /// The directory already holds a CA, and replacing it was not asked for.
    public static let alreadyExists = Code("alreadyExists")
    /// A private key file that others than its owner may read (as ssh refuses such keys).
    public static let insecureKeyFile = Code("insecureKeyFile")
    /// OpenSSL failed where it should not (out of memory, for instance).
    public static let openSSL = Code("openSSL")

    /// The code's name.
    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// A sentence saying what was wrong.
  public var message: String
  /// The file at fault, when one is: the CA directory's `ca.key` whose key does not
  /// match, the `ca.pem` that does not parse.
  public var file: String?
  /// The certificate at fault, as `certificate N (subject)`, when one is.
  public var certificate: String?
  /// OpenSSL's reason, when OpenSSL reported one.
  public var openSSLReason: String?

  /// Creates an error; every parameter is the property of the same name.
  public init(
    _ code: Code, _ message: String, file: String? = nil, certificate: String? = nil,
    openSSLReason: String? = nil
  ) {
    self.code = code
    self.message = message
    self.file = file
    self.certificate = certificate
    self.openSSLReason = openSSLReason
  }

  /// `PKIError.<code>: <file>: <certificate>: <message> (<OpenSSL's reason>)`, each part
  /// when there is one; a file the message already names is not repeated.
  public var description: String {
    var text = "PKIError.\(code): "
    if let file, !message.contains(file) { text += "\(file): " }
    if let certificate { text += "\(certificate): " }
    text += message
    if let openSSLReason, !message.contains(openSSLReason) { text += " (\(openSSLReason))" }
    return text
  }
}
