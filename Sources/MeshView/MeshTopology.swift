import Foundation
import MeshIdentity
import MeshModel

/// The mesh at a glance: every workload (ECS Anywhere task, Kubernetes pod, VM) and
/// service as a node, and every call path as an edge, with the traffic the sidecars'
/// own Prometheus statistics show on it.
///
/// ```swift
/// let inventory = Inventory(objects)
/// let scrapes = await TopologyScraper().scrape([
///   ScrapeTarget(url: "http://10.20.0.15:15090/stats/prometheus")
/// ], inventory: inventory)
/// let topology = MeshTopology(inventory: inventory, scrapes: scrapes)
/// try await TopologyRenderer().html(topology).write(to: page, atomically: true, encoding: .utf8)
/// ```
///
/// Edges are of two kinds. A call edge goes from a workload to a service: it is drawn
/// when traffic was observed on it (the client's sidecar counted requests to the service's
/// cluster) or when an AuthorizationPolicy of the service's workloads names the client
/// (its principal or namespace) in an ALLOW rule. A serving edge goes from a service to
/// each workload its selector picks.
public struct MeshTopology: Sendable, Hashable, Codable {
  /// Where a workload runs.
  public enum Platform: String, Sendable, Hashable, Codable {
    /// An ECS task (a WorkloadEntry that MeshBridge made for one).
    case ecsAnywhere = "ecs-anywhere"
    /// A Kubernetes pod.
    case kubernetes
    /// Any other WorkloadEntry: a VM or a bare host.
    case vm
  }

  /// A workload or a service.
  public struct Node: Sendable, Hashable, Codable {
    /// What a node stands for.
    public enum Kind: String, Sendable, Hashable, Codable {
      /// A workload (a task, a pod, a VM).
      case workload
      /// A service host.
      case service
    }

