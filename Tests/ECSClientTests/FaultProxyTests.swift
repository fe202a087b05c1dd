import ECSClient
import Foundation
import MeshBridgeTesting
import MeshTestSupport
import Testing

/// ECSClient talking to moto (signatures checked) through the suite's fault-injecting proxy:
/// every call either gets the right answer or a typed error within its deadline, and the
/// retry quota stops a storm of retries.
@Suite(
  "Faults between ECSClient and moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct FaultProxyTests {
  static func configuration(
    _ moto: MotoServer, endpoint: URL, retry: AWSRetryPolicy, timeout: Duration = .seconds(2)
  ) throws -> AWSClientConfiguration {
    try AWSClientConfiguration(
      region: "us-east-1", endpoint: endpoint,
      credentials: moto.configuration.credentials,
      retry: retry, timeout: AWSClientConfiguration.Timeout(connect: .seconds(2), attempt: timeout))
  }

  @Test("drops, resets, delays, truncation, 5xx bursts and throttling: right answer or typed error")
  func faults() async throws {
    let moto = try await MotoServer()
    // Seeding goes straight to moto, with time for a machine busy with other suites.
    let direct = ECS(
      configuration: try Self.configuration(
        moto, endpoint: moto.endpoint, retry: .standard, timeout: .seconds(30)))
    for name in ["east", "west", "lab"] {
      _ = try await direct.createCluster(.init(clusterName: name))
    }
    let expected = Set(try await direct.listClusters().clusterArns ?? [])
    let proxy = try FaultProxy(
      upstream: moto.endpoint.absoluteString,
      schedule: [
        "pass", "drop", "pass", "reset", "pass", "delay:0.3", "truncate", "pass", "500", "500",
        "pass", "throttle", "pass", "503", "503", "503", "delay:3", "pass", "truncate", "drop",
        "reset", "pass",
      ])
    let ecs = ECS(
      configuration: try Self.configuration(
        moto, endpoint: proxy.endpointURL,
        retry: try AWSRetryPolicy(
          maximumAttempts: 3, baseDelay: .milliseconds(50), maximumDelay: .milliseconds(200))))

    var succeeded = 0
    var failed: [AWSError] = []
    for _ in 0..<12 {
      let started = Date()
      do {
        let answer = try await ecs.listClusters()
        #expect(Set(answer.clusterArns ?? []) == expected)
        succeeded += 1
      } catch let error as AWSError {
        failed.append(error)
      }
      // Three attempts of at most 2 seconds each and short backoffs: about 6.5 s. The
      // margin is for the other suites sharing the machine's two cores (10.4 s seen); a
      // call that hung would wait out the proxy's 30 s upstream timeout or more.
      #expect(Date().timeIntervalSince(started) < 20)
    }

    #expect(succeeded >= 8, "\(failed)")
    #expect(
      failed.allSatisfy {
        [.transport, .timeout, .service, .invalidResponse].contains($0.code)
      }, "\(failed)")
    let counts = try await proxy.counts()
    #expect(counts.requests > 12 && counts.forwarded >= succeeded, "\(counts)")
  }

  @Test("a storm of 500s: the retry quota runs out and calls stop retrying")
  func retryStorm() async throws {
    let moto = try await MotoServer()
    let proxy = try FaultProxy(upstream: moto.endpoint.absoluteString, schedule: ["500"])
    // A quota of 50 tokens: ten retries of 5 tokens each, then none.
    let ecs = ECS(
      configuration: try Self.configuration(
        moto, endpoint: proxy.endpointURL,
        retry: try AWSRetryPolicy(
          maximumAttempts: 3, baseDelay: .milliseconds(10), maximumDelay: .milliseconds(20),
          quotaCapacity: 50)))

    var codes: [String] = []
    for _ in 0..<40 {
      do {
        _ = try await ecs.listClusters()
      } catch let error as AWSError {
        codes.append(error.errorCode)
      }
    }

    #expect(codes.count == 40 && codes.allSatisfy { $0 == "InternalFailure" }, "\(codes)")
    let counts = try await proxy.counts()
    // 40 first attempts and the ten retries the quota paid for; without it, 120.
    #expect(counts.requests == 50, "\(counts)")
  }

  @Test("100 concurrent signed requests share the pooled connections, each with its own answer")
  func concurrentRequestsShareConnections() async throws {
    let moto = try await MotoServer()
    let proxy = try FaultProxy(upstream: moto.endpoint.absoluteString, schedule: ["pass"])
    var configuration = try Self.configuration(
      moto, endpoint: proxy.endpointURL, retry: .standard, timeout: .seconds(30))
    configuration.http.maximumConnections = 16
    let ecs = ECS(configuration: configuration)
    let names = (0..<100).map { "tenant-\($0)" }

    // Writes: every answer names the cluster its own request created.
    let created = try await withThrowingTaskGroup(of: (String, String?).self) { group in
      for name in names {
        group.addTask {
          (name, try await ecs.createCluster(.init(clusterName: name)).cluster?.clusterName)
        }
      }
      return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
    }
    #expect(created.count == 100 && created.allSatisfy { $0.key == $0.value })
    let afterWrites = try await proxy.counts()

    // Reads on the same connections: no new ones are opened.
    let described = try await withThrowingTaskGroup(of: (String, [String]).self) { group in
      for name in names {
        group.addTask {
          let answer = try await ecs.describeClusters(.init(clusters: [name]))
          return (name, (answer.clusters ?? []).compactMap(\.clusterName))
        }
      }
      return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
    }
    #expect(described.count == 100 && described.allSatisfy { [$0.key] == $0.value })
    let afterReads = try await proxy.counts()

    #expect(afterReads.requests == 200 && afterReads.forwarded == 200, "\(afterReads)")
    #expect(afterWrites.connections >= 2 && afterWrites.connections <= 16, "\(afterWrites)")
    #expect(afterReads.connections == afterWrites.connections, "\(afterReads)")
  }
}
