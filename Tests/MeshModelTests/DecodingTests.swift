import Foundation
import MeshModel
import MeshTestSupport
import Testing
import YAMLCoding

@Suite("Decoding mesh resources")
struct DecodingTests {
  @Test("a mixed stream decodes to the right kinds in order")
  func mixedStream() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task-1, namespace: shop}
      spec: {address: 10.0.0.5, ports: {http: 31080}, labels: {app: orders}}
      ---
      {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication",
       "metadata": {"name": "default"}, "spec": {"mtls": {"mode": "STRICT"}}}
      """

    let resources = try MeshResourceDecoder().decode(yaml)

    #expect(resources.map(\.kind) == ["WorkloadEntry", "PeerAuthentication"])
    guard case .workloadEntry(let entry) = resources[0] else { return }
    #expect(entry.spec.ports == ["http": 31080])
    guard case .peerAuthentication(let policy) = resources[1] else { return }
    #expect(policy.spec.mtls?.mode == .strict)
  }

  @Test("an unknown kind is an error at kind that lists the known kinds")
  func unknownKind() throws {
    let yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n"

    let error = try #require(throws: YAMLError.self) { try MeshResourceDecoder().decode(yaml) }

    #expect(error.path == ["kind"])
    #expect(error.mark == YAMLMark(line: 2, column: 7))
    #expect(error.message.hasPrefix("unknown kind \"Service\"; known kinds: VirtualService, "))
  }

  @Test("an apiVersion that does not serve the kind is an error at apiVersion")
  func wrongAPIVersion() throws {
    let yaml =
      "apiVersion: security.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\nspec: {}\n"

    let error = try #require(throws: YAMLError.self) { try MeshResourceDecoder().decode(yaml) }

    #expect(
      error.summary
        == "document 1: 1:13: error: dataCorrupted: apiVersion: VirtualService is served as networking.istio.io/v1, networking.istio.io/v1beta1, networking.istio.io/v1alpha3, not security.istio.io/v1"
    )
  }

  @Test("an unknown field in the second document names its document, path, line and column")
  func unknownFieldPosition() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: Gateway
      metadata: {name: a}
      spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: b}
      spec:
        host: b
        trafficPolicy:
          loadBalancer:
            simpel: ROUND_ROBIN
      """

    let error = try #require(throws: YAMLError.self) { try MeshResourceDecoder().decode(yaml) }

    #expect(error.documentIndex == 1)
    #expect(
      error.summary
        == "document 2: 13:7: error: unknownField: spec.trafficPolicy.loadBalancer.simpel: unknown field \"simpel\""
    )
  }

  @Test("validating the broken example mesh locates every problem at its line and column")
  func brokenExample() throws {
    let url = Peers.packageRoot.appendingPathComponent("Examples/broken-mesh/broken.yaml")
    let bytes = Array(try Data(contentsOf: url))

    let result = MeshResourceDecoder().validate(bytes, file: "broken.yaml")

    #expect(result.resources.count == 3)
    #expect(
      result.issues.map(\.description) == [
        "broken.yaml:19:7: spec.http[0].route[1].weight: total destination weight 110 != 100",
        "broken.yaml:20:5: spec.http[0].timeout: invalid duration \"5\"",
        "broken.yaml:23:7: spec.http[0].retries.retryOn: \"sometimes\" is not a valid retryOn policy",
        "broken.yaml:38:5: spec.subsets[0].lables: unknown field \"lables\"",
        "broken.yaml:49:11: spec.mtls.mode: unknown value \"STRICTER\"; allowed: UNSET, DISABLE, PERMISSIVE, STRICT",
        "broken.yaml:65:22: spec.rules[0].from[0].source.principals[0]: empty value not allowed, found in Principals",
        "broken.yaml:68:17: spec.rules[0].to[0].operation.ports[0]: invalid port: https",
        "broken.yaml:78:5: spec.hosts[0]: domain name \"payments shop\" invalid (label \"payments shop\" invalid)",
        "broken.yaml:80:5: spec.ports[0].number: port number 70000 must be in the range 1..65535",
        "broken.yaml:85:5: spec.endpoints[0].address: endpoint address \"payments.onprem\" is not a valid IP address",
      ])
    #expect(
      result.issues.map(\.code) == [
        .validation(.invalidValue), .validation(.invalidValue), .validation(.invalidValue),
        .decoding(.unknownField), .decoding(.dataCorrupted), .validation(.invalidValue),
        .validation(.invalidValue), .validation(.invalidValue), .validation(.invalidValue),
        .validation(.invalidValue),
      ])
    #expect(result.issues[3].path == ["spec", "subsets", 0, "lables"])
    #expect(result.issues.allSatisfy { $0.severity == .error })
  }

  @Test("the example mesh decodes and validates without errors or warnings")
  func exampleMesh() throws {
    for (name, text) in try Fixtures.exampleMesh() {
      let result = MeshResourceDecoder().validate(Array(text.utf8), file: name)

      #expect(!result.resources.isEmpty, "\(name)")
      #expect(result.issues.isEmpty, "\(result.issues)")
    }
  }

  @Test("resources built in code encode to YAML that decodes to the same value")
  func builtInCode() throws {
    let route = VirtualService(
      metadata: ObjectMeta(name: "orders", namespace: "shop"),
      spec: VirtualServiceSpec(
        hosts: ["orders.shop.ecs.internal"],
        http: [
          HTTPRoute(
            route: [
              HTTPRouteDestination(
                destination: Destination(host: "orders.shop.ecs.internal", subset: "v1"), weight: 90
              ),
              HTTPRouteDestination(
                destination: Destination(host: "orders.shop.ecs.internal", subset: "v2"), weight: 10
              ),
            ], timeout: "5s")
        ]))

    let yaml = try YAMLEncoder().encode(route)

    #expect(
      yaml == """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: orders
          namespace: shop
        spec:
          hosts:
          - orders.shop.ecs.internal
          http:
          - route:
            - destination:
                host: orders.shop.ecs.internal
                subset: v1
              weight: 90
            - destination:
                host: orders.shop.ecs.internal
                subset: v2
              weight: 10
            timeout: 5s

        """)
    #expect(try YAMLDecoder().decode(VirtualService.self, from: yaml) == route)
    #expect(route.validate() == [])
  }
}

@Suite("Kubernetes List documents")
struct ListDocumentTests {
  static let list = """
    apiVersion: v1
    kind: List
    metadata: {resourceVersion: ""}
    items:
    - apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task-1, namespace: shop}
      spec: {address: 10.0.0.5}
    - apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task-2, namespace: shop}
      spec: {adress: 10.0.0.6}
    - apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: task-3, namespace: shop}
      spec: {address: 10.0.0.7, ports: {http: 0}}
    """

  @Test("kubectl's List output decodes to its items")
  func decodesItems() throws {
    let text = Self.list.replacingOccurrences(of: "adress", with: "address")

    let resources = try MeshResourceDecoder().decode(text)

    #expect(resources.map(\.metadata.name) == ["task-1", "task-2", "task-3"])
  }

  @Test("each item of a List is checked on its own, at its path and line")
  func itemsCheckedOnTheirOwn() throws {
    let result = MeshResourceDecoder().validate(Array(Self.list.utf8), file: "list.yaml")

    #expect(result.resources.count == 2)
    #expect(
      result.issues.map(\.description) == [
        "list.yaml:12:10: items[1].spec.adress: unknown field \"adress\"",
        "list.yaml:16:37: items[2].spec.ports.http: port number 0 must be in the range 1..65535",
      ])
  }
}
