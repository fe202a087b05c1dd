import Foundation
import MeshIdentity
import MeshPKI
import Testing

@Suite("SVID verification")
struct VerifierTests {
  static let now = Date(timeIntervalSince1970: 1_800_000_000)

  static func hierarchy(_ domain: String = "example.org") throws -> (
    CertificateAuthority, CertificateAuthority
  ) {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain(domain), now: now)
    return (root, try root.issueIntermediate(now: now))
  }

  @Test(
    "an expired chain and a not yet valid chain fail with their own codes, naming the certificate")
  func validityWindow() throws {
    let (root, intermediate) = try Self.hierarchy()
    let svid = try intermediate.issueSVID(for: SPIFFEID("spiffe://example.org/web"), now: Self.now)
    let verifier = try SVIDVerifier(bundle: root.bundle)

    let expired = try #require(throws: PKIError.self) {
      try verifier.verify(svid.chain, at: Self.now.addingTimeInterval(7200))
    }
    let early = try #require(throws: PKIError.self) {
      try verifier.verify(svid.chain, at: Self.now.addingTimeInterval(-3600))
    }

    #expect(expired.code == .expired)
    #expect(expired.certificate == "certificate 0 (O=MeshBridge)")
    #expect(early.code == .notYetValid)
  }

  @Test("an intermediate's name constraint stops it from vouching for another trust domain")
  func nameConstraint() throws {
    let (root, intermediate) = try Self.hierarchy()
    // A CA for example.org whose intermediate claims to issue for evil.org.
    let rogue = try CertificateAuthority(
      certificate: intermediate.certificate, privateKey: intermediate.privateKey,
      issuers: intermediate.issuers,
      trustDomain: TrustDomain("evil.org"))
    let svid = try rogue.issueSVID(for: SPIFFEID("spiffe://evil.org/web"), now: Self.now)
    let verifier = try SVIDVerifier(
      bundles: TrustBundleSet([
        TrustBundle(trustDomain: TrustDomain("evil.org"), x509Authorities: [root.root])
      ]))

    let error = try #require(throws: PKIError.self) {
      try verifier.verify(svid.chain, at: Self.now)
    }

    #expect(error.code == .chainInvalid)
    #expect(error.openSSLReason == "permitted subtree violation", "\(error)")
  }

  @Test("federation: each trust domain's SVIDs verify with their own bundle only")
  func federation() throws {
    let (shop, shopIssuer) = try Self.hierarchy("shop.example")
    let (bank, bankIssuer) = try Self.hierarchy("bank.example")
    let verifier = try SVIDVerifier(bundles: TrustBundleSet([shop.bundle, bank.bundle]))
    let shopSVID = try shopIssuer.issueSVID(
      for: SPIFFEID("spiffe://shop.example/orders"), now: Self.now)
    let bankSVID = try bankIssuer.issueSVID(
      for: SPIFFEID("spiffe://bank.example/ledger"), now: Self.now)
    // An SVID claiming the shop's domain but issued by the bank's CA without constraints.
    let rootOnly = try CertificateAuthority(
      certificate: bank.certificate, privateKey: bank.privateKey,
      trustDomain: TrustDomain("shop.example"))
    let forged = try rootOnly.issueSVID(
      for: SPIFFEID("spiffe://shop.example/orders"), now: Self.now)

    #expect(
      try verifier.verify(shopSVID.chain, at: Self.now) == SPIFFEID("spiffe://shop.example/orders"))
    #expect(
      try verifier.verify(bankSVID.chain, at: Self.now) == SPIFFEID("spiffe://bank.example/ledger"))
    let error = try #require(throws: PKIError.self) {
      try verifier.verify(forged.chain, at: Self.now)
    }
    #expect(error.code == .chainInvalid)
  }

  @Test("an SVID of a trust domain without a bundle is noBundleForTrustDomain")
  func unknownTrustDomain() throws {
    let (root, _) = try Self.hierarchy()
    let (_, otherIssuer) = try Self.hierarchy("other.org")
    let svid = try otherIssuer.issueSVID(for: SPIFFEID("spiffe://other.org/web"), now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try SVIDVerifier(bundle: root.bundle).verify(svid.chain, at: Self.now)
    }

    #expect(
      error.description
        == "PKIError.noBundleForTrustDomain: certificate 0 (O=MeshBridge): no trust bundle for trust domain other.org"
    )
  }

  @Test("a chain with its intermediate missing does not verify")
  func missingIntermediate() throws {
    let (root, intermediate) = try Self.hierarchy()
    let svid = try intermediate.issueSVID(for: SPIFFEID("spiffe://example.org/web"), now: Self.now)

    let error = try #require(throws: PKIError.self) {
      try SVIDVerifier(bundle: root.bundle).verify([svid.leaf], at: Self.now)
    }

    #expect(error.code == .chainInvalid)
    #expect(error.openSSLReason == "unable to get local issuer certificate")
  }

  @Test("an empty chain is emptyChain")
  func emptyChain() throws {
    let (root, _) = try Self.hierarchy()

    #expect(throws: PKIError.self) { try SVIDVerifier(bundle: root.bundle).verify([]) }
  }

  @Test("verification from many threads at once gives the same answers")
  func concurrentVerification() async throws {
    let (root, intermediate) = try Self.hierarchy()
    let svids = try (0..<8).map {
      try intermediate.issueSVID(for: SPIFFEID("spiffe://example.org/w\($0)"), now: Self.now)
    }
    let verifier = try SVIDVerifier(bundle: root.bundle)

    let ids = try await withThrowingTaskGroup(of: SPIFFEID.self) { group in
      for round in 0..<200 {
        let svid = svids[round % svids.count]
        group.addTask { try verifier.verify(svid.chain, at: Self.now) }
      }
      var collected: [SPIFFEID] = []
      for try await id in group { collected.append(id) }
      return collected
    }

    #expect(ids.count == 200)
    #expect(Set(ids) == Set(svids.map(\.spiffeID)))
  }
}

