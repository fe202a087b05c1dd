import Foundation
import MeshView
import Recipes
import Testing

/// The samples of Docs/MeshView.md: the example mesh drawn with one sidecar's statistics
/// served over HTTP by Python on 127.0.0.1 and one sidecar that does not answer.
@Suite(.enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python")))
struct MeshViewSamplesTests {
  @Test("the scraped workload is drawn, the silent one marked, the page self-contained")
  func drawn() async throws {
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("stats"), withIntermediateDirectories: true)
    try "# TYPE envoy_server_live gauge\nenvoy_server_live 1\n".write(
      to: directory.appendingPathComponent("stats/prometheus"), atomically: true,
      encoding: .utf8)
    let port = try freeLoopbackPort()
    let server = Process()
    server.executableURL = python
    server.arguments = [
      "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", directory.path,
    ]
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    var served = false
    for _ in 0..<100 where !served {
      served = await loopbackGET(port: port, path: "/stats/prometheus") != nil
      if !served { try await Task.sleep(for: .milliseconds(100)) }
    }
    let closed = try freeLoopbackPort()
    let result = try await drawTopology(
      meshPaths: [exampleMesh],
      targets: [
        ScrapeTarget(
          url: "http://127.0.0.1:\(port)/stats/prometheus", workload: "shop/orders-7f3c2a"),
        ScrapeTarget(
          url: "http://127.0.0.1:\(closed)/stats/prometheus", workload: "shop/orders-91be04"),
      ], interval: .milliseconds(200))
    await stop(server)
    #expect(served, "Python's http.server did not answer within 10 s")

    let nodes = Dictionary(result.topology.nodes.map { ($0.name, $0) }) { first, _ in first }
    let scraped = try #require(nodes["orders-7f3c2a"])
    #expect(scraped.scrapeError == nil)
    let silent = try #require(nodes["orders-91be04"])
    #expect(silent.scrapeError?.contains("Connection refused") == true, "\(silent)")
    #expect(result.page.contains("<svg"))
    #expect(result.page.contains("orders-7f3c2a"))
    #expect(!result.page.contains("<script"))
  }

  @Test("the patient scraper has the bounds the guide gives")
  func patient() throws {
    let scraper = try patientScraper(caBundlePath: "/etc/mesh/ca.pem")
    #expect(scraper.configuration.scrapeTimeout == 15)
    #expect(scraper.configuration.connectTimeout == 2)
    #expect(scraper.configuration.maximumBodyBytes == 64 << 20)
    #expect(scraper.configuration.caBundlePath == "/etc/mesh/ca.pem")
  }
}
