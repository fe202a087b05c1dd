import Foundation
import MeshPKI

/// `mesh-onboard ca`: a mesh CA on disk, and the SVIDs it issues.
enum CACommand {
  static let help = """
    Usage:
      mesh-onboard ca init --dir DIR --trust-domain TD [--key-type TYPE] [--ttl 24h]
          Create a self-signed root CA: DIR/ca.pem and DIR/ca.key (mode 0600).
      mesh-onboard ca issue --ca DIR --out OUT [--ttl 1h] [--key-type TYPE] [--csr FILE] SPIFFE-ID
          Issue an X509-SVID: OUT/svid.pem (chain, leaf first), OUT/svid.key (0600, not
          with --csr) and OUT/bundle.pem.
      mesh-onboard ca renew --ca DIR --svid OUT [--ttl 1h]
          Renew OUT's SVID with a new key, proving possession of the current one, and
          replace OUT/svid.key and OUT/svid.pem.
      mesh-onboard ca verify --bundle FILE [--trust-domain TD] CHAIN.pem
          Verify a chain (leaf first) against a bundle; print the SPIFFE ID, or the rule
          broken and exit 1.

    Key types: \(KeyType.allCases.map(\.rawValue).joined(separator: ", ")) (default p256).
    """

  static func run(_ arguments: [String]) -> Int32 {
    guard let subcommand = arguments.first, subcommand != "-h", subcommand != "--help" else {
      print(help)
      return arguments.isEmpty ? 2 : 0
    }
    let rest = Array(arguments.dropFirst())
    do {
      switch subcommand {
      case "init": try initialize(rest)
      case "issue": try issue(rest)
      case "renew": try renew(rest)
      case "verify": return try verify(rest)
      default: throw Arguments.UsageError(description: "unknown ca command \(subcommand)")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard ca \(subcommand): \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard ca \(subcommand): \(error)")
      return 1
    }
  }

  private static func keyType(_ arguments: Arguments) throws -> KeyType {
    guard let name = arguments.options["--key-type"] else { return .p256 }
    guard let type = KeyType(rawValue: name) else {
      throw Arguments.UsageError(description: "unknown key type \(name)")
    }
    return type
  }

  private static func initialize(_ raw: [String]) throws {
    let arguments = try Arguments(raw, valued: ["--dir", "--trust-domain", "--key-type", "--ttl"])
    let directory = try arguments.required("--dir")
    let trustDomain = try TrustDomain(try arguments.required("--trust-domain"))
    let ca = try CertificateAuthority.createRoot(
      trustDomain: trustDomain, keyType: try keyType(arguments),
      ttl: try arguments.duration("--ttl", default: CertificateAuthority.DefaultTTL.ca))
    try saveCA(ca, to: directory)
    print(
      "created CA for \(trustDomain) in \(directory): ca.pem, ca.key (expires \(ca.certificate.notAfter))"
    )
  }

  /// Writes `ca.pem` and `ca.key` (0600) into `directory`, as `loadCA` reads them.
  static func saveCA(_ ca: CertificateAuthority, to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try SecureFile.write(try ca.privateKey.pemEncoded(), to: "\(directory)/ca.key")
    try SecureFile.write(ca.certificate.pemEncoded, to: "\(directory)/ca.pem", mode: 0o644)
  }

  static func loadCA(_ directory: String) throws -> CertificateAuthority {
    try CertificateAuthority(
      certificatePEM: String(contentsOfFile: "\(directory)/ca.pem", encoding: .utf8),
      keyPEM: String(contentsOfFile: "\(directory)/ca.key", encoding: .utf8))
  }

  private static func issue(_ raw: [String]) throws {
    let arguments = try Arguments(raw, valued: ["--ca", "--out", "--ttl", "--csr", "--key-type"])
    guard arguments.positional.count == 1 else {
      throw Arguments.UsageError(description: "give exactly one SPIFFE ID")
    }
    let ca = try loadCA(try arguments.required("--ca"))
    let output = try arguments.required("--out")
    let id = try SPIFFEID(arguments.positional[0])
    let ttl = try arguments.duration("--ttl", default: CertificateAuthority.DefaultTTL.svid)
    let svid: SVID
    if let csrPath = arguments.options["--csr"] {
      let csr = try CertificateSigningRequest(
        pemEncoded: String(contentsOfFile: csrPath, encoding: .utf8))
      guard csr.uriSANs == [id.uri] else {
        throw PKIError(.invalidCSR, "the CSR asks for \(csr.uriSANs), not \(id)")
      }
      svid = try ca.issueSVID(for: csr, ttl: ttl)
    } else {
      svid = try ca.issueSVID(for: id, keyType: try keyType(arguments), ttl: ttl)
    }
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    if let key = svid.privateKey {
      try SecureFile.write(try key.pemEncoded(), to: "\(output)/svid.key")
    }
    try SecureFile.write(svid.chainPEM, to: "\(output)/svid.pem", mode: 0o644)
    try SecureFile.write(ca.bundle.pemEncoded, to: "\(output)/bundle.pem", mode: 0o644)
    print("issued \(id) in \(output) (expires \(svid.notAfter))")
  }

  private static func renew(_ raw: [String]) throws {
    let arguments = try Arguments(raw, valued: ["--ca", "--svid", "--ttl"])
    let ca = try loadCA(try arguments.required("--ca"))
    let directory = try arguments.required("--svid")
    let current = try SVID(
      chainPEM: String(contentsOfFile: "\(directory)/svid.pem", encoding: .utf8),
      keyPEM: String(contentsOfFile: "\(directory)/svid.key", encoding: .utf8))
    let newKey = try PrivateKey(generating: current.privateKey?.type ?? .p256)
    let renewed = try ca.renew(
      RenewalRequest(renewing: current, newKey: newKey),
      ttl: try arguments.duration("--ttl", default: CertificateAuthority.DefaultTTL.svid))
    // Each file is replaced atomically; the key goes first so that a reader that sees the
    // new certificate always finds its key.
    try SecureFile.write(try newKey.pemEncoded(), to: "\(directory)/svid.key")
    try SecureFile.write(renewed.chainPEM, to: "\(directory)/svid.pem", mode: 0o644)
    print("renewed \(renewed.spiffeID) in \(directory) (expires \(renewed.notAfter))")
  }

  private static func verify(_ raw: [String]) throws -> Int32 {
    let arguments = try Arguments(raw, valued: ["--bundle", "--trust-domain"])
    guard arguments.positional.count == 1 else {
      throw Arguments.UsageError(description: "give exactly one chain file")
    }
    let chain = try Certificate.parseBundle(
      pemEncoded: String(contentsOfFile: arguments.positional[0], encoding: .utf8))
    let bundlePEM = try String(contentsOfFile: try arguments.required("--bundle"), encoding: .utf8)
    // The bundle's trust domain: as given, or the leaf's.
    let trustDomain =
      try arguments.options["--trust-domain"].map(TrustDomain.init)
      ?? chain.first?.spiffeID?.trustDomain ?? TrustDomain("unknown")
    let verifier = try SVIDVerifier(
      bundle: TrustBundle(trustDomain: trustDomain, pemEncoded: bundlePEM))
    do {
      print(try verifier.verify(chain))
      return 0
    } catch let error as PKIError {
      print("invalid: \(error)")
      return 1
    }
  }
}
