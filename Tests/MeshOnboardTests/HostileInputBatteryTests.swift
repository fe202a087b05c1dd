import Foundation
import MeshIdentity
import MeshPKI
import MeshSupport
import MeshTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The CLI run as a hostile but honest user would: mangled and malicious YAML, broken CA
/// and SVID files, files that are not files, and AWS endpoints that do not work. Every
/// run is classified; the counts are printed (Docs/Security.md keeps them) and all but
/// the number of runs must be zero:
///
/// - a crash: the process ended by a signal, or with a stack dump;
/// - (a status other than the documented 0, 1, 2, and 79 for `analyze`, counts as one);
/// - a hang: no end within 30 seconds;
/// - an unclear error: a failure whose message is empty, names neither the input nor a
///   code, dumps a Foundation error, lets a control character through, or quotes more
///   than 16 KiB of input;
/// - a leftover: a temporary file, or a key printed anywhere.
@Suite("Hostile input battery", .serialized)
struct HostileInputBatteryTests {
  struct Tally: Sendable, CustomStringConvertible {
    var runs = 0
    var crashes: [String] = []
    var hangs: [String] = []
    var unclear: [String] = []
    var leftovers: [String] = []

    var description: String {
      "\(runs) runs, \(crashes.count) crashes, \(hangs.count) hangs, \(unclear.count) unclear errors, \(leftovers.count) leftovers"
    }
  }

  /// Runs the CLI on one case and classifies the outcome.
  /// - Parameter names: Words of which a failure's message must hold one (the input's
  ///   path, the error's code).
  static func check(
    _ tally: inout Tally, _ label: String, _ arguments: [String], names: [String],
    input: Data = Data(), environment: [String: String] = [:], shell: String? = nil
  ) {
    tally.runs += 1
    let output: Peers.Output
    do {
      if let shell {
        output = try Peers.run(
          URL(fileURLWithPath: "/bin/sh"),
          arguments: ["-c", shell, Peers.meshOnboard.path] + arguments,
          environment: environment, timeout: 30)
      } else {
        output = try Peers.run(
          Peers.meshOnboard, arguments: arguments, input: input, environment: environment,
          timeout: 30)
      }
    } catch {
      tally.hangs.append("\(label): \(error)")
      return
    }
    let text = output.stdout + output.stderr
    // 0, 1 and 2 are the CLI's statuses, 79 analyze's (istioctl's "issues found").
    if output.bySignal || ![0, 1, 2, 79].contains(output.status) || text.contains("Stack dump")
      || text.contains("Fatal error")
    {
      tally.crashes.append("\(label): status \(output.status): \(output.stderr.prefix(300))")
      return
    }
    if text.contains("PRIVATE KEY") {
      tally.leftovers.append("\(label): a private key was printed")
    }
    // Nothing printed may drive the terminal, succeed or fail.
    let control = text.unicodeScalars.contains {
      ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F
        || (0x80...0x9F).contains($0.value)
    }
    guard output.status != 0 || control else { return }
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || control
      || text.contains("Error Domain=")
      || text.utf8.count > 16_384 || !names.contains(where: { text.contains($0) })
    {
      tally.unclear.append("\(label): \(text.prefix(300).debugDescription)")
    }
  }

