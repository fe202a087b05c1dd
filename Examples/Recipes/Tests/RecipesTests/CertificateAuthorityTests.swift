import Foundation
import MeshIdentity
import MeshPKI
import Recipes
import Testing

/// The CA recipe on disk, checked by the openssl CLI: the SVIDs it writes verify against
/// the bundle it writes, the key is its owner's only, renewal changes the key.
@Suite(.enabled(if: Peers.available(Peers.openssl), Peers.missing("openssl")))
struct CertificateAuthorityTests {
  @Test("created once, loaded after; issue, renew and verify; openssl agrees")
  func lifecycle() async throws {
    let openssl = try Peers.require(Peers.openssl, "openssl")
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let recipe = CertificateAuthorityOnDisk(caDirectory: root.appendingPathComponent("ca").path)

    let created = try recipe.loadOrCreate(trustDomain: "shop.example")
    let loaded = try recipe.loadOrCreate(trustDomain: "shop.example")
    #expect(loaded.certificate == created.certificate)
    #expect(loaded.root == created.root)
    #expect(loaded.root != loaded.certificate, "the CA on disk is an intermediate")

    let svids = root.appendingPathComponent("orders")
    let issued = try recipe.issue(
      namespace: "shop", serviceAccount: "orders", into: svids.path, with: loaded)
    #expect(issued.uri == "spiffe://shop.example/ns/shop/sa/orders")
    let keyFile = svids.appendingPathComponent(SVIDDirectory.keyFile).path
    // The names are links into the current generation; the mode is the file's.
    let mode =
      try FileManager.default.attributesOfItem(
        atPath: URL(fileURLWithPath: keyFile).resolvingSymlinksInPath().path)[.posixPermissions]
      as? Int
    #expect(mode == 0o600)
    try await expectOpenSSLVerifies(svids, openssl: openssl, uri: issued.uri)

    let keyBefore = try String(contentsOfFile: keyFile, encoding: .utf8)
    let proven = try recipe.renewAndVerify(svidDirectory: svids.path, with: loaded)
    #expect(proven == issued)
    #expect(try String(contentsOfFile: keyFile, encoding: .utf8) != keyBefore, "a new key")
    try await expectOpenSSLVerifies(svids, openssl: openssl, uri: issued.uri)
  }

  @Test("a CSR made by openssl is signed for its identity and refused for another")
  func signingRequests() async throws {
    let openssl = try Peers.require(Peers.openssl, "openssl")
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let recipe = CertificateAuthorityOnDisk(caDirectory: root.appendingPathComponent("ca").path)
    let authority = try recipe.loadOrCreate(trustDomain: "shop.example")
    let request = root.appendingPathComponent("orders.csr").path
    let made = try await run(
      openssl,
      [
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", root.appendingPathComponent("orders.key").path, "-out", request,
        "-subj", "/O=shop", "-addext", "subjectAltName=URI:spiffe://shop.example/ns/shop/sa/orders",
      ])
    #expect(made.status == 0, "\(made.output)")
    let pem = try String(contentsOfFile: request, encoding: .utf8)

    let orders = try WorkloadIdentity(
      trustDomain: authority.trustDomain, namespace: "shop", serviceAccount: "orders")
    let chain = try recipe.sign(requestPEM: pem, expecting: orders, with: authority)
    #expect(try SVID(chainPEM: chain).spiffeID == orders.spiffeID)

    let payments = try WorkloadIdentity(
      trustDomain: authority.trustDomain, namespace: "shop", serviceAccount: "payments")
    let refused = try #require(throws: PKIError.self) {
      try recipe.sign(requestPEM: pem, expecting: payments, with: authority)
    }
    #expect(refused.code == .spiffeIDMismatch)
  }

  @Test("a directory holding something else is an error naming the file")
  func notACA() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try "not a certificate".write(
      to: root.appendingPathComponent(CADirectory.certificateFile), atomically: true,
      encoding: .utf8)
    try "not a key".write(
      to: root.appendingPathComponent(CADirectory.keyFile), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o600],
      ofItemAtPath: root.appendingPathComponent(CADirectory.keyFile).path)
    let error = try #require(throws: PKIError.self) {
      try CertificateAuthorityOnDisk(caDirectory: root.path).loadOrCreate(
        trustDomain: "shop.example")
    }
    #expect(error.code == .invalidEncoding)
    #expect(error.file?.hasSuffix(CADirectory.certificateFile) == true, "\(error)")
  }

  /// `openssl verify` of the directory's SVID against its bundle, and the SPIFFE ID in
  /// the leaf's URI SAN.
  func expectOpenSSLVerifies(_ directory: URL, openssl: URL, uri: String) async throws {
    let svid = directory.appendingPathComponent(SVIDDirectory.certificateFile).path
    let bundle = directory.appendingPathComponent(SVIDDirectory.bundleFile).path
    let verified = try await run(openssl, ["verify", "-CAfile", bundle, "-untrusted", svid, svid])
    #expect(verified.status == 0, "\(verified.output)")
    let san = try await run(openssl, ["x509", "-in", svid, "-noout", "-ext", "subjectAltName"])
    #expect(san.output.contains("URI:\(uri)"), "\(san.output)")
  }
}