@Suite("Trust bundles")
struct BundleTests {
  @Test(
    "the SPIFFE bundle document round-trips, with the JWK parameters of each key type",
    arguments: KeyType.allCases)
  func spiffeJSON(keyType: KeyType) throws {
    let root = try CertificateAuthority.createRoot(
      trustDomain: TrustDomain("example.org"), keyType: keyType)
    var bundle = root.bundle
    bundle.refreshHint = 300
    bundle.sequenceNumber = 7

    let json = try bundle.spiffeBundleJSON()
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    let key = try #require((document["keys"] as? [[String: Any]])?.first)

    #expect(
      try TrustBundle(trustDomain: TrustDomain("example.org"), spiffeBundleJSON: json) == bundle)
    #expect(document["spiffe_refresh_hint"] as? Int == 300)
    #expect(document["spiffe_sequence"] as? Int == 7)
    #expect(key["use"] as? String == "x509-svid")
    #expect((key["x5c"] as? [String])?.count == 1)
    switch keyType {
    case .p256, .p384:
      #expect(
        key["kty"] as? String == "EC"
          && key["crv"] as? String == (keyType == .p256 ? "P-256" : "P-384"))
      #expect((key["x"] as? String)?.count == (keyType == .p256 ? 43 : 64))
    case .ed25519:
      #expect(key["kty"] as? String == "OKP" && (key["x"] as? String)?.count == 43)
    default:
      #expect(key["kty"] as? String == "RSA" && key["e"] as? String == "AQAB")
    }
  }

  @Test("a bundle document whose key parameters do not match its certificate is invalidBundle")
  func mismatchedParameters() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let other = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let json = String(decoding: try root.bundle.spiffeBundleJSON(), as: UTF8.self)
    let otherJSON = String(decoding: try other.bundle.spiffeBundleJSON(), as: UTF8.self)
    let x = try #require(json.firstMatch(of: /"x" : "([^"]+)"/)?.1)
    let otherX = try #require(otherJSON.firstMatch(of: /"x" : "([^"]+)"/)?.1)
    let tampered = json.replacingOccurrences(of: String(x), with: String(otherX))

    let error = try #require(throws: PKIError.self) {
      try TrustBundle(
        trustDomain: TrustDomain("example.org"), spiffeBundleJSON: Array(tampered.utf8))
    }

    #expect(
      error.description
        == "PKIError.invalidBundle: key 0: x does not match its certificate's public key")
  }

  @Test("JWT keys are skipped; malformed documents are invalidBundle")
  func otherDocuments() throws {
    let jwtOnly =
      #"{"keys": [{"use": "jwt-svid", "kty": "EC", "kid": "a", "crv": "P-256", "x": "x", "y": "y"}]}"#
    let notJSON = "keys: []"
    let twoCertificates = #"{"keys": [{"use": "x509-svid", "kty": "EC", "x5c": ["AA==", "AA=="]}]}"#

    let bundle = try TrustBundle(
      trustDomain: TrustDomain("example.org"), spiffeBundleJSON: Array(jwtOnly.utf8))

    #expect(bundle.x509Authorities.isEmpty)
    #expect(throws: PKIError.self) {
      try TrustBundle(
        trustDomain: TrustDomain("example.org"), spiffeBundleJSON: Array(notJSON.utf8))
    }
    let error = try #require(throws: PKIError.self) {
      try TrustBundle(
        trustDomain: TrustDomain("example.org"), spiffeBundleJSON: Array(twoCertificates.utf8))
    }
    #expect(error.code == .invalidBundle)
  }

  @Test("PEM bundles: several roots, corrupt blocks rejected with their position")
  func pemBundles() throws {
    let first = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let second = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    var bundle = first.bundle
    bundle.add([second.certificate, first.certificate])
    let corrupt = bundle.pemEncoded.replacingOccurrences(of: "MII", with: "MI!")

    let reread = try TrustBundle(
      trustDomain: TrustDomain("example.org"), pemEncoded: bundle.pemEncoded)
    let error = try #require(throws: PKIError.self) {
      try TrustBundle(trustDomain: TrustDomain("example.org"), pemEncoded: corrupt)
    }
    let truncated = try #require(throws: PKIError.self) {
      try Certificate(derEncoded: first.certificate.derEncoded.dropLast(10))
    }

    #expect(reread.x509Authorities == [first.certificate, second.certificate])
    #expect(error.code == .invalidEncoding && error.message.hasPrefix("certificate 0 "))
    #expect(truncated.code == .invalidEncoding)
  }
}

