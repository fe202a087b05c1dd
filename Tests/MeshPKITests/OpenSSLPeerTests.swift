import Foundation
import MeshIdentity
import MeshPKI
import MeshTestSupport
import Testing

/// The openssl command line as the oracle: it must accept every chain the CA makes, show
/// the right extensions, complete a mutual TLS handshake with two issued SVIDs, and make
/// the malformed SVIDs the verifier must reject.
@Suite(
  "openssl CLI peer",
  .enabled(if: Peers.opensslAvailableOrRequired, Comment(rawValue: Peers.missingOpenSSLReason)))
struct OpenSSLPeerTests {
  @Test("openssl verify accepts every chain the CA makes", arguments: KeyType.allCases)
  func verifyAccepts(keyType: KeyType) throws {
    let fixture = try PKIFixture(keyType: keyType)
    try fixture.issue("spiffe://example.org/ns/shop/sa/orders", name: "orders", keyType: keyType)

    let full = try Peers.runOpenSSL([
      "verify", "-CAfile", fixture.path("root.pem"), "-untrusted",
      fixture.path("orders-intermediates.pem"),
      fixture.path("orders.pem"),
    ])
    let partial = try Peers.runOpenSSL([
      "verify", "-partial_chain", "-CAfile", fixture.path("intermediate.pem"),
      fixture.path("orders.pem"),
    ])

    #expect(full.status == 0 && full.stdout.hasSuffix(": OK\n"), "\(full.stdout)\(full.stderr)")
    #expect(partial.status == 0, "\(partial.stdout)\(partial.stderr)")
  }

  @Test("openssl x509 -text shows the X509-SVID extensions")
  func extensionsText() throws {
    let fixture = try PKIFixture()
    try fixture.issue("spiffe://example.org/ns/shop/sa/orders", name: "orders")

    let leaf = try Peers.runOpenSSL(["x509", "-noout", "-text", "-in", fixture.path("orders.pem")])
      .stdout
    let intermediate = try Peers.runOpenSSL([
      "x509", "-noout", "-text", "-in", fixture.path("intermediate.pem"),
    ])
    .stdout

    for expected in [
      "X509v3 Basic Constraints: critical\n                CA:FALSE",
      "X509v3 Key Usage: critical\n                Digital Signature\n",
      "X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client Authentication",
      "X509v3 Subject Alternative Name: \n                URI:spiffe://example.org/ns/shop/sa/orders\n",
      "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier",
    ] {
      #expect(leaf.contains(expected), "missing \(expected) in\n\(leaf)")
    }
    for expected in [
      "CA:TRUE, pathlen:0", "Certificate Sign, CRL Sign", "X509v3 Name Constraints: critical",
      "Permitted:\n                  URI:example.org",
    ] {
      #expect(intermediate.contains(expected), "missing \(expected) in\n\(intermediate)")
    }
  }

