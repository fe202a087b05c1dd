import Foundation
import MeshIdentity

/// The X.509 authorities of one trust domain: the roots (and any other CA certificates)
/// that SVIDs of that trust domain must chain to.
///
/// It reads and writes PEM and the SPIFFE bundle format
/// (SPIFFE_Trust_Domain_and_Bundle.md: a JWK Set whose `x509-svid` keys carry one
/// certificate each in `x5c`).
public struct TrustBundle: Sendable, Hashable {
  /// The trust domain.
  public var trustDomain: TrustDomain
  /// The X.509 authorities.
  public var x509Authorities: [Certificate]
  /// `spiffe_refresh_hint`: how often, in seconds, consumers should refresh the bundle.
  public var refreshHint: Int?
  /// `spiffe_sequence`: increases with every change of the bundle.
  public var sequenceNumber: UInt64?

  /// Creates a bundle.
  public init(
    trustDomain: TrustDomain, x509Authorities: [Certificate], refreshHint: Int? = nil,
    sequenceNumber: UInt64? = nil
  ) {
    self.trustDomain = trustDomain
    self.x509Authorities = x509Authorities
    self.refreshHint = refreshHint
    self.sequenceNumber = sequenceNumber
  }

  /// Reads the authorities from PEM.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` for a bad block, or
  ///   ``PKIError/Code/invalidBundle`` when there is no certificate at all.
  public init(trustDomain: TrustDomain, pemEncoded pem: String) throws {
    let certificates = try Certificate.parseBundle(pemEncoded: pem)
    guard !certificates.isEmpty else {
      throw PKIError(.invalidBundle, "the bundle holds no certificate")
    }
    self.init(trustDomain: trustDomain, x509Authorities: certificates)
  }

  /// The trust domain that CA certificates name in their `spiffe://` URI SAN (as this
  /// module's CAs, SPIRE's and Istio's do), when they all name the same one.
  /// - Returns: nil when none names one; the bundle's trust domain must then be given.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidBundle`` when they name different
  ///   trust domains, ``PKIError/Code/invalidSPIFFEID`` for a malformed one.
  public static func trustDomain(namedBy authorities: [Certificate]) throws -> TrustDomain? {
    var named: Set<TrustDomain> = []
    for certificate in authorities {
      for uri in certificate.uriSANs where SPIFFEID.hasSPIFFEScheme(uri) {
        named.insert(
          try SPIFFEID(
            uri, foundIn: "a CA certificate's URI SAN",
            certificate: "CA (\(certificate.subject))"
          ).trustDomain)
      }
    }
    guard named.count <= 1 else {
      throw PKIError(
        .invalidBundle,
        "the bundle's CA certificates name several trust domains: \(named.map(\.name).sorted().joined(separator: ", "))"
      )
    }
    return named.first
  }

  /// The authorities as PEM, in order.
  public var pemEncoded: String { x509Authorities.map(\.pemEncoded).joined() }

  /// Adds authorities not yet in the bundle (for CA rotation: old and new roots).
  public mutating func add(_ certificates: [Certificate]) {
    for certificate in certificates where !x509Authorities.contains(certificate) {
      x509Authorities.append(certificate)
    }
  }
}

/// The bundles of several trust domains, for verifying SVIDs across federated domains.
public struct TrustBundleSet: Sendable, Hashable {
  /// The bundles by trust domain.
  public private(set) var bundles: [TrustDomain: TrustBundle]

  /// Creates a set; a later bundle of the same trust domain replaces an earlier one.
  public init(_ bundles: [TrustBundle] = []) {
    self.bundles = Dictionary(
      bundles.map { ($0.trustDomain, $0) }, uniquingKeysWith: { _, later in later })
  }

  /// Adds or replaces the bundle of its trust domain.
  public mutating func insert(_ bundle: TrustBundle) {
    bundles[bundle.trustDomain] = bundle
  }

  /// The bundle of a trust domain.
  public func bundle(for trustDomain: TrustDomain) -> TrustBundle? {
    bundles[trustDomain]
  }
}
