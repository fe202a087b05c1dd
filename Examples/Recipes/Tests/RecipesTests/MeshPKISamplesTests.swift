import Foundation
import MeshIdentity
import MeshPKI
import Recipes
import Testing

/// Docs/MeshPKI.md's samples, with the openssl CLI as the judge of what they write.
@Suite(.enabled(if: Peers.available(Peers.openssl), Peers.missing("openssl")))
struct MeshPKISamplesTests {
  @Test("openssl decrypts the encrypted key with its passphrase; the fingerprint is the key's")
  func keys() async throws {
    let openssl = try Peers.require(Peers.openssl, "openssl")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let forms = try makeKey(passphrase: "s3cret")
    #expect(forms.reloaded.publicKey.fingerprint == forms.fingerprint)
    #expect(forms.encryptedPEM.contains("BEGIN ENCRYPTED PRIVATE KEY"))
    let locked = directory.appendingPathComponent("key.pem")
    try forms.encryptedPEM.write(to: locked, atomically: true, encoding: .utf8)
    let publicDER = directory.appendingPathComponent("public.der")
    let exported = try await run(
      openssl,
      [
        "pkey", "-in", locked.path, "-passin", "pass:s3cret", "-pubout", "-outform", "DER",
        "-out", publicDER.path,
      ])
    #expect(exported.status == 0, "\(exported.output)")
    let digest = try await run(openssl, ["dgst", "-sha256", "-r", publicDER.path])
    #expect(digest.output.hasPrefix(forms.fingerprint), "\(digest.output)")
    let wrong = try await run(openssl, ["pkey", "-in", locked.path, "-passin", "pass:wrong"])
    #expect(wrong.status != 0)
  }