    /// `workload:NAMESPACE/NAME` or `service:HOST`.
    public var id: String
    /// A workload or a service.
    public var kind: Kind
    /// The workload's name, or the service's host.
    public var name: String
    /// The namespace of the workload or of the resource defining the service.
    public var namespace: String
    /// Where a workload runs; nil for services.
    public var platform: Platform?
    /// A workload's SPIFFE ID, from its service account.
    public var spiffeID: String?
    /// A workload's address.
    public var address: String?
    /// A service's ports (a workload's, as its WorkloadEntry or pod declares them).
    public var ports: [UInt32]
    /// Why this workload's scrape gave nothing, when it failed; the rest of the view
    /// still stands.
    public var scrapeError: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      id: String, kind: Kind, name: String, namespace: String, platform: Platform? = nil,
      spiffeID: String? = nil, address: String? = nil, ports: [UInt32] = [],
      scrapeError: String? = nil
    ) {
      self.id = id
      self.kind = kind
      self.name = name
      self.namespace = namespace
      self.platform = platform
      self.spiffeID = spiffeID
      self.address = address
      self.ports = ports
      self.scrapeError = scrapeError
    }
  }

  /// A call path (workload to service) or a service's backing workload.
  public struct Edge: Sendable, Hashable, Codable {
    /// What an edge stands for.
    public enum Kind: String, Sendable, Hashable, Codable {
      /// A workload calls a service (allowed by policy, observed, or both).
      case call
      /// A service is served by a workload its selector picks.
      case serves
    }

    /// The source node's id.
    public var from: String
    /// The target node's id.
    public var to: String
    /// A call path or a serving edge.
    public var kind: Kind
    /// For a call: an ALLOW rule of the service's workloads names the client.
    public var allowedByPolicy: Bool
    /// For an allowed call: only some of the client's requests are allowed — every ALLOW
    /// rule that names it is limited by operations or conditions, or a DENY rule limited
    /// that way names it.
    public var allowedForSomeRequestsOnly: Bool
    /// For a call: the client's sidecar counted requests to the service.
    public var observed: Bool
    /// What the sidecars counted: the client's for a call, the server's for serving.
    public var traffic: Traffic?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      from: String, to: String, kind: Kind, allowedByPolicy: Bool = false,
      allowedForSomeRequestsOnly: Bool = false, observed: Bool = false, traffic: Traffic? = nil
    ) {
      self.from = from
      self.to = to
      self.kind = kind
      self.allowedByPolicy = allowedByPolicy
      self.allowedForSomeRequestsOnly = allowedForSomeRequestsOnly
      self.observed = observed
      self.traffic = traffic
    }
  }

  /// Counters and latencies of one edge.
  public struct Traffic: Sendable, Hashable, Codable {
    /// Requests since the sidecar started.
    public var requests: Double
    /// Requests a second between the two scrapes; nil with one scrape.
    public var requestsPerSecond: Double?
    /// Of the requests (in the window when there are two scrapes), the share answered 5xx.
    public var errorRatio: Double?
    /// Median and 99th percentile of the request time, in milliseconds, from Envoy's
    /// histogram (interpolated within its buckets, as Prometheus' histogram_quantile).
    public var p50Milliseconds: Double?
    /// The 99th percentile, likewise.
    public var p99Milliseconds: Double?
    /// Whether the connections were mutual TLS: TLS handshakes counted on the cluster (a
    /// call) or TLS connections accepted by the inbound listener (serving); nil before
    /// any connection.
    public var mutualTLS: Bool?
    /// Requests refused by the server's RBAC filter (serving edges), or answered 403 (a
    /// call: the client's view of the same refusals).
    public var denied: Double

    /// Creates a value; every parameter is the property of the same name.
    public init(
      requests: Double = 0, requestsPerSecond: Double? = nil, errorRatio: Double? = nil,
      p50Milliseconds: Double? = nil, p99Milliseconds: Double? = nil, mutualTLS: Bool? = nil,
      denied: Double = 0
    ) {
      self.requests = requests
      self.requestsPerSecond = requestsPerSecond
      self.errorRatio = errorRatio
      self.p50Milliseconds = p50Milliseconds
      self.p99Milliseconds = p99Milliseconds
      self.mutualTLS = mutualTLS
      self.denied = denied
    }
  }

  /// Sorted by id.
  public var nodes: [Node]
  /// Sorted by kind, source and target.
  public var edges: [Edge]
  /// When the view was built (`now` when built from an inventory).
  public var generatedAt: Date

  /// Creates a value; every parameter is the property of the same name.
  public init(nodes: [Node], edges: [Edge], generatedAt: Date = Date()) {
    self.nodes = nodes
    self.edges = edges
    self.generatedAt = generatedAt
  }

  /// The node with `id`.
  public func node(_ id: String) -> Node? {
    nodes.first { $0.id == id }
  }

  /// The edge of `kind` from `from` to `to`.
  public func edge(from: String, to: String, kind: Edge.Kind = .call) -> Edge? {
    edges.first { $0.from == from && $0.to == to && $0.kind == kind }
  }
}

// MARK: - Building

extension MeshTopology {
  /// The topology of `inventory`, with the traffic of `scrapes` (and rates against
  /// `previous`, an earlier round of the same targets).
  /// - Parameters:
  ///   - inventory: Mesh resources and Kubernetes objects.
  ///   - scrapes: One scrape per workload sidecar; a failed one marks its node.
  ///   - previous: The round before, for requests a second; empty for totals only.
  ///   - trustDomain: The SPIFFE trust domain of the workloads' identities (policies'
  ///     principals in `cluster.local` stand for it, as in Istio).
  public init(
    inventory: Inventory, scrapes: [WorkloadScrape] = [], previous: [WorkloadScrape] = [],
    trustDomain: TrustDomain = .clusterLocal, now: Date = Date()
  ) {
    var builder = TopologyBuilder(inventory: inventory, trustDomain: trustDomain)
    builder.addWorkloadsAndServices()
    builder.addPolicyEdges()
    let before = Dictionary(
      previous.compactMap { scrape in scrape.metrics.map { (scrape.workload, (scrape, $0)) } },
      uniquingKeysWith: { first, _ in first })
    for scrape in scrapes {
      builder.add(scrape, previous: before[scrape.workload])
    }
    self.init(nodes: builder.sortedNodes, edges: builder.sortedEdges, generatedAt: now)
  }

