import Foundation
import MeshIdentity
import MeshModel
import MeshTestSupport
import MeshView
import Testing

/// The Prometheus text parser's strictness, and the topology built from an inventory and
/// scrapes written by hand (the live suite uses real Envoy output).
@Suite("Topology")
struct TopologyTests {
  @Test("samples, labels with escapes, special values, timestamps, comments and types")
  func parse() throws {
    let text = try PrometheusText(
      parsing: """
        # HELP envoy_cluster_upstream_rq_total Total requests.
        # TYPE envoy_cluster_upstream_rq_total counter
        envoy_cluster_upstream_rq_total{envoy_cluster_name="outbound|80||a_b",} 12 1764057600000
        # a comment
        # TYPE envoy_cluster_upstream_rq_time histogram
        envoy_cluster_upstream_rq_time_bucket{le="0.5"} 1
        envoy_cluster_upstream_rq_time_bucket{le="+Inf"} 4
        envoy_cluster_upstream_rq_time_sum 7.5e2
        envoy_cluster_upstream_rq_time_count 4
        odd{path="a\\"b\\\\c\\nd"} -Inf\r
        nothing NaN

        """)

    #expect(text.samples.count == 7)
    #expect(text.sum("envoy_cluster_upstream_rq_total") == 12)
    #expect(text.samples[0].labels == ["envoy_cluster_name": "outbound|80||a_b"])
    #expect(text.types["envoy_cluster_upstream_rq_time"] == .histogram)
    #expect(text.sum("envoy_cluster_upstream_rq_time_sum") == 750)
    #expect(text.samples(named: "odd").first?.labels["path"] == "a\"b\\c\nd")
    #expect(text.samples(named: "odd").first?.value == -.infinity)
    #expect(text.samples(named: "nothing").first?.value.isNaN == true)
  }

