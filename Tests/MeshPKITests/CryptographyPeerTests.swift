import Foundation
import MeshIdentity
import MeshPKI
import MeshTestSupport
import Testing

/// Python `cryptography` as the oracle: its X.509 verifier (`PolicyBuilder`) must accept
/// the chains the CA makes, and its parser must read every field as MeshPKI does.
@Suite(
  "Python cryptography peer",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct CryptographyPeerTests {
  static let script = #"""
    import datetime, json, sys
    from cryptography import x509
    from cryptography.x509 import oid
    from cryptography.x509.verification import PolicyBuilder, Store

    results = []
    for line in sys.stdin:
        case = json.loads(line)
        root = x509.load_pem_x509_certificate(case["root"].encode())
        chain = x509.load_pem_x509_certificates(case["chain"].encode())
        leaf, intermediates = chain[0], chain[1:]
        when = datetime.datetime.fromtimestamp(case["time"], datetime.timezone.utc)
        verifier = PolicyBuilder().store(Store([root])).time(when).build_client_verifier()
        try:
            verified = verifier.verify(leaf, intermediates)
            accepted = [str(name.value) for name in verified.subjects]
            error = None
        except Exception as exception:
            accepted, error = None, str(exception)
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
        eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        basic = leaf.extensions.get_extension_for_class(x509.BasicConstraints)
        ski = leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
        results.append({
            "accepted": accepted, "error": error,
            "uris": san.get_values_for_type(x509.UniformResourceIdentifier),
            "dns": san.get_values_for_type(x509.DNSName),
            "serial": format(leaf.serial_number, "x"),
            "notBefore": int(leaf.not_valid_before_utc.timestamp()),
            "notAfter": int(leaf.not_valid_after_utc.timestamp()),
            "digitalSignature": usage.digital_signature, "keyEncipherment": usage.key_encipherment,
            "keyCertSign": usage.key_cert_sign,
            "eku": sorted(u.dotted_string for u in eku),
            "ca": basic.value.ca, "basicCritical": basic.critical,
            "ski": ski.digest.hex(), "aki": aki.key_identifier.hex(),
            "subject": leaf.subject.rfc4514_string(),
        })
    print(json.dumps(results))
    """#

  struct Result: Decodable {
    var accepted: [String]?
    var error: String?
    var uris: [String]
    var dns: [String]
    var serial: String
    var notBefore: Int
    var notAfter: Int
    var digitalSignature: Bool
    var keyEncipherment: Bool
    var keyCertSign: Bool
    var eku: [String]
    var ca: Bool
    var basicCritical: Bool
    var ski: String
    var aki: String
    var subject: String
  }

  /// Key types the Web PKI profile of cryptography's verifier allows (it forbids Ed25519).
  static let webPKIKeyTypes = KeyType.allCases.filter { $0 != .ed25519 }

  @Test("cryptography's verifier accepts every chain and parses every field as MeshPKI does")
  func verifierAndParser() throws {
    var lines: [String] = []
    var svids: [SVID] = []
    for keyType in Self.webPKIKeyTypes {
      let root = try CertificateAuthority.createRoot(
        trustDomain: TrustDomain("example.org"), keyType: keyType)
      // The Web PKI profile rejects URI name constraints: this intermediate has none.
      let intermediate = try root.issueIntermediate(keyType: keyType, constrainsNames: false)
      let svid = try intermediate.issueSVID(
        for: SPIFFEID("spiffe://example.org/ns/shop/sa/\(keyType)"), keyType: keyType,
        dnsNames: ["\(keyType).shop"])
      svids.append(svid)
      let line: [String: Any] = [
        "root": root.certificate.pemEncoded, "chain": svid.chainPEM,
        "time": Date().timeIntervalSince1970,
      ]
      lines.append(
        String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self))
    }

    let output = try Peers.runPython(Self.script, input: Data(lines.joined(separator: "\n").utf8))
    try #require(output.status == 0, "\(output.stderr)")
    let results = try JSONDecoder().decode([Result].self, from: Data(output.stdout.utf8))

    #expect(results.count == svids.count)
    for (svid, result) in zip(svids, results) {
      let leaf = svid.leaf
      #expect(result.error == nil, "\(svid.spiffeID): \(result.error ?? "")")
      #expect(result.accepted?.contains(svid.spiffeID.uri) == true)
      #expect(result.uris == leaf.uriSANs)
      #expect(result.dns == leaf.dnsSANs)
      #expect(result.serial == leaf.serialNumber)
      #expect(result.notBefore == Int(leaf.notBefore.timeIntervalSince1970))
      #expect(result.notAfter == Int(leaf.notAfter.timeIntervalSince1970))
      #expect(result.digitalSignature == leaf.keyUsage.contains(.digitalSignature))
      #expect(result.keyEncipherment == leaf.keyUsage.contains(.keyEncipherment))
      #expect(!result.keyCertSign)
      #expect(result.eku == ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"])
      #expect(!result.ca && result.basicCritical && !leaf.isCA)
      #expect(result.ski == leaf.subjectKeyIdentifier)
      #expect(result.aki == leaf.authorityKeyIdentifier)
      #expect(result.subject == leaf.subject)
    }
  }

  @Test("what cryptography's Web PKI profile refuses: URI name constraints and Ed25519")
  func webPKILimits() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let constrained = try root.issueIntermediate().issueSVID(
      for: SPIFFEID("spiffe://example.org/web"))
    let edwards = try CertificateAuthority.createRoot(
      trustDomain: TrustDomain("example.org"), keyType: .ed25519)
    let edwardsSVID = try edwards.issueSVID(
      for: SPIFFEID("spiffe://example.org/web"), keyType: .ed25519)
    let input = try [(root, constrained), (edwards, edwardsSVID)].map { authority, svid in
      let line: [String: Any] = [
        "root": authority.certificate.pemEncoded, "chain": svid.chainPEM,
        "time": Date().timeIntervalSince1970,
      ]
      return String(decoding: try JSONSerialization.data(withJSONObject: line), as: UTF8.self)
    }.joined(separator: "\n")

    let output = try Peers.runPython(Self.script, input: Data(input.utf8))
    let results = try JSONDecoder().decode([Result].self, from: Data(output.stdout.utf8))

    #expect(results.count == 2)
    #expect(results.first?.error?.hasSuffix("unsupported name constraint") == true)
    #expect(results.last?.error?.contains("Forbidden public key algorithm") == true)
    // MeshPKI's own verifier (OpenSSL) enforces the name constraint and accepts both.
    #expect(
      try SVIDVerifier(bundle: root.bundle).verify(constrained.chain)
        == SPIFFEID("spiffe://example.org/web"))
    #expect(
      try SVIDVerifier(bundle: edwards.bundle).verify(edwardsSVID.chain)
        == SPIFFEID("spiffe://example.org/web"))
  }

  @Test("cryptography rejects a chain from another CA, as MeshPKI's verifier does")
  func rejectsForeignChain() throws {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let other = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let svid = try other.issueSVID(for: SPIFFEID("spiffe://example.org/web"))
    let line: [String: Any] = [
      "root": root.certificate.pemEncoded, "chain": svid.chainPEM,
      "time": Date().timeIntervalSince1970,
    ]

    let output = try Peers.runPython(
      Self.script, input: try JSONSerialization.data(withJSONObject: line) + Data("\n".utf8))
    let results = try JSONDecoder().decode([Result].self, from: Data(output.stdout.utf8))

    #expect(results.first?.error != nil)
    #expect(throws: PKIError.self) { try SVIDVerifier(bundle: root.bundle).verify(svid.chain) }
  }
}
