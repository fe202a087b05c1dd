internal import CMeshSSL
import Foundation
import MeshIdentity

/// A mesh certificate authority: a CA certificate and its key, for one trust domain.
///
/// ```swift
/// let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
/// let issuing = try root.issueIntermediate()
/// let svid = try issuing.issueSVID(for: SPIFFEID("spiffe://example.org/ns/shop/sa/orders"))
/// let id = try SVIDVerifier(bundle: root.bundle).verify(svid.chain)
/// ```
///
/// Leaves follow X509-SVID.md: one URI SAN (the SPIFFE ID), `CA:FALSE`, key usage
/// digitalSignature (and keyEncipherment for RSA keys), extended key usage serverAuth and
/// clientAuth. TTLs default as SPIRE's (SVIDs 1 hour, CAs 24 hours), and nothing is
/// issued to outlive its issuer.
public struct CertificateAuthority: Sendable {
  /// SPIRE's default lifetimes.
  public enum DefaultTTL {
    /// One hour, for X509-SVIDs.
    public static let svid: TimeInterval = 3600
    /// 24 hours, for CA certificates.
    public static let ca: TimeInterval = 24 * 3600
  }

  /// How far before `now` validity starts, to absorb clock skew between hosts.
  static let backdate: TimeInterval = 10

  /// The trust domain whose IDs this CA issues.
  public let trustDomain: TrustDomain
  /// The CA's own certificate.
  public let certificate: Certificate
  /// The CA's signing key.
  public let privateKey: PrivateKey
  /// The certificates above this CA's, nearest first, ending with the root; empty when
  /// this CA is the root.
  public let issuers: [Certificate]
  /// The subject organisation written into the certificates this CA issues.
  public let organization: String
  /// The parts every leaf shares, built once.
  let leafTemplate: LeafTemplate

  /// Takes an existing CA: its certificate, key and issuers up to the root.
  ///
  /// The chain must end in a self-signed root, each certificate issued by the next: a
  /// CA that lacks its issuers is refused rather than taken for a root, since the bundle
  /// it hands out would then be its own certificate.
  /// - Parameters:
  ///   - certificate: The CA certificate (`CA:TRUE`).
  ///   - privateKey: Its key.
  ///   - issuers: The certificates above it up to the root, nearest first; empty when
  ///     `certificate` is the root.
  ///   - trustDomain: The trust domain; by default the one of the certificate's
  ///     `spiffe://` URI SAN.
  ///   - organization: The subject organisation of what it issues; by default the CA
  ///     certificate's own (its subject's O), or `MeshBridge` when it names none.
  /// - Throws: ``PKIError`` with ``PKIError/Code/keyMismatch`` when the key is not the
  ///   certificate's, ``PKIError/Code/issuerNotUsable`` when it or an issuer is not a CA,
  ///   ``PKIError/Code/chainInvalid`` when a certificate is not issued by the next,
  ///   ``PKIError/Code/incompleteChain`` when the last is not a self-signed root, and
  ///   ``PKIError/Code/invalidSPIFFEID`` when no trust domain is given or found.
  public init(
    certificate: Certificate, privateKey: PrivateKey, issuers: [Certificate] = [],
    trustDomain: TrustDomain? = nil,
    organization: String? = nil
  ) throws {
    guard certificate.matches(privateKey) else {
      throw PKIError(
        .keyMismatch, "the CA key does not belong to the CA certificate",
        certificate: "CA (\(certificate.subject))")
    }
    guard certificate.isCA else {
      throw PKIError(
        .issuerNotUsable, "the certificate is not a CA (CA:FALSE)",
        certificate: "CA (\(certificate.subject))")
    }
    try Self.checkChain([certificate] + issuers)
    if let trustDomain {
      self.trustDomain = trustDomain
    } else if let uri = certificate.uriSANs.first {
      self.trustDomain = try SPIFFEID(
        uri, foundIn: "the CA certificate's URI SAN", certificate: "CA (\(certificate.subject))"
      ).trustDomain
    } else {
      throw PKIError(.invalidSPIFFEID, "the CA certificate names no trust domain; give one")
    }
    self.certificate = certificate
    self.privateKey = privateKey
    self.issuers = issuers
    let organization = organization ?? certificate.subjectOrganization ?? "MeshBridge"
    self.organization = organization
    leafTemplate = try LeafTemplate(
      organization: organization, issuer: certificate, issuerKey: privateKey)
  }

