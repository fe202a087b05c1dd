import Foundation
import MeshTestSupport
import Testing

/// The AWS options of the commands that call AWS: a malformed `--endpoint-url` is bad
/// usage, `--timeout` and `--connect-timeout` bound every call, and `discover --watch`
/// tells each failing round. The built executable runs against peers on 127.0.0.1.
@Suite(
  "mesh-onboard AWS options",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct AWSOptionsTests {
  static func run(_ arguments: [String]) throws -> Peers.Output {
    // Bounded well below a call's default 60 s: a timeout option that is ignored fails here.
    try Peers.run(
      ValidateCommandTests.executable, arguments: arguments,
      environment: DiscoverCommandTests.environment, timeout: 50)
  }

  /// Seconds since `start`.
  static func elapsed(since start: ContinuousClock.Instant) -> TimeInterval {
    start.duration(to: .now) / .seconds(1)
  }

  @Test(
    "a malformed --endpoint-url exits 2 with what is wrong, before any request",
    arguments: [
      ("127.0.0.1:5000", #""127.0.0.1:5000" does not start with http:// or https://"#),
      (
        "ftp://127.0.0.1:5000",
        #""ftp://127.0.0.1:5000" has the scheme "ftp": only http and https are supported"#
      ),
      ("http://", #""http://" has no host"#),
      (
        "http://127.0.0.1 :5000",
        #""http://127.0.0.1 :5000" contains a space or a control character"#
      ),
      (
        "http://127.0.0.1:5000/ecs",
        #""http://127.0.0.1:5000/ecs" has a path (/ecs): requests go to the server's root, /"#
      ),
      (
        "http://127.0.0.1:5000?x=1",
        #""http://127.0.0.1:5000?x=1" has a query (?…): requests go to the server's root, with nothing after it"#
      ),
      (
        "http://127.0.0.1:99999",
        #""http://127.0.0.1:99999" has the port 99999: a port is 1 to 65535"#
      ),
    ])
  func malformedEndpoint(url: String, reason: String) throws {
    let output = try Self.run(["discover", "--cluster", "onprem-east", "--endpoint-url", url])

    #expect(output.status == 2)
    #expect(
      output.stderr.hasPrefix(
        "mesh-onboard discover: --endpoint-url: the endpoint URL \(reason)\n\nUsage: mesh-onboard discover"
      ), "\(output.stderr)")
  }

  @Test(
    "every command that calls AWS refuses a malformed --endpoint-url as bad usage",
    arguments: [
      ["discover", "--cluster", "onprem-east"],
      ["activate", "--cluster", "onprem-east"],
      ["inject", "--task-definition", "orders:7", "--bundle-path", "/var/lib/meshbridge/orders"],
      ["bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", "CA", "--out", "OUT"],
      ["demo", "--cluster", "onprem-east", "--out", "OUT"],
    ])
  func malformedEndpointEveryCommand(arguments: [String]) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ca = directory.appendingPathComponent("ca").path
    let out = directory.appendingPathComponent("out").path
    #expect(try Self.run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"]).status == 0)
    let command = arguments.map { $0 == "CA" ? ca : $0 == "OUT" ? out : $0 }

    let output = try Self.run(command + ["--endpoint-url", "localhost:5000"])

    #expect(output.status == 2)
    #expect(
      output.stderr.hasPrefix(
        #"mesh-onboard \#(arguments[0]): --endpoint-url: the endpoint URL "localhost:5000" does not start with http:// or https://"#
      ), "\(output.stderr)")
    // Nothing written: demo would have made a CA in OUT, bundle the bundle.
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test(
    "--timeout and --connect-timeout take a number of seconds more than 0, up to a day",
    arguments: [
      (
        "--timeout", "0", "--timeout takes a number of seconds more than 0 and at most 86400, not 0"
      ),
      ("--timeout", "-1", "--timeout takes a number of seconds, not -1"),
      ("--timeout", "soon", "--timeout takes a number of seconds, not soon"),
      (
        "--timeout", "90000",
        "--timeout takes a number of seconds more than 0 and at most 86400, not 90000"
      ),
      (
        "--connect-timeout", "0",
        "--connect-timeout takes a number of seconds more than 0 and at most 86400, not 0"
      ),
    ])
  func invalidTimeouts(option: String, value: String, message: String) throws {
    let output = try Self.run([
      "discover", "--cluster", "onprem-east", "--endpoint-url", "http://127.0.0.1:5000", option,
      value,
    ])

    #expect(output.status == 2)
    #expect(output.stderr.hasPrefix("mesh-onboard discover: \(message)\n\n"), "\(output.stderr)")
  }

  @Test("--timeout bounds a call to a server that takes the request and never answers")
  func timeoutHonoured() throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = ["hang": 120]
    let server = try AWSTestServer(scenario: scenario)
    let port = try #require(URL(string: server.endpoint)?.port)
    let start = ContinuousClock.now

    let output = try Self.run([
      "discover", "--cluster", "onprem-east", "--endpoint-url", server.endpoint, "--timeout", "2",
    ])

    let elapsed = Self.elapsed(since: start)
    #expect(output.status == 1)
    #expect(
      output.stderr
        == "mesh-onboard discover: AWSError.timeout(CallTimeout): ListTasks: no complete answer from 127.0.0.1:\(port) within 2 s, the time allowed for the whole call\n"
    )
    // Not before the bound; far from the default 60 s or the 120 s hang (the margin is
    // for other suites sharing the machine's two cores).
    #expect(elapsed >= 1.9 && elapsed < 30, "\(elapsed) s")
  }

  @Test("--connect-timeout bounds the wait for a connection that never comes up")
  func connectTimeoutHonoured() throws {
    let listener = try FullBacklogListener()
    let start = ContinuousClock.now

    let output = try Self.run([
      "discover", "--cluster", "onprem-east", "--endpoint-url", listener.endpoint,
      "--connect-timeout", "1", "--timeout", "40",
    ])

    let elapsed = Self.elapsed(since: start)
    #expect(output.status == 1)
    // Three attempts (the SDKs' standard retries) of 1 s each, and backoff of at most 3 s.
    #expect(
      output.stderr
        == "mesh-onboard discover: AWSError.timeout(ConnectTimeout, 3 attempts): no connection to 127.0.0.1:\(listener.port) within 1 s\n"
    )
    #expect(elapsed >= 2.9 && elapsed < 30, "\(elapsed) s")
  }

  @Test(
    "discover --watch tells each failing round on stderr with its cause and the backoff",
    arguments: [
      (500, "InternalFailure", "injected"),
      (400, "ThrottlingException", "Rate exceeded"),
    ])
  func watchReportsFailingRounds(status: Int, code: String, message: String) throws {
    var scenario = ECSAnywhereScenario.scenario()
    scenario["ListTasks"] = ["status": status, "code": code, "message": message]
    let server = try AWSTestServer(scenario: scenario)

    let watch = try BackgroundProcess(
      ValidateCommandTests.executable,
      arguments: [
        "discover", "--cluster", "onprem-east", "--watch", "0.05", "--endpoint-url",
        server.endpoint,
      ], environment: DiscoverCommandTests.environment)
    defer { watch.stop() }
    // A round is three attempts with the standard backoff: at most about 3 s each.
    let third = watch.waitForOutput(containing: "(3 in a row)", timeout: 60)
    watch.stop()

    #expect(third, "\(watch.output)")
    let lines = watch.output.split(separator: "\n").map {
      $0.replacing(#/request test-request-\d+/#, with: "request ID")
    }
    let cause = "AWSError.service(\(code), HTTP \(status), request ID, 3 attempts): \(message)"
    #expect(
      Array(lines.prefix(3)) == [
        "onprem-east: discovery failed (1 in a row): \(cause); next round in 0.1 s",
        "onprem-east: discovery failed (2 in a row): \(cause); next round in 0.2 s",
        "onprem-east: discovery failed (3 in a row): \(cause); next round in 0.4 s",
      ], "\(watch.output)")
    #expect(!watch.output.contains("test-secret"))
  }
}
