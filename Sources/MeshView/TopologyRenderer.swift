import Foundation
internal import MeshSupport

/// Renders a ``MeshTopology`` as Graphviz DOT, as JSON, or as one self-contained HTML page
/// (inline SVG laid out by Graphviz's `dot`, no external assets, no script).
///
/// ```swift
/// let page = try await TopologyRenderer().html(topology)
/// ```
///
/// In the drawing, workloads are boxes coloured by platform (ECS Anywhere orange,
/// Kubernetes blue, VM grey) and services are ellipses, grouped by namespace. A call edge
/// is solid when traffic was observed (green, orange with some 5xx, red with 5% or more or
/// with denials) and dashed grey when only a policy allows it; its label gives requests a
/// second (or the total), the 5xx share, p50/p99 latency, and a lock when the connections
/// were mutual TLS. Serving edges are dotted. SVG elements carry ids (`node-…`,
/// `edge-…`) and classes (`workload`, `ecs-anywhere`, `observed`, `mtls`, `denied`,
/// `scrape-failed`) for tools that read the page.
public struct TopologyRenderer: Sendable {
  /// The Graphviz `dot` executable; by default the `MESHBRIDGE_DOT` environment variable
  /// or `dot` on the `PATH`.
  public var dotPath: String?
  /// How long Graphviz may take to lay a topology out before it is stopped.
  public var layoutTimeout: TimeInterval

  /// Creates a renderer.
  public init(dotPath: String? = nil, layoutTimeout: TimeInterval = 120) {
    self.dotPath = dotPath
    self.layoutTimeout = layoutTimeout
  }

  // MARK: JSON

