import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// Faults from the suite's own server on 127.0.0.1: each gives the documented error after
/// the documented number of attempts, and nothing hangs.
@Suite(
  "Faults and retries",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct FaultTests {
  static let credentials = StaticCredentialsProvider(
    AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "fault-test-secret"))

  static func client(
    _ server: AWSTestServer, attempts: Int = 3, timeout: Duration = .seconds(5), quota: Int = 500
  ) throws -> ECS {
    ECS(
      configuration: try AWSClientConfiguration(
        region: "us-east-1", endpoint: server.endpointURL, credentials: credentials,
        retry: AWSRetryPolicy(
          maximumAttempts: attempts, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(50),
          quotaCapacity: quota),
        timeout: AWSClientConfiguration.Timeout(connect: .seconds(2), attempt: timeout)))
  }

  @Test("500s are retried and the third attempt's success is returned")
  func serverErrorsRetried() async throws {
    let server = try AWSTestServer(scenario: [
      "ListClusters": [["status": 500], ["status": 503], ["ok": ["clusterArns": ["arn:a"]]]]
    ])
    let ecs = try Self.client(server)

    let clusters = try await ecs.listClusters()

    #expect(clusters.clusterArns == ["arn:a"])
    #expect(try server.calls()["ListClusters"] == 3)
  }

  @Test("persistent throttling gives a typed ThrottlingException after three attempts")
  func throttling() async throws {
    let server = try AWSTestServer(scenario: [
      "ListClusters": ["status": 400, "code": "ThrottlingException", "message": "Rate exceeded"]
    ])
    let ecs = try Self.client(server)

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(error.errorCode == "ThrottlingException" && error.isThrottling)
    #expect(error.attempts == 3)
    #expect(error.message == "Rate exceeded")
    #expect(error.requestID?.hasPrefix("test-request-") == true)
    #expect(try server.calls()["ListClusters"] == 3)
  }

  @Test("a client error is not retried")
  func clientErrorNotRetried() async throws {
    let server = try AWSTestServer(scenario: [
      "DescribeClusters": [
        "status": 400, "code": "com.amazonaws.ecs#ClusterNotFoundException", "message": "none",
      ]
    ])
    let ecs = try Self.client(server)

    let error = try await #require(throws: AWSError.self) { try await ecs.describeClusters() }

    #expect(error.errorCode == "ClusterNotFoundException")
    #expect(try server.calls()["DescribeClusters"] == 1)
  }

  @Test(
    "TLS is verified: an untrusted server is refused at once, and trusted through caBundlePath"
  )
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
      scenario: ["ListClusters": ["ok": ["clusterArns": ["arn:tls"]]]],
      tls: (certificate, key))
    func client(caBundle: String?) throws -> ECS {
      ECS(
        configuration: try AWSClientConfiguration(
          region: "us-east-1", endpoint: server.endpointURL, credentials: Self.credentials,
          timeout: AWSClientConfiguration.Timeout(connect: .seconds(2), attempt: .seconds(10)),
          http: HTTPTransportOptions(caBundlePath: caBundle))
      )
    }

    let refused = try await #require(throws: AWSError.self) {
      try await client(caBundle: nil).listClusters()
    }
    let trusted = try await client(caBundle: certificate).listClusters()

    #expect(refused.code == .transport && refused.errorCode == "TLSVerificationFailed")
    #expect(refused.attempts == 1)
    #expect(trusted.clusterArns == ["arn:tls"])
    // The refused call never reached the handler; the trusted one did, once.
    #expect(try server.calls()["ListClusters"] == 1)
  }

  static func describedTasks(_ status: String) -> [String: Any] {
    ["ok": ["tasks": [["taskArn": "arn:t1", "lastStatus": status]], "failures": []]]
  }

  @Test("tasksRunning polls until every task runs, and stops at a failure state")
  func waiterStates() async throws {
    let server = try AWSTestServer(scenario: [
      "DescribeTasks": [
        Self.describedTasks("PROVISIONING"), Self.describedTasks("PENDING"),
        Self.describedTasks("RUNNING"),
      ],
      "ListTasks": ["ok": ["taskArns": []]],
    ])
    let ecs = try Self.client(server)
    let failing = try AWSTestServer(scenario: [
      "DescribeTasks": [Self.describedTasks("PENDING"), Self.describedTasks("STOPPED")]
    ])
    let stopped = try Self.client(failing)

    // Both waits end on a state, never at the timeout; the timeout is generous because
    // tests in other suites that block on their peers can hold the cooperative threads
    // this one needs to wake up between polls.
    try await ecs.waitUntilTasksRunning(
      .init(tasks: ["arn:t1"]), timeout: .seconds(300), minimumDelay: .milliseconds(50),
      maximumDelay: .milliseconds(100))
    let failure = try await #require(throws: AWSError.self) {
      try await stopped.waitUntilTasksRunning(
        .init(tasks: ["arn:t1"]), timeout: .seconds(300), minimumDelay: .milliseconds(50),
        maximumDelay: .milliseconds(100))
    }

    #expect(try server.calls()["DescribeTasks"] == 3)
    #expect(failure.code == .waiterFailed && failure.errorCode == "WaiterFailed")
    #expect(failure.attempts == 2)
  }

  @Test("a waiter gives up at its timeout, not before, with a WaiterTimeout error")
  func waiterTimeout() async throws {
    let server = try AWSTestServer(scenario: ["DescribeTasks": Self.describedTasks("PENDING")])
    let ecs = try Self.client(server)
    let start = Date()

    let error = try await #require(throws: AWSError.self) {
      try await ecs.waitUntilTasksRunning(
        .init(tasks: ["arn:t1"]), timeout: .seconds(1), minimumDelay: .milliseconds(100),
        maximumDelay: .milliseconds(200))
    }

    #expect(error.code == .waiterFailed && error.errorCode == "WaiterTimeout")
    #expect(Date().timeIntervalSince(start) >= 1)
    // At most one poll per 0.1 s and the last one at the deadline. (No lower bound beyond
    // the first poll: a loaded machine may delay the waiter's wake-ups.)
    let polls = try server.calls()["DescribeTasks"] ?? 0
    #expect(polls >= 1 && polls <= 12, "\(polls) polls")
    #expect(error.attempts == polls)
  }

  @Test("a SignatureDoesNotMatch message loses the signing inputs AWS appends to it")
  func signatureMismatchMessage() async throws {
    // The shape of AWS's own answer to a bad signature.
    let awsMessage = """
      The request signature we calculated does not match the signature you provided.

      The Canonical String for this request should have been
      'POST
      /

      host:ecs.us-east-1.amazonaws.com'

      The String-to-Sign should have been
      'AWS4-HMAC-SHA256
      20261125T083000Z'
      """
    let server = try AWSTestServer(scenario: [
      "ListClusters": ["status": 403, "code": "SignatureDoesNotMatch", "message": awsMessage]
    ])
    let ecs = try Self.client(server)

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(error.errorCode == "SignatureDoesNotMatch" && error.attempts == 1)
    #expect(
      error.message
        == "The request signature we calculated does not match the signature you provided.")
    #expect(!error.description.contains("AWS4-HMAC-SHA256"))
  }

  @Test("a connection dropped mid-response is retried for a read, not for a write")
  func droppedConnection() async throws {
    let server = try AWSTestServer(scenario: [
      "ListClusters": [["drop": true], ["ok": ["clusterArns": []]]],
      "CreateCluster": [["drop": true], ["ok": [:]]],
    ])
    let ecs = try Self.client(server)

    let clusters = try await ecs.listClusters()
    let error = try await #require(throws: AWSError.self) { try await ecs.createCluster() }

    #expect(clusters.clusterArns == [])
    #expect(error.code == .transport && error.errorCode == "ConnectionBroken")
    #expect(try server.calls()["CreateCluster"] == 1)
  }

  @Test("a server that never answers times out, within the deadline")
  func neverAnswers() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 120]])
    let ecs = try Self.client(server, attempts: 2, timeout: .seconds(1))
    let start = Date()

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(error.code == .timeout)
    #expect(error.attempts == 2)
    // Two 1 s attempts and a backoff of at most 1 s; a timeout that did not work would
    // wait out the 120 s hang. The margin is wide because other suites' peers (Python
    // oracles, moto's set-up) may hold both of the machine's cooperative threads.
    #expect(Date().timeIntervalSince(start) < 60)
  }

  @Test("malformed JSON and a wrong content type are invalidResponse errors")
  func badAnswers() async throws {
    let server = try AWSTestServer(scenario: [
      "ListClusters": ["malformed": true], "ListServices": ["contentType": "text/html"],
    ])
    let ecs = try Self.client(server, attempts: 1)

    let malformed = try await #require(throws: AWSError.self) { try await ecs.listClusters() }
    let html = try await #require(throws: AWSError.self) { try await ecs.listServices() }

    #expect(malformed.code == .invalidResponse && malformed.errorCode == "MalformedResponse")
    #expect(html.code == .invalidResponse && html.errorCode == "UnexpectedContentType")
  }

  @Test("the retry quota stops a retry storm")
  func retryQuota() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["status": 500]])
    // 12 tokens: two retries (5 each) and then no more.
    let ecs = try Self.client(server, attempts: 3, quota: 12)

    for _ in 0..<4 { _ = try? await ecs.listClusters() }

    // The first call retries twice (10 tokens); 2 tokens are left, too few for a retry.
    #expect(try server.calls()["ListClusters"] == 3 + 1 + 1 + 1)
  }

  @Test("a cancelled call stops at once with a cancelled error")
  func cancellation() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 120]])
    let ecs = try Self.client(server, attempts: 1, timeout: .seconds(300))
    let start = Date()

    let task = Task { try await ecs.listClusters() }
    try await Task.sleep(nanoseconds: 300_000_000)
    task.cancel()
    let result = await task.result

    // Long before the 120 s hang ends or the 300 s timeout: libcurl checks the flag about
    // once a second (the margin is for other suites holding the cooperative threads).
    #expect(Date().timeIntervalSince(start) < 60)
    guard case .failure(let error as AWSError) = result else {
      Issue.record("expected a cancellation error, got \(result)")
      return
    }
    #expect(error.code == .cancelled)
  }

  @Test("listing and describing 2,000 tasks takes exactly 20 ListTasks and 20 DescribeTasks")
  func paginationCounts() async throws {
    let server = try AWSTestServer(scenario: [
      "ListTasks": ["tasks": 2000, "pageSize": 100], "DescribeTasks": ["tasks": 2000],
    ])
    let ecs = try Self.client(server)

    var described = 0
    for try await page in ecs.listTasksPaginator(.init(cluster: "onprem", maxResults: 100)) {
      let tasks =
        try await ecs.describeTasks(.init(tasks: page.taskArns ?? [], cluster: "onprem")).tasks
        ?? []
      described += tasks.count
    }

    #expect(described == 2000)
    let calls = try server.calls()
    #expect(calls["ListTasks"] == 20 && calls["DescribeTasks"] == 20)
  }
}
