import Foundation
import MeshPKI
import MeshSupport
import MeshTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The promises about files, kept under the worst a host does to a writer: SIGKILL at any
/// moment, and several writers of one target at once. Sized for CI (250 kills and as
/// many clean runs, 112 writers eight at a time, well under a minute); `MESHBRIDGE_CRASH_RUNS` raises the number of kills per command for
/// the release check (Docs/Security.md).
@Suite("Crash consistency and concurrent writers", .serialized)
struct CrashConsistencyTests {
  static let runs =
    ProcessInfo.processInfo.environment["MESHBRIDGE_CRASH_RUNS"].flatMap { Int($0) } ?? 100

  static func run(_ arguments: [String]) throws -> Peers.Output {
    try Peers.run(
      ValidateCommandTests.executable, arguments: arguments,
      environment: DiscoverCommandTests.environment)
  }

  /// Starts the CLI and kills it with SIGKILL after `delay` seconds unless it has ended.
  /// - Returns: Whether the kill came before the end.
  static func runKilled(_ arguments: [String], after delay: TimeInterval) throws -> Bool {
    let child = try ChildProcess.spawn(
      ValidateCommandTests.executable, arguments: arguments,
      environment: DiscoverCommandTests.environment)
    Thread.sleep(forTimeInterval: delay)
    ChildProcess.signal(child, SIGKILL)
    let ending = ChildProcess.wait(child)
    return ending.bySignal && ending.status == SIGKILL
  }

  /// How long one uninterrupted run takes, so that kills spread over the whole of one.
  static func timed(_ arguments: [String]) throws -> TimeInterval {
    let start = Date()
    let output = try run(arguments)
    guard output.status == 0 else {
      throw SetupFailure(description: "\(arguments.prefix(2)) failed: \(output.stderr)")
    }
    return Date().timeIntervalSince(start)
  }

  /// The SVID as a reader of the top-level names sees it (Envoy reads them so); throws
  /// when the key does not belong to the chain. Nil when there is none yet.
  static func svid(in directory: String) throws -> SVID? {
    guard SVIDDirectory(path: directory).exists else { return nil }
    return try SVID(
      chainPEM: String(contentsOfFile: "\(directory)/svid.pem", encoding: .utf8),
      keyPEM: String(contentsOfFile: "\(directory)/svid.key", encoding: .utf8))
  }