  /// The topology as JSON (sorted keys, ISO 8601 time).
  public func json(_ topology: MeshTopology) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
    var data = try encoder.encode(topology)
    data.append(UInt8(ascii: "\n"))
    return data
  }

  // MARK: DOT

  /// The topology as a Graphviz digraph, namespaces as clusters.
  public func dot(_ topology: MeshTopology) -> String {
    // Edge labels take part in dot's layout, which then grows far faster than the graph
    // (a 1,000-node mesh: minutes); past a few hundred edges they are placed after the
    // layout instead (seconds).
    let external = topology.edges.count > Self.laidOutLabelLimit
    var lines = [
      "digraph mesh {",
      #"  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.35, ranksep=1.1, bgcolor="white", id="mesh""#
        + (external ? ", forcelabels=true];" : "];"),
      #"  node [fontname="Helvetica", fontsize=10, style="filled,rounded", penwidth=1.4];"#,
      #"  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];"#,
    ]
    let byNamespace = Dictionary(grouping: topology.nodes) { $0.namespace }
    for namespace in byNamespace.keys.sorted() {
      let nodes = byNamespace[namespace] ?? []
      if namespace.isEmpty {
        lines += nodes.map { "  " + nodeStatement($0) }
        continue
      }
      lines.append("  subgraph \(quoted("cluster_" + namespace)) {")
      lines.append(
        "    label=\(quoted("namespace " + namespace)); style=\"rounded,dashed\"; color=\"#b0bec5\"; fontcolor=\"#546e7a\";"
      )
      lines += nodes.map { "    " + nodeStatement($0) }
      lines.append("  }")
    }
    lines += topology.edges.map { "  " + edgeStatement($0, externalLabel: external) }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  private func nodeStatement(_ node: MeshTopology.Node) -> String {
    var classes = [node.kind.rawValue]
    var label: [String]
    var attributes: [String: String]
    switch node.kind {
    case .service:
      label = [node.name]
      if !node.ports.isEmpty {
        label.append("ports " + node.ports.map(String.init).joined(separator: ", "))
      }
      attributes = ["shape": "ellipse", "fillcolor": "#e8f5e9", "color": "#2e7d32"]
    case .workload:
      let platform = node.platform ?? .vm
      classes.append(platform.rawValue)
      label = [node.name, Self.platformName(platform)]
      if let address = node.address { label.append(address) }
      if let id = node.spiffeID { label.append(id) }
      let (fill, border) = Self.platformColours(platform)
      attributes = ["shape": "box", "fillcolor": fill, "color": border]
    }
    if let error = node.scrapeError {
      classes.append("scrape-failed")
      label.append("scrape failed: " + String(error.prefix(60)))
      attributes["color"] = "#c62828"
      attributes["style"] = "filled,rounded,dashed"
    }
    attributes["id"] = Self.elementID("node", node.id)
    attributes["class"] = classes.joined(separator: " ")
    attributes["label"] = label.joined(separator: "\n")
    attributes["tooltip"] = node.id
    return "\(quoted(node.id)) [\(attributeList(attributes))];"
  }

  /// The most edges whose labels dot lays out with the graph.
  public static let laidOutLabelLimit = 300

  private func edgeStatement(_ edge: MeshTopology.Edge, externalLabel: Bool) -> String {
    var classes = [edge.kind.rawValue]
    var attributes: [String: String] = [:]
    var label: [String] = []
    let traffic = edge.traffic
    if edge.observed { classes.append("observed") }
    if edge.allowedByPolicy { classes.append("allowed") }
    if edge.allowedForSomeRequestsOnly { classes.append("partly-allowed") }
    if traffic?.mutualTLS == true { classes.append("mtls") }
    if (traffic?.denied ?? 0) > 0 { classes.append("denied") }
    switch edge.kind {
    case .call:
      if let traffic, edge.observed {
        label = Self.trafficLabel(traffic)
        let errors = traffic.errorRatio ?? 0
        attributes["color"] =
          errors >= 0.05 || traffic.denied > 0 ? "#c62828" : errors > 0 ? "#ef6c00" : "#2e7d32"
        attributes["penwidth"] = "1.8"
      } else {
        label = [
          edge.allowedForSomeRequestsOnly ? "allowed for some requests" : "allowed by policy"
        ]
        attributes["style"] = "dashed"
        attributes["color"] = "#9e9e9e"
      }
    case .serves:
      attributes["style"] = "dotted"
      attributes["color"] = "#90a4ae"
      attributes["arrowhead"] = "none"
      if let traffic, traffic.requests > 0 {
        var parts = ["\(Self.count(traffic.requests)) in"]
        if traffic.mutualTLS == true { parts.insert("🔒", at: 0) }
        if traffic.denied > 0 { parts.append("\(Self.count(traffic.denied)) denied by RBAC") }
        label = [parts.joined(separator: " ")]
      }
    }
    attributes["fontcolor"] = attributes["color"]
    attributes["id"] = Self.elementID("edge", "\(edge.kind.rawValue) \(edge.from) \(edge.to)")
    attributes["class"] = classes.joined(separator: " ")
    if !label.isEmpty {
      attributes[externalLabel ? "xlabel" : "label"] = label.joined(separator: "\n")
    }
    return "\(quoted(edge.from)) -> \(quoted(edge.to)) [\(attributeList(attributes))];"
  }

  /// `🔒 1.5 req/s`, `0.0% 5xx`, `p50 2.1 ms · p99 9.8 ms`, `4 × 403`.
  static func trafficLabel(_ traffic: MeshTopology.Traffic) -> [String] {
    var first =
      traffic.requestsPerSecond.map {
        String(format: "%.1f req/s · %@ in all", $0, count(traffic.requests))
      } ?? "\(count(traffic.requests)) requests"
    if traffic.mutualTLS == true { first = "🔒 " + first }
    var label = [first]
    if let ratio = traffic.errorRatio { label.append(String(format: "%.1f%% 5xx", ratio * 100)) }
    if let p50 = traffic.p50Milliseconds, let p99 = traffic.p99Milliseconds {
      label.append("p50 \(milliseconds(p50)) · p99 \(milliseconds(p99))")
    }
    if traffic.denied > 0 { label.append("\(count(traffic.denied)) × 403") }
    return label
  }

  static func milliseconds(_ value: Double) -> String {
    value < 10 ? String(format: "%.1f ms", value) : String(format: "%.0f ms", value)
  }

  static func count(_ value: Double) -> String {
    value.isFinite ? String(Int(value)) : "?"
  }

  static func platformName(_ platform: MeshTopology.Platform) -> String {
    switch platform {
    case .ecsAnywhere: "ECS Anywhere task"
    case .kubernetes: "Kubernetes pod"
    case .vm: "VM"
    }
  }

  static func platformColours(_ platform: MeshTopology.Platform) -> (String, String) {
    switch platform {
    case .ecsAnywhere: ("#fff3e0", "#ef6c00")
    case .kubernetes: ("#e3f2fd", "#1565c0")
    case .vm: ("#f5f5f5", "#616161")
    }
  }

  /// An id safe in SVG and CSS: letters, digits and dashes.
  static func elementID(_ prefix: String, _ text: String) -> String {
    var result = prefix + "-"
    var lastWasDash = true
    for scalar in text.unicodeScalars {
      if CharacterSet.alphanumerics.contains(scalar), scalar.isASCII {
        result.unicodeScalars.append(scalar)
        lastWasDash = false
      } else if !lastWasDash {
        result.append("-")
        lastWasDash = true
      }
    }
    return lastWasDash ? String(result.dropLast()) : result
  }

  private func attributeList(_ attributes: [String: String]) -> String {
    attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }
      .joined(separator: ", ")
  }

  /// A DOT quoted string: backslashes and quotes escaped, line breaks as `\n`.
  private func quoted(_ text: String) -> String {
    var result = "\""
    for character in text {
      switch character {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      default: result.append(character)
      }
    }
    return result + "\""
  }

  // MARK: SVG and HTML

  /// The drawing as SVG, laid out by Graphviz's `dot`.
  /// - Throws: ``TopologyRenderError`` when `dot` is missing, fails or takes longer than
  ///   ``layoutTimeout``.
  public func svg(_ topology: MeshTopology) async throws -> String {
    try await runDot(dot(topology))
  }

  /// One self-contained HTML page: the drawing inline, a table of the call paths, the
  /// scrapes that failed. With `refreshSeconds`, the page reloads itself that often (for
  /// `--watch`, which rewrites it).
  /// - Throws: ``TopologyRenderError`` when `dot` is missing or fails.
  public func html(_ topology: MeshTopology, refreshSeconds: Int? = nil) async throws -> String {
    var svg = try await svg(topology)
    // The XML prolog and doctype belong to a file of its own, not to a page.
    if let start = svg.range(of: "<svg") { svg = String(svg[start.lowerBound...]) }
    let workloads = topology.nodes.filter { $0.kind == .workload }
    let services = topology.nodes.filter { $0.kind == .service }
    let calls = topology.edges.filter { $0.kind == .call }
    let failed = topology.nodes.filter { $0.scrapeError != nil }
    let time = ISO8601DateFormatter().string(from: topology.generatedAt)
    var page = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      \(refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">\n" } ?? "")\
      <title>Mesh topology</title>
      <style>
      body { font: 14px/1.4 Helvetica, Arial, sans-serif; color: #263238; margin: 24px; }
      h1 { font-size: 20px; margin: 0 0 4px; }
      .summary { color: #546e7a; margin-bottom: 12px; }
      .legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
      .swatch { display: inline-block; width: 12px; height: 12px; border: 2px solid; border-radius: 3px; vertical-align: -2px; margin-right: 4px; }
      .drawing { border: 1px solid #eceff1; border-radius: 6px; padding: 8px; overflow: auto; margin: 12px 0 20px; }
      .drawing svg { max-width: 100%; height: auto; }
      table { border-collapse: collapse; font-size: 13px; }
      th, td { border-bottom: 1px solid #eceff1; padding: 4px 10px; text-align: left; }
      td.number { text-align: right; font-variant-numeric: tabular-nums; }
      .error { color: #c62828; }
      </style>
      </head>
      <body>
      <h1>Mesh topology</h1>
      <div class="summary" id="summary">\(workloads.count) workloads, \(services.count) services, \
      \(calls.count) call paths (\(calls.filter(\.observed).count) observed, \
      \(calls.filter { $0.traffic?.mutualTLS == true }.count) with mutual TLS) · generated \(time)</div>
      <div class="legend">
      <span><i class="swatch" style="background:#fff3e0;border-color:#ef6c00"></i>ECS Anywhere task</span>
      <span><i class="swatch" style="background:#e3f2fd;border-color:#1565c0"></i>Kubernetes pod</span>
      <span><i class="swatch" style="background:#f5f5f5;border-color:#616161"></i>VM</span>
      <span><i class="swatch" style="background:#e8f5e9;border-color:#2e7d32;border-radius:50%"></i>service</span>
      <span>🔒 mutual TLS</span><span>— observed</span><span>- - allowed by policy</span><span>··· serves</span>
      </div>
      <div class="drawing">
      \(svg)
      </div>

      """
    page += "<h2>Call paths</h2>\n<table id=\"calls\">\n"
    page +=
      "<tr><th>from</th><th>to</th><th>requests</th><th>req/s</th><th>5xx</th><th>p50</th><th>p99</th><th>mTLS</th><th>403</th><th>policy</th></tr>\n"
    let names = Dictionary(topology.nodes.map { ($0.id, $0.name) }) { first, _ in first }
    for edge in calls {
      let cells = Self.cells(
        edge, from: names[edge.from] ?? edge.from, to: names[edge.to] ?? edge.to
      )
      .enumerated().map { index, text in
        index >= 2 && index <= 8
          ? "<td class=\"number\">\(escape(text))</td>" : "<td>\(escape(text))</td>"
      }
      page +=
        "<tr id=\"\(Self.elementID("row", "\(edge.from) \(edge.to)"))\">\(cells.joined())</tr>\n"
    }
    page += "</table>\n"
    if !failed.isEmpty {
      page += "<h2>Scrapes that failed</h2>\n<ul id=\"scrape-errors\">\n"
      for node in failed {
        page +=
          "<li class=\"error\">\(escape(node.id)): \(escape(node.scrapeError ?? ""))</li>\n"
      }
      page += "</ul>\n"
    }
    page += "</body>\n</html>\n"
    return page
  }

  /// A call path's row: from, to, requests, req/s, 5xx, p50, p99, mTLS, 403s, policy.
  static func cells(_ edge: MeshTopology.Edge, from: String, to: String) -> [String] {
    var cells = [from, to]
    guard let traffic = edge.traffic else {
      return cells + Array(repeating: "", count: 7) + [policyCell(edge)]
    }
    cells.append(count(traffic.requests))
    cells.append(traffic.requestsPerSecond.map { String(format: "%.2f", $0) } ?? "")
    cells.append(traffic.errorRatio.map { String(format: "%.1f%%", $0 * 100) } ?? "")
    cells.append(traffic.p50Milliseconds.map(milliseconds) ?? "")
    cells.append(traffic.p99Milliseconds.map(milliseconds) ?? "")
    let tls: String
    switch traffic.mutualTLS {
    case .some(true): tls = "🔒 yes"
    case .some(false): tls = "no"
    case .none: tls = ""
    }
    cells.append(tls)
    cells.append(count(traffic.denied))
    cells.append(policyCell(edge))
    return cells
  }

  /// What the policies allow of a call path, for the table.
  private static func policyCell(_ edge: MeshTopology.Edge) -> String {
    guard edge.allowedByPolicy else { return "" }
    return edge.allowedForSomeRequestsOnly ? "some requests" : "allowed"
  }

  private func escape(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// Runs `dot -Tsvg` over `source` (on standard input); its error output becomes the
  /// error's message.
  private func runDot(_ source: String) async throws -> String {
    let configured = dotPath ?? ProcessInfo.processInfo.environment["MESHBRIDGE_DOT"]
    let result: ChildProcess.Result
    do {
      let executable = try ChildProcess.locate(
        configured.flatMap { $0.isEmpty ? nil : $0 } ?? "dot")
      result = try await ChildProcess.run(
        executable, arguments: ["-Tsvg"], input: Data(source.utf8), timeout: layoutTimeout)
    } catch let failure as ChildProcess.Failure {
      throw TopologyRenderError(
        .dotUnavailable,
        reason:
          "\(failure) (Graphviz's dot: install Debian's graphviz package, or set MESHBRIDGE_DOT)")
    }
    guard result.status == 0 else {
      let message = String(decoding: result.standardError, as: UTF8.self)
      throw TopologyRenderError(
        .dotFailed, reason: "dot exited with status \(result.status): \(message.prefix(400))")
    }
    return String(decoding: result.standardOutput, as: UTF8.self)
  }
}

/// Graphviz could not lay the topology out.
///
/// ```
/// TopologyRenderError.dotFailed: cannot draw the topology: dot exited with status 1: …
/// ```
public struct TopologyRenderError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Graphviz's `dot` could not be found or started, or took longer than the layout timeout.
    public static let dotUnavailable = Code("dotUnavailable")
    /// `dot` exited with an error status; its error output is the reason.
    public static let dotFailed = Code("dotFailed")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// What `dot` or the attempt to run it said.
  public var reason: String

  /// Creates an error.
  public init(_ code: Code, reason: String) {
    self.code = code
    self.reason = reason
  }

  public var description: String {
    "TopologyRenderError.\(code): cannot draw the topology: \(reason)"
  }
}