  /// Temporary files anywhere below `directory`: what a failed or interrupted write left.
  static func temporaryFiles(below directory: URL) -> [String] {
    let names = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]
    return (names ?? []).filter {
      let name = ($0 as NSString).lastPathComponent
      return name.contains(".tmp-") || name.contains(".link-") || name == ".meshbridge-staging"
    }
  }

  /// Mangled copies of the example mesh: cut short, bytes flipped, control characters.
  static func mangledYAML() throws -> [(String, [UInt8])] {
    var generator = SystemRandomNumberGenerator()
    var cases: [(String, [UInt8])] = []
    let examples = ValidateCommandTests.examples.appendingPathComponent("mesh")
    for name in try FileManager.default.contentsOfDirectory(atPath: examples.path).sorted() {
      let bytes = Array(try Data(contentsOf: examples.appendingPathComponent(name)))
      for round in 0..<20 {
        var copy = bytes
        switch round % 3 {
        case 0: copy = Array(copy.prefix(Int.random(in: 0..<copy.count, using: &generator)))
        case 1:
          for _ in 0..<8 {
            copy[Int.random(in: 0..<copy.count, using: &generator)] = UInt8.random(
              in: 0...255, using: &generator)
          }
        default:
          let at = Int.random(in: 0..<copy.count, using: &generator)
          copy.insert(contentsOf: Array("\u{1B}[31m\u{07}\u{9B}2J".utf8), at: at)
        }
        cases.append(("\(name) #\(round)", copy))
      }
    }
    return cases
  }

  /// Hand-made hostile documents.
  static let craftedYAML: [(String, String)] = [
    ("empty", ""),
    ("byte-order mark only", "\u{FEFF}"),
    ("NUL bytes", "apiVersion: v1\u{0}\u{0}\nkind: Namespace\n"),
    ("invalid UTF-8", "kind: \u{FF}"),
    ("deep nesting", String(repeating: "[", count: 20_000)),
    (
      "alias bomb",
      "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    ),
    (
      "escape sequences in names",
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: \"a\\e[2Jb\\x07\", namespace: shop}\nspec: {hosts: [\"\\e]0;owned\\a\"]}\n"
    ),
    (
      "a 2 MB value",
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: "
        + String(repeating: "x", count: 2_000_000) + ", namespace: shop}\nspec: {hosts: [a]}\n"
    ),
    ("tab indentation", "apiVersion: v1\nkind: Namespace\nmetadata:\n\tname: x\n"),
    ("duplicate keys", "apiVersion: v1\napiVersion: v2\nkind: Namespace\n"),
    ("a huge number", "apiVersion: v1\nkind: Namespace\nmetadata: {generation: 1e99999}\n"),
    ("an unknown tag", "apiVersion: !!binary AAAA\nkind: !evil Namespace\n"),
    ("JSON with garbage after it", "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\"} }}}"),
    ("a stream of garbage documents", "---\n:\n---\n- - -\n---\n? ? ?\n...\n"),
    ("a 1,000-character key", String(repeating: "k", count: 1000) + ": v\n"),
  ]

  // The runs happen on a thread of their own (`Peers.offPool`), so that minutes of
  // waiting for processes never hold one of the test runner's two cooperative threads.

  @Test("mangled and malicious YAML: no crash, no hang, every failure clear")
  func yaml() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tally = try await Peers.offPool { try Self.hostileYAML(in: directory) }
    print("hostile YAML: \(tally)")

    #expect(tally.runs > 250)
    #expect(tally.crashes.isEmpty, "\(tally.crashes.prefix(5))")
    #expect(tally.hangs.isEmpty, "\(tally.hangs.prefix(5))")
    #expect(tally.unclear.isEmpty, "\(tally.unclear.prefix(5))")
    #expect(tally.leftovers.isEmpty, "\(tally.leftovers.prefix(5))")
  }

  static func hostileYAML(in directory: URL) throws -> Tally {
    var cases = try Self.mangledYAML()
    cases += Self.craftedYAML.map { ($0.0, Array($0.1.utf8)) }
    var tally = Tally()
    for (index, (label, bytes)) in cases.enumerated() {
      let file = directory.appendingPathComponent("case-\(index).yaml")
      try Data(bytes).write(to: file)
      for command in ["validate", "analyze"] {
        Self.check(&tally, "\(command) \(label)", [command, file.path], names: [file.path])
      }
      Self.check(
        &tally, "validate - \(label)", ["validate", "-"], names: ["-:", "standard input"],
        input: Data(bytes))
    }
    return tally
  }

  @Test("paths that are not files: no crash, no hang, the path and the reason")
  func notFiles() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tally = try await Peers.offPool { try Self.notFiles(in: directory.path) }
    print("paths that are not files: \(tally)")

    #expect(tally.crashes.isEmpty, "\(tally.crashes.prefix(5))")
    #expect(tally.hangs.isEmpty, "\(tally.hangs.prefix(5))")
    #expect(tally.unclear.isEmpty, "\(tally.unclear.prefix(5))")
  }

  static func notFiles(in path: String) throws -> Tally {
    let manager = FileManager.default
    try manager.createDirectory(atPath: "\(path)/dir.yaml", withIntermediateDirectories: true)
    guard mkfifo("\(path)/fifo.yaml", 0o644) == 0 else {
      throw SetupFailure(description: "mkfifo")
    }
    try manager.createSymbolicLink(atPath: "\(path)/loop.yaml", withDestinationPath: "loop.yaml")
    try manager.createSymbolicLink(atPath: "\(path)/dangling.yaml", withDestinationPath: "gone")
    try manager.createDirectory(atPath: "\(path)/tree/sub", withIntermediateDirectories: true)
    guard mkfifo("\(path)/tree/sub/x.yaml", 0o644) == 0 else {
      throw SetupFailure(description: "mkfifo")
    }
    var tally = Tally()

    for name in ["dir.yaml/x", "fifo.yaml", "loop.yaml", "dangling.yaml", "missing.yaml", "tree"] {
      for command in ["validate", "analyze", "hierarchy"] {
        Self.check(&tally, "\(command) \(name)", [command, "\(path)/\(name)"], names: [path])
      }
    }
    for command in ["validate", "analyze", "hierarchy"] {
      Self.check(
        &tally, "\(command) with standard input closed", [command, "-"],
        names: ["standard input"], shell: "exec \"$0\" \"$@\" <&-")
      Self.check(
        &tally, "\(command) with standard input a directory", [command, "-"],
        names: ["standard input"], shell: "exec \"$0\" \"$@\" < /")
    }
    return tally
  }

  @Test("broken CAs and SVIDs: no crash, the file or the rule at fault, no key shown, nothing left")
  func brokenIdentities() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let tally = try await Peers.offPool { try Self.brokenIdentities(in: directory) }
    print("broken identities: \(tally)")

    #expect(tally.crashes.isEmpty, "\(tally.crashes.prefix(5))")
    #expect(tally.hangs.isEmpty, "\(tally.hangs.prefix(5))")
    #expect(tally.unclear.isEmpty, "\(tally.unclear.prefix(5))")
    #expect(tally.leftovers.isEmpty, "\(tally.leftovers.prefix(5))")
  }

  static func brokenIdentities(in directory: URL) throws -> Tally {
    let path = directory.path
    let good = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let other = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let certificate = Array(good.certificate.pemEncoded.utf8)
    let key = Array(try good.privateKey.pemEncoded().utf8)
    let breakages: [(String, [UInt8], [UInt8])] = [
      ("empty files", [], []),
      ("certificate cut short", Array(certificate.prefix(certificate.count / 2)), key),
      ("key cut short", certificate, Array(key.prefix(key.count / 2))),
      ("files swapped", key, certificate),
      ("another CA's key", certificate, Array(try other.privateKey.pemEncoded().utf8)),
      ("garbage", Array("not a certificate\u{1B}[2J".utf8), Array("\u{0}\u{FF}".utf8)),
      (
        "base64 of nothing",
        Array("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n".utf8), key
      ),
    ]
    var tally = Tally()

    for (index, (label, certificateBytes, keyBytes)) in breakages.enumerated() {
      let ca = "\(path)/ca-\(index)"
      try Self.makeDirectory(ca)
      try AtomicFile.write(certificateBytes, to: "\(ca)/ca.pem", mode: 0o644)
      try AtomicFile.write(keyBytes, to: "\(ca)/ca.key", mode: 0o600)
      Self.check(
        &tally, "issue with \(label)",
        ["ca", "issue", "--ca", ca, "--out", "\(path)/out-\(index)", "spiffe://example.org/w"],
        names: [ca, "PKIError."])
      let svid = "\(path)/svid-\(index)"
      try Self.makeDirectory(svid)
      try AtomicFile.write(certificateBytes, to: "\(svid)/svid.pem", mode: 0o644)
      try AtomicFile.write(keyBytes, to: "\(svid)/svid.key", mode: 0o600)
      try AtomicFile.write(certificate, to: "\(svid)/bundle.pem", mode: 0o644)
      let working = "\(path)/working-ca"
      if !CADirectory(path: working).exists { try CADirectory(path: working).write(good) }
      Self.check(
        &tally, "renew with \(label)", ["ca", "renew", "--ca", working, "--svid", svid],
        names: [svid, "PKIError."])
      Self.check(
        &tally, "verify with \(label)",
        ["ca", "verify", "--bundle", "\(svid)/svid.pem", "\(svid)/svid.pem"],
        names: [svid, "PKIError.", "trust domain"])
    }
    tally.leftovers += Self.temporaryFiles(below: directory)
    return tally
  }

  private static func makeDirectory(_ directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }
}