  /// What is in `directory` besides `expected` names, the `..data` link, the lock and one
  /// generation: what an interrupted write left and the next one did not remove.
  static func leftovers(in directory: String, expected: Set<String>) throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory)
    let generations = names.filter { $0.hasPrefix("..") && $0 != "..data" && $0 != "..lock" }
    let others = names.filter {
      !$0.hasPrefix("..") && !expected.contains($0)
    }
    return others.sorted() + (generations.count == 1 ? [] : generations.sorted())
  }

  /// What went wrong in work run off the cooperative pool, reported back to the test.
  struct Problems: Sendable {
    var list: [String] = []
    var kills = 0

    mutating func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
      if !condition { list.append(problem()) }
    }
  }

  /// Every file the bundle's manifest lists is there with its SHA-256; the certificate
  /// files only when `certificates` (a rotation killed after its switch and before the
  /// manifest's update leaves those for the next run to record). The SVID's key matches.
  static func bundleProblems(_ bundle: String, certificates: Bool) throws -> [String] {
    let manifest = try BundleManifestFile.read(bundle)
    var problems: [String] = []
    for file in manifest.files where certificates || !file.path.hasPrefix("certs/") {
      let contents = try Data(contentsOf: URL(fileURLWithPath: "\(bundle)/\(file.path)"))
      if Digest.sha256Hex(Array(contents)) != file.sha256 {
        problems.append("\(file.path) does not have the manifest's SHA-256")
      }
    }
    _ = try svid(in: "\(bundle)/certs")
    return problems
  }

  // Each test's runs happen on a thread of their own (`Peers.offPool`): minutes of
  // waiting for processes must not hold one of the test runner's two cooperative threads,
  // which every other suite's async work (and its timeouts) needs.

  @Test("ca issue and ca renew killed at any moment leave the old SVID or the new one")
  func svidKills() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let problems = try await Peers.offPool { try Self.killSVIDWriters(in: directory.path) }
    print(
      "ca issue and renew: \(Self.runs * 2) runs, \(problems.kills) killed mid-run, \(problems.list.count) problems"
    )

    #expect(problems.list.isEmpty, "\(problems.list.prefix(5))")
    #expect(
      problems.kills >= Self.runs / 2, "only \(problems.kills) runs were killed before they ended")
  }

  static func killSVIDWriters(in directory: String) throws -> Problems {
    let ca = "\(directory)/ca"
    let out = "\(directory)/web"
    let issue = ["ca", "issue", "--ca", ca, "--out", out, "spiffe://example.org/ns/shop/sa/web"]
    let renew = ["ca", "renew", "--ca", ca, "--svid", out]
    _ = try timed(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
    let verifier = try SVIDVerifier(bundle: CADirectory(path: ca).load().bundle)
    let typical = [try timed(issue), try timed(renew)]

    var problems = Problems()
    for round in 0..<runs * 2 {
      let arguments = round.isMultiple(of: 2) ? issue : renew
      let delay = Double.random(in: 0...(typical[round % 2] * 1.2))
      if try runKilled(arguments, after: delay) { problems.kills += 1 }
      // The key matches the chain (or `svid` throws), and the CA vouches for it.
      guard let survivor = try svid(in: out) else {
        problems.list.append("round \(round): no SVID left")
        continue
      }
      problems.check(
        try verifier.verify(survivor.chain).description.hasSuffix("/sa/web"),
        "round \(round): another identity")
      // The next run proves possession with what is there, and cleans up.
      let next = try run(renew)
      problems.check(next.status == 0, "round \(round): \(next.stderr)")
      let left = try leftovers(in: out, expected: ["svid.pem", "svid.key", "bundle.pem"])
      problems.check(left.isEmpty, "round \(round): left \(left)")
    }
    return problems
  }

  @Test(
    "bundle and rotate killed at any moment leave a whole bundle, old or new",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func bundleKills() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let endpoint = server.endpoint
    let problems = try await Peers.offPool {
      try Self.killBundleWriters(in: directory.path, endpoint: endpoint)
    }
    print(
      "bundle and rotate: \(max(Self.runs / 2, 1)) runs, \(problems.kills) killed mid-run, \(problems.list.count) problems"
    )

    #expect(problems.list.isEmpty, "\(problems.list.prefix(5))")
    #expect(
      problems.kills >= Self.runs / 8, "only \(problems.kills) runs were killed before they ended")
  }

  static func killBundleWriters(in directory: String, endpoint: String) throws -> Problems {
    let ca = "\(directory)/ca"
    let bundles = "\(directory)/bundles"
    let out = "\(bundles)/orders"
    let bundle = [
      "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out", out,
      "--namespace", "shop", "--endpoint-url", endpoint,
    ]
    let rotate = ["rotate", "--ca", ca, "--bundles", bundles, "--fraction", "0"]
    _ = try timed(["ca", "init", "--dir", ca, "--trust-domain", "example.org"])
    let typical = [try timed(bundle), try timed(rotate)]

    var problems = Problems()
    for round in 0..<max(runs / 2, 1) {
      let arguments = round.isMultiple(of: 2) ? bundle : rotate
      let delay = Double.random(in: 0...(typical[round % 2] * 1.2))
      if try runKilled(arguments, after: delay) { problems.kills += 1 }
      problems.list += try bundleProblems(out, certificates: arguments == bundle)
        .map { "round \(round), after the kill: \($0)" }
      let next = try run(rotate)
      problems.check(next.status == 0, "round \(round): \(next.stderr)")
      problems.list += try bundleProblems(out, certificates: true)
        .map { "round \(round), after the next run: \($0)" }
      let names = try FileManager.default.contentsOfDirectory(atPath: bundles).sorted()
      problems.check(names == [".meshbridge-locks", "orders"], "round \(round): \(names)")
      let left = try leftovers(
        in: "\(out)/certs",
        expected: ["svid.pem", "svid.key", "bundle.pem", "cert.json", "ca.json"])
      problems.check(left.isEmpty, "round \(round): left \(left)")
    }
    return problems
  }

  @Test("eight ca issue writers at once: each succeeds or says in use; no reader sees a mix")
  func concurrentIssue() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = "\(directory.path)/ca"
    let out = "\(directory.path)/web"
    let issue = ["ca", "issue", "--ca", ca, "--out", out, "spiffe://example.org/ns/shop/sa/web"]
    try #require(
      try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"]).status == 0)
    try #require(try Self.run(issue).status == 0)

    let (refused, checks, violations) = try await Self.eightAtOnce(issue, rounds: 10) {
      try Self.readSVIDGeneration(out)
    }

    #expect(refused.isEmpty, "\(refused.prefix(3))")
    #expect(violations.isEmpty, "\(violations.prefix(3))")
    #expect(checks > 10)
    #expect(try Self.svid(in: out) != nil)
    #expect(try Self.leftovers(in: out, expected: ["svid.pem", "svid.key", "bundle.pem"]).isEmpty)
  }

  @Test(
    "eight bundle writers at once: each succeeds or says in use; the bundle is always whole",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func concurrentBundles() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = try AWSTestServer(scenario: ECSAnywhereScenario.scenario())
    let ca = "\(directory.path)/ca"
    let out = "\(directory.path)/bundles/orders"
    let bundle = [
      "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out", out,
      "--namespace", "shop", "--endpoint-url", server.endpoint,
    ]
    try #require(
      try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"]).status == 0)
    try #require(try Self.run(bundle).status == 0)

    let (refused, checks, violations) = try await Self.eightAtOnce(bundle, rounds: 4) {
      try Self.readBundle(out)
    }

    #expect(refused.isEmpty, "\(refused.prefix(3))")
    #expect(violations.isEmpty, "\(violations.prefix(3))")
    #expect(checks > 4)
    #expect(try Self.bundleProblems(out, certificates: true).isEmpty)
    #expect(
      !FileManager.default.fileExists(atPath: "\(directory.path)/bundles/.meshbridge-staging"))
  }

  /// Runs the CLI with `arguments` eight times at once, `rounds` times over, while `check`
  /// reads the target all along.
  /// - Returns: The writers that failed for another reason than the target being in use,
  ///   how often the target was read, and what the reads saw wrong.
  static func eightAtOnce(
    _ arguments: [String], rounds: Int, check: @escaping @Sendable () throws -> String?
  ) async throws -> (refused: [String], checks: Int, violations: [String]) {
    let watch = Watch(check)
    var outcomes: [Peers.Output] = []
    for _ in 0..<rounds {
      outcomes += try await together(8) { try run(arguments) }
    }
    let (checks, violations) = watch.stop()
    let refused = outcomes.filter {
      $0.status != 0 && !$0.stderr.contains("in use by another writer")
    }.map(\.stderr)
    return (refused, checks, violations)
  }

  /// Runs `count` copies of `body` at once, each on a thread of its own.
  static func together(_ count: Int, _ body: @escaping @Sendable () throws -> Peers.Output)
    async throws -> [Peers.Output]
  {
    try await withThrowingTaskGroup(of: Peers.Output.self) { group in
      for _ in 0..<count {
        group.addTask { try await Peers.offPool { try body() } }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
  }

  // MARK: Readers that take one snapshot

  /// Reads the chain and key of the generation `..data` names through one directory
  /// descriptor, so both come from the same generation. A generation removed while it
  /// is read (a writer switched away from it) is no state anyone sees: nil.
  static func readSVIDGeneration(_ directory: String) throws -> String? {
    let generation = try? FileManager.default.destinationOfSymbolicLink(
      atPath: "\(directory)/..data")
    let descriptor = open("\(directory)/..data", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    guard let chain = readAt(descriptor, "svid.pem"), let key = readAt(descriptor, "svid.key")
    else {
      let now = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(directory)/..data")
      return now == generation ? "generation \(generation ?? "?") is current but incomplete" : nil
    }
    do {
      _ = try SVID(chainPEM: chain, keyPEM: key)
      return nil
    } catch {
      return "generation \(generation ?? "?"): \(error)"
    }
  }

  /// Reads a bundle's manifest and every file it lists through one descriptor of the
  /// bundle directory; a bundle replaced while it is read is no state anyone sees: nil.
  static func readBundle(_ bundle: String) throws -> String? {
    let descriptor = open(bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return "the bundle is missing" }
    defer { close(descriptor) }
    var problem: String?
    if let text = readAt(descriptor, "manifest.json"),
      let manifest = try? BundleManifestFile.decode(Data(text.utf8))
    {
      for file in manifest.files {
        guard let contents = readAt(descriptor, file.path) else {
          problem = "\(file.path) is listed but missing"
          break
        }
        if Digest.sha256Hex(Array(contents.utf8)) != file.sha256 {
          problem = "\(file.path) does not have the manifest's SHA-256"
          break
        }
      }
    } else {
      problem = "manifest.json is missing or unreadable"
    }
    guard let problem else { return nil }
    // Only a problem of the bundle still in place counts.
    var opened = stat()
    var current = stat()
    guard fstat(descriptor, &opened) == 0, stat(bundle, &current) == 0,
      opened.st_ino == current.st_ino
    else { return nil }
    return problem
  }

  static func readAt(_ directory: Int32, _ name: String) -> String? {
    let descriptor = openat(directory, name, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    guard let data = try? handle.readToEnd() else { return nil }
    return String(decoding: data, as: UTF8.self)
  }
}

/// A step of a test's set-up that failed, thrown from work run off the cooperative pool.
struct SetupFailure: Error, CustomStringConvertible {
  var description: String
}

/// A reader that checks a target over and over on a thread of its own until stopped.
final class Watch: Sendable {
  private let stopped = Atomic<Bool>(false)
  private let state = Mutex<(checks: Int, violations: [String])>((0, []))
  private let done = Mutex<Bool>(false)

  init(_ check: @escaping @Sendable () throws -> String?) {
    let thread = Thread { [self] in
      while !stopped.load(ordering: .relaxed) {
        let result = Result { try check() }
        state.withLock { state in
          state.checks += 1
          switch result {
          case .success(.some(let violation)): state.violations.append(violation)
          case .failure(let error): state.violations.append("\(error)")
          case .success(.none): break
          }
        }
      }
      done.withLock { $0 = true }
    }
    thread.start()
  }

  /// Stops the reader and returns how often it checked and what it saw wrong.
  func stop() -> (checks: Int, violations: [String]) {
    stopped.store(true, ordering: .relaxed)
    while !done.withLock({ $0 }) { usleep(1_000) }
    return state.withLock { $0 }
  }
}

/// The bundle's manifest as its readers parse it, with no dependency on MeshBridge.
struct BundleManifestFile: Decodable {
  struct File: Decodable {
    var path: String
    var sha256: String
  }
  var files: [File]

  static func decode(_ data: Data) throws -> BundleManifestFile {
    try JSONDecoder().decode(BundleManifestFile.self, from: data)
  }

  static func read(_ bundle: String) throws -> BundleManifestFile {
    try decode(Data(contentsOf: URL(fileURLWithPath: "\(bundle)/manifest.json")))
  }
}