@Suite("Verified-intermediate shortcut")
struct IntermediateShortcutTests {
  static let now = VerifierTests.now

  @Test(
    "after a chain verifies, a leaf signed by another key naming the same intermediate still fails")
  func forgedLeafAfterCaching() throws {
    let (root, intermediate) = try VerifierTests.hierarchy()
    let verifier = try SVIDVerifier(bundle: root.bundle)
    let genuine = try intermediate.issueSVID(for: SPIFFEID("spiffe://example.org/a"), now: Self.now)
    // Another intermediate of the same root has the same subject name but its own key.
    let rogue = try root.issueIntermediate(now: Self.now)
    let forged = try rogue.issueSVID(for: SPIFFEID("spiffe://example.org/b"), now: Self.now)

    let first = try verifier.verify(genuine.chain, at: Self.now)
    let again = try verifier.verify(genuine.chain, at: Self.now)
    let error = try #require(throws: PKIError.self) {
      try verifier.verify([forged.leaf, intermediate.certificate], at: Self.now)
    }

    #expect(first == again)
    #expect(error.code == .chainInvalid)
  }

  @Test("a remembered intermediate is not trusted outside its path's validity")
  func windowChecked() throws {
    let (root, intermediate) = try VerifierTests.hierarchy()
    let verifier = try SVIDVerifier(bundle: root.bundle)
    let svid = try intermediate.issueSVID(
      for: SPIFFEID("spiffe://example.org/a"), ttl: 3600, now: Self.now)
    let later = try intermediate.issueSVID(
      for: SPIFFEID("spiffe://example.org/a"), ttl: 3600,
      now: Self.now.addingTimeInterval(20 * 3600))

    _ = try verifier.verify(svid.chain, at: Self.now)
    let expired = try #require(throws: PKIError.self) {
      try verifier.verify(later.chain, at: Self.now.addingTimeInterval(25 * 3600))
    }

    #expect(expired.code == .expired)
  }
}