  /// The node id of a workload.
  public static func workloadID(namespace: String, name: String) -> String {
    "workload:\(namespace)/\(name)"
  }

  /// The node id of a service host.
  public static func serviceID(host: String) -> String {
    "service:\(host)"
  }
}

/// What one workload's sidecar reported: its statistics, or why there are none.
public struct WorkloadScrape: Sendable {
  /// The workload's node id (``MeshTopology/workloadID(namespace:name:)``).
  public var workload: String
  /// The `/stats/prometheus` URL that was scraped.
  public var url: String
  /// When the scrape was made (rates are computed between two scrapes' times).
  public var time: Date
  /// The parsed statistics, or why there are none.
  public var result: Result<PrometheusText, TopologyScrapeError>

  /// Creates a value; every parameter is the property of the same name.
  public init(
    workload: String, url: String, time: Date, result: Result<PrometheusText, TopologyScrapeError>
  ) {
    self.workload = workload
    self.url = url
    self.time = time
    self.result = result
  }

  /// The statistics, when the scrape succeeded.
  public var metrics: PrometheusText? { try? result.get() }
}

/// Why a scrape gave no statistics: the endpoint could not be reached, answered with an
/// error status, or served text that is not the Prometheus format.
///
/// ```
/// TopologyScrapeError.httpStatus: http://10.0.0.2:15090/stats/prometheus: the server answered 404
/// ```
public struct TopologyScrapeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// The URL cannot be fetched as given, or the workload named for it is not `NAMESPACE/NAME`.
    public static let invalidTarget = Code("invalidTarget")
    /// The connection could not be made or broke before the answer was complete.
    public static let unreachable = Code("unreachable")
    /// The connection or the whole scrape took longer than the configuration allows.
    public static let timeout = Code("timeout")
    /// The endpoint's certificate did not verify against the CA bundle.
    public static let tlsVerificationFailed = Code("tlsVerificationFailed")
    /// The endpoint answered with an HTTP error status.
    public static let httpStatus = Code("httpStatus")
    /// The answer was larger than ``TopologyScraper/Configuration/maximumBodyBytes``.
    public static let answerTooLarge = Code("answerTooLarge")
    /// The answer is not UTF-8 text in the Prometheus format.
    public static let notPrometheusText = Code("notPrometheusText")
    /// No WorkloadEntry has the address and port of the sidecar's inbound listeners.
    public static let unknownWorkload = Code("unknownWorkload")
    /// The task scraping was cancelled.
    public static let cancelled = Code("cancelled")

    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The URL scraped.
  public var url: String
  /// What failed, without the URL; shown on the page next to the workload.
  public var reason: String

  /// Creates an error.
  public init(_ code: Code, url: String, reason: String) {
    self.code = code
    self.url = url
    self.reason = reason
  }

  public var description: String { "TopologyScrapeError.\(code): \(url): \(reason)" }
}

/// Collects nodes and edges; kept apart from the public value so that its indexes do not
/// leak into it.
struct TopologyBuilder {
  let inventory: Inventory
  let trustDomains: MeshTrustDomains
  private(set) var nodes: [String: MeshTopology.Node] = [:]
  private(set) var edges: [String: MeshTopology.Edge] = [:]
  /// The workload node ids behind each service host.
  private var backends: [String: [String]] = [:]
  /// The service hosts each workload node serves (``backends`` the other way round).
  private var servedHosts: [String: [String]] = [:]
  private var workloadLabels: [String: [String: String]] = [:]
  /// Each workload node's identity (none when its names cannot make a SPIFFE ID).
  private var identities: [String: WorkloadIdentity] = [:]

  /// The annotation and label of an ECS task's WorkloadEntry, as MeshBridge writes them.
  static let taskARNAnnotation = "ecs.amazonaws.com/task-arn"
  static let clusterLabel = "ecs.amazonaws.com/cluster"

  init(inventory: Inventory, trustDomain: TrustDomain) {
    self.inventory = inventory
    self.trustDomains = MeshTrustDomains(local: trustDomain)
  }

