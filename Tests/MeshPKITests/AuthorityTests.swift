import Foundation
import MeshIdentity
import MeshPKI
import Testing

@Suite("Certificate authority")
struct AuthorityTests {
  static let domain = try! TrustDomain("example.org")
  static let id = try! SPIFFEID("spiffe://example.org/ns/shop/sa/orders")
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  @Test(
    "a root, an intermediate and a leaf carry exactly the X509-SVID extensions",
    arguments: KeyType.allCases)
  func hierarchy(keyType: KeyType) throws {
    let root = try CertificateAuthority.createRoot(
      trustDomain: Self.domain, keyType: keyType, now: Self.now)
    let intermediate = try root.issueIntermediate(keyType: keyType, now: Self.now)

    let svid = try intermediate.issueSVID(
      for: Self.id, keyType: keyType, dnsNames: ["orders.shop"], now: Self.now)

    #expect(root.certificate.isSelfSigned)
    #expect(root.certificate.isCA && root.certificate.pathLengthConstraint == nil)
    #expect(root.certificate.uriSANs == ["spiffe://example.org"])
    #expect(root.certificate.keyUsage == [.keyCertSign, .cRLSign])
    #expect(intermediate.certificate.isCA && intermediate.certificate.pathLengthConstraint == 0)
    #expect(
      intermediate.certificate.authorityKeyIdentifier == root.certificate.subjectKeyIdentifier)
    let leaf = svid.leaf
    #expect(svid.chain.count == 2 && svid.chain[1] == intermediate.certificate)
    #expect(svid.spiffeID == Self.id)
    #expect(leaf.uriSANs == [Self.id.uri])
    #expect(leaf.dnsSANs == ["orders.shop"])
    #expect(!leaf.isCA)
    #expect(
      leaf.keyUsage
        == (keyType.isRSA ? [.digitalSignature, .keyEncipherment] : [.digitalSignature]))
    #expect(leaf.extendedKeyUsage == [.serverAuth, .clientAuth])
    #expect(leaf.authorityKeyIdentifier == intermediate.certificate.subjectKeyIdentifier)
    #expect(leaf.subjectKeyIdentifier != nil)
    #expect(leaf.serialNumber.count == 32)
    #expect(leaf.notAfter == Self.now.addingTimeInterval(3600))
    #expect(leaf.notBefore == Self.now.addingTimeInterval(-10))
    #expect(try SVIDVerifier(bundle: root.bundle).verify(svid.chain, at: Self.now) == Self.id)
  }

  @Test("an SVID issued by the root itself has a one-certificate chain")
  func rootIssued() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)

    let svid = try root.issueSVID(for: Self.id, now: Self.now)

    #expect(svid.chain.count == 1)
    #expect(try SVIDVerifier(bundle: root.bundle).verify(svid.chain, at: Self.now) == Self.id)
  }

  @Test("TTLs default to SPIRE's and nothing outlives its issuer")
  func lifetimes() throws {
    let root = try CertificateAuthority.createRoot(
      trustDomain: Self.domain, ttl: 7200, now: Self.now)
    let later = Self.now.addingTimeInterval(5400)

    let intermediate = try root.issueIntermediate(now: Self.now)
    let svid = try root.issueSVID(for: Self.id, ttl: 3600, now: later)

    #expect(root.certificate.notAfter == Self.now.addingTimeInterval(7200))
    #expect(intermediate.certificate.notAfter == root.certificate.notAfter)
    #expect(svid.leaf.notAfter == root.certificate.notAfter)
  }

  @Test("an expired CA refuses to issue")
  func expiredIssuer() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, ttl: 60, now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try root.issueSVID(for: Self.id, now: Self.now.addingTimeInterval(120))
    }

    #expect(error.code == .issuerNotUsable)
  }

  @Test("path lengths: an intermediate with pathlen 0 cannot issue another CA")
  func pathLength() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let intermediate = try root.issueIntermediate(now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try intermediate.issueIntermediate(now: Self.now)
    }

    #expect(error.code == .issuerNotUsable)
  }

  @Test("an ID of another trust domain, or without a path, is refused")
  func foreignID() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)

    let foreign = try #require(throws: PKIError.self) {
      try root.issueSVID(for: SPIFFEID("spiffe://other.org/web"), now: Self.now)
    }
    let bare = try #require(throws: PKIError.self) {
      try root.issueSVID(for: SPIFFEID("spiffe://example.org"), now: Self.now)
    }

    #expect(foreign.message == "spiffe://other.org/web is not in the CA's trust domain example.org")
    #expect(bare.code == .invalidSPIFFEID)
  }

  @Test("an SVID issued for a CSR carries the CSR's key and names")
  func fromCSR() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let key = try PrivateKey(generating: .ed25519)
    let csr = try CertificateSigningRequest(key: key, spiffeID: Self.id, dnsNames: ["orders"])

    let svid = try root.issueSVID(
      for: CertificateSigningRequest(pemEncoded: csr.pemEncoded), now: Self.now)

    #expect(svid.privateKey == nil)
    #expect(try svid.leaf.publicKey == key.publicKey)
    #expect(svid.leaf.uriSANs == [Self.id.uri] && svid.leaf.dnsSANs == ["orders"])
    #expect(try SVID(chain: svid.chain, privateKey: key).spiffeID == Self.id)
  }

  @Test("a CSR issued with an expected SPIFFE ID: the same ID issues, another is spiffeIDMismatch")
  func csrExpectedID() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let csr = try CertificateSigningRequest(key: PrivateKey(generating: .p256), spiffeID: Self.id)
    let other = try SPIFFEID("spiffe://example.org/ns/shop/sa/payments")

    let svid = try root.issueSVID(for: csr, expecting: Self.id, now: Self.now)
    let error = try #require(throws: PKIError.self) {
      try root.issueSVID(for: csr, expecting: other, now: Self.now)
    }

    #expect(svid.spiffeID == Self.id)
    #expect(error.code == .spiffeIDMismatch)
    #expect(
      error.description
        == "PKIError.spiffeIDMismatch: the CSR asks for \(Self.id), not the expected \(other)")
  }

  @Test("a CA given an intermediate's certificate without its issuers is incompleteChain")
  func incompleteChain() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let intermediate = try root.issueIntermediate(now: Self.now)
    let other = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)

    let missing = try #require(throws: PKIError.self) {
      try CertificateAuthority(
        certificate: intermediate.certificate, privateKey: intermediate.privateKey)
    }
    let wrongRoot = try #require(throws: PKIError.self) {
      try CertificateAuthority(
        certificate: intermediate.certificate, privateKey: intermediate.privateKey,
        issuers: [other.certificate])
    }
    let complete = try CertificateAuthority(
      certificate: intermediate.certificate, privateKey: intermediate.privateKey,
      issuers: [root.certificate])

    #expect(missing.code == .incompleteChain)
    #expect(
      missing.description
        == "PKIError.incompleteChain: certificate 0 (\(intermediate.certificate.subject)): the chain stops before its root: the last certificate is issued by \(root.certificate.subject), which is missing; add the issuers up to the self-signed root"
    )
    #expect(wrongRoot.code == .chainInvalid)
    #expect(complete.root == root.certificate)
  }

  @Test("a CA's organisation defaults to its certificate's, and leaves carry it")
  func organizationFromCertificate() throws {
    let root = try CertificateAuthority.createRoot(
      trustDomain: Self.domain, now: Self.now, organization: "Acme")

    let taken = try CertificateAuthority(certificate: root.certificate, privateKey: root.privateKey)
    let renamed = try CertificateAuthority(
      certificate: root.certificate, privateKey: root.privateKey, organization: "Other")

    #expect(taken.organization == "Acme")
    #expect(try taken.issueSVID(for: Self.id, now: Self.now).leaf.subject == "O=Acme")
    #expect(renamed.organization == "Other")
  }

  @Test("a CSR with a bad signature is refused")
  func tamperedCSR() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    var der = try CertificateSigningRequest(key: PrivateKey(generating: .p256), spiffeID: Self.id)
      .derEncoded
    der[der.count - 5] ^= 0x55

    let error = try #require(throws: PKIError.self) {
      try root.issueSVID(for: CertificateSigningRequest(derEncoded: der), now: Self.now)
    }

    #expect(error.code == .invalidCSRSignature)
  }

  @Test("a CSR asking for no or two URI SANs is refused")
  func csrNames() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let csr = try CertificateSigningRequest(
      key: PrivateKey(generating: .p256), spiffeID: nil, dnsNames: ["x"])

    let error = try #require(throws: PKIError.self) { try root.issueSVID(for: csr, now: Self.now) }

    #expect(error.code == .invalidCSR)
  }

  @Test("a CA key that does not match its certificate is keyMismatch")
  func keyMismatch() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try CertificateAuthority(
        certificate: root.certificate, privateKey: PrivateKey(generating: .p256))
    }

    #expect(error.code == .keyMismatch)
  }

  @Test("a CA reloaded from PEM issues SVIDs its bundle verifies")
  func reload() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: Self.domain, now: Self.now)
    let intermediate = try root.issueIntermediate(now: Self.now)
    let pem = ([intermediate.certificate] + intermediate.issuers).map(\.pemEncoded).joined()

    let reloaded = try CertificateAuthority(
      certificatePEM: pem, keyPEM: intermediate.privateKey.pemEncoded(passphrase: "pw"),
      passphrase: "pw")
    let svid = try reloaded.issueSVID(for: Self.id, now: Self.now)

    #expect(reloaded.trustDomain == Self.domain)
    #expect(reloaded.root == root.certificate)
    #expect(try SVIDVerifier(bundle: root.bundle).verify(svid.chain, at: Self.now) == Self.id)
  }
}

