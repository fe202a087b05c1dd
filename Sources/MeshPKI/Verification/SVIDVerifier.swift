internal import CMeshSSL
import Foundation
import MeshIdentity
internal import Synchronization

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

/// Intermediates that verified to one trust domain's authorities, each with a store that
/// trusts it and the window in which the path above it is valid. The next chain through
/// the same intermediate then checks one signature (the leaf's) instead of the whole path:
/// signatures do not change, and the window is checked on every use.
final class VerifiedIntermediates: Sendable {
  struct Entry {
    let store: StoreBox
    let notBefore: Date
    let notAfter: Date
  }

  /// Enough for every intermediate of a mesh; a bound, because nothing should grow
  /// without one.
  static let capacity = 256

  private let entries = Mutex<[[UInt8]: Entry]>([:])

  func store(for intermediate: [UInt8], at time: Date) -> StoreBox? {
    entries.withLock { entries in
      guard let entry = entries[intermediate], entry.notBefore <= time, time < entry.notAfter
      else { return nil }
      return entry.store
    }
  }

  func record(_ intermediate: Certificate, der: [UInt8], notBefore: Date, notAfter: Date) {
    entries.withLock { entries in
      guard entries[der] == nil, entries.count < Self.capacity,
        let store = try? StoreBox(authorities: [intermediate])
      else { return }
      entries[der] = Entry(store: store, notBefore: notBefore, notAfter: notAfter)
    }
  }
}

/// What the verifier keeps per trust domain.
final class TrustDomainVerification: Sendable {
  let store: StoreBox
  let intermediates = VerifiedIntermediates()

  init(authorities: [Certificate]) throws {
    store = try StoreBox(authorities: authorities)
  }
}

/// Verifies X509-SVIDs: the chain against the trust bundle of the leaf's trust domain at a
/// given time, and the leaf rules of X509-SVID.md as go-spiffe applies them.
///
/// A verifier remembers the intermediates whose paths verified (up to 256 per trust
/// domain), so that later chains through them check only the leaf's signature, while the
/// validity of the whole path is still checked at every verification time.
///
/// ```swift
/// let verifier = try SVIDVerifier(bundles: TrustBundleSet([bundle, federatedBundle]))
/// let id = try verifier.verify(chain)   // the SPIFFE ID, or a PKIError naming the rule
/// ```
public struct SVIDVerifier: Sendable {
  private let domains: [TrustDomain: TrustDomainVerification]

  /// A verifier for the trust domains of `bundles`.
  /// - Throws: ``PKIError`` if OpenSSL cannot build a trust store.
  public init(bundles: TrustBundleSet) throws {
    var domains: [TrustDomain: TrustDomainVerification] = [:]
    for (trustDomain, bundle) in bundles.bundles {
      domains[trustDomain] = try TrustDomainVerification(authorities: bundle.x509Authorities)
    }
    self.domains = domains
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
    let id = try SPIFFEID(uris[0], foundIn: "the leaf's URI SAN", certificate: leafName)
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
    guard let domain = domains[id.trustDomain] else {
      throw PKIError(
        .noBundleForTrustDomain, "no trust bundle for trust domain \(id.trustDomain)",
        certificate: leafName)
    }
    // A leaf this module just built holds its key only encoded; OpenSSL's checks need it
    // decoded.
    let decodedChain = chain.map { $0.hasDecodedPublicKey ? $0 : $0.reparsed }
    if decodedChain.count == 2 {
      let intermediate = decodedChain[1].derEncoded
      if let shortcut = domain.intermediates.store(for: intermediate, at: time) {
        try verifyChain([decodedChain[0]], store: shortcut, at: time)
        return id
      }
      try verifyChain(decodedChain, store: domain.store, at: time) { verified in
        Self.remember(
          verified, intermediate: decodedChain[1], der: intermediate, in: domain.intermediates)
      }
      return id
    }
    try verifyChain(decodedChain, store: domain.store, at: time)
    return id
  }

  /// Remembers an intermediate whose path verified, unless a certificate above it
  /// constrains names (trusting the intermediate directly would skip that constraint).
  private static func remember(
    _ verified: OpaquePointer, intermediate: Certificate, der: [UInt8],
    in cache: VerifiedIntermediates
  ) {
    let count = CMeshSSL_sk_X509_num(verified)
    guard count >= 2 else { return }
    var notBefore = Date.distantPast
    var notAfter = Date.distantFuture
    for index in 1..<count {
      guard let certificate = CMeshSSL_sk_X509_value(verified, index) else { return }
      if index >= 2 && X509_get_ext_by_NID(certificate, NID_name_constraints, -1) >= 0 { return }
      notBefore = max(notBefore, Certificate.date(of: X509_get0_notBefore(certificate)))
      notAfter = min(notAfter, Certificate.date(of: X509_get0_notAfter(certificate)))
    }
    cache.record(intermediate, der: der, notBefore: notBefore, notAfter: notAfter)
  }

  private func verifyChain(
    _ chain: [Certificate], store: StoreBox, at time: Date,
    onSuccess: (OpaquePointer) -> Void = { _ in }
  ) throws {
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
    if X509_verify_cert(context) == 1 {
      if let verified = X509_STORE_CTX_get0_chain(context) { onSuccess(verified) }
      return
    }
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
