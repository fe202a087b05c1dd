import MeshIdentity

extension SPIFFEID {
  /// A SPIFFE ID read from a certificate or a CSR: MeshIdentity's reason for a malformed
  /// one becomes a ``PKIError`` with ``PKIError/Code/invalidSPIFFEID`` that names where it
  /// was found, so MeshPKI's callers see one error type.
  /// - Parameters:
  ///   - text: The URI SAN.
  ///   - source: What holds it, for the message (`the leaf's URI SAN`).
  ///   - certificate: The certificate at fault, as ``PKIError/certificate`` names one.
  init(_ text: String, foundIn source: String, certificate: String? = nil) throws {
    do {
      try self.init(text)
    } catch let error as IdentityError {
      throw PKIError(
        .invalidSPIFFEID, "\(source) is not a SPIFFE ID: \(error.message)",
        certificate: certificate)
    }
  }
}
