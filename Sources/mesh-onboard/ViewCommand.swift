import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import MeshSupport
import MeshView

/// `mesh-onboard view`: the mesh at a glance, from resources and the sidecars' metrics.
enum ViewCommand {
  static let help = """
    Usage: mesh-onboard view --resources FILE|DIR... [--scrape [NAMESPACE/NAME=]URL]...
                             [--out FILE] [--output html|dot|json] [--window SECONDS]
                             [--watch SECONDS] [--trust-domain DOMAIN]
    Draws the mesh: each workload (ECS Anywhere task, Kubernetes pod, VM) and service as
    a node, each call path as an edge with its requests a second, 5xx share, p50/p99
    latency and a lock where it is mutual TLS, from the sidecars' Prometheus statistics.
    The page is one self-contained HTML file (inline SVG laid out by Graphviz's dot).
    Options:
      --resources PATH   Mesh resources and Kubernetes objects (files, directories, -);
                         repeatable.
      --scrape URL       A sidecar's Prometheus endpoint (http://HOST:PORT/stats/prometheus);
                         repeatable. Its workload is NAMESPACE/NAME= when given, else the
                         WorkloadEntry whose address and port its inbound listener has.
                         A scrape that fails is marked on its workload; the rest is drawn.
      --out FILE         Where to write (replaced atomically); standard output without it.
      --output FORMAT    html (default), dot (Graphviz source) or json.
      --window SECONDS   Scrape twice, this far apart, for rates (default 1; 0 scrapes
                         once and shows totals).
      --watch SECONDS    Keep scraping every SECONDS and rewrite --out (the page reloads
                         itself); stops on interrupt.
      --trust-domain D   The SPIFFE trust domain of the workloads (default cluster.local).
    Exit status: 0 when written (failed scrapes included), 2 on bad usage or input, 1
    when the page cannot be drawn (Graphviz missing).
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw, valued: ["--out", "--output", "--window", "--watch", "--trust-domain"],
        repeated: ["--resources", "--scrape"])
      let output = try arguments.choice("--output", from: ["html", "dot", "json"], default: "html")
      let paths = arguments.values("--resources") + arguments.positional
      guard !paths.isEmpty else {
        throw Arguments.UsageError(description: "--resources is required")
      }
      let window = try arguments.seconds("--window", default: 1)
      let watch =
        arguments.options["--watch"] == nil ? nil : try arguments.seconds("--watch", default: 0)
      if let watch, watch <= 0 {
        throw Arguments.UsageError(description: "--watch takes a positive number of seconds")
      }
      if watch != nil, arguments.options["--out"] == nil {
        throw Arguments.UsageError(description: "--watch needs --out")
      }
      let trustDomain = try arguments.trustDomainOrClusterLocal("--trust-domain")
      let mesh = try MeshLoader().load(paths: paths)
      // Documents that do not decode stop the view; validation issues do not.
      try mesh.requireDecoded()
      let inventory = mesh.inventory
      let targets = arguments.values("--scrape").map(ScrapeTarget.init(argument:))
      let view = View(
        inventory: inventory, targets: targets, trustDomain: trustDomain, output: output,
        out: arguments.options["--out"])

      guard let watch else {
        var previous: [WorkloadScrape] = []
        if window > 0, !targets.isEmpty {
          previous = await view.scraper.scrape(targets, inventory: inventory)
          try await Task.sleep(nanoseconds: UInt64(window * 1e9))
        }
        try await view.write(previous: previous, refresh: nil)
        return 0
      }
      var previous = await view.scraper.scrape(targets, inventory: inventory)
      while true {
        try await Task.sleep(nanoseconds: UInt64(watch * 1e9))
        previous = try await view.write(previous: previous, refresh: Int(watch.rounded(.up)))
      }
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard view: \(error)\n\n\(help)")
      return 2
    } catch let error as FileSystemError {
      printError("mesh-onboard view: \(error)")
      return 2
    } catch let error as MeshLoadError {
      printError("mesh-onboard view: \(error)")
      return 2
    } catch {
      printError("mesh-onboard view: \(error)")
      return 1
    }
  }

  /// One drawing's inputs and where it goes.
  struct View {
    let inventory: Inventory
    let targets: [ScrapeTarget]
    let trustDomain: TrustDomain
    let output: String
    let out: String?
    let scraper = TopologyScraper()

    /// Scrapes, draws and writes; returns this round's scrapes, the next one's baseline.
    @discardableResult
    func write(previous: [WorkloadScrape], refresh: Int?) async throws -> [WorkloadScrape] {
      let scrapes = await scraper.scrape(targets, inventory: inventory)
      let topology = MeshTopology(
        inventory: inventory, scrapes: scrapes, previous: previous, trustDomain: trustDomain)
      let renderer = TopologyRenderer()
      let bytes: [UInt8]
      switch output {
      case "json": bytes = Array(try renderer.json(topology))
      case "dot": bytes = Array(renderer.dot(topology).utf8)
      default: bytes = Array(try await renderer.html(topology, refreshSeconds: refresh).utf8)
      }
      for scrape in scrapes {
        if case .failure(let error) = scrape.result {
          printError("scrape failed: \(error.url): \(error.reason)")
        }
      }
      if let out {
        do {
          try AtomicFile.write(bytes, to: out, mode: 0o644)
        } catch let error as FileSystemError {
          // The page, not the input, failed: exit status 1, not the input's 2.
          throw OutputProblem(description: error.description)
        }
      } else {
        FileHandle.standardOutput.write(Data(bytes))
      }
      return scrapes
    }
  }

  /// The page that cannot be written: where, and the system's reason.
  struct OutputProblem: Error, CustomStringConvertible {
    var description: String
  }
}
