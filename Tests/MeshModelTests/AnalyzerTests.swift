import Foundation
import MeshModel
import MeshTestSupport
import Testing
import YAMLCoding

/// Each analyzer on inputs that must and must not report, after the intent of Istio's
/// own analyzer tests (pkg/config/analysis/analyzers/testdata).
@Suite("Analyzers")
struct AnalyzerTests {
  static func analyze(_ yaml: String, file: String = "mesh.yaml") -> [AnalysisMessage] {
    let decoded = MeshLoader().load(Array(yaml.utf8), file: file)
    #expect(decoded.decodingFailures.isEmpty, "\(decoded.decodingFailures)")
    return MeshAnalysis.run(Inventory(decoded.objects))
  }

  static func codes(_ messages: [AnalysisMessage], about name: String? = nil) -> [String] {
    messages.filter { name == nil || $0.resource.name == name }.map(\.code)
  }

  static let services = """
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: reviews, namespace: shop}
    spec:
      hosts: [reviews.shop.svc.cluster.local]
      addresses: [240.0.0.1]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP}, {number: 9090, name: grpc, protocol: GRPC}]
      workloadSelector: {labels: {app: reviews}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: reviews-1, namespace: shop}
    spec: {address: 10.0.0.1, labels: {app: reviews, version: v1}, serviceAccount: reviews, ports: {http: 8080, grpc: 9090}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: ratings, namespace: shop}
    spec:
      selector: {app: ratings}
      ports: [{name: http, port: 9080, targetPort: 9080}]
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: reviews, namespace: shop}
    spec:
      host: reviews
      subsets: [{name: v1, labels: {version: v1}}]
    """