  var sortedNodes: [MeshTopology.Node] { nodes.values.sorted { $0.id < $1.id } }
  var sortedEdges: [MeshTopology.Edge] {
    edges.values.sorted {
      ($0.kind.rawValue, $0.from, $0.to) < ($1.kind.rawValue, $1.from, $1.to)
    }
  }

  mutating func addWorkloadsAndServices() {
    for object in inventory.objects {
      switch object.value {
      case .mesh(.workloadEntry(let entry)):
        // MeshBridge's discovery annotates the task's ARN and labels the cluster
        // (MeshMapping.clusterLabel); the view reads the spellings, not MeshBridge.
        let ecsTask =
          entry.metadata.annotations?[Self.taskARNAnnotation] != nil
          || entry.spec.labels?[Self.clusterLabel] != nil
        addWorkload(
          object, platform: ecsTask ? .ecsAnywhere : .vm,
          serviceAccount: entry.spec.serviceAccount, address: entry.spec.address,
          labels: entry.spec.labels ?? [:], ports: (entry.spec.ports ?? [:]).values.sorted())
      case .kubernetes(.pod(let pod)):
        addWorkload(
          object, platform: .kubernetes, serviceAccount: pod.serviceAccountName, address: nil,
          labels: pod.metadata.labels ?? [:], ports: [])
      default:
        break
      }
    }
    for (host, definitions) in inventory.serviceHosts {
      let id = MeshTopology.serviceID(host: host)
      let namespace = definitions.first?.object.namespace ?? "default"
      nodes[id] = MeshTopology.Node(
        id: id, kind: .service, name: host, namespace: namespace,
        ports: Array(Set(definitions.flatMap(\.ports))).sorted())
      for definition in definitions {
        for workload in selected(by: definition.object) {
          backends[host, default: []].append(workload)
          servedHosts[workload, default: []].append(host)
          let edge = MeshTopology.Edge(from: id, to: workload, kind: .serves)
          edges[key(edge)] = edge
        }
      }
    }
  }

  private mutating func addWorkload(
    _ object: InventoryObject, platform: MeshTopology.Platform, serviceAccount: String?,
    address: String?, labels: [String: String], ports: [UInt32]
  ) {
    let id = MeshTopology.workloadID(namespace: object.namespace, name: object.name)
    let identity = try? WorkloadIdentity(
      trustDomain: trustDomains.local, namespace: object.namespace,
      serviceAccount: serviceAccount ?? "default")
    identities[id] = identity
    nodes[id] = MeshTopology.Node(
      id: id, kind: .workload, name: object.name, namespace: object.namespace,
      platform: platform, spiffeID: identity?.spiffeID.uri, address: address, ports: ports)
    workloadLabels[id] = labels
  }

  /// The workloads a ServiceEntry's or Kubernetes Service's selector picks.
  private func selected(by object: InventoryObject) -> [String] {
    let selector: [String: String]
    switch object.value {
    case .mesh(.serviceEntry(let entry)):
      guard let labels = entry.spec.workloadSelector?.labels, !labels.isEmpty else { return [] }
      selector = labels
    case .kubernetes(.service(let service)):
      guard !service.selector.isEmpty else { return [] }
      selector = service.selector
    default:
      return []
    }
    return inventory.workloads(in: object.namespace, matching: selector).map {
      MeshTopology.workloadID(namespace: $0.namespace, name: $0.object.name)
    }
  }

  private func key(_ edge: MeshTopology.Edge) -> String {
    "\(edge.kind.rawValue) \(edge.from) \(edge.to)"
  }

  // MARK: Policy

