import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// The call's timeouts against peers on 127.0.0.1 that never answer: a server that takes
/// the request and says nothing, and a port whose connections never come up. Each call
/// fails with a typed timeout that says what timed out and after how long, within its
/// bound and not after attempts × libcurl's default.
///
/// Every upper bound on the time taken is 60 s while a broken bound would take 300 s or
/// more: other suites' peers (moto's start, Python oracles) can hold both of the machine's
/// cooperative threads for seconds, and a test waits for one to see its error.
@Suite(
  "Timeouts",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct TimeoutTests {
  static let credentials = StaticCredentialsProvider(
    AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "timeout-test-secret"))

  static func client(
    _ endpoint: String, timeout: AWSClientConfiguration.Timeout, attempts: Int = 3
  ) throws -> ECS {
    ECS(
      configuration: try AWSClientConfiguration(
        region: "us-east-1", endpoint: URL(string: endpoint), credentials: credentials,
        retry: AWSRetryPolicy(
          maximumAttempts: attempts, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(50)),
        timeout: timeout))
  }

  /// Seconds since `start`.
  static func elapsed(since start: ContinuousClock.Instant) -> TimeInterval {
    start.duration(to: .now) / .seconds(1)
  }

  @Test("a server that never answers fails at the call's total, however long an attempt may be")
  func totalBoundsOneAttempt() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 600]])
    let ecs = try Self.client(
      server.endpoint,
      timeout: .init(connect: .seconds(2), attempt: .seconds(600), total: .seconds(2)))
    let start = ContinuousClock.now

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    let host = try #require(URL(string: server.endpoint)?.port).description
    #expect(
      error.description
        == "AWSError.timeout(CallTimeout): ListClusters: no complete answer from 127.0.0.1:\(host) within 2 s, the time allowed for the whole call"
    )
    // Never before the bound; long before the 600 s attempt or hang.
    let elapsed = Self.elapsed(since: start)
    #expect(elapsed >= 1.9 && elapsed < 60, "\(elapsed) s")
  }

  @Test("retries of timed-out attempts stop at the call's total, not at the attempts allowed")
  func totalBoundsRetries() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 600]])
    // 300 attempts of 1 s would take over 300 s; the call has 3.
    let ecs = try Self.client(
      server.endpoint,
      timeout: .init(connect: .seconds(1), attempt: .seconds(1), total: .seconds(3)), attempts: 300)
    let start = ContinuousClock.now

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    let elapsed = Self.elapsed(since: start)
    #expect(error.code == .timeout && error.errorCode == "CallTimeout", "\(error)")
    #expect(error.message.hasSuffix("within 3 s, the time allowed for the whole call"))
    // Two or three as a rule; one when a busy machine wakes the retry too late.
    #expect((1...4).contains(error.attempts), "\(error)")
    #expect(try server.calls()["ListClusters"] == error.attempts)
    #expect(elapsed >= 2.9 && elapsed < 60, "\(elapsed) s")
  }

  @Test("calls waiting for a pooled connection count the wait against their total")
  func poolWaitCounts() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 600]])
    var configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: server.endpointURL, credentials: Self.credentials,
      timeout: .init(connect: .seconds(2), total: .seconds(10)))
    configuration.http.maximumConnections = 1
    let ecs = ECS(configuration: configuration)
    let start = ContinuousClock.now

    // Ten calls on one connection: served one by one, they would take 10 × 10 s.
    let codes = await withTaskGroup(of: String.self) { group in
      for _ in 0..<10 {
        group.addTask {
          do {
            _ = try await ecs.listClusters()
            return "answered"
          } catch let error as AWSError {
            return error.errorCode
          } catch {
            return "\(error)"
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }

    let elapsed = Self.elapsed(since: start)
    #expect(codes == Array(repeating: "CallTimeout", count: 10), "\(codes)")
    #expect(elapsed >= 9.9 && elapsed < 60, "\(elapsed) s")
  }

  @Test("an attempt that times out with time left is retried, and the last one's error says so")
  func attemptTimeoutRetried() async throws {
    let server = try AWSTestServer(scenario: ["ListClusters": ["hang": 600]])
    let ecs = try Self.client(
      server.endpoint,
      timeout: .init(connect: .seconds(2), attempt: .seconds(1), total: .seconds(30)), attempts: 2)

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    let port = try #require(URL(string: server.endpoint)?.port)
    #expect(
      error.description
        == "AWSError.timeout(Timeout, 2 attempts): no complete answer from 127.0.0.1:\(port) within 1 s"
    )
    #expect(try server.calls()["ListClusters"] == 2)
  }

  @Test("no connection within the connect timeout: ConnectTimeout, retried even for a write")
  func connectTimeout() async throws {
    let listener = try FullBacklogListener()
    // Without the connect bound each attempt would wait its 300 s.
    let ecs = try Self.client(
      listener.endpoint,
      timeout: .init(connect: .seconds(1), attempt: .seconds(300), total: .seconds(600)),
      attempts: 2)
    let start = ContinuousClock.now

    let error = try await #require(throws: AWSError.self) {
      try await ecs.createCluster(.init(clusterName: "never"))
    }

    let elapsed = Self.elapsed(since: start)
    // The service never saw the request, so a write is safe to send again.
    #expect(
      error.description
        == "AWSError.timeout(ConnectTimeout, 2 attempts): no connection to 127.0.0.1:\(listener.port) within 1 s"
    )
    #expect(elapsed >= 1.9 && elapsed < 60, "\(elapsed) s")
  }

  @Test("the connect timeout is cut to what is left of the total")
  func connectTimeoutWithinTotal() async throws {
    let listener = try FullBacklogListener()
    let ecs = try Self.client(
      listener.endpoint,
      timeout: .init(connect: .seconds(300), attempt: .seconds(300), total: .seconds(1.5)))
    let start = ContinuousClock.now

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(
      error.description
        == "AWSError.timeout(CallTimeout): ListClusters: no connection to 127.0.0.1:\(listener.port) within 1.5 s, the time allowed for the whole call"
    )
    #expect(Self.elapsed(since: start) < 60)
  }

  @Test(
    "timeouts that are not a positive number of seconds up to a day are refused",
    arguments: [
      (.zero, "total", "0 s"), (.seconds(-1), "total", "-1 s"),
      (.milliseconds(-500), "total", "-0.5 s"), (.seconds(86_401), "total", "86401 s"),
    ] as [(Duration, String, String)])
  func invalidTimeouts(value: Duration, name: String, printed: String) throws {
    let error = try #require(throws: AWSError.self) {
      try AWSClientConfiguration.Timeout(total: value)
    }

    #expect(
      error.description
        == "AWSError.invalidRequest(InvalidTimeout): the \(name) timeout must be more than 0 and at most 86400 s, not \(printed)"
    )
  }

  @Test("the defaults: connect 5 s, attempt 20 s, total 60 s")
  func defaults() throws {
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", credentials: Self.credentials)

    #expect(configuration.timeout == .default)
    #expect(
      [configuration.timeout.connect, configuration.timeout.attempt, configuration.timeout.total]
        == [.seconds(5), .seconds(20), .seconds(60)])
    #expect(
      try AWSClientConfiguration.Timeout(connect: .seconds(1))
        == .init(connect: .seconds(1), attempt: .seconds(20), total: .seconds(60)))
  }
}