  /// Checks a CA's chain (its own certificate first): every issuer a CA, every
  /// certificate issued by the next, the last a self-signed root.
  private static func checkChain(_ chain: [Certificate]) throws {
    func position(_ index: Int) -> String { "certificate \(index) (\(chain[index].subject))" }
    for index in chain.indices.dropFirst() where !chain[index].isCA {
      throw PKIError(
        .issuerNotUsable, "an issuer in the CA's chain is not a CA (CA:FALSE)",
        certificate: position(index))
    }
    for index in chain.indices.dropLast() where !chain[index].isIssued(by: chain[index + 1]) {
      throw PKIError(
        .chainInvalid,
        "not issued by certificate \(index + 1) (\(chain[index + 1].subject)); a CA's chain runs from its own certificate up to the root, each issued by the next",
        certificate: position(index))
    }
    guard let top = chain.indices.last, !chain[top].isSelfSigned else { return }
    throw PKIError(
      .incompleteChain,
      "the chain stops before its root: the last certificate is issued by \(chain[top].issuer), which is missing; add the issuers up to the self-signed root",
      certificate: position(top))
  }

  /// Reads a CA from PEM: its certificate followed by its issuers up to the root, and its
  /// key.
  /// - Throws: ``PKIError`` as ``init(certificate:privateKey:issuers:trustDomain:organization:)``
  ///   and the PEM readers do.
  public init(
    certificatePEM: String, keyPEM: String, passphrase: String? = nil,
    trustDomain: TrustDomain? = nil
  )
    throws
  {
    let certificates = try Certificate.parseBundle(pemEncoded: certificatePEM)
    guard let first = certificates.first else {
      throw PKIError(.invalidEncoding, "no CA certificate in the PEM input")
    }
    try self.init(
      certificate: first, privateKey: PrivateKey(pemEncoded: keyPEM, passphrase: passphrase),
      issuers: Array(certificates.dropFirst()), trustDomain: trustDomain)
  }

  /// Creates a self-signed root CA for a trust domain.
  /// - Parameters:
  ///   - trustDomain: Its trust domain; the certificate carries `spiffe://<trust domain>`.
  ///   - keyType: The key to generate; P-256 by default.
  ///   - ttl: Lifetime in seconds; 24 hours by default.
  ///   - now: The time issuance happens at.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidArgument`` for a TTL that is not
  ///   positive, or OpenSSL's failure.
  public static func createRoot(
    trustDomain: TrustDomain, keyType: KeyType = .p256, ttl: TimeInterval = DefaultTTL.ca,
    now: Date = Date(),
    organization: String = "MeshBridge"
  ) throws -> CertificateAuthority {
    try checkTTL(ttl)
    let key = try PrivateKey(generating: keyType)
    var builder = CertificateBuilder(
      subject: [("O", organization), ("CN", "\(trustDomain.name) root CA")],
      publicKey: key.publicKey,
      notBefore: now.addingTimeInterval(-backdate), notAfter: now.addingTimeInterval(ttl))
    builder.extensions = caExtensions(
      trustDomain: trustDomain, pathLength: nil, nameConstrained: false)
    let certificate = try builder.sign(issuer: nil, issuerKey: key)
    return try CertificateAuthority(
      certificate: certificate, privateKey: key, trustDomain: trustDomain,
      organization: organization)
  }

