import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import YAMLCoding

@testable import ECSClient

// Every wrapper over a C library, 10,000 times, in a process LeakSanitizer watches: at
// exit it reports what was never freed, and Scripts/leakcheck fails on any leak whose
// stack passes through libyaml, OpenSSL, libcurl, libxml2 or this SDK. Success and error
// paths both, since error paths are where frees go missing.
//
// Usage: MeshLeakCheck [ITERATIONS] [HTTP_ENDPOINT]   (10,000; a local HTTP server)

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let endpoint = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

/// Runs `body` `iterations` times and says how long it took.
func exercise(_ name: String, _ body: () throws -> Void) rethrows {
  let start = Date()
  for _ in 0..<iterations { try body() }
  print(
    String(
      format: "%-44@ %6d iterations, %6.2f s", name as NSString, iterations,
      Date().timeIntervalSince(start)))
}

func exerciseAsync(_ name: String, _ body: () async throws -> Void) async rethrows {
  let start = Date()
  for _ in 0..<iterations { try await body() }
  print(
    String(
      format: "%-44@ %6d iterations, %6.2f s", name as NSString, iterations,
      Date().timeIntervalSince(start)))
}

let yaml = """
  apiVersion: networking.istio.io/v1
  kind: VirtualService
  metadata: {name: orders, namespace: shop}
  spec:
    hosts: [orders.shop.svc.cluster.local]
    http: [{route: [{destination: {host: orders.shop.svc.cluster.local, subset: v1}, weight: 100}]}]
  """
let resources = try MeshResourceDecoder().decode(yaml)

try exercise("libyaml: decode and encode mesh resources") {
  let decoded = try MeshResourceDecoder().decode(yaml)
  _ = try YAMLEncoder().encode(documents: decoded)
}
exercise("libyaml: malformed YAML (the error path)") {
  _ = try? MeshResourceDecoder().decode("kind: [unclosed\n  - {a: \n")
}
_ = resources

let authority = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
let verifier = try SVIDVerifier(bundle: authority.bundle)
let id = try SPIFFEID("spiffe://example.org/ns/shop/sa/orders")
try exercise("OpenSSL: issue an SVID, PEM both ways, verify") {
  let svid = try authority.issueSVID(for: id)
  let pem = try svid.privateKey!.pemEncoded()
  _ = try PrivateKey(pemEncoded: pem)
  _ = try Certificate.parseBundle(pemEncoded: svid.chainPEM)
  _ = try verifier.verify(svid.chain)
}
let key = try PrivateKey(generating: .p256)
let encrypted = try key.pemEncoded(passphrase: "right")
let csr = try CertificateSigningRequest(key: key, spiffeID: id).pemEncoded
exercise("OpenSSL: wrong passphrase, corrupt DER, CSR") {
  _ = try? PrivateKey(pemEncoded: encrypted, passphrase: "wrong")
  _ = try? Certificate(derEncoded: [0x30, 0x82, 0x01, 0x00, 0x02])
  _ = try? CertificateSigningRequest(pemEncoded: csr).hasValidSignature
}
let signer = SigV4Signer(service: "ecs", region: "us-east-1")
let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret")
exercise("OpenSSL: SigV4 signing (new day keys each time)") {
  let request = SignableRequest(
    method: "POST", headers: [("Host", "ecs.us-east-1.amazonaws.com")], body: Array("{}".utf8))
  // A new signer each time: its signing key (an HMAC context) is made and freed too.
  _ = SigV4Signer(service: "ecs", region: "us-east-1").sign(request, credentials: credentials)
  _ = signer.presign(request, credentials: credentials)
}
exercise("libxml2: XML error bodies, good and malformed") {
  _ = XMLErrorBody(Array("<ErrorResponse><Error><Code>A</Code></Error></ErrorResponse>".utf8))
  _ = XMLErrorBody(Array("<E><?x?><Code>\u{97}</Code".utf8))
}

let transport = CurlTransport(
  options: .init(
    connectTimeout: 2, requestTimeout: 5, caBundlePath: nil, maximumConnections: 4,
    maximumResponseBytes: 1 << 20))
let closedPort = "http://127.0.0.1:9/"
await exerciseAsync("libcurl: refused connections (the error path)") {
  _ = try? await transport.send(HTTPRequest(method: "GET", url: closedPort, headers: [], body: []))
}
if let endpoint {
  await exerciseAsync("libcurl: requests answered by a local server") {
    _ = try? await transport.send(
      HTTPRequest(method: "POST", url: endpoint, headers: [("X-Test", "1")], body: Array("{}".utf8))
    )
  }
}