  /// A call edge for every client an ALLOW rule of a service's workloads names, by
  /// principal or namespace, unless a DENY rule that holds for every request names it
  /// too (rules that admit anyone are not drawn: they would join every workload to the
  /// service). Rules limited to some operations or conditions allow or deny some requests
  /// only: such an edge is drawn as allowed for some requests.
  mutating func addPolicyEdges() {
    let policies = inventory.resources(AuthorizationPolicySpec.self).map(\.0)
    let byNamespace = Dictionary(grouping: policies) { $0.metadata.namespace ?? "default" }
    let clients = nodes.values.filter { $0.kind == .workload }
    for (host, servers) in backends {
      let allowing = rules(of: servers, action: .allow, policies: byNamespace)
      guard !allowing.isEmpty else { continue }
      let denying = rules(of: servers, action: .deny, policies: byNamespace)
      let service = MeshTopology.serviceID(host: host)
      let serving = Set(servers)
      for client in clients where !serving.contains(client.id) {
        let allowingClient = allowing.filter { names($0, client: client) }
        let denyingClient = denying.filter { denies($0, client: client) }
        guard !allowingClient.isEmpty,
          !denyingClient.contains(where: Self.holdsForEveryRequest)
        else { continue }
        let edge = MeshTopology.Edge(
          from: client.id, to: service, kind: .call, allowedByPolicy: true,
          allowedForSomeRequestsOnly: !allowingClient.contains(where: Self.holdsForEveryRequest)
            || !denyingClient.isEmpty)
        edges[key(edge)] = edge
      }
    }
  }

  /// Whether a rule applies to every request of the sources it names: no operations, no
  /// conditions.
  private static func holdsForEveryRequest(_ rule: AuthorizationRule) -> Bool {
    (rule.to ?? []).isEmpty && (rule.when ?? []).isEmpty
  }

  /// The rules of `action` of every policy that applies to one of `servers`.
  private func rules(
    of servers: [String], action: AuthorizationAction,
    policies byNamespace: [String: [Resource<AuthorizationPolicySpec>]]
  ) -> [AuthorizationRule] {
    var rules: [AuthorizationRule] = []
    var counted: Set<String> = []
    for server in servers {
      guard let namespace = nodes[server]?.namespace else { continue }
      var candidates = byNamespace[namespace] ?? []
      if namespace != inventory.rootNamespace {
        candidates += byNamespace[inventory.rootNamespace] ?? []
      }
      for policy in candidates
      where (policy.spec.action ?? .allow) == action && applies(policy, to: server) {
        let name = "\(policy.metadata.namespace ?? "")/\(policy.metadata.name ?? "")"
        if counted.insert(name).inserted { rules += policy.spec.rules ?? [] }
      }
    }
    return rules
  }

  /// Whether a DENY rule refuses the client: it names it, or has no sources at all.
  private func denies(_ rule: AuthorizationRule, client: MeshTopology.Node) -> Bool {
    (rule.from ?? []).isEmpty || names(rule, client: client)
  }

  private func applies(_ policy: Resource<AuthorizationPolicySpec>, to workload: String) -> Bool {
    guard let node = nodes[workload] else { return false }
    let namespace = policy.metadata.namespace ?? "default"
    guard namespace == node.namespace || namespace == inventory.rootNamespace else {
      return false
    }
    let selector = policy.spec.selector?.matchLabels ?? [:]
    let labels = workloadLabels[workload] ?? [:]
    return LabelMatching.matches(selector, labels)
  }

  /// Whether a rule's sources name the client's principal or namespace.
  private func names(_ rule: AuthorizationRule, client: MeshTopology.Node) -> Bool {
    let principal = identities[client.id]?.principal ?? ""
    // Principals in cluster.local or an alias name the mesh's own workloads, as in Istio.
    let trustDomains = self.trustDomains
    func matchesPrincipal(_ pattern: String) -> Bool {
      trustDomains.principals(for: pattern).contains { Self.istioMatch($0, principal) }
    }
    return (rule.from ?? []).contains { from in
      guard let source = from.source else { return false }
      let byPrincipal = (source.principals ?? []).contains(where: matchesPrincipal)
      let byNamespace = (source.namespaces ?? []).contains {
        Self.istioMatch($0, client.namespace)
      }
      let excluded =
        (source.notPrincipals ?? []).contains(where: matchesPrincipal)
        || (source.notNamespaces ?? []).contains { Self.istioMatch($0, client.namespace) }
      return (byPrincipal || byNamespace) && !excluded
    }
  }

  /// Istio's string match: exact, `prefix*`, `*suffix`, or `*`.
  static func istioMatch(_ pattern: String, _ value: String) -> Bool {
    if pattern == "*" { return true }
    if pattern.hasSuffix("*") { return value.hasPrefix(pattern.dropLast()) }
    if pattern.hasPrefix("*") { return value.hasSuffix(pattern.dropFirst()) }
    return pattern == value
  }