  /// The root at the top of this CA's chain (this CA's own certificate for a root).
  public var root: Certificate { issuers.last ?? certificate }

  /// The trust bundle that verifies what this CA issues: its root.
  public var bundle: TrustBundle { TrustBundle(trustDomain: trustDomain, x509Authorities: [root]) }

  /// The certificates an SVID of this CA carries after its leaf: this CA's own and its
  /// intermediates, without the root.
  var intermediates: [Certificate] { issuers.isEmpty ? [] : [certificate] + issuers.dropLast() }

  // MARK: Issuing

  /// Issues an intermediate CA, constrained by name to this trust domain's SPIFFE IDs.
  /// - Parameters:
  ///   - keyType: Its key; P-256 by default.
  ///   - ttl: Lifetime in seconds, 24 hours by default, cut to this CA's own expiry.
  ///   - pathLength: How many further CAs may follow it; 0 by default (it issues leaves).
  ///   - constrainsNames: Whether it carries a critical name constraint that permits only
  ///     URIs of this trust domain (default). Verifiers of the Web PKI profile (Python
  ///     `cryptography`'s, for one) reject URI name constraints; turn it off for them.
  ///   - now: The time issuance happens at.
  /// - Throws: ``PKIError`` with ``PKIError/Code/issuerNotUsable`` when this CA's path
  ///   length allows no further CA or it has expired; ``PKIError/Code/invalidArgument``
  ///   for a bad TTL or path length.
  public func issueIntermediate(
    keyType: KeyType = .p256, ttl: TimeInterval = DefaultTTL.ca, pathLength: Int = 0,
    constrainsNames: Bool = true,
    now: Date = Date()
  ) throws -> CertificateAuthority {
    guard pathLength >= 0 else {
      throw PKIError(.invalidArgument, "a path length cannot be negative")
    }
    if let allowed = certificate.pathLengthConstraint {
      guard allowed > 0 else {
        throw PKIError(
          .issuerNotUsable, "the CA's path length (0) allows no further CA",
          certificate: "CA (\(certificate.subject))")
      }
      guard pathLength < allowed else {
        throw PKIError(
          .invalidArgument, "path length \(pathLength) exceeds what the CA allows (\(allowed - 1))")
      }
    }
    let key = try PrivateKey(generating: keyType)
    var builder = try builder(
      subject: [("O", organization), ("CN", "\(trustDomain.name) intermediate CA")],
      publicKey: key.publicKey,
      ttl: ttl, now: now)
    builder.extensions = Self.caExtensions(
      trustDomain: trustDomain, pathLength: pathLength, nameConstrained: constrainsNames)
    let issued = try builder.sign(issuer: certificate, issuerKey: privateKey)
    return try CertificateAuthority(
      certificate: issued, privateKey: key, issuers: [certificate] + issuers,
      trustDomain: trustDomain,
      organization: organization)
  }

  /// Issues an X509-SVID with a key it generates.
  /// - Parameters:
  ///   - id: The identity; it must be in this CA's trust domain.
  ///   - keyType: The key to generate; P-256 by default.
  ///   - ttl: Lifetime in seconds, one hour by default, cut to this CA's expiry.
  ///   - dnsNames: DNS SANs to add beside the URI SAN.
  ///   - now: The time issuance happens at.
  /// - Returns: The SVID with its private key; its chain is leaf first.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidSPIFFEID`` for an ID of another
  ///   trust domain, ``PKIError/Code/issuerNotUsable`` when this CA has expired.
  public func issueSVID(
    for id: SPIFFEID, keyType: KeyType = .p256, ttl: TimeInterval = DefaultTTL.svid,
    dnsNames: [String] = [],
    now: Date = Date()
  ) throws -> SVID {
    let key = try PrivateKey(generating: keyType)
    let leaf = try signLeaf(
      for: id, publicKey: key.publicKey, ttl: ttl, dnsNames: dnsNames, now: now)
    return SVID(issued: [leaf] + intermediates, id: id, privateKey: key)
  }