  @Test("the SPIFFE ID of a service account")
  func spiffeID() throws {
    #expect(
      try ordersSPIFFEID(trustDomain: "example.org").uri == "spiffe://example.org/ns/shop/sa/orders"
    )
    #expect(throws: IdentityError.self) { try ordersSPIFFEID(trustDomain: "Not A Domain") }
  }

  @Test("root, intermediate, two SVIDs (one from an openssl CSR); openssl verifies both")
  func issue() async throws {
    let openssl = try Peers.require(Peers.openssl, "openssl")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let id = try ordersSPIFFEID(trustDomain: "example.org")
    let csr = directory.appendingPathComponent("orders.csr")
    let made = try await run(
      openssl,
      [
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", directory.appendingPathComponent("orders.key").path, "-out", csr.path,
        "-subj", "/O=shop", "-addext", "subjectAltName=URI:\(id.uri)",
      ])
    #expect(made.status == 0, "\(made.output)")
    let issued = try issueChain(for: id, csrPEM: try String(contentsOf: csr, encoding: .utf8))
    #expect(issued.svid.spiffeID == id)
    #expect(issued.fromCSR.spiffeID == id)
    #expect(issued.fromCSR.privateKey == nil, "the CSR's key stays with the workload")
    let bundle = directory.appendingPathComponent("bundle.pem")
    try issued.root.certificate.pemEncoded.write(to: bundle, atomically: true, encoding: .utf8)
    for (name, svid) in [("svid", issued.svid), ("csr-svid", issued.fromCSR)] {
      let chain = directory.appendingPathComponent("\(name).pem")
      try svid.chainPEM.write(to: chain, atomically: true, encoding: .utf8)
      let verified = try await run(
        openssl, ["verify", "-CAfile", bundle.path, "-untrusted", chain.path, chain.path])
      #expect(verified.status == 0, "\(verified.output)")
    }
  }

  @Test("renewal with proof: a new key, the same ID, verified by the bundle")
  func renewal() throws {
    let id = try ordersSPIFFEID(trustDomain: "example.org")
    let ca = try CertificateAuthority.createRoot(trustDomain: id.trustDomain)
    let current = try ca.issueSVID(for: id)
    let renewed = try renewWithProof(current, at: ca)
    #expect(renewed.spiffeID == id)
    let oldKey = try #require(current.privateKey)
    let newKey = try #require(renewed.privateKey)
    #expect(oldKey.publicKey != newKey.publicKey)
    #expect(try renewed.leaf.publicKey == newKey.publicKey)
    #expect(try provenID(of: renewed.chain, trusting: ca.bundle) == id)
    let stranger = try CertificateAuthority.createRoot(trustDomain: id.trustDomain)
    #expect(throws: PKIError.self) { try renewWithProof(current, at: stranger) }
  }

  @Test("a federated bundle document: SVIDs of both trust domains verify, others do not")
  func federation() throws {
    let local = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let bank = try CertificateAuthority.createRoot(trustDomain: TrustDomain("bank.example"))
    let bankDocument = try bank.bundle.spiffeBundleJSON()
    let (json, verifier) = try federate(local, with: "bank.example", bundleDocument: bankDocument)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    #expect((document["keys"] as? [[String: Any]])?.first?["use"] as? String == "x509-svid")

    let teller = try TrustDomain("bank.example").id(path: "/ns/bank/sa/teller")
    let orders = try ordersSPIFFEID(trustDomain: "example.org")
    #expect(try verifier.verify(try bank.issueSVID(for: teller).chain) == teller)
    #expect(try verifier.verify(try local.issueSVID(for: orders).chain) == orders)
    let other = try CertificateAuthority.createRoot(trustDomain: TrustDomain("other.example"))
    let outsider = try TrustDomain("other.example").id(path: "/x")
    #expect(throws: PKIError.self) { try verifier.verify(try other.issueSVID(for: outsider).chain) }
  }

  @Test("directories: the key given to its owner, loaded back, renewed in place; a CA once")
  func directories() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let id = try ordersSPIFFEID(trustDomain: "example.org")
    let root = try CertificateAuthority.createRoot(trustDomain: id.trustDomain)
    let issuing = try root.issueIntermediate()
    let svid = try issuing.issueSVID(for: id)
    let owner =
      getuid() == 0
      ? FileOwner(userID: 1337, groupID: 1337) : FileOwner(userID: getuid(), groupID: getgid())
    let stored = try storeIdentity(svid, authority: issuing, in: directory, keyOwner: owner)
    #expect(stored.current.chain == svid.chain)
    #expect(stored.renewed.spiffeID == id)
    #expect(try stored.renewed.leaf.publicKey != svid.leaf.publicKey)
    #expect(stored.loaded.certificate == issuing.certificate)
    let key = directory.appendingPathComponent("web").appendingPathComponent(SVIDDirectory.keyFile)
      .resolvingSymlinksInPath().path
    let attributes = try FileManager.default.attributesOfItem(atPath: key)
    #expect((attributes[.ownerAccountID] as? NSNumber)?.uint32Value == owner.userID)
    #expect(attributes[.posixPermissions] as? Int == 0o600)

    let again = try #require(throws: PKIError.self) {
      try storeIdentity(
        svid, authority: issuing, in: directory, keyOwner: owner)
    }
    #expect(again.code == .alreadyExists, "\(again)")
  }

  @Test("an expired chain is due for renewal; a chain of another CA is still an error")
  func errorCodes() throws {
    let id = try ordersSPIFFEID(trustDomain: "example.org")
    let ca = try CertificateAuthority.createRoot(trustDomain: id.trustDomain)
    let verifier = try SVIDVerifier(bundle: ca.bundle)
    let chain = try ca.issueSVID(for: id).chain
    #expect(try isCurrent(chain, verifier: verifier))
    #expect(try !isCurrent(chain, verifier: verifier, at: Date().addingTimeInterval(7200)))
    let stranger = try CertificateAuthority.createRoot(trustDomain: id.trustDomain)
    let refused = try #require(throws: PKIError.self) {
      try isCurrent(try stranger.issueSVID(for: id).chain, verifier: verifier)
    }
    #expect(refused.code != .expired)
  }
}