  // MARK: Traffic

  /// The traffic one workload's sidecar counted: as a client, per service it called; as
  /// a server, per service port it serves.
  mutating func add(
    _ scrape: WorkloadScrape, previous: (WorkloadScrape, PrometheusText)?
  ) {
    guard nodes[scrape.workload] != nil else { return }
    let metrics: PrometheusText
    switch scrape.result {
    case .failure(let error):
      nodes[scrape.workload]?.scrapeError = error.reason
      return
    case .success(let text):
      metrics = text
    }
    let window = previous.map { (metrics: $0.1, seconds: scrape.time.timeIntervalSince($0.0.time)) }
    addCalls(from: scrape.workload, metrics, window: window)
    addServing(by: scrape.workload, metrics, window: window)
  }

  private mutating func addCalls(
    from client: String, _ metrics: PrometheusText,
    window: (metrics: PrometheusText, seconds: TimeInterval)?
  ) {
    // Outbound clusters are `outbound|PORT|SUBSET|HOST`; their stats carry EnvoyConfig's
    // SidecarTranslator.clusterStatName of it (dots as underscores), read back here by
    // convention rather than by import: the view depends on MeshModel only.
    var clustersByHost: [String: [String]] = [:]
    for sample in metrics.samples(named: "envoy_cluster_upstream_rq_total") {
      guard let cluster = sample.labels["envoy_cluster_name"], cluster.hasPrefix("outbound|"),
        let host = Self.host(ofClusterStatName: cluster)
      else { continue }
      clustersByHost[host, default: []].append(cluster)
    }
    for (host, clusters) in clustersByHost {
      let traffic = Self.traffic(
        metrics, window: window?.metrics, seconds: window?.seconds, clusters: clusters)
      guard traffic.requests > 0 else { continue }
      let service = MeshTopology.serviceID(host: host)
      if nodes[service] == nil {
        // A service outside the inventory (an external host the sidecar knows).
        nodes[service] = MeshTopology.Node(
          id: service, kind: .service, name: host, namespace: "")
      }
      let probe = MeshTopology.Edge(from: client, to: service, kind: .call)
      var edge = edges[key(probe)] ?? probe
      edge.observed = true
      edge.traffic = traffic
      edges[key(edge)] = edge
    }
  }

