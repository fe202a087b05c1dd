import Foundation
import MeshModel
import MeshTestSupport
import MeshView
import Testing

/// The scraper's bounds, and its scrapes against real endpoints on 127.0.0.1 (the suite's
/// scenario server answers GETs by path): each failure is its own workload's, with its
/// reason, and the others are unaffected.
@Suite("Topology scraper")
struct TopologyScraperTests {
  @Test("the defaults: 2 s to connect, 5 s a scrape, 16 MiB, the system's CAs")
  func defaults() throws {
    let configuration = TopologyScraper().configuration

    #expect(configuration == .default)
    #expect(configuration.connectTimeout == 2 && configuration.scrapeTimeout == 5)
    #expect(configuration.maximumBodyBytes == 16 << 20 && configuration.caBundlePath == nil)
    #expect(try TopologyScraper.Configuration(scrapeTimeout: 10).connectTimeout == 2)
  }

  @Test(
    "bounds that would not hold are refused when made",
    arguments: [
      (
        0.0, 5.0, 1,
        "TopologyScraper.ConfigurationError.outOfRange: connectTimeout must be more than 0 and at most 86400 seconds, not 0.0"
      ),
      (
        2.0, .infinity, 1,
        "TopologyScraper.ConfigurationError.outOfRange: scrapeTimeout must be more than 0 and at most 86400 seconds, not inf"
      ),
      (
        2.0, 5.0, 0,
        "TopologyScraper.ConfigurationError.outOfRange: maximumBodyBytes must be at least 1, not 0"
      ),
    ])
  func invalid(connect: Double, scrape: Double, bytes: Int, printed: String) {
    let error = #expect(throws: TopologyScraper.ConfigurationError.self) {
      try TopologyScraper.Configuration(
        connectTimeout: connect, scrapeTimeout: scrape, maximumBodyBytes: bytes)
    }

    #expect(error?.description == printed)
    #expect(error?.code == .outOfRange)
  }

  @Test(
    "an error status, a page over the cap, a silent sidecar and a refused one fail alone",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func failures() async throws {
    let server = try AWSTestServer(scenario: [
      "/ok": ["text": "envoy_server_live 1\n"],
      "/missing": ["status": 404],
      "/large": ["text": String(repeating: "# a comment\n", count: 200)],
      "/slow": ["hang": 20],
    ])
    let closed = try Peers.freeLoopbackPort()
    let scraper = TopologyScraper(
      configuration: try .init(connectTimeout: 1, scrapeTimeout: 0.5, maximumBodyBytes: 1_000))
    let targets = ["ok", "missing", "large", "slow"].map {
      ScrapeTarget(url: "\(server.endpoint)/\($0)", workload: "shop/\($0)")
    }
    let refused = ScrapeTarget(url: "http://127.0.0.1:\(closed)/stats", workload: "shop/refused")
    let start = ContinuousClock.now

    let scrapes = await scraper.scrape(targets + [refused], inventory: Inventory([]))

    let elapsed = start.duration(to: .now) / .seconds(1)
    let authority = server.endpoint.dropFirst("http://".count)
    #expect(
      scrapes.map(\.workload)
        == ["ok", "missing", "large", "slow", "refused"].map {
          "workload:shop/\($0)"
        })
    #expect(scrapes[0].metrics?.sum("envoy_server_live") == 1)
    let failures = scrapes.dropFirst().map { scrape in
      switch scrape.result {
      case .success: "no failure"
      case .failure(let error): error.description
      }
    }
    #expect(
      failures == [
        "TopologyScrapeError.httpStatus: \(server.endpoint)/missing: HTTP status 404",
        "TopologyScrapeError.answerTooLarge: \(server.endpoint)/large: the body is larger than 1000 bytes",
        "TopologyScrapeError.timeout: \(server.endpoint)/slow: no complete answer from \(authority) within 0.5 s",
        "TopologyScrapeError.unreachable: http://127.0.0.1:\(closed)/stats: cannot connect to 127.0.0.1:\(closed): Connection refused",
      ])
    // Side by side: the silent sidecar's half second, not the sum of all.
    #expect(elapsed < 10, "\(elapsed) s")
  }
}