  @Test(
    "what breaks the format is an error at its line and column",
    arguments: [
      (
        "metric{a=\"x\"", 1, 13, PrometheusParseError.Code.syntax,
        "expected , or } after the value of a"
      ),
      ("metric{a=x} 1", 1, 10, .syntax, "expected a quoted label value"),
      ("metric{a=\"x\",a=\"y\"} 1", 1, 14, .duplicate, "label a given twice"),
      ("metric{a=\"\\t\"} 1", 1, 12, .syntax, "unknown escape \\t"),
      ("metric 12abc", 1, 8, .syntax, "\"12abc\" is not a number"),
      ("metric inf", 1, 8, .syntax, "\"inf\" is not a number"),
      ("metric", 1, 7, .syntax, "expected a space before the value"),
      ("metric 1 soon", 1, 10, .syntax, "\"soon\" is not a timestamp in milliseconds"),
      ("ok 1\n{a=\"b\"} 1", 2, 1, .syntax, "expected a metric name"),
      ("# TYPE m gauge\n# TYPE m gauge", 2, 8, .duplicate, "a second # TYPE for m"),
      ("m 1\n# TYPE m counter", 2, 8, .typeAfterSamples, "# TYPE for m after its samples"),
      ("# TYPE m meter", 1, 10, .unknownMetricType, "unknown metric type \"meter\""),
      ("metric{a=\"unterminated} 1", 1, 26, .syntax, "a label value without its closing quote"),
    ])
  func strict(
    text: String, line: Int, column: Int, code: PrometheusParseError.Code, reason: String
  ) {
    #expect(throws: PrometheusParseError(code, line: line, column: column, reason: reason)) {
      try PrometheusText(parsing: text)
    }
  }

  static let mesh = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: web, namespace: shop, annotations: {ecs.amazonaws.com/task-arn: "arn:aws:ecs:us-east-1:1:task/c/1"}}
    spec: {address: 10.0.0.1, labels: {app: web}, serviceAccount: web, ports: {http: 8080}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: batch, namespace: jobs}
    spec: {address: 10.0.0.2, labels: {app: batch}, ports: {http: 7070}}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: api-0, namespace: shop, labels: {app: api}}
    spec: {serviceAccountName: api, containers: [{name: api, image: api:1}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: api, namespace: shop}
    spec: {selector: {app: api}, ports: [{port: 9000}]}
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: api-callers, namespace: shop}
    spec:
      selector: {matchLabels: {app: api}}
      rules:
      - from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}]
      - from: [{source: {namespaces: ["job*"], notPrincipals: ["*/sa/intruder"]}}]
    """

  static func inventory() throws -> Inventory {
    Inventory(MeshLoader().load(Array(mesh.utf8), file: "mesh.yaml").objects)
  }

  /// What web's sidecar serves after `requests` calls to api, `errors` of them 5xx,
  /// with latencies in buckets of 5, 10 and 25 ms.
  static func webScrape(requests: Int, errors: Int, buckets: (Int, Int, Int), at time: Date) throws
    -> WorkloadScrape
  {
    let cluster = "outbound|9000||api_shop_svc_cluster_local"
    let text = """
      envoy_cluster_upstream_rq_total{envoy_cluster_name="\(cluster)"} \(requests)
      envoy_cluster_upstream_rq_xx{envoy_response_code_class="5",envoy_cluster_name="\(cluster)"} \(errors)
      envoy_cluster_upstream_cx_total{envoy_cluster_name="\(cluster)"} 2
      envoy_cluster_ssl_handshake{envoy_cluster_name="\(cluster)"} 2
      # TYPE envoy_cluster_upstream_rq_time histogram
      envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="\(cluster)",le="5"} \(buckets.0)
      envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="\(cluster)",le="10"} \(buckets.1)
      envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="\(cluster)",le="25"} \(buckets.2)
      envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name="\(cluster)",le="+Inf"} \(buckets.2)
      envoy_cluster_upstream_rq_total{envoy_cluster_name="outbound|443||api_stripe_com"} 5
      envoy_cluster_upstream_cx_total{envoy_cluster_name="outbound|443||api_stripe_com"} 1
      envoy_cluster_upstream_rq_total{envoy_cluster_name="outbound|80||idle_shop_svc"} 0
      """
    return WorkloadScrape(
      workload: "workload:shop/web", url: "http://10.0.0.1:15090/stats/prometheus", time: time,
      result: .success(try PrometheusText(parsing: text)))
  }

  @Test("a principal in cluster.local names the workload in a mesh with its own trust domain")
  func clusterLocalPrincipalInAnotherTrustDomain() throws {
    let topology = MeshTopology(
      inventory: try Self.inventory(), trustDomain: try TrustDomain("example.org"))

    let web = try #require(
      topology.edge(from: "workload:shop/web", to: "service:api.shop.svc.cluster.local"))
    #expect(topology.node("workload:shop/web")?.spiffeID == "spiffe://example.org/ns/shop/sa/web")
    #expect(web.allowedByPolicy)
  }

  @Test("platforms, identities, serving and policy edges, rates, 5xx share and quantiles")
  func topology() throws {
    let start = Date(timeIntervalSince1970: 1_764_057_600)
    let before = try Self.webScrape(requests: 100, errors: 0, buckets: (50, 90, 100), at: start)
    let after = try Self.webScrape(
      requests: 300, errors: 20, buckets: (50, 250, 300), at: start.addingTimeInterval(10))
    let failed = WorkloadScrape(
      workload: "workload:jobs/batch", url: "http://10.0.0.2:15090/stats/prometheus", time: start,
      result: .failure(
        TopologyScrapeError(.unreachable, url: "http://10.0.0.2:15090", reason: "refused")))

    let topology = MeshTopology(
      inventory: try Self.inventory(), scrapes: [after, failed], previous: [before])

    #expect(topology.node("workload:shop/web")?.platform == .ecsAnywhere)
    #expect(topology.node("workload:jobs/batch")?.platform == .vm)
    #expect(topology.node("workload:shop/api-0")?.platform == .kubernetes)
    #expect(
      topology.node("workload:shop/api-0")?.spiffeID == "spiffe://cluster.local/ns/shop/sa/api")
    #expect(topology.node("workload:jobs/batch")?.scrapeError == "refused")
    #expect(
      topology.edge(
        from: "service:api.shop.svc.cluster.local", to: "workload:shop/api-0", kind: .serves)
        != nil)
    // batch is allowed by namespace, web by principal; web's edge was observed too.
    let batch = try #require(
      topology.edge(from: "workload:jobs/batch", to: "service:api.shop.svc.cluster.local"))
    #expect(batch.allowedByPolicy && !batch.observed && batch.traffic == nil)
    #expect(!batch.allowedForSomeRequestsOnly)
    let web = try #require(
      topology.edge(from: "workload:shop/web", to: "service:api.shop.svc.cluster.local"))
    let traffic = try #require(web.traffic)
    #expect(web.allowedByPolicy && web.observed)
    #expect(traffic.requests == 300 && traffic.requestsPerSecond == 20)
    #expect(traffic.errorRatio == 0.1 && traffic.mutualTLS == true)
    // In the window: 0 under 5 ms, 160 under 10, 40 under 25. p50: rank 100 of 200 in
    // the (5, 10] bucket's 160 -> 5 + 5 * 100/160; p99: rank 198 -> 10 + 15 * 38/40.
    #expect(abs((traffic.p50Milliseconds ?? 0) - 8.125) < 1e-9)
    #expect(abs((traffic.p99Milliseconds ?? 0) - 24.25) < 1e-9)
    // An external host the sidecar called becomes a node; an idle cluster does not.
    let stripe = try #require(
      topology.edge(from: "workload:shop/web", to: "service:api.stripe.com")?.traffic)
    #expect(stripe.requests == 5 && stripe.mutualTLS == false && stripe.requestsPerSecond == 0)
    #expect(topology.node("service:idle.shop.svc") == nil)
  }

  @Test(
    "a DENY rule for every request of a client takes its allowed path away; one for some leaves it allowed for some requests"
  )
  func denyRules() throws {
    let deny = """
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: no-jobs, namespace: shop}
      spec:
        selector: {matchLabels: {app: api}}
        action: DENY
        rules:
        - from: [{source: {namespaces: [jobs]}}]
        - from: [{source: {principals: [cluster.local/ns/shop/sa/web]}}]
          to: [{operation: {paths: [/admin*]}}]
      """
    let inventory = Inventory(
      MeshLoader().load(Array((Self.mesh + "\n" + deny).utf8), file: "mesh.yaml").objects)

    let topology = MeshTopology(inventory: inventory)

    #expect(
      topology.edge(from: "workload:jobs/batch", to: "service:api.shop.svc.cluster.local") == nil)
    let web = try #require(
      topology.edge(from: "workload:shop/web", to: "service:api.shop.svc.cluster.local"))
    #expect(web.allowedByPolicy && web.allowedForSomeRequestsOnly)
  }

  @Test("ALLOW rules limited to operations or conditions allow a path for some requests only")
  func partialAllowRules() throws {
    // web may only GET; batch's namespace rule is whole, so a limited rule naming batch
    // as well leaves its path wholly allowed. A DENY rule naming someone else is no limit.
    let policies = """
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: api-callers, namespace: shop}
      spec:
        selector: {matchLabels: {app: api}}
        rules:
        - from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}]
          to: [{operation: {methods: [GET]}}]
        - from: [{source: {namespaces: ["jobs"]}}]
        - from: [{source: {namespaces: ["jobs"]}}]
          when: [{key: "request.headers[x-batch]", values: ["1"]}]
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: no-intruder-admin, namespace: shop}
      spec:
        selector: {matchLabels: {app: api}}
        action: DENY
        rules:
        - from: [{source: {principals: ["cluster.local/ns/shop/sa/intruder"]}}]
          to: [{operation: {paths: [/admin*]}}]
      """
    // The shared mesh without its own AuthorizationPolicy (its last document).
    let ownPolicy = try #require(Self.mesh.range(of: "---\napiVersion: security.istio.io/v1"))
    let mesh = String(Self.mesh[..<ownPolicy.lowerBound])
    let inventory = Inventory(
      MeshLoader().load(Array((mesh + policies).utf8), file: "mesh.yaml").objects)

    let topology = MeshTopology(inventory: inventory)

    let web = try #require(
      topology.edge(from: "workload:shop/web", to: "service:api.shop.svc.cluster.local"))
    #expect(web.allowedByPolicy && web.allowedForSomeRequestsOnly)
    let batch = try #require(
      topology.edge(from: "workload:jobs/batch", to: "service:api.shop.svc.cluster.local"))
    #expect(batch.allowedByPolicy && !batch.allowedForSomeRequestsOnly)
    let dot = TopologyRenderer().dot(topology)
    #expect(dot.contains(#"class="call allowed partly-allowed""#))
    #expect(dot.contains("allowed for some requests"))
    let json = String(decoding: try TopologyRenderer().json(topology), as: UTF8.self)
    #expect(json.contains(#""allowedForSomeRequestsOnly" : true"#))
  }

  @Test("DOT and JSON for tooling: ids, classes and labels; JSON round-trips")
  func renderings() throws {
    let scrape = try Self.webScrape(requests: 300, errors: 0, buckets: (100, 250, 300), at: Date())
    let topology = MeshTopology(inventory: try Self.inventory(), scrapes: [scrape])
    let renderer = TopologyRenderer()

    let dot = renderer.dot(topology)
    #expect(dot.hasPrefix("digraph mesh {"))
    #expect(dot.contains(#"subgraph "cluster_shop""#))
    #expect(dot.contains(#"class="call observed allowed mtls""#))
    #expect(dot.contains(#"🔒 300 requests\n0.0% 5xx\np50 6.7 ms · p99 24 ms"#))
    let decoded = try JSONDecoder.iso8601.decode(MeshTopology.self, from: renderer.json(topology))
    #expect(decoded.nodes == topology.nodes && decoded.edges == topology.edges)
  }

  @Test("scrape targets name their workload or leave it to the listener addresses")
  func targets() {
    #expect(
      ScrapeTarget(argument: "shop/web=http://10.0.0.1:15090/stats/prometheus")
        == ScrapeTarget(url: "http://10.0.0.1:15090/stats/prometheus", workload: "shop/web"))
    #expect(
      ScrapeTarget(argument: "http://10.0.0.1:15090/stats?a=b").workload == nil)
  }
}

extension JSONDecoder {
  fileprivate static var iso8601: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }
}
