import Foundation
import MeshSupport
import MeshTestSupport
import Testing

/// MeshSupport's plain GET against real servers on 127.0.0.1: the suite's scenario server
/// (Tests/Servers/aws_test_server.py answers GETs by path), a socket whose connections
/// never come up, a port nobody listens on, and a server that streams a body without a
/// length. Every failure is a typed error with its full text; every wait is bounded well
/// below what a missing bound would take, and each server stops when its test ends.
@Suite(
  "HTTPGet",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct HTTPGetTests {
  static func get(
    connectTimeout: TimeInterval = 5, timeout: TimeInterval = 30, maximumBodyBytes: Int = 1 << 20
  ) -> HTTPGet {
    HTTPGet(
      configuration: HTTPGet.Configuration(
        connectTimeout: connectTimeout, timeout: timeout, maximumBodyBytes: maximumBodyBytes))
  }

  /// Seconds since `start`.
  static func elapsed(since start: ContinuousClock.Instant) -> TimeInterval {
    start.duration(to: .now) / .seconds(1)
  }

  @Test("a 200 answer gives its body; headers are sent as given")
  func body() async throws {
    let server = try AWSTestServer(scenario: [
      "/stats/prometheus": ["text": "envoy_server_live 1\n"],
      "/credentials": ["text": "secret", "requireHeader": ["Authorization", "t0ken"]],
    ])

    let stats = try await Self.get().fetch(server.endpoint + "/stats/prometheus")
    let credentials = try await Self.get().fetch(
      server.endpoint + "/credentials", headers: [("Authorization", "t0ken")])

    #expect(stats == HTTPGet.Response(status: 200, body: Array("envoy_server_live 1\n".utf8)))
    #expect(String(decoding: credentials.body, as: UTF8.self) == "secret")
  }

  @Test(
    "a 404 or 500 is a status error with its status, and prints the URL without its secrets",
    arguments: [404, 500])
  func errorStatus(status: Int) async throws {
    let server = try AWSTestServer(scenario: [
      "/stats?token=abc&usedonly": ["status": status, "code": "Nope", "message": "body-secret"]
    ])
    let port = try #require(server.endpoint.split(separator: ":").last)

    let error = try await #require(throws: HTTPGetError.self) {
      try await Self.get().fetch("http://user:pa55@127.0.0.1:\(port)/stats?token=abc&usedonly#x")
    }

    #expect(error.code == .status && error.status == status)
    #expect(
      error.description
        == "HTTPGetError.status: GET http://127.0.0.1:\(port)/stats?token=REDACTED&usedonly: HTTP status \(status)"
    )
  }

  @Test("a body over the cap is refused, by its Content-Length or as it streams")
  func bodyTooLarge() async throws {
    let server = try AWSTestServer(scenario: [
      "/large": ["text": String(repeating: "x", count: 4_000)],
      "/fits": ["text": String(repeating: "x", count: 1_000)],
    ])
    // HTTP/1.0 without a Content-Length: the body ends when the connection closes.
    let streamer = try StreamingServer(bytes: 300_000)

    let declared = try await #require(throws: HTTPGetError.self) {
      try await Self.get(maximumBodyBytes: 1_000).fetch(server.endpoint + "/large")
    }
    let streamed = try await #require(throws: HTTPGetError.self) {
      try await Self.get(maximumBodyBytes: 100_000).fetch(streamer.endpoint)
    }
    let fits = try await Self.get(maximumBodyBytes: 1_000).fetch(server.endpoint + "/fits")
    let whole = try await Self.get(maximumBodyBytes: 300_000).fetch(streamer.endpoint)

    #expect(
      declared.description
        == "HTTPGetError.bodyTooLarge: GET \(server.endpoint)/large: the body is larger than 1000 bytes"
    )
    #expect(
      streamed.description
        == "HTTPGetError.bodyTooLarge: GET \(streamer.endpoint): the body is larger than 100000 bytes"
    )
    #expect(fits.body.count == 1_000)
    #expect(whole.body.count == 300_000)
  }

  @Test("TLS is verified: an untrusted server is refused, and trusted through caBundlePath")
  func tlsVerification() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let certificate = directory.appendingPathComponent("server.pem").path
    let key = directory.appendingPathComponent("server.key").path
    let made = try Peers.runOpenSSL([
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    try #require(made.status == 0, "\(made.stderr)")
    let server = try AWSTestServer(
      scenario: ["/health": ["text": "ok"]], tls: (certificate, key))

    let refused = try await #require(throws: HTTPGetError.self) {
      try await Self.get().fetch(server.endpoint + "/health")
    }
    let trusted = try await HTTPGet(
      configuration: HTTPGet.Configuration(caBundlePath: certificate)
    ).fetch(server.endpoint + "/health")

    #expect(refused.code == .tlsVerificationFailed)
    #expect(
      refused.description.hasPrefix(
        "HTTPGetError.tlsVerificationFailed: GET \(server.endpoint)/health: the TLS certificate of \(server.endpoint.dropFirst("https://".count)) is not trusted: "
      ))
    #expect(trusted.body == Array("ok".utf8))
  }

  @Test("a port nobody listens on is a refused connection, at once")
  func connectionRefused() async throws {
    let port = try Peers.freeLoopbackPort()
    let start = ContinuousClock.now

    let error = try await #require(throws: HTTPGetError.self) {
      try await Self.get().fetch("http://127.0.0.1:\(port)/stats/prometheus")
    }

    #expect(
      error.description
        == "HTTPGetError.connectionFailed: GET http://127.0.0.1:\(port)/stats/prometheus: cannot connect to 127.0.0.1:\(port): Connection refused"
    )
    #expect(Self.elapsed(since: start) < 5)
  }

  @Test("a server that takes the request and says nothing fails at the timeout")
  func timeout() async throws {
    let server = try AWSTestServer(scenario: ["/slow": ["hang": 20]])
    let start = ContinuousClock.now

    let error = try await #require(throws: HTTPGetError.self) {
      try await Self.get(timeout: 0.5).fetch(server.endpoint + "/slow")
    }

    let elapsed = Self.elapsed(since: start)
    let authority = server.endpoint.dropFirst("http://".count)
    #expect(
      error.description
        == "HTTPGetError.timeout: GET \(server.endpoint)/slow: no complete answer from \(authority) within 0.5 s"
    )
    #expect(elapsed >= 0.5 && elapsed < 10, "\(elapsed) s")
  }

  @Test("no connection within the connect timeout is a connect timeout")
  func connectTimeout() async throws {
    let listener = try FullBacklogListener()
    let start = ContinuousClock.now

    let error = try await #require(throws: HTTPGetError.self) {
      try await Self.get(connectTimeout: 0.5, timeout: 300).fetch(listener.endpoint + "/x")
    }

    let elapsed = Self.elapsed(since: start)
    #expect(
      error.description
        == "HTTPGetError.connectTimeout: GET \(listener.endpoint)/x: no connection to 127.0.0.1:\(listener.port) within 0.5 s"
    )
    #expect(elapsed >= 0.5 && elapsed < 10, "\(elapsed) s")
  }

  @Test("cancelling the waiting task stops the GET")
  func cancelled() async throws {
    let server = try AWSTestServer(scenario: ["/slow": ["hang": 20]])
    let start = ContinuousClock.now

    let task = Task { try await Self.get(timeout: 300).fetch(server.endpoint + "/slow") }
    try await Task.sleep(for: .milliseconds(300))
    task.cancel()
    let error = try await #require(throws: HTTPGetError.self) { try await task.value }

    #expect(error.code == .cancelled)
    #expect(Self.elapsed(since: start) < 10)
  }

  @Test(
    "what cannot be sent fails before any connection",
    arguments: [
      (
        "ftp://127.0.0.1/file", [(String, String)](), HTTPGet.Configuration(),
        "HTTPGetError.invalidURL: GET ftp://127.0.0.1/file: not an http or https URL"
      ),
      (
        "http://127.0.0.1:1/x", [("X-Token", "a\r\nInjected: 1")], HTTPGet.Configuration(),
        #"HTTPGetError.invalidRequest: GET http://127.0.0.1:1/x: the header "X-Token" is not a single name: value line"#
      ),
      (
        "http://127.0.0.1:1/x", [], HTTPGet.Configuration(timeout: 0),
        "HTTPGetError.invalidRequest: GET http://127.0.0.1:1/x: the timeout must be more than 0 and at most 86400 seconds, not 0.0"
      ),
      (
        "http://127.0.0.1:1/x", [], HTTPGet.Configuration(maximumBodyBytes: 0),
        "HTTPGetError.invalidRequest: GET http://127.0.0.1:1/x: the largest body must be at least 1 byte, not 0"
      ),
    ])
  func refusedBeforeSending(
    url: String, headers: [(String, String)], configuration: HTTPGet.Configuration,
    printed: String
  ) async throws {
    let error = try await #require(throws: HTTPGetError.self) {
      try await HTTPGet(configuration: configuration).fetch(
        url, headers: headers.map { (name: $0.0, value: $0.1) })
    }

    #expect(error.description == printed)
  }
}