  /// Issues an X509-SVID for a public key whose private half stays with the workload.
  /// - Throws: ``PKIError`` as ``issueSVID(for:keyType:ttl:dnsNames:now:)`` does.
  public func issueSVID(
    for id: SPIFFEID, publicKey: PublicKey, ttl: TimeInterval = DefaultTTL.svid,
    dnsNames: [String] = [],
    now: Date = Date()
  ) throws -> SVID {
    let leaf = try signLeaf(for: id, publicKey: publicKey, ttl: ttl, dnsNames: dnsNames, now: now)
    return SVID(issued: [leaf] + intermediates, id: id, privateKey: nil)
  }

  /// Issues an X509-SVID for a certificate signing request.
  ///
  /// The request must be signed by its own key and ask for exactly one URI SAN, a SPIFFE
  /// ID of this trust domain; its DNS SANs are kept. A CSR comes from the workload, so
  /// the ID it asks for is a claim: give the ID the workload is known to have as
  /// `expected`, and a CSR asking for another is refused.
  ///
  /// ```swift
  /// let svid = try ca.issueSVID(for: csr, expecting: SPIFFEID("spiffe://example.org/web"))
  /// ```
  /// - Parameters:
  ///   - request: The CSR.
  ///   - expected: The SPIFFE ID the CSR must ask for; nil takes the one it asks for.
  ///   - ttl: Lifetime in seconds, one hour by default, cut to this CA's expiry.
  ///   - now: The time issuance happens at.
  /// - Returns: The SVID, without a private key (it stays with the workload).
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidCSRSignature`` when the signature
  ///   does not verify, ``PKIError/Code/invalidCSR`` when the names are not acceptable,
  ///   ``PKIError/Code/spiffeIDMismatch`` when it asks for another ID than `expected`.
  public func issueSVID(
    for request: CertificateSigningRequest, expecting expected: SPIFFEID? = nil,
    ttl: TimeInterval = DefaultTTL.svid, now: Date = Date()
  ) throws -> SVID {
    guard request.hasValidSignature else {
      throw PKIError(
        .invalidCSRSignature, "the CSR's signature does not verify with its public key")
    }
    let uris = request.uriSANs
    guard uris.count == 1 else {
      throw PKIError(
        .invalidCSR,
        "the CSR must ask for exactly one URI SAN (a SPIFFE ID), it asks for \(uris.count)")
    }
    let id = try SPIFFEID(uris[0], foundIn: "the CSR's URI SAN")
    if let expected, id != expected {
      throw PKIError(.spiffeIDMismatch, "the CSR asks for \(id), not the expected \(expected)")
    }
    return try issueSVID(
      for: id, publicKey: request.publicKey, ttl: ttl, dnsNames: request.dnsSANs, now: now)
  }

