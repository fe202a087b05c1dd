/// An error from MeshPKI: what failed, in words safe to log.
///
/// No error ever holds key material, passphrases or whole PEM blocks: only what failed,
/// which certificate (by its position in a chain and its subject), and OpenSSL's reason.
///
/// ```
/// PKIError.leafHasMultipleURISANs: certificate 0 (O=example.org): an X509-SVID has exactly one URI SAN, found 2
/// ```
public struct PKIError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. Adding a code is an API change.
  public enum Code: String, Sendable, Hashable {
    // Input
    /// PEM or DER that does not parse.
    case invalidEncoding
    /// An encrypted private key with no or the wrong passphrase.
    case wrongPassphrase
    /// A key of a type or size this module does not use.
    case unsupportedKey
    /// A SPIFFE ID or trust domain that breaks SPIFFE-ID.md.
    case invalidSPIFFEID
    /// A CSR whose signature does not verify with its own key.
    case invalidCSRSignature
    /// A CSR that asks for something the CA will not issue.
    case invalidCSR
    /// A value out of range: a TTL, a path length, a key size.
    case invalidArgument
    /// A SPIFFE bundle document that does not follow the bundle format.
    case invalidBundle
    // Authority
    /// The CA's private key does not belong to its certificate.
    case keyMismatch
    /// The CA cannot issue what was asked: its certificate is not a CA, it has expired,
    /// or its path length forbids another CA.
    case issuerNotUsable
    /// A renewal whose proof of possession, identity or age is not acceptable.
    case renewalRejected
    // Verification
    /// The chain does not verify against the bundle (OpenSSL's reason says why).
    case chainInvalid
    /// A certificate of the chain has expired at the verification time.
    case expired
    /// A certificate of the chain is not yet valid at the verification time.
    case notYetValid
    /// No bundle is known for the leaf's trust domain.
    case noBundleForTrustDomain
    /// The leaf has no URI SAN.
    case leafHasNoURISAN
    /// The leaf has more than one URI SAN.
    case leafHasMultipleURISANs
    /// The leaf is a CA.
    case leafIsCA
    /// The leaf may sign certificates or CRLs.
    case leafCanSign
    /// The leaf's key usage lacks digitalSignature.
    case leafMissingDigitalSignature
    /// The chain is empty.
    case emptyChain
    // Environment
    /// Reading or writing a file failed.
    case fileSystem
    /// Another writer holds the directory and did not let go in time.
    case inUse
    /// The directory already holds a CA, and replacing it was not asked for.
    case alreadyExists
    /// A private key file that others than its owner may read (as ssh refuses such keys).
    case insecureKeyFile
    /// OpenSSL failed where it should not (out of memory, for instance).
    case openSSL
  }

  /// What failed.
  public var code: Code
  /// A sentence saying what was wrong.
  public var message: String
  /// The certificate at fault, as `certificate N (subject)`, when one is.
  public var certificate: String?
  /// OpenSSL's reason, when OpenSSL reported one.
  public var openSSLReason: String?

  /// Creates an error.
  public init(
    _ code: Code, _ message: String, certificate: String? = nil, openSSLReason: String? = nil
  ) {
    self.code = code
    self.message = message
    self.certificate = certificate
    self.openSSLReason = openSSLReason
  }

  public var description: String {
    var text = "PKIError.\(code.rawValue): "
    if let certificate { text += "\(certificate): " }
    text += message
    if let openSSLReason, !message.contains(openSSLReason) { text += " (\(openSSLReason))" }
    return text
  }
}
