import Foundation
import MeshModel
internal import MeshSupport

/// A sidecar's Prometheus endpoint, and the workload it belongs to.
public struct ScrapeTarget: Sendable, Hashable {
  /// `http://HOST:PORT/stats/prometheus` (Envoy's admin interface, or the bundle's
  /// Prometheus listener).
  public var url: String
  /// The workload as `NAMESPACE/NAME`; nil to find it from the addresses of the
  /// sidecar's inbound listeners (a WorkloadEntry's address and one of its ports).
  public var workload: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(url: String, workload: String? = nil) {
    self.url = url
    self.workload = workload
  }

  /// Reads `[NAMESPACE/NAME=]URL`, the form `mesh-onboard view --scrape` takes.
  public init(argument: String) {
    if let equals = argument.firstIndex(of: "="), !argument[..<equals].contains(":"),
      argument[..<equals].contains("/")
    {
      self.init(
        url: String(argument[argument.index(after: equals)...]),
        workload: String(argument[..<equals]))
    } else {
      self.init(url: argument)
    }
  }
}

/// Scrapes sidecars' Prometheus endpoints, all at once, each within its own timeout. A
/// scrape that fails (refused, timed out, an error status, a body over the cap, text that
/// is not the Prometheus format, no workload to attribute it to) is a
/// ``TopologyScrapeError`` for its workload; the others are unaffected.
///
/// ```swift
/// let scraper = TopologyScraper(configuration: try .init(connectTimeout: 1, scrapeTimeout: 3))
/// ```
public struct TopologyScraper: Sendable {
  /// The bounds of every scrape.
  public let configuration: Configuration

  /// A scraper; by default ``Configuration/default``: 2 seconds to connect, 5 for the
  /// whole scrape, bodies up to 16 MiB.
  public init(configuration: Configuration = .default) {
    self.configuration = configuration
  }

  /// One ``WorkloadScrape`` per target, in the targets' order. Targets whose workload
  /// cannot be told get the id `workload:?/URL`, which no node has.
  public func scrape(_ targets: [ScrapeTarget], inventory: Inventory) async -> [WorkloadScrape] {
    let listeners = Self.inboundListeners(inventory)
    return await withTaskGroup(of: (Int, WorkloadScrape).self) { group in
      for (index, target) in targets.enumerated() {
        group.addTask {
          (index, await scrape(target, listeners: listeners))
        }
      }
      var results = [WorkloadScrape?](repeating: nil, count: targets.count)
      for await (index, scrape) in group { results[index] = scrape }
      return results.compactMap { $0 }
    }
  }

  private func scrape(_ target: ScrapeTarget, listeners: [String: String]) async
    -> WorkloadScrape
  {
    let named = target.workload.flatMap(Self.workloadID)
    let result: Result<PrometheusText, TopologyScrapeError>
    do {
      let answer: HTTPGet.Response
      do throws(HTTPGetError) {
        answer = try await HTTPGet(configuration: configuration.httpGet).fetch(target.url)
      } catch {
        // Its message says what failed without the URL, which the scrape error has.
        throw TopologyScrapeError(Self.code(of: error), url: target.url, reason: error.message)
      }
      guard let text = String(validating: answer.body, as: UTF8.self) else {
        throw TopologyScrapeError(
          .notPrometheusText, url: target.url, reason: "the answer is not UTF-8 text")
      }
      do {
        result = .success(try PrometheusText(parsing: text))
      } catch let error as PrometheusParseError {
        throw TopologyScrapeError(
          .notPrometheusText, url: target.url, reason: "not Prometheus text: \(error.location)")
      }
    } catch let error as TopologyScrapeError {
      result = .failure(error)
    } catch {
      result = .failure(
        TopologyScrapeError(.notPrometheusText, url: target.url, reason: "\(error)"))
    }
    var workload = named
    if target.workload == nil, let metrics = try? result.get() {
      workload = Self.workload(of: metrics, listeners: listeners)
    }
    guard let workload else {
      let failure = TopologyScrapeError(
        target.workload == nil ? .unknownWorkload : .invalidTarget, url: target.url,
        reason: target.workload.map { "\"\($0)\" is not NAMESPACE/NAME" }
          ?? "no WorkloadEntry has the address and port of this sidecar's inbound listeners")
      return WorkloadScrape(
        workload: "workload:?/\(target.url)", url: target.url, time: Date(),
        result: .failure(failure))
    }
    return WorkloadScrape(workload: workload, url: target.url, time: Date(), result: result)
  }

  /// The scrape error's code for a GET's failure.
  private static func code(of error: HTTPGetError) -> TopologyScrapeError.Code {
    switch error.code {
    case .invalidURL, .invalidRequest: .invalidTarget
    case .connectTimeout, .timeout: .timeout
    case .tlsVerificationFailed: .tlsVerificationFailed
    case .status: .httpStatus
    case .bodyTooLarge: .answerTooLarge
    case .cancelled: .cancelled
    default: .unreachable
    }
  }

  /// `workload:NAMESPACE/NAME` of `NAMESPACE/NAME`.
  static func workloadID(_ text: String) -> String? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
    return MeshTopology.workloadID(namespace: String(parts[0]), name: String(parts[1]))
  }

  /// Workload node ids by Envoy's listener address label (`ADDRESS_PORT`), for every
  /// WorkloadEntry address and port.
  static func inboundListeners(_ inventory: Inventory) -> [String: String] {
    var result: [String: String] = [:]
    for (entry, object) in inventory.resources(WorkloadEntrySpec.self) {
      guard let address = entry.spec.address else { continue }
      for port in (entry.spec.ports ?? [:]).values {
        result["\(address)_\(port)"] = MeshTopology.workloadID(
          namespace: object.namespace, name: object.name)
      }
    }
    return result
  }

  /// The workload whose inbound listener the scrape's listener statistics name.
  static func workload(of metrics: PrometheusText, listeners: [String: String]) -> String? {
    for sample in metrics.samples {
      if let address = sample.labels["envoy_listener_address"], let id = listeners[address] {
        return id
      }
    }
    return nil
  }
}