  /// Renews an SVID for the same identity with a new key, on proof that the requester
  /// holds the current SVID's key. An SVID that expired while its host was offline is
  /// renewed too, within the policy's window, so such a host never needs a bootstrap
  /// token.
  ///
  /// ```swift
  /// let renewed = try ca.renew(RenewalRequest(renewing: svid))   // a new key, same type
  /// try SVIDVerifier(bundle: ca.bundle).verify(renewed.chain)    // renewed.privateKey is set
  /// ```
  /// - Parameters:
  ///   - request: The current chain, a CSR for the new key and the proof.
  ///   - ttl: The new SVID's lifetime, one hour by default.
  ///   - policy: How long after expiry an SVID may still be renewed.
  ///   - now: The time renewal happens at.
  /// - Returns: The new SVID, with the request's ``RenewalRequest/newKey`` when it holds
  ///   one (a request built where the key lives), without a key otherwise.
  /// - Throws: ``PKIError`` with ``PKIError/Code/renewalRejected`` saying why, or what
  ///   verifying the current chain threw.
  public func renew(
    _ request: RenewalRequest, ttl: TimeInterval = DefaultTTL.svid,
    policy: RenewalPolicy = RenewalPolicy(),
    now: Date = Date()
  ) throws -> SVID {
    guard let leaf = request.currentChain.first else {
      throw PKIError(.emptyChain, "the renewal names no SVID")
    }
    // Verify at a moment the SVID was valid, so that an expired one can still be proved
    // to be ours; its age is checked against the policy next.
    // (OpenSSL counts the notAfter second itself as expired.)
    let verifiedAt = min(now, leaf.notAfter.addingTimeInterval(-1))
    let id = try SVIDVerifier(bundle: bundle).verify(request.currentChain, at: verifiedAt)
    let expiredFor = now.timeIntervalSince(leaf.notAfter)
    if expiredFor > policy.maximumExpiredAge {
      throw PKIError(
        .renewalRejected,
        "the SVID expired \(Int(expiredFor))s ago, beyond the \(Int(policy.maximumExpiredAge))s renewal window"
      )
    }
    guard request.csr.hasValidSignature else {
      throw PKIError(
        .invalidCSRSignature, "the renewal CSR's signature does not verify with its public key")
    }
    let asked = request.csr.uriSANs
    guard asked.isEmpty || asked == [id.uri] else {
      throw PKIError(
        .renewalRejected, "the renewal CSR asks for \(asked), not the SVID's \(id.uri)")
    }
    guard try leaf.publicKey.isValidSignature(request.proof, for: request.csr.derEncoded) else {
      throw PKIError(
        .renewalRejected, "the proof of possession does not verify with the current SVID's key")
    }
    let renewed = try signLeaf(
      for: id, publicKey: request.csr.publicKey, ttl: ttl, dnsNames: leaf.dnsSANs, now: now)
    return SVID(issued: [renewed] + intermediates, id: id, privateKey: request.newKey)
  }

  // MARK: Building

  private func signLeaf(
    for id: SPIFFEID, publicKey: PublicKey, ttl: TimeInterval, dnsNames: [String], now: Date
  ) throws -> Certificate {
    guard id.isMember(of: trustDomain) else {
      throw PKIError(.invalidSPIFFEID, "\(id) is not in the CA's trust domain \(trustDomain)")
    }
    guard !id.path.isEmpty else {
      throw PKIError(
        .invalidSPIFFEID, "an X509-SVID's SPIFFE ID needs a path; \(id) names the trust domain")
    }
    var builder = try builder(
      subject: [("O", organization)], publicKey: publicKey, ttl: ttl, now: now)
    builder.writesPublicKeyDirectly = true
    // Basic constraints CA:FALSE, key usage digitalSignature (+ keyEncipherment for RSA),
    // extended key usage serverAuth and clientAuth, and the authority key identifier come
    // from the template; the key identifier and the names are the leaf's own.
    builder.prebuiltSubject = leafTemplate.subject
    builder.signingContext = leafTemplate.signingContext
    builder.prebuiltExtensions =
      publicKey.type.isRSA ? leafTemplate.rsaExtensions : leafTemplate.extensions
    let names = (["URI:\(id.uri)"] + dnsNames.map { "DNS:\($0)" }).joined(separator: ",")
    builder.extensions = [
      (NID_subject_key_identifier, "hash"),
      (NID_subject_alt_name, names),
    ]
    return try builder.sign(issuer: certificate, issuerKey: privateKey)
  }

