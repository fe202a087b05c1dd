import Foundation
import MeshPKI
import MeshSupport

/// `mesh-onboard ca`: a mesh CA on disk, and the SVIDs it issues.
enum CACommand {
  static let help = """
    Usage:
      mesh-onboard ca init --dir DIR --trust-domain TD [--key-type TYPE] [--ttl 24h] [--force]
          Create a self-signed root CA: DIR/\(CADirectory.certificateFile), DIR/\(CADirectory.keyFile) (mode 0600) and
          DIR/\(CADirectory.settingsFile) (trust domain, organization), DIR 0700.
          A CA already in DIR is kept unless --force replaces it (every SVID it issued
          then stops verifying and renewing).
      mesh-onboard ca issue --ca DIR --out OUT [--ttl 1h] [--key-type TYPE] [--csr FILE]
                            [--owner UID:GID] SPIFFE-ID
          Issue an X509-SVID: OUT/\(SVIDDirectory.certificateFile) (chain, leaf first), OUT/\(SVIDDirectory.keyFile) (0600, not
          with --csr; given to UID:GID with --owner, which needs root) and OUT/\(SVIDDirectory.bundleFile).
      mesh-onboard ca renew --ca DIR --svid OUT [--ttl 1h]
          Renew OUT's SVID with a new key, proving possession of the current one, and
          replace OUT's key, chain and bundle together. The key keeps its owner.
      mesh-onboard ca verify --bundle FILE [--trust-domain TD] CHAIN.pem
          Verify a chain (leaf first) against the bundle (PEM, or a SPIFFE bundle's JSON)
          of one trust domain: TD, or the one the bundle's CA certificates name in their
          spiffe:// URI SAN (never the leaf's). Print the SPIFFE ID, or the rule broken
          and exit 1.

    The files of OUT and DIR change in one atomic step (a generation directory and a
    ..data link, as Kubernetes projects volumes); writers of one directory wait for each
    other (DIR/..lock), at most a minute, then fail with "in use". Private keys that
    others may read are refused, as ssh refuses them.

    Key types: \(KeyType.allCases.map(\.rawValue).joined(separator: ", ")) (default p256).
    TTLs: SVIDs 1m to 8760h (one year), CAs 1h to 175200h (twenty years).
    Exit status: 0 on success, 1 when the operation fails, 2 on bad usage.
    """

  /// The lifetimes the CLI accepts; the library takes any positive one.
  static let svidTTLs: ClosedRange<TimeInterval> = 60...(365 * 24 * 3600)
  static let caTTLs: ClosedRange<TimeInterval> = 3600...(20 * 365 * 24 * 3600)

  static func run(_ arguments: [String]) -> Int32 {
    guard let subcommand = arguments.first, subcommand != "-h", subcommand != "--help" else {
      print(help)
      return arguments.isEmpty ? 2 : 0
    }
    let rest = Array(arguments.dropFirst())
    if rest.contains("-h") || rest.contains("--help") {
      print(help)
      return 0
    }
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
    let arguments = try Arguments(
      raw, valued: ["--dir", "--trust-domain", "--key-type", "--ttl"], flags: ["--force"])
    try arguments.requireNoPositional()
    let directory = try arguments.required("--dir")
    _ = try arguments.required("--trust-domain")
    let trustDomain = try arguments.trustDomainOrClusterLocal("--trust-domain")
    let ttl = try arguments.duration(
      "--ttl", default: CertificateAuthority.DefaultTTL.ca, within: caTTLs)
    let ca = try CertificateAuthority.createRoot(
      trustDomain: trustDomain, keyType: try keyType(arguments), ttl: ttl)
    try CADirectory(path: directory).write(ca, replacing: arguments.flags.contains("--force"))
    print(
      "created CA for \(trustDomain) in \(directory): \(CADirectory.certificateFile), \(CADirectory.keyFile) (expires \(ca.certificate.notAfter))"
    )
  }

  static func loadCA(_ directory: String) throws -> CertificateAuthority {
    try CADirectory(path: directory).load()
  }

  private static func issue(_ raw: [String]) throws {
    let arguments = try Arguments(
      raw, valued: ["--ca", "--out", "--ttl", "--csr", "--key-type", "--owner"])
    guard arguments.positional.count == 1 else {
      throw Arguments.UsageError(description: "give exactly one SPIFFE ID")
    }
    let ttl = try arguments.duration(
      "--ttl", default: CertificateAuthority.DefaultTTL.svid, within: svidTTLs)
    let owner = try arguments.owner("--owner")
    let ca = try loadCA(try arguments.required("--ca"))
    let output = try arguments.required("--out")
    let id = try Arguments.spiffeID(arguments.positional[0])
    let svid: SVID
    if let csrPath = arguments.options["--csr"] {
      let csr = try CertificateSigningRequest(
        pemEncoded: String(decoding: try InputReader().read(file: csrPath).contents, as: UTF8.self))
      svid = try ca.issueSVID(for: csr, expecting: id, ttl: ttl)
    } else {
      svid = try ca.issueSVID(for: id, keyType: try keyType(arguments), ttl: ttl)
    }
    try SVIDDirectory(path: output, keyOwner: owner).write(svid, bundle: ca.bundle)
    print("issued \(id) in \(output) (expires \(svid.notAfter))")
  }

  private static func renew(_ raw: [String]) throws {
    let arguments = try Arguments(raw, valued: ["--ca", "--svid", "--ttl"])
    try arguments.requireNoPositional()
    let ttl = try arguments.duration(
      "--ttl", default: CertificateAuthority.DefaultTTL.svid, within: svidTTLs)
    let ca = try loadCA(try arguments.required("--ca"))
    let directory = try arguments.required("--svid")
    let renewed = try SVIDDirectory(path: directory).renew(with: ca, ttl: ttl)
    print("renewed \(renewed.spiffeID) in \(directory) (expires \(renewed.notAfter))")
  }

  private static func verify(_ raw: [String]) throws -> Int32 {
    let arguments = try Arguments(raw, valued: ["--bundle", "--trust-domain"])
    guard arguments.positional.count == 1 else {
      throw Arguments.UsageError(description: "give exactly one chain file")
    }
    let chain = try Certificate.parseBundle(
      pemEncoded: String(
        decoding: try InputReader().read(file: arguments.positional[0]).contents, as: UTF8.self))
    let bundlePath = try arguments.required("--bundle")
    let bundleBytes = try InputReader().read(file: bundlePath).contents
    // A bundle belongs to a trust domain: the one given, or the one its authorities name.
    // Never the leaf's, or a leaf of any trust domain would pass against any bundle.
    let given = try arguments.trustDomain("--trust-domain")
    // Replaced below by the trust domain the bundle's CAs name.
    let provisional = given ?? .clusterLocal
    let isJSON = bundleBytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "{")
    var bundle =
      isJSON
      ? try TrustBundle(trustDomain: provisional, spiffeBundleJSON: bundleBytes)
      : try TrustBundle(
        trustDomain: provisional, pemEncoded: String(decoding: bundleBytes, as: UTF8.self))
    if given == nil {
      guard let named = try TrustBundle.trustDomain(namedBy: bundle.x509Authorities) else {
        throw Arguments.UsageError(
          description:
            "the CA certificates in \(bundlePath) name no single trust domain; give --trust-domain"
        )
      }
      bundle.trustDomain = named
    }
    let verifier = try SVIDVerifier(bundle: bundle)
    do {
      print(try verifier.verify(chain))
      return 0
    } catch let error as PKIError {
      print("invalid: \(error)")
      return 1
    }
  }
}
