import Foundation
import MeshIdentity
import MeshPKI
import MeshSupport
import MeshTestSupport
import Testing

@Suite("mesh-onboard ca")
struct CACommandTests {
  static func run(_ arguments: [String]) throws -> Peers.Output {
    try ValidateCommandTests.run(arguments)
  }

  @Test("init, issue, verify and renew work on disk, keys private")
  func lifecycle() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = directory.appendingPathComponent("ca").path
    let svid = directory.appendingPathComponent("web").path
    let id = "spiffe://example.org/ns/shop/sa/web"

    let created = try Self.run([
      "ca", "init", "--dir", ca, "--trust-domain", "example.org", "--ttl", "2h",
    ])
    let issued = try Self.run(["ca", "issue", "--ca", ca, "--out", svid, "--ttl", "30m", id])
    let verified = try Self.run([
      "ca", "verify", "--bundle", "\(svid)/bundle.pem", "\(svid)/svid.pem",
    ])
    let before = try String(contentsOfFile: "\(svid)/svid.pem", encoding: .utf8)
    let renewed = try Self.run(["ca", "renew", "--ca", ca, "--svid", svid])
    let after = try String(contentsOfFile: "\(svid)/svid.pem", encoding: .utf8)
    let reverified = try Self.run([
      "ca", "verify", "--bundle", "\(svid)/bundle.pem", "\(svid)/svid.pem",
    ])