  @Test("the catalogue has istioctl's codes, names, levels and templates")
  func catalogue() throws {
    struct Catalogue: Decodable {
      struct Message: Decodable {
        var name: String
        var code: String
        var level: String
        var template: String
      }
      var messages: [Message]
    }
    let text = try String(
      contentsOf: Fixtures.istio.appendingPathComponent("analysis-messages.yaml"), encoding: .utf8)
    let istio = try YAMLDecoder(options: .lenient).decode(Catalogue.self, from: text).messages
    let byCode = Dictionary(uniqueKeysWithValues: istio.map { ($0.code, $0) })

    for type in MessageType.all where type.code.hasPrefix("IST") {
      let expected = try #require(byCode[type.code], "\(type.code) is not in Istio's catalogue")
      #expect(
        type.name == expected.name && type.severity.rawValue == expected.level, "\(type.code)")
      #expect(type.template == expected.template, "\(type.code)")
    }
    #expect(MessageType.all.filter { $0.code.hasPrefix("IST") }.count == 17)
  }

  @Test("IST0101: hosts, subsets and gateways that do not exist; short and legacy names resolve")
  func referencedResourceNotFound() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: routes, namespace: shop}
        spec:
          hosts: [reviews]
          gateways: [mesh, shop/public, missing-gateway, ./public, public.shop.svc.cluster.local]
          http:
          - route:
            - {destination: {host: reviews, subset: v1, port: {number: 8080}}, weight: 50}
            - {destination: {host: reviews, subset: v9, port: {number: 8080}}, weight: 25}
            - {destination: {host: ratings}, weight: 25}
          - match: [{uri: {prefix: /x}}]
            route: [{destination: {host: nowhere}}]
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
        """)
    let found = messages.filter { $0.code == "IST0101" }.map(\.message)

    #expect(
      found.sorted() == [
        #"Referenced gateway not found: "missing-gateway""#,
        #"Referenced host not found: "nowhere""#,
        #"Referenced host+subset in destinationrule not found: "reviews+v9""#,
      ])
    #expect(
      messages.first { $0.code == "IST0101" }?.resource.description == "VirtualService shop/routes")
  }

  @Test("IST0112: a destination without a port on a service with several")
  func portRequired() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: routes, namespace: shop}
        spec:
          hosts: [reviews]
          http: [{route: [{destination: {host: reviews}}]}]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: fine, namespace: shop}
        spec:
          hosts: [ratings]
          http: [{route: [{destination: {host: ratings}}]}]
        """)

    #expect(Self.codes(messages, about: "routes") == ["IST0112"])
    #expect(
      messages.first { $0.code == "IST0112" }?.message
        == #"This VirtualService routes to a service "reviews" that exposes multiple ports [8080 9090]. Specifying a port in the destination is required to disambiguate."#
    )
    #expect(Self.codes(messages, about: "fine").isEmpty)
  }

  @Test("IST0109: two mesh VirtualServices for one host; gateway-only ones do not conflict")
  func conflictingHosts() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: a, namespace: shop}
        spec: {hosts: [ratings], http: [{route: [{destination: {host: ratings}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: b, namespace: shop}
        spec: {hosts: [ratings.shop.svc.cluster.local], http: [{route: [{destination: {host: ratings}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: edge, namespace: shop}
        spec: {hosts: [ratings], gateways: [public], http: [{route: [{destination: {host: ratings}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: shop}
        spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
        """)
    let conflicts = messages.filter { $0.code == "IST0109" }

    #expect(conflicts.map(\.resource.name).sorted() == ["a", "b"])
    #expect(
      conflicts.first?.message.hasPrefix(
        "The VirtualServices shop/a,shop/b associated with mesh gateway define the same host ratings.shop.svc.cluster.local"
      ) == true)
  }

  @Test("IST0130 and IST0131: a rule after a catch-all, and a duplicate match")
  func unreachableRules() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: routes, namespace: shop}
        spec:
          hosts: [ratings]
          http:
          - match: [{uri: {prefix: /a}}]
            route: [{destination: {host: ratings}}]
          - match: [{uri: {prefix: /a}}, {uri: {prefix: /b}}]
            route: [{destination: {host: ratings}}]
          - route: [{destination: {host: ratings}}]
          - name: late
            route: [{destination: {host: ratings}}]
        """)

    #expect(
      messages.filter { $0.code == "IST0131" }.map(\.message) == [
        "VirtualService rule #1 match #0 is not used (duplicate/overlapping match in rule #0)."
      ])
    #expect(
      messages.filter { $0.code == "IST0130" }.map(\.message) == [
        #"VirtualService rule "late" not used (only the last rule can have no matches)."#
      ])
    #expect(messages.first { $0.code == "IST0131" }?.severity == .info)
  }

  @Test("IST0128 and IST0129: SIMPLE or MUTUAL TLS without caCertificates")
  func serverCertificateVerification() {
    let messages = Self.analyze(
      """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: bank, namespace: shop}
      spec:
        host: api.bank.example
        trafficPolicy:
          tls: {mode: SIMPLE}
          portLevelSettings:
          - {port: {number: 8443}, tls: {mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem}}
          - {port: {number: 9443}, tls: {mode: SIMPLE, caCertificates: /ca.pem}}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: verified, namespace: shop}
      spec:
        host: other.example
        trafficPolicy: {tls: {mode: SIMPLE, credentialName: other-ca}}
      """)

    #expect(
      messages.map(\.message) == [
        "DestinationRule bank in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.bank.example",
        "DestinationRule bank in namespace shop has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.bank.example at port 8443",
      ])
  }

  @Test("IST0101 and IST0162 for gateways: selector, credentialName, ports the Service lacks")
  func gateways() {
    let pods = """
      apiVersion: v1
      kind: Pod
      metadata: {name: ingress-1, namespace: istio-system, labels: {istio: ingressgateway}}
      spec: {containers: [{name: istio-proxy, image: proxyv2}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: istio-ingressgateway, namespace: istio-system}
      spec:
        selector: {istio: ingressgateway}
        ports: [{name: http2, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: 8443}]
      ---
      apiVersion: v1
      kind: Secret
      metadata: {name: shop-cert, namespace: istio-system}
      type: kubernetes.io/tls
      data: {tls.crt: AAAA, tls.key: BBBB}
      """
    let messages = Self.analyze(
      pods + """

        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: public, namespace: istio-system}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - {port: {number: 8080, name: http, protocol: HTTP}, hosts: ["*"]}
          - {port: {number: 8443, name: https, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, credentialName: shop-cert}}
          - {port: {number: 9443, name: admin, protocol: HTTPS}, hosts: ["*"], tls: {mode: SIMPLE, credentialName: missing-cert}}
        ---
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: nobody, namespace: istio-system}
        spec:
          selector: {istio: egressgateway}
          servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]
        """)

    #expect(
      messages.filter { $0.resource.name == "public" }.map(\.message) == [
        #"Referenced credentialName not found: "missing-cert""#,
        "The gateway is listening on a target port (port 9443) that is not defined in the Service associated with its workload instances (Pod selector istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be available.",
      ])
    #expect(
      messages.filter { $0.resource.name == "nobody" }.map(\.message) == [
        #"Referenced selector not found: "istio=egressgateway""#
      ])
  }

  @Test("IST0110, IST0111, IST0159, IST0160: selector conflicts of Sidecars and Telemetry")
  func selectorConflicts() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: s1, namespace: shop}
        spec: {workloadSelector: {labels: {app: reviews}}, egress: [{hosts: ["./*"]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: s2, namespace: shop}
        spec: {workloadSelector: {labels: {version: v1}}, egress: [{hosts: ["./*"]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: all-1, namespace: shop}
        spec: {egress: [{hosts: ["./*"]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: Sidecar
        metadata: {name: all-2, namespace: shop}
        spec: {egress: [{hosts: ["./*"]}]}
        ---
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: t1, namespace: shop}
        spec: {selector: {matchLabels: {app: reviews}}, tracing: [{providers: [{name: otel}]}]}
        ---
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: t2, namespace: shop}
        spec: {selector: {matchLabels: {app: reviews}}, tracing: [{providers: [{name: otel}]}]}
        """)

    #expect(
      messages.filter { $0.code == "IST0110" }.map(\.message)
        == Array(
          repeating:
            #"The Sidecars [s1 s2] in namespace "shop" select the same workload pod "reviews-1", which can lead to undefined behavior."#,
          count: 2))
    #expect(
      messages.filter { $0.code == "IST0111" }.map(\.resource.name).sorted() == ["all-1", "all-2"])
    #expect(messages.filter { $0.code == "IST0159" }.map(\.resource.name).sorted() == ["t1", "t2"])
    #expect(messages.filter { $0.code == "IST0160" }.isEmpty)
  }

  @Test("IST0127: selectors matching no workload, only where the namespace has workloads")
  func noMatchingWorkloads() {
    let policies = """

      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: typo, namespace: shop}
      spec: {selector: {matchLabels: {app: reveiws}}, rules: [{}]}
      ---
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: right, namespace: shop}
      spec: {selector: {matchLabels: {app: reviews}}, mtls: {mode: STRICT}}
      ---
      apiVersion: security.istio.io/v1
      kind: AuthorizationPolicy
      metadata: {name: elsewhere, namespace: empty}
      spec: {selector: {matchLabels: {app: x}}, rules: [{}]}
      """
    let messages = Self.analyze(Self.services + policies)

    #expect(
      messages.filter { $0.code == "IST0127" }.map(\.description) == [
        "Warning [IST0127] (AuthorizationPolicy shop/typo mesh.yaml:31) No matching workloads for this resource with the following labels: app=reveiws"
      ])
  }

  @Test("IST0134, IST0144, IST0157: addresses for TCP, UID 1337, Telemetry without providers")
  func serviceEntryPodTelemetry() {
    let messages = Self.analyze(
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: db, namespace: shop}
      spec: {hosts: [db.example], resolution: DNS, ports: [{number: 5432, name: pg, protocol: TCP}]}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: web, namespace: shop}
      spec: {hosts: [web.example], resolution: DNS, ports: [{number: 80, name: http, protocol: HTTP}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: bad, namespace: shop, labels: {app: bad}}
      spec:
        containers: [{name: app, image: app, securityContext: {runAsUser: 1337}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: good, namespace: shop, labels: {app: good}}
      spec:
        securityContext: {runAsUser: 1000}
        containers: [{name: app, image: app}, {name: istio-proxy, image: proxyv2, securityContext: {runAsUser: 1337}}]
      ---
      apiVersion: telemetry.istio.io/v1
      kind: Telemetry
      metadata: {name: empty, namespace: shop}
      spec: {accessLogging: [{disabled: false}]}
      """)

    #expect(
      messages.map { "\($0.code) \($0.resource.name)" } == [
        "IST0134 db", "IST0144 bad", "IST0157 empty",
      ])
  }

  @Test("MB0001, MB0002, MB0003: ports, identities and hosts the ECS Anywhere side gets wrong")
  func ownAnalyzers() {
    let messages = Self.analyze(
      Self.services + """

        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: reviews-2, namespace: shop}
        spec: {address: 10.0.0.2, labels: {app: reviews}, ports: {web: 8080}}
        ---
        apiVersion: networking.istio.io/v1
        kind: WorkloadEntry
        metadata: {name: reviews-3, namespace: shop}
        spec: {address: 10.0.0.3, labels: {app: reviews}, serviceAccount: "a/b", ports: {http: 8080, grpc: 9090}}
        ---
        apiVersion: networking.istio.io/v1
        kind: ServiceEntry
        metadata: {name: reviews-copy, namespace: shop}
        spec: {hosts: [reviews.shop.svc.cluster.local], addresses: [240.0.0.2], ports: [{number: 8080, name: http, protocol: HTTP}]}
        """)

    #expect(Self.codes(messages, about: "reviews-2").sorted() == ["MB0001", "MB0001", "MB0002"])
    #expect(
      messages.filter { $0.code == "MB0001" }.map(\.message).contains(
        #"WorkloadEntry shop/reviews-2 has no port named "http" of ServiceEntry shop/reviews that selects it; peers will use port 8080."#
      ))
    #expect(
      messages.contains {
        $0.resource.name == "reviews-3" && $0.code == "MB0002"
          && $0.message.contains(#"serviceAccount "a/b" is not a valid SPIFFE ID path segment"#)
      })
    #expect(
      messages.filter { $0.code == "MB0003" }.map(\.resource.name).sorted() == [
        "reviews", "reviews-copy",
      ])
    #expect(Self.codes(messages, about: "reviews-1").isEmpty)
  }

  @Test("IST0106 carries the validation errors; an annotation and --suppress silence messages")
  func schemaAndSuppression() throws {
    let messages = Self.analyze(
      """
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata: {name: bad, namespace: shop}
      spec: {hosts: [bad.example], ports: [{number: 0, name: http, protocol: HTTP}], resolution: DNS}
      ---
      apiVersion: networking.istio.io/v1
      kind: ServiceEntry
      metadata:
        name: quiet
        namespace: shop
        annotations: {galley.istio.io/analyze-suppress: "IST0134"}
      spec: {hosts: [quiet.example], resolution: DNS, ports: [{number: 5432, name: pg, protocol: TCP}]}
      """)

    #expect(messages.map { "\($0.code) \($0.resource.name)" } == ["IST0106 bad"])
    #expect(
      messages.first?.message.hasPrefix("Schema validation error: spec.ports[0].number:") == true)
    let suppression = try #require(AnalysisSuppression("IST0106=ServiceEntry *.shop"))
    #expect(suppression.matches(messages[0]))
    #expect(AnalysisSuppression("IST0106=ServiceEntry bad.other")?.matches(messages[0]) == false)
    #expect(AnalysisSuppression("IST0106") == nil)
  }

  @Test(
    "the example mesh analyzes clean, and Kubernetes kinds the inventory does not read are counted")
  func exampleMesh() throws {
    let directory = Peers.packageRoot.appendingPathComponent("Examples/mesh")
    var objects: [InventoryObject] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      objects += MeshLoader().load(data, file: name).objects
    }
    let messages = MeshAnalysis.run(Inventory(objects))
    let decoded = MeshLoader().load(
      Array(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec: {schedule: \"@daily\"}\n"
          .utf8),
      file: "d.yaml")

    #expect(messages.isEmpty, "\(messages)")
    #expect(
      decoded.unmodeled.map(\.reference)
        == [ResourceReference(kind: "CronJob", namespace: nil, name: "x")]
        && decoded.objects.isEmpty && decoded.issues.isEmpty)
  }
}
