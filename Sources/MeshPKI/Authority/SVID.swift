import Foundation
import MeshIdentity

/// An X509-SVID: the certificate chain that proves a workload's SPIFFE ID, leaf first,
/// and the private key when this process holds it.
public struct SVID: Sendable, CustomStringConvertible {
  /// The identity the leaf carries.
  public let spiffeID: SPIFFEID
  /// The leaf, then the intermediates up to (not including) the root.
  public let chain: [Certificate]
  /// The leaf's private key; nil when the SVID was issued for a CSR or a public key.
  public let privateKey: PrivateKey?

  /// Creates an SVID from its parts, checking that the chain's leaf carries `spiffeID`
  /// and, when given, that the key is the leaf's.
  /// - Throws: ``PKIError`` with ``PKIError/Code/emptyChain``,
  ///   ``PKIError/Code/invalidSPIFFEID`` or ``PKIError/Code/keyMismatch``.
  public init(chain: [Certificate], privateKey: PrivateKey?) throws {
    guard let leaf = chain.first else {
      throw PKIError(.emptyChain, "an SVID needs at least its leaf")
    }
    let uris = leaf.uriSANs
    guard uris.count == 1 else {
      throw PKIError(
        uris.isEmpty ? .leafHasNoURISAN : .leafHasMultipleURISANs,
        "an X509-SVID has exactly one URI SAN, found \(uris.count)",
        certificate: "certificate 0 (\(leaf.subject))")
    }
    spiffeID = try SPIFFEID(
      uris[0], foundIn: "the leaf's URI SAN", certificate: "certificate 0 (\(leaf.subject))")
    if let privateKey, !leaf.matches(privateKey) {
      throw PKIError(.keyMismatch, "the private key does not belong to the leaf certificate")
    }
    self.chain = chain
    self.privateKey = privateKey
  }

  /// An SVID this module just issued: the chain and key are known to belong together.
  init(issued chain: [Certificate], id: SPIFFEID, privateKey: PrivateKey?) {
    spiffeID = id
    self.chain = chain
    self.privateKey = privateKey
  }

  /// Reads an SVID from PEM: the chain (leaf first) and, optionally, the key.
  /// - Throws: ``PKIError`` as ``init(chain:privateKey:)`` and the PEM readers do.
  public init(chainPEM: String, keyPEM: String? = nil, passphrase: String? = nil) throws {
    let chain = try Certificate.parseBundle(pemEncoded: chainPEM)
    let key = try keyPEM.map { try PrivateKey(pemEncoded: $0, passphrase: passphrase) }
    try self.init(chain: chain, privateKey: key)
  }

  /// The leaf certificate.
  public var leaf: Certificate { chain[0] }

  /// When the leaf expires.
  public var notAfter: Date { leaf.notAfter }

  /// The chain as PEM, leaf first.
  public var chainPEM: String { chain.map(\.pemEncoded).joined() }

  /// Whether the SVID has used more than `fraction` of its lifetime at `date`: the moment
  /// to renew it (SPIRE renews at one half).
  public func needsRenewal(at date: Date = Date(), fraction: Double = 0.5) -> Bool {
    let lifetime = leaf.notAfter.timeIntervalSince(leaf.notBefore)
    return date.timeIntervalSince(leaf.notBefore) >= lifetime * fraction
  }

  public var description: String { "SVID(\(spiffeID), expires \(notAfter))" }
}