    #expect(created.status == 0, "\(created.stderr)")
    #expect(issued.status == 0, "\(issued.stderr)")
    #expect(verified.stdout == id + "\n")
    #expect(renewed.status == 0, "\(renewed.stderr)")
    #expect(before != after)
    #expect(reverified.stdout == id + "\n")
    for key in ["\(ca)/ca.key", "\(svid)/svid.key"] {
      let file = URL(fileURLWithPath: key).resolvingSymlinksInPath().path
      let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(key)")
    }
  }

  @Test("verify names the broken rule and exits 1 for another trust domain's bundle")
  func verifyRejects() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path
    _ = try Self.run(["ca", "init", "--dir", "\(path)/a", "--trust-domain", "example.org"])
    _ = try Self.run(["ca", "init", "--dir", "\(path)/b", "--trust-domain", "example.org"])
    _ = try Self.run([
      "ca", "issue", "--ca", "\(path)/a", "--out", "\(path)/web", "spiffe://example.org/web",
    ])

    let output = try Self.run([
      "ca", "verify", "--bundle", "\(path)/b/ca.pem", "\(path)/web/svid.pem",
    ])

    #expect(output.status == 1)
    #expect(
      output.stdout
        == "invalid: PKIError.chainInvalid: certificate 0 (O=MeshBridge): unable to get local issuer certificate\n"
    )
  }

  @Test(
    "issue from a CSR made by openssl keeps the key with its owner",
    .enabled(if: Peers.opensslAvailableOrRequired, Comment(rawValue: Peers.missingOpenSSLReason)))
  func issueFromCSR() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path
    _ = try Self.run(["ca", "init", "--dir", "\(path)/ca", "--trust-domain", "example.org"])
    let request = try Peers.runOpenSSL([
      "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
      "\(path)/own.key",
      "-subj", "/O=workload", "-addext", "subjectAltName=URI:spiffe://example.org/own", "-out",
      "\(path)/own.csr",
    ])
    try #require(request.status == 0, "\(request.stderr)")

    let issued = try Self.run([
      "ca", "issue", "--ca", "\(path)/ca", "--out", "\(path)/own", "--csr", "\(path)/own.csr",
      "spiffe://example.org/own",
    ])
    let matches = try Peers.runOpenSSL(["x509", "-in", "\(path)/own/svid.pem", "-noout", "-pubkey"])
    let ownPublic = try Peers.runOpenSSL(["pkey", "-in", "\(path)/own.key", "-pubout"])
    let otherID = try Self.run([
      "ca", "issue", "--ca", "\(path)/ca", "--out", "\(path)/other", "--csr", "\(path)/own.csr",
      "spiffe://example.org/other",
    ])

    #expect(issued.status == 0, "\(issued.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(path)/own/svid.key"))
    #expect(matches.stdout == ownPublic.stdout)
    #expect(otherID.status == 1)
    #expect(
      otherID.stderr
        == "mesh-onboard ca issue: PKIError.spiffeIDMismatch: the CSR asks for spiffe://example.org/own, not the expected spiffe://example.org/other\n"
    )
    #expect(!FileManager.default.fileExists(atPath: "\(path)/other"))
  }

  @Test("bad usage exits 2")
  func usage() throws {
    let missing = try Self.run(["ca", "issue", "--out", "/tmp/x", "spiffe://example.org/a"])
    let badID = try Self.run(["ca", "init", "--dir", "/tmp/never", "--trust-domain", "Bad_Domain"])

    #expect(
      missing.status == 2 && missing.stderr.hasPrefix("mesh-onboard ca issue: --ca is required"))
    #expect(badID.status == 2)
    #expect(
      badID.stderr.hasPrefix(
        "mesh-onboard ca init: --trust-domain \"Bad_Domain\": trust domain characters are limited"))
  }

  @Test("init keeps an existing CA unless --force, whatever trust domain is asked for")
  func initRefusesToReplace() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = directory.appendingPathComponent("ca").path
    _ = try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
    let first = try String(contentsOfFile: "\(ca)/ca.pem", encoding: .utf8)

    let refused = try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "other.org"])
    let kept = try String(contentsOfFile: "\(ca)/ca.pem", encoding: .utf8)
    let forced = try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "other.org", "--force"])
    let replaced = try String(contentsOfFile: "\(ca)/ca.pem", encoding: .utf8)

    #expect(refused.status == 1)
    #expect(
      refused.stderr
        == "mesh-onboard ca init: PKIError.alreadyExists: \(ca) already holds a CA for example.org; replacing it would invalidate every SVID it issued\n"
    )
    #expect(kept == first)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(replaced != first)
  }

  @Test("verify binds the bundle to its CA's trust domain: a leaf of another one is refused")
  func verifyBindsTrustDomain() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path
    _ = try Self.run(["ca", "init", "--dir", "\(path)/ca", "--trust-domain", "example.org"])
    // A CA of example.org's that signs a leaf claiming evil.org (as a compromised or
    // careless CA might): the bundle must not vouch for another trust domain.
    let ca = try CADirectory(path: "\(path)/ca").load()
    let forger = try CertificateAuthority(
      certificate: ca.certificate, privateKey: ca.privateKey, trustDomain: TrustDomain("evil.org"))
    let evil = try forger.issueSVID(for: SPIFFEID("spiffe://evil.org/ns/shop/sa/web"))
    try AtomicFile.write(evil.chainPEM, to: "\(path)/evil.pem", mode: 0o644)
    let bundle = "\(path)/ca/ca.pem"
    try AtomicFile.write(try ca.bundle.spiffeBundleJSON(), to: "\(path)/bundle.json", mode: 0o644)

    let implicit = try Self.run(["ca", "verify", "--bundle", bundle, "\(path)/evil.pem"])
    let json = try Self.run(["ca", "verify", "--bundle", "\(path)/bundle.json", "\(path)/evil.pem"])
    let explicit = try Self.run([
      "ca", "verify", "--bundle", bundle, "--trust-domain", "example.org", "\(path)/evil.pem",
    ])

    for output in [implicit, json, explicit] {
      #expect(output.status == 1)
      #expect(
        output.stdout
          == "invalid: PKIError.noBundleForTrustDomain: certificate 0 (O=MeshBridge): no trust bundle for trust domain evil.org\n"
      )
    }
  }

  @Test(
    "verify without --trust-domain asks for one when the bundle's CAs name none",
    .enabled(if: Peers.opensslAvailableOrRequired, Comment(rawValue: Peers.missingOpenSSLReason)))
  func verifyNeedsTrustDomain() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path
    let root = try Peers.runOpenSSL([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
      "\(path)/root.key", "-subj", "/O=plain root", "-days", "1", "-out", "\(path)/root.pem",
    ])
    try #require(root.status == 0, "\(root.stderr)")

    let output = try Self.run([
      "ca", "verify", "--bundle", "\(path)/root.pem", "\(path)/root.pem",
    ])

    #expect(output.status == 2)
    #expect(
      output.stderr.hasPrefix(
        "mesh-onboard ca verify: the CA certificates in \(path)/root.pem name no single trust domain; give --trust-domain\n"
      ))
  }

  @Test("modes are exact whatever the umask: CA directory 0700, keys 0600, SVID directory 0755")
  func modesUnderOpenUmask() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.path
    let executable = ValidateCommandTests.executable.path
    let script = """
      umask 000
      "$1" ca init --dir "$2/ca" --trust-domain example.org >/dev/null &&
      "$1" ca issue --ca "$2/ca" --out "$2/web" spiffe://example.org/web >/dev/null
      """

    let output = try Peers.run(
      URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script, "sh", executable, path])
    let mode = { (file: String) throws -> Int? in
      let resolved = URL(fileURLWithPath: "\(path)/\(file)").resolvingSymlinksInPath().path
      return try FileManager.default.attributesOfItem(atPath: resolved)[.posixPermissions] as? Int
    }

    #expect(output.status == 0, "\(output.stderr)")
    #expect(try mode("ca") == 0o700)
    #expect(try mode("ca/ca.key") == 0o600)
    #expect(try mode("ca/ca.pem") == 0o644)
    #expect(try mode("web") == 0o755)
    #expect(try mode("web/svid.key") == 0o600)
    #expect(try mode("web/svid.pem") == 0o644)
  }

  @Test("a CA key others may read is refused with the fix to apply")
  func insecureCAKey() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = directory.appendingPathComponent("ca").path
    _ = try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
    let key = URL(fileURLWithPath: "\(ca)/ca.key").resolvingSymlinksInPath().path
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)

    let output = try Self.run([
      "ca", "issue", "--ca", ca, "--out", "\(directory.path)/web", "spiffe://example.org/web",
    ])

    #expect(output.status == 1)
    #expect(
      output.stderr
        == "mesh-onboard ca issue: PKIError.insecureKeyFile: \(ca)/ca.key is open to others (mode 644); a private key must be 0600 (chmod 600 it)\n"
    )
  }

  @Test(
    "help on every subcommand; TTLs out of bounds are usage errors",
    arguments: [
      (["ca", "init", "--help"], 0, "Usage:"),
      (["ca", "issue", "-h"], 0, "Usage:"),
      (
        ["ca", "init", "--dir", "/tmp/never", "--trust-domain", "example.org", "--ttl", "1ns"], 2,
        "mesh-onboard ca init: --ttl takes a duration from 1h to 175200h, not 1ns"
      ),
      (
        [
          "ca", "issue", "--ca", "/tmp/never", "--out", "/tmp/never", "--ttl", "30s",
          "spiffe://a/b",
        ],
        2, "mesh-onboard ca issue: --ttl takes a duration from 1m to 8760h, not 30s"
      ),
      (
        [
          "ca", "issue", "--ca", "/tmp/never", "--out", "/tmp/x", "--owner", "proxy",
          "spiffe://a/b",
        ],
        2, "mesh-onboard ca issue: --owner takes UID:GID as numbers, such as 1337:1337, not proxy"
      ),
    ])
  func helpAndBounds(arguments: [String], status: Int32, start: String) throws {
    let output = try Self.run(arguments)

    #expect(output.status == status)
    #expect((status == 0 ? output.stdout : output.stderr).hasPrefix(start), "\(output.stderr)")
  }
}