  @Test("a mutual TLS handshake between two SVIDs succeeds, and fails with another trust domain's")
  func mutualTLS() throws {
    let fixture = try PKIFixture()
    try fixture.issue("spiffe://example.org/ns/shop/sa/payments", name: "server")
    try fixture.issue("spiffe://example.org/ns/shop/sa/orders", name: "client")
    let stranger = try PKIFixture(trustDomain: "other.org")
    try stranger.issue("spiffe://other.org/ns/shop/sa/orders", name: "client")

    let accepted = try handshake(server: fixture, client: fixture)
    let rejected = try handshake(server: fixture, client: stranger)

    #expect(accepted.client.contains("Verification: OK"), "\(accepted.client)")
    #expect(
      accepted.client.contains("gnip"), "no data came back over the connection: \(accepted.client)")
    #expect(accepted.server.contains("CONNECTION ESTABLISHED"), "SERVER:\(accepted.server)")
    #expect(!rejected.server.contains("CONNECTION ESTABLISHED"), "\(rejected.server)")
    #expect(!rejected.client.contains("gnip"), "\(rejected.client)")
    #expect(
      rejected.server.contains("verify error") || rejected.server.contains("unable to get"),
      "\(rejected.server)")
  }

  /// Runs `openssl s_server -Verify` with the server SVID and `s_client` with the client
  /// SVID; both trust the server fixture's bundle. Returns what each printed.
  private func handshake(server: PKIFixture, client: PKIFixture) throws -> (
    server: String, client: String
  ) {
    let openssl = try #require(Peers.openssl)
    let port = try Peers.freeLoopbackPort()
    let serverProcess = try BackgroundProcess(
      openssl,
      arguments: [
        "s_server", "-accept", "127.0.0.1:\(port)", "-naccept", "1", "-cert",
        server.path("server.pem"),
        "-cert_chain", server.path("server-intermediates.pem"), "-key", server.path("server.key"),
        "-CAfile",
        server.path("bundle.pem"), "-Verify", "3", "-verify_return_error",
        // -rev echoes each line reversed and does not read the server's own stdin.
        "-rev",
      ])
    defer { serverProcess.stop() }
    #expect(serverProcess.waitForOutput(containing: "ACCEPT"), "\(serverProcess.output)")
    let clientRun = try Peers.runOpenSSL(
      [
        "s_client", "-connect", "127.0.0.1:\(port)", "-brief", "-cert", client.path("client.pem"),
        "-cert_chain",
        client.path("client-intermediates.pem"), "-key", client.path("client.key"), "-CAfile",
        server.path("bundle.pem"), "-verify_return_error",
        // Keep reading after stdin ends; the server closes on CLOSE after echoing ping.
        "-ign_eof",
      ], input: Data("ping\nCLOSE\n".utf8))
    _ = serverProcess.waitForExit(timeout: 5)
    return (serverProcess.output, clientRun.stdout + clientRun.stderr)
  }

  @Test(
    "SVIDs that openssl makes with two URI SANs or CA:TRUE are rejected by the verifier's leaf rules"
  )
  func malformedLeaves() throws {
    let fixture = try PKIFixture()
    try fixture.write(fixture.intermediate.privateKey.pemEncoded(), "intermediate.key")
    let verifier = try SVIDVerifier(bundle: fixture.root.bundle)

    func makeLeaf(_ extensions: String) throws -> [Certificate] {
      let name = "leaf-\(UUID().uuidString)"
      try fixture.write("[v3]\n" + extensions + "\n", "\(name).cnf")
      let key = try PrivateKey(generating: .p256)
      try fixture.write(try key.pemEncoded(), "\(name).key")
      let request = try Peers.runOpenSSL([
        "req", "-new", "-key", fixture.path("\(name).key"), "-subj", "/O=openssl", "-out",
        fixture.path("\(name).csr"),
      ])
      try #require(request.status == 0, "\(request.stderr)")
      let signed = try Peers.runOpenSSL([
        "x509", "-req", "-in", fixture.path("\(name).csr"), "-CA", fixture.path("intermediate.pem"),
        "-CAkey",
        fixture.path("intermediate.key"), "-days", "1", "-extfile", fixture.path("\(name).cnf"),
        "-extensions", "v3",
        "-out", fixture.path("\(name).pem"),
      ])
      try #require(signed.status == 0, "\(signed.stderr)")
      let leaf = try Certificate(
        pemEncoded: String(contentsOfFile: fixture.path("\(name).pem"), encoding: .utf8))
      return [leaf, fixture.intermediate.certificate]
    }

    let twoURIs = try makeLeaf(
      "keyUsage=critical,digitalSignature\nsubjectAltName=URI:spiffe://example.org/a,URI:spiffe://example.org/b"
    )
    let caLeaf = try makeLeaf(
      "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\nsubjectAltName=URI:spiffe://example.org/a"
    )
    let signingLeaf = try makeLeaf(
      "keyUsage=critical,digitalSignature,keyCertSign\nsubjectAltName=URI:spiffe://example.org/a")
    let noURI = try makeLeaf("keyUsage=critical,digitalSignature\nsubjectAltName=DNS:a.example.org")
    let good = try makeLeaf(
      "keyUsage=critical,digitalSignature\nsubjectAltName=URI:spiffe://example.org/a")

    #expect(throws: PKIError.self) { try verifier.verify(twoURIs) }
    #expect((try? verifier.verify(twoURIs)) == nil)
    #expect(Self.code { try verifier.verify(twoURIs) } == .leafHasMultipleURISANs)
    #expect(Self.code { try verifier.verify(caLeaf) } == .leafIsCA)
    #expect(Self.code { try verifier.verify(signingLeaf) } == .leafCanSign)
    #expect(Self.code { try verifier.verify(noURI) } == .leafHasNoURISAN)
    #expect(try verifier.verify(good) == SPIFFEID("spiffe://example.org/a"))
  }

  @Test("a root certificate with a compressed EC point gives the same JWK as its uncompressed twin")
  func compressedPointJWK() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    func succeed(_ arguments: [String]) throws {
      let output = try Peers.runOpenSSL(arguments)
      #expect(output.status == 0, "openssl \(arguments[0]): \(output.stderr)")
    }
    try succeed(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("key.pem")])
    try succeed([
      "ec", "-in", path("key.pem"), "-conv_form", "compressed", "-out", path("compressed.pem"),
    ])
    var documents: [String: [String: Any]] = [:]
    for form in ["key", "compressed"] {
      try succeed([
        "req", "-x509", "-new", "-key", path("\(form).pem"), "-subj", "/O=MeshBridge", "-days", "1",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
        "-addext", "subjectAltName=URI:spiffe://example.org", "-out", path("\(form).crt"),
      ])
      let root = try Certificate(
        pemEncoded: String(contentsOfFile: path("\(form).crt"), encoding: .utf8))
      let bundle = TrustBundle(trustDomain: try TrustDomain("example.org"), x509Authorities: [root])
      let json = try bundle.spiffeBundleJSON()
      #expect(
        try TrustBundle(trustDomain: TrustDomain("example.org"), spiffeBundleJSON: json) == bundle)
      let document = try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any]
      documents[form] = try #require((document?["keys"] as? [[String: Any]])?.first)
    }
    let text = try Peers.runOpenSSL(["x509", "-noout", "-text", "-in", path("compressed.crt")])
      .stdout
    #expect(
      text.contains("pub:\n                    03:")
        || text.contains("pub:\n                    02:"))
    #expect(documents["key"]?["x"] as? String == documents["compressed"]?["x"] as? String)
    #expect(documents["key"]?["y"] as? String == documents["compressed"]?["y"] as? String)
    #expect((documents["compressed"]?["y"] as? String)?.count == 43)
  }

  static func code(_ body: () throws -> SPIFFEID) -> PKIError.Code? {
    do {
      _ = try body()
      return nil
    } catch let error as PKIError {
      return error.code
    } catch {
      return nil
    }
  }
}