@Suite("Renewal")
struct RenewalTests {
  static let now = AuthorityTests.now

  @Test("a host renews with proof of possession and gets the same identity with its new key")
  func renews() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let current = try ca.issueSVID(for: AuthorityTests.id, now: Self.now)
    let newKey = try PrivateKey(generating: .p256)

    let renewed = try ca.renew(
      RenewalRequest(renewing: current, newKey: newKey), now: Self.now.addingTimeInterval(1800))

    #expect(renewed.spiffeID == AuthorityTests.id)
    #expect(try renewed.leaf.publicKey == newKey.publicKey)
    #expect(renewed.leaf.notAfter == Self.now.addingTimeInterval(1800 + 3600))
  }

  @Test("renewing where the SVID lives returns the new SVID with its new key, of the same type")
  func renewReturnsKey() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let current = try ca.issueSVID(for: AuthorityTests.id, keyType: .p384, now: Self.now)
    let request = try RenewalRequest(renewing: current)
    let received = RenewalRequest(
      currentChain: request.currentChain, csr: request.csr, proof: request.proof)

    let renewed = try ca.renew(request, now: Self.now.addingTimeInterval(1800))
    let remote = try ca.renew(received, now: Self.now.addingTimeInterval(1800))

    let key = try #require(renewed.privateKey)
    #expect(key.type == .p384)
    #expect(renewed.leaf.matches(key))
    #expect(key.publicKey != current.privateKey?.publicKey)
    #expect(try SVID(chain: renewed.chain, privateKey: key).spiffeID == AuthorityTests.id)
    // A request received from a host carries no key; the key stays with the host.
    #expect(remote.privateKey == nil)
    #expect(try remote.leaf.publicKey == key.publicKey)
  }

  @Test("an SVID that expired while offline renews within the window, not after it")
  func expiredWindow() throws {
    let ca = try CertificateAuthority.createRoot(
      trustDomain: AuthorityTests.domain, ttl: 90 * 24 * 3600, now: Self.now)
    let current = try ca.issueSVID(for: AuthorityTests.id, now: Self.now)
    let request = try RenewalRequest(renewing: current, newKey: PrivateKey(generating: .p256))
    let policy = RenewalPolicy(maximumExpiredAge: 7 * 24 * 3600)

    let renewed = try ca.renew(
      request, policy: policy, now: Self.now.addingTimeInterval(3 * 24 * 3600))
    let error = try #require(throws: PKIError.self) {
      try ca.renew(request, policy: policy, now: Self.now.addingTimeInterval(9 * 24 * 3600))
    }

    #expect(renewed.spiffeID == AuthorityTests.id)
    #expect(error.code == .renewalRejected)
  }

  @Test("a proof by another key is rejected")
  func wrongProof() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let current = try ca.issueSVID(for: AuthorityTests.id, now: Self.now)
    let newKey = try PrivateKey(generating: .p256)
    let csr = try CertificateSigningRequest(key: newKey, spiffeID: AuthorityTests.id)
    let forged = RenewalRequest(
      currentChain: current.chain, csr: csr,
      proof: try PrivateKey(generating: .p256).signature(for: csr.derEncoded))

    let error = try #require(throws: PKIError.self) { try ca.renew(forged, now: Self.now) }

    #expect(
      error.description
        == "PKIError.renewalRejected: the proof of possession does not verify with the current SVID's key"
    )
  }

  @Test("a renewal asking for another identity is rejected")
  func otherIdentity() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let current = try ca.issueSVID(for: AuthorityTests.id, now: Self.now)
    let currentKey = try #require(current.privateKey)
    let csr = try CertificateSigningRequest(
      key: PrivateKey(generating: .p256), spiffeID: SPIFFEID("spiffe://example.org/admin"))
    let request = RenewalRequest(
      currentChain: current.chain, csr: csr, proof: try currentKey.signature(for: csr.derEncoded))

    let error = try #require(throws: PKIError.self) { try ca.renew(request, now: Self.now) }

    #expect(error.code == .renewalRejected)
  }

  @Test("an SVID of another CA cannot be renewed")
  func foreignSVID() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let impostor = try CertificateAuthority.createRoot(
      trustDomain: AuthorityTests.domain, now: Self.now)
    let current = try impostor.issueSVID(for: AuthorityTests.id, now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try ca.renew(
        RenewalRequest(renewing: current, newKey: PrivateKey(generating: .p256)), now: Self.now)
    }

    #expect(error.code == .chainInvalid)
  }

  @Test("renewal is due after half the lifetime by default")
  func renewalDue() throws {
    let ca = try CertificateAuthority.createRoot(trustDomain: AuthorityTests.domain, now: Self.now)
    let svid = try ca.issueSVID(for: AuthorityTests.id, now: Self.now)

    #expect(!svid.needsRenewal(at: Self.now.addingTimeInterval(1000)))
    #expect(svid.needsRenewal(at: Self.now.addingTimeInterval(1900)))
  }
}
