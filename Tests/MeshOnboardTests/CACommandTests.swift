import Foundation
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

    #expect(issued.status == 0, "\(issued.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(path)/own/svid.key"))
    #expect(matches.stdout == ownPublic.stdout)
  }

  @Test("bad usage exits 2")
  func usage() throws {
    let missing = try Self.run(["ca", "issue", "--out", "/tmp/x", "spiffe://example.org/a"])
    let badID = try Self.run(["ca", "init", "--dir", "/tmp/never", "--trust-domain", "Bad_Domain"])

    #expect(
      missing.status == 2 && missing.stderr.hasPrefix("mesh-onboard ca issue: --ca is required"))
    #expect(badID.status == 1)
    #expect(badID.stderr.contains("trust domain characters are limited"))
  }
}
