import Foundation
import MeshModel
import MeshView

// The samples of Docs/MeshView.md, each the body of a function the recipes' tests run.

/// The mesh's topology with its traffic: two rounds of scrapes of the sidecars'
/// Prometheus statistics, `interval` apart, drawn as one self-contained HTML page.
/// - Parameters:
///   - meshPaths: Files or directories holding the mesh's resources.
///   - targets: The sidecars' statistics endpoints.
///   - interval: The time between the two rounds, over which rates are taken.
/// - Returns: The topology and the page.
/// - Throws: `MeshLoadError` when a path cannot be read, `TopologyRenderError` when
///   Graphviz is missing or fails; a failed scrape is not thrown but marked on its node.
public func drawTopology(
  meshPaths: [String], targets: [ScrapeTarget], interval: Duration
) async throws -> (topology: MeshTopology, page: String) {
  // snippet: draw-topology
  // targets: [ScrapeTarget(url: "http://10.20.0.15:15090/stats/prometheus"), ...]
  let inventory = try MeshLoader().load(paths: meshPaths).inventory
  let scraper = TopologyScraper()  // libcurl, 2 s to connect, 5 s a scrape, 16 MiB a page
  let before = await scraper.scrape(targets, inventory: inventory)
  try await Task.sleep(for: interval)
  let after = await scraper.scrape(targets, inventory: inventory)

  let topology = MeshTopology(inventory: inventory, scrapes: after, previous: before)
  for edge in topology.edges where edge.kind == .call {
    print(edge.from, "->", edge.to, edge.traffic?.requestsPerSecond ?? 0)
  }
  let page = try await TopologyRenderer().html(topology)
  // end snippet
  return (topology, page)
}

/// A scraper with longer bounds, for sidecars that answer slowly over HTTPS with a
/// private CA.
/// - Parameter caBundlePath: The CA certificates (PEM) the endpoints' certificates chain to.
/// - Throws: `TopologyScraper.ConfigurationError` when a bound is out of range.
public func patientScraper(caBundlePath: String) throws -> TopologyScraper {
  // snippet: scraper-configuration
  let patient = TopologyScraper(
    configuration: try .init(
      connectTimeout: 2, scrapeTimeout: 15, maximumBodyBytes: 64 << 20,
      caBundlePath: caBundlePath))  // https endpoints, a private CA
  // end snippet
  return patient
}