  /// The host of a cluster's stat name `outbound|PORT|SUBSET|HOST_WITH_UNDERSCORES`.
  static func host(ofClusterStatName name: String) -> String? {
    let parts = name.split(separator: "|", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    return parts[3].replacingOccurrences(of: "_", with: ".")
  }

  private mutating func addServing(
    by server: String, _ metrics: PrometheusText,
    window: (metrics: PrometheusText, seconds: TimeInterval)?
  ) {
    let ports = nodes[server]?.ports ?? []
    for host in servedHosts[server] ?? [] {
      let service = MeshTopology.serviceID(host: host)
      guard let servicePorts = nodes[service]?.ports else { continue }
      // The inbound listeners of the workload's ports (targets of the service's ports).
      let prefixes = Set(ports.isEmpty ? servicePorts : ports).map { "inbound_\($0)" }
      var traffic = MeshTopology.Traffic()
      for prefix in prefixes {
        let labels = ["envoy_http_conn_manager_prefix": prefix]
        traffic.requests += metrics.sum("envoy_http_downstream_rq_total", matching: labels)
        traffic.denied += metrics.sum("envoy_http_rbac_denied", matching: labels)
        let connections = metrics.sum("envoy_http_downstream_cx_total", matching: labels)
        let tls = metrics.sum("envoy_http_downstream_cx_ssl_total", matching: labels)
        if connections > 0 { traffic.mutualTLS = (traffic.mutualTLS ?? true) && tls == connections }
      }
      guard traffic.requests > 0 else { continue }
      if let window, window.seconds > 0 {
        var before = 0.0
        for prefix in prefixes {
          before += window.metrics.sum(
            "envoy_http_downstream_rq_total", matching: ["envoy_http_conn_manager_prefix": prefix])
        }
        traffic.requestsPerSecond = max(0, traffic.requests - before) / window.seconds
      }
      let probe = MeshTopology.Edge(from: service, to: server, kind: .serves)
      var edge = edges[key(probe)] ?? probe
      edge.traffic = traffic
      edges[key(edge)] = edge
    }
  }

  /// A client's traffic to the clusters of one host (its subsets summed).
  static func traffic(
    _ metrics: PrometheusText, window before: PrometheusText?, seconds: TimeInterval?,
    clusters: [String]
  ) -> MeshTopology.Traffic {
    func total(_ name: String, _ labels: [String: String] = [:], in text: PrometheusText)
      -> Double
    {
      clusters.reduce(0) { sum, cluster in
        var match = labels
        match["envoy_cluster_name"] = cluster
        return sum + text.sum(name, matching: match)
      }
    }
    func delta(_ name: String, _ labels: [String: String] = [:]) -> Double {
      let now = total(name, labels, in: metrics)
      guard let before else { return now }
      return max(0, now - total(name, labels, in: before))
    }
    var traffic = MeshTopology.Traffic()
    traffic.requests = total("envoy_cluster_upstream_rq_total", in: metrics)
    if let seconds, seconds > 0, before != nil {
      traffic.requestsPerSecond = delta("envoy_cluster_upstream_rq_total") / seconds
    }
    let requests = delta("envoy_cluster_upstream_rq_total")
    if requests > 0 {
      traffic.errorRatio =
        delta("envoy_cluster_upstream_rq_xx", ["envoy_response_code_class": "5"]) / requests
    }
    traffic.denied = total(
      "envoy_cluster_upstream_rq", ["envoy_response_code": "403"], in: metrics)
    let connections = total("envoy_cluster_upstream_cx_total", in: metrics)
    if connections > 0 {
      traffic.mutualTLS = total("envoy_cluster_ssl_handshake", in: metrics) > 0
    }
    // Latency: the window's buckets when it has requests, else everything since start.
    var buckets = Self.buckets(metrics, clusters: clusters)
    if let before {
      let earlier = Self.buckets(before, clusters: clusters)
      let windowed = buckets.map { bound, count in (bound, count - (earlier[bound] ?? 0)) }
      if (windowed.max { $0.0 < $1.0 }?.1 ?? 0) > 0 {
        buckets = Dictionary(windowed, uniquingKeysWith: { first, _ in first })
      }
    }
    traffic.p50Milliseconds = Self.quantile(0.5, buckets)
    traffic.p99Milliseconds = Self.quantile(0.99, buckets)
    return traffic
  }

  /// Cumulative bucket counts of `envoy_cluster_upstream_rq_time` by upper bound (ms).
  static func buckets(_ metrics: PrometheusText, clusters: [String]) -> [Double: Double] {
    var result: [Double: Double] = [:]
    for sample in metrics.samples(named: "envoy_cluster_upstream_rq_time_bucket") {
      guard let cluster = sample.labels["envoy_cluster_name"], clusters.contains(cluster),
        let bound = sample.labels["le"].flatMap(Self.bound)
      else { continue }
      result[bound, default: 0] += sample.value
    }
    return result
  }

  private static func bound(_ text: String) -> Double? {
    text == "+Inf" ? .infinity : Double(text)
  }

  /// The `q` quantile of cumulative buckets, interpolated linearly within the bucket it
  /// falls in (Prometheus' histogram_quantile); nil without observations.
  static func quantile(_ q: Double, _ buckets: [Double: Double]) -> Double? {
    let sorted = buckets.sorted { $0.key < $1.key }
    guard let total = sorted.last?.value, total > 0 else { return nil }
    let rank = q * total
    var lowerBound = 0.0
    var lowerCount = 0.0
    for (bound, count) in sorted {
      if count >= rank {
        // Past the last finite bound, the best answer is that bound.
        guard bound.isFinite else { return lowerBound }
        let inBucket = count - lowerCount
        guard inBucket > 0 else { return bound }
        return lowerBound + (bound - lowerBound) * (rank - lowerCount) / inBucket
      }
      lowerBound = bound
      lowerCount = count
    }
    return lowerBound
  }
}
