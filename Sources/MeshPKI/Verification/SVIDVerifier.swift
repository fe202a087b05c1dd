internal import CMeshSSL
import Foundation

/// Owns an X509_STORE of one trust domain's authorities, built once and shared by every
/// verification: OpenSSL locks the store's lookups, so concurrent verifications are safe.
final class StoreBox: @unchecked Sendable {
  // @unchecked: `pointer` is immutable; X509_STORE serialises its own lookups.
  let pointer: OpaquePointer

  init(authorities: [Certificate]) throws {
    guard let store = X509_STORE_new() else {
      throw OpenSSLErrors.error(.openSSL, "could not create a trust store")
    }
    pointer = store
    for authority in authorities {
      guard X509_STORE_add_cert(store, authority.box.pointer) == 1 else {
        throw OpenSSLErrors.error(.openSSL, "could not add an authority to the trust store")
      }
    }
  }

  deinit {
    X509_STORE_free(pointer)
  }
}

/// Verifies X509-SVIDs: the chain against the trust bundle of the leaf's trust domain at a
/// given time, and the leaf rules of X509-SVID.md as go-spiffe applies them.
///
/// ```swift
/// let verifier = try SVIDVerifier(bundles: TrustBundleSet([bundle, federatedBundle]))
/// let id = try verifier.verify(chain)   // the SPIFFE ID, or a PKIError naming the rule
/// ```
public struct SVIDVerifier: Sendable {
  private let stores: [TrustDomain: StoreBox]

  /// A verifier for the trust domains of `bundles`.
  /// - Throws: ``PKIError`` if OpenSSL cannot build a trust store.
  public init(bundles: TrustBundleSet) throws {
    var stores: [TrustDomain: StoreBox] = [:]
    for (trustDomain, bundle) in bundles.bundles {
      stores[trustDomain] = try StoreBox(authorities: bundle.x509Authorities)
    }
    self.stores = stores
  }

  /// A verifier for one trust domain.
  /// - Throws: ``PKIError`` if OpenSSL cannot build a trust store.
  public init(bundle: TrustBundle) throws {
    try self.init(bundles: TrustBundleSet([bundle]))
  }

  /// Verifies a chain, leaf first, and returns the leaf's SPIFFE ID.
  ///
  /// The rules, in go-spiffe's order: the leaf has exactly one URI SAN, a valid SPIFFE ID;
  /// it is not a CA, may not sign certificates or CRLs, and may sign data
  /// (digitalSignature); a bundle is known for its trust domain; the chain verifies to
  /// one of that bundle's authorities at `time` (signatures, validity, CA constraints,
  /// path lengths and name constraints, by OpenSSL).
  /// - Parameters:
  ///   - chain: The leaf, then intermediates.
  ///   - time: The moment to verify at; now by default.
  /// - Returns: The leaf's SPIFFE ID.
  /// - Throws: ``PKIError`` naming the rule and the certificate that broke it.
  public func verify(_ chain: [Certificate], at time: Date = Date()) throws -> SPIFFEID {
    guard let leaf = chain.first else { throw PKIError(.emptyChain, "the chain is empty") }
    let leafName = "certificate 0 (\(leaf.subject))"
    let uris = leaf.uriSANs
    if uris.isEmpty {
      throw PKIError(.leafHasNoURISAN, "the leaf has no URI SAN", certificate: leafName)
    }
    if uris.count > 1 {
      throw PKIError(
        .leafHasMultipleURISANs, "an X509-SVID has exactly one URI SAN, found \(uris.count)",
        certificate: leafName)
    }
    let id: SPIFFEID
    do {
      id = try SPIFFEID(uris[0])
    } catch let error as PKIError {
      throw PKIError(
        .invalidSPIFFEID, "the leaf's URI SAN is not a SPIFFE ID: \(error.message)",
        certificate: leafName)
    }
    if leaf.isCA { throw PKIError(.leafIsCA, "the leaf must not be a CA", certificate: leafName) }
    let usage = leaf.keyUsage
    if usage.contains(.keyCertSign) {
      throw PKIError(
        .leafCanSign, "the leaf must not have keyCertSign key usage", certificate: leafName)
    }
    if usage.contains(.cRLSign) {
      throw PKIError(
        .leafCanSign, "the leaf must not have cRLSign key usage", certificate: leafName)
    }
    if !usage.contains(.digitalSignature) {
      throw PKIError(
        .leafMissingDigitalSignature, "the leaf must have digitalSignature key usage",
        certificate: leafName)
    }
    guard let store = stores[id.trustDomain] else {
      throw PKIError(
        .noBundleForTrustDomain, "no trust bundle for trust domain \(id.trustDomain)",
        certificate: leafName)
    }
    try verifyChain(chain, store: store, at: time)
    return id
  }

  private func verifyChain(_ chain: [Certificate], store: StoreBox, at time: Date) throws {
    OpenSSLErrors.clear()
    guard let context = X509_STORE_CTX_new(), let untrusted = CMeshSSL_sk_X509_new_null() else {
      throw OpenSSLErrors.error(.openSSL, "could not prepare verification")
    }
    defer {
      X509_STORE_CTX_free(context)
      // The stack borrows the chain's certificates; free only the stack.
      OPENSSL_sk_free(untrusted)
    }
    for certificate in chain.dropFirst() {
      _ = CMeshSSL_sk_X509_push(untrusted, certificate.box.pointer)
    }
    guard X509_STORE_CTX_init(context, store.pointer, chain[0].box.pointer, untrusted) == 1 else {
      throw OpenSSLErrors.error(.openSSL, "could not prepare verification")
    }
    X509_STORE_CTX_set_time(context, 0, time_t(time.timeIntervalSince1970.rounded(.down)))
    // A bundle may hold intermediates as authorities (an upstream CA's): trust them.
    X509_STORE_CTX_set_flags(context, UInt(X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_X509_STRICT))
    if X509_verify_cert(context) == 1 { return }
    let code = X509_STORE_CTX_get_error(context)
    let depth = Int(X509_STORE_CTX_get_error_depth(context))
    let reason = String(cString: X509_verify_cert_error_string(Int(code)))
    OpenSSLErrors.clear()
    let culprit =
      X509_STORE_CTX_get_current_cert(context).map {
        Certificate.text(of: X509_get_subject_name($0))
      } ?? "unknown"
    let location =
      depth < chain.count ? "certificate \(depth) (\(culprit))" : "bundle certificate (\(culprit))"
    switch code {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      throw PKIError(
        .expired, "expired before \(time)", certificate: location, openSSLReason: reason)
    case X509_V_ERR_CERT_NOT_YET_VALID:
      throw PKIError(
        .notYetValid, "not yet valid at \(time)", certificate: location, openSSLReason: reason)
    default:
      throw PKIError(.chainInvalid, reason, certificate: location, openSSLReason: reason)
    }
  }
}