  /// A builder for a certificate this CA signs: validity from `now` (backdated a little)
  /// for `ttl`, never past this CA's own expiry.
  private func builder(
    subject: [(String, String)], publicKey: PublicKey, ttl: TimeInterval, now: Date
  ) throws
    -> CertificateBuilder
  {
    try Self.checkTTL(ttl)
    guard certificate.isValid(at: now) else {
      throw PKIError(
        .issuerNotUsable,
        "the CA is not valid at \(now) (valid \(certificate.notBefore) to \(certificate.notAfter))",
        certificate: "CA (\(certificate.subject))")
    }
    let notBefore = max(now.addingTimeInterval(-Self.backdate), certificate.notBefore)
    let notAfter = min(now.addingTimeInterval(ttl), certificate.notAfter)
    return CertificateBuilder(
      subject: subject, publicKey: publicKey, notBefore: notBefore, notAfter: notAfter)
  }

  private static func checkTTL(_ ttl: TimeInterval) throws {
    guard ttl > 0, ttl.isFinite else {
      throw PKIError(.invalidArgument, "a TTL must be positive, got \(ttl)s")
    }
  }

  private static func caExtensions(
    trustDomain: TrustDomain, pathLength: Int?, nameConstrained: Bool
  )
    -> [(Int32, String)]
  {
    var extensions: [(Int32, String)] = [
      (NID_basic_constraints, "critical,CA:TRUE" + (pathLength.map { ",pathlen:\($0)" } ?? "")),
      (NID_key_usage, "critical,keyCertSign,cRLSign"),
      (NID_subject_key_identifier, "hash"),
      (NID_authority_key_identifier, "keyid:always"),
      (NID_subject_alt_name, "URI:\(trustDomain.id.uri)"),
    ]
    if nameConstrained {
      // RFC 5280 URI constraints match the URI's host: exactly the trust domain.
      extensions.append((NID_name_constraints, "critical,permitted;URI:\(trustDomain.name)"))
    }
    return extensions
  }
}

/// How a CA treats renewals of expired SVIDs.
public struct RenewalPolicy: Sendable, Hashable {
  /// The longest an SVID may have been expired and still be renewed. Default 30 days.
  public var maximumExpiredAge: TimeInterval

  /// Creates a policy.
  public init(maximumExpiredAge: TimeInterval = 30 * 24 * 3600) {
    self.maximumExpiredAge = maximumExpiredAge
  }
}

/// A request to renew an SVID: its current chain, a CSR for the new key, and the current
/// key's signature over that CSR (proof of possession). Built where the SVID lives, it
/// also keeps the new key, which ``CertificateAuthority/renew(_:ttl:policy:now:)``
/// returns with the new SVID; the key is never part of what a host sends.
public struct RenewalRequest: Sendable {
  /// The SVID being renewed, leaf first.
  public let currentChain: [Certificate]
  /// The request for the new key, signed by the new key.
  public let csr: CertificateSigningRequest
  /// The current SVID key's signature of `csr.derEncoded`.
  public let proof: [UInt8]
  /// The key `csr` certifies, when the request was built where it lives
  /// (``init(renewing:newKey:)``); nil for a request received from a host.
  public let newKey: PrivateKey?

  /// Takes a request's parts, as received from a host.
  public init(currentChain: [Certificate], csr: CertificateSigningRequest, proof: [UInt8]) {
    self.currentChain = currentChain
    self.csr = csr
    self.proof = proof
    newKey = nil
  }

  /// Builds a request on the host that holds the SVID and its key.
  /// - Parameters:
  ///   - svid: The current SVID; it must hold its private key.
  ///   - newKey: The key to certify next; by default a new key of the current key's type.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidArgument`` when the SVID has no key.
  public init(renewing svid: SVID, newKey: PrivateKey? = nil) throws {
    guard let currentKey = svid.privateKey else {
      throw PKIError(.invalidArgument, "renewing needs the current SVID's private key")
    }
    let newKey = try newKey ?? PrivateKey(generating: currentKey.type)
    let csr = try CertificateSigningRequest(key: newKey, spiffeID: svid.spiffeID)
    currentChain = svid.chain
    self.csr = csr
    proof = try currentKey.signature(for: csr.derEncoded)
    self.newKey = newKey
  }
}
