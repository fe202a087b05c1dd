import MeshModel
import Testing
import YAMLCoding

@Suite("Istio validation rules")
struct ValidationTests {
  /// Decodes one resource and returns its problems as `severity: path: message`.
  static func problems(_ yaml: String) throws -> [String] {
    let resources = try MeshResourceDecoder().decode(yaml)
    return try #require(resources.first).validate().map(\.description)
  }

  static func virtualService(_ spec: String, metadata: String = "{name: reviews, namespace: shop}")
    -> String
  {
    let indented = spec.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.hasPrefix("  ") || $0.isEmpty ? String($0) : "  " + $0 }.joined(separator: "\n")
    return
      "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: \(metadata)\nspec:\n"
      + indented
  }

  @Test("a valid VirtualService has no problems")
  func validVirtualService() throws {
    let yaml = Self.virtualService(
      """
        hosts: [reviews.shop.svc.cluster.local]
        http:
        - match: [{uri: {prefix: /api}}]
          route:
          - {destination: {host: reviews, subset: v1}, weight: 75}
          - {destination: {host: reviews, subset: v2}, weight: 25}
          timeout: 2s
          retries: {attempts: 2, perTryTimeout: 500ms, retryOn: "5xx,429"}
        - route: [{destination: {host: reviews}}]
      """)

    #expect(try Self.problems(yaml) == [])
  }

  @Test("every problem of a resource is reported, each at its own path")
  func everyProblem() throws {
    let yaml = Self.virtualService(
      """
        hosts: ["*"]
        http:
        - route:
          - {destination: {host: reviews, subset: V_1}, weight: 90}
          - {destination: {host: reviews, subset: v2}, weight: 20}
          timeout: '10'
          retries: {attempts: -1}
        - redirect: {uri: /new, redirectCode: 200}
          route: [{destination: {host: reviews}}]
      """)

    #expect(
      Set(try Self.problems(yaml)) == [
        "error: spec.hosts[0]: wildcard host * is not allowed for virtual services bound to the mesh gateway",
        "error: spec.http[0].retries.attempts: attempts cannot be negative",
        "error: spec.http[0].route[0].destination.subset: subset name is invalid: V_1",
        "error: spec.http[0].route[1].weight: total destination weight 110 != 100",
        "error: spec.http[0].timeout: invalid duration \"10\"",
        "error: spec.http[1]: HTTP route cannot contain both route and redirect",
        "error: spec.http[1].redirect.redirectCode: 200 is not a valid redirect code, must be 3xx",
        "warning: spec.http[1]: virtualService rule #1 not used (only the last rule can have no matches)",
      ])
  }

  @Test(
    "VirtualService rules",
    arguments: [
      ("hosts: [a]\n", "error: spec: http, tcp or tls must be provided in virtual service"),
      (
        "hosts: [a]\nhttp: [{}]\n", "error: spec.http[0]: HTTP route or redirect is required"
      ),
      (
        "hosts: [a, a]\nhttp: [{route: [{destination: {host: a}}]}]\n",
        "error: spec.hosts[1]: duplicate hosts in virtual service: a & a"
      ),
      (
        "hosts: [a]\nhttp: [{route: [{destination: {host: a}, weight: 0}, {destination: {host: b}, weight: 0}]}]\n",
        "error: spec.http[0].route: total destination weight = 0"
      ),
      (
        "hosts: [a]\nhttp: [{match: [{uri: {regex: \"(?=x)\"}}], route: [{destination: {host: a}}]}]\n",
        "error: spec.http[0].match[0].uri.regex: \"uri\": (?= is not supported; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
      ),
      (
        "hosts: [a]\nhttp: [{match: [{uri: {regex: \"[a-\"}}], route: [{destination: {host: a}}]}]\n",
        "error: spec.http[0].match[0].uri.regex: \"uri\": invalid regular expression [a-; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
      ),
      (
        "hosts: [a]\nhttp: [{route: [{destination: {host: a}}], fault: {abort: {httpStatus: 700}}}]\n",
        "error: spec.http[0].fault.abort.httpStatus: HTTP status 700 is not in range 200-599"
      ),
      (
        "hosts: [a]\nhttp: [{route: [{destination: {host: a}}], headers: {request: {set: {\":path\": x}}}}]\n",
        "error: spec.http[0].headers.request.set[\":path\"]: invalid header \":path\": header cannot have \":\" prefix"
      ),
      (
        "hosts: [a]\nhttp: [{route: [{destination: {host: a, port: {number: 0}}}]}]\n",
        "error: spec.http[0].route[0].destination.port.number: port number 0 must be in the range 1..65535"
      ),
      (
        "hosts: [a]\ngateways: [bad_ns/gw]\nhttp: [{route: [{destination: {host: a}}]}]\n",
        "error: spec.gateways[0]: invalid value for namespace: \"bad_ns\""
      ),
      (
        "hosts: [a.example.com]\ntls: [{match: [{sniHosts: [b.example.com]}], route: [{destination: {host: a}}]}]\n",
        "error: spec.tls[0].match[0].sniHosts[0]: SNI host \"b.example.com\" is not a compatible subset of any of the virtual service hosts: [a.example.com]"
      ),
      (
        "hosts: [a]\ntcp: [{match: [{port: 80}]}]\n",
        "error: spec.tcp[0].route: TCP route is required"
      ),
      (
        "hosts: [a]\nhttp:\n- route: [{destination: {host: a}}]\n- route: [{destination: {host: b}}]\n",
        "warning: spec.http[1]: virtualService rule #1 not used (only the last rule can have no matches)"
      ),
    ])
  func virtualServiceRules(spec: String, expected: String) throws {
    let problems = try Self.problems(Self.virtualService(spec))

    #expect(problems.contains(expected), "\(problems)")
  }

  @Test(
    "DestinationRule, Gateway, ServiceEntry and WorkloadEntry rules",
    arguments: [
      (
        "kind: DestinationRule\nspec: {host: a, subsets: [{name: v1}, {name: v1}]}",
        "error: spec.subsets[1].name: duplicate subset names: v1"
      ),
      (
        "kind: DestinationRule\nspec: {host: a, trafficPolicy: {}}",
        "error: spec.trafficPolicy: traffic policy must have at least one field"
      ),
      (
        "kind: DestinationRule\nspec: {host: a, trafficPolicy: {loadBalancer: {consistentHash: {maglev: {tableSize: 1000}}}}}",
        "error: spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize: tableSize must be a prime number for maglev"
      ),
      (
        "kind: DestinationRule\nspec: {host: a, trafficPolicy: {connectionPool: {tcp: {connectTimeout: 500us}}}}",
        "error: spec.trafficPolicy.connectionPool.tcp.connectTimeout: duration must be greater than 1ms"
      ),
      (
        "kind: DestinationRule\nspec: {host: a, trafficPolicy: {tls: {mode: MUTUAL}}}",
        "error: spec.trafficPolicy.tls: client certificate required for mutual tls"
      ),
      (
        "kind: Gateway\nspec: {servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [a.com]}]}",
        "error: spec.servers[0]: server must have TLS settings for HTTPS/TLS protocols"
      ),
      (
        "kind: Gateway\nspec: {servers: [{port: {number: 443, name: https, protocol: HTTPS}, hosts: [a.com], tls: {mode: SIMPLE}}]}",
        "error: spec.servers[0].tls: SIMPLE TLS requires a server certificate"
      ),
      (
        "kind: Gateway\nspec: {servers: [{port: {number: 80, name: http, protocol: HTTPX}, hosts: [a.com]}]}",
        "error: spec.servers[0].port.protocol: invalid protocol \"HTTPX\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"
      ),
      (
        "kind: ServiceEntry\nspec: {hosts: [a.com], ports: [{number: 80, name: http, protocol: HTTP}], resolution: DNS, addresses: [10.0.0.0/8]}",
        "error: spec.addresses: CIDR addresses are allowed only for NONE/STATIC resolution types"
      ),
      (
        "kind: ServiceEntry\nspec: {hosts: [a.com, b.com], ports: [{number: 5432, name: pg, protocol: TCP}], resolution: DNS}",
        "error: spec.ports[0]: multiple hosts provided with non-HTTP, non-TLS ports"
      ),
      (
        "kind: ServiceEntry\nspec: {hosts: [a.com], ports: [{number: 80, name: http, protocol: HTTP}], resolution: NONE, endpoints: [{address: 1.1.1.1}]}",
        "error: spec.endpoints: no endpoints should be provided for resolution type none"
      ),
      (
        "kind: ServiceEntry\nspec: {hosts: [a.com], ports: [{number: 80, name: http, protocol: HTTP}], resolution: STATIC, endpoints: [{address: 1.1.1.1, ports: {web: 8080}}]}",
        "error: spec.endpoints[0].ports.web: endpoint port 8080 is not defined by the service entry"
      ),
      (
        "kind: WorkloadEntry\nspec: {ports: {http: 80}}",
        "error: spec.address: address is required"
      ),
      (
        "kind: WorkloadEntry\nspec: {address: 10.0.0.1, labels: {\"bad key!\": x}}",
        "error: spec.labels[\"bad key!\"]: invalid tag key: \"bad key!\""
      ),
      (
        "kind: Sidecar\nspec: {egress: [{hosts: [reviews]}]}",
        "error: spec.egress[0].hosts[0]: host must be of form namespace/dnsName"
      ),
      ("kind: Sidecar\nspec: {}", "error: spec: sidecar: empty configuration provided"),
    ])
  func networkingRules(document: String, expected: String) throws {
    let group = document.hasPrefix("kind: Sidecar") ? "networking.istio.io" : "networking.istio.io"
    let yaml = "apiVersion: \(group)/v1\n\(document)\nmetadata: {name: x, namespace: shop}\n"

    let problems = try Self.problems(yaml)

    #expect(problems.contains(expected), "\(problems)")
  }

  @Test(
    "security and telemetry rules",
    arguments: [
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {action: DENY}",
        "error: spec.rules: DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request"
      ),
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {action: CUSTOM, rules: [{}]}",
        "error: spec.provider.name: `provider.name` must not be empty"
      ),
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {rules: [{from: [{source: {}}]}]}",
        "error: spec.rules[0].from[0].source: `from.source` must not be empty, found at rule 0"
      ),
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {rules: [{when: [{key: request.colour, values: [red]}]}]}",
        "error: spec.rules[0].when[0].key: unknown attribute (request.colour)"
      ),
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {rules: [{when: [{key: source.ip, values: [not-an-ip]}]}]}",
        "error: spec.rules[0].when[0].values: invalid `value` for `key` source.ip: invalid IP address or CIDR range: not-an-ip"
      ),
      (
        "security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {selector: {matchLabels: {app: a}}, targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]}",
        "error: spec: only one of targetRefs or workloadSelector can be set"
      ),
      (
        "security.istio.io/v1\nkind: PeerAuthentication\nspec: {portLevelMtls: {\"8080\": {mode: DISABLE}}}",
        "error: spec.portLevelMtls: mesh/namespace peer authentication cannot have port level mTLS"
      ),
      (
        "security.istio.io/v1\nkind: PeerAuthentication\nspec: {selector: {matchLabels: {app: a}}, portLevelMtls: {\"0\": {mode: DISABLE}}}",
        "error: spec.portLevelMtls[\"0\"]: port must be in range 1..65535"
      ),
      (
        "security.istio.io/v1\nkind: RequestAuthentication\nspec: {jwtRules: [{issuer: \"\", jwksUri: \"ftp://keys\"}]}",
        "error: spec.jwtRules[0].issuer: issuer must be set"
      ),
      (
        "security.istio.io/v1\nkind: RequestAuthentication\nspec: {jwtRules: [{issuer: a, jwks: \"{}\"}]}",
        "error: spec.jwtRules[0].jwks: jwks parse error: no \"keys\" array"
      ),
      (
        "telemetry.istio.io/v1\nkind: Telemetry\nspec: {tracing: [{randomSamplingPercentage: 101}]}",
        "error: spec.tracing[0].randomSamplingPercentage: randomSamplingPercentage must be in range [0.0, 100.0]"
      ),
      (
        "telemetry.istio.io/v1\nkind: Telemetry\nspec: {metrics: [{overrides: [{tagOverrides: {a: {operation: REMOVE, value: x}}}]}]}",
        "error: spec.metrics[0].overrides[0].tagOverrides.a: tagOverrides.value may only be set when operation is UPSERT"
      ),
    ])
  func securityRules(document: String, expected: String) throws {
    let yaml = "apiVersion: \(document)\nmetadata: {name: x, namespace: shop}\n"

    let problems = try Self.problems(yaml)

    #expect(problems.contains(expected), "\(problems)")
  }

  @Test("metadata follows Kubernetes' naming rules")
  func metadata() throws {
    let yaml = Self.virtualService(
      "  hosts: [a]\n  http: [{route: [{destination: {host: a}}]}]\n",
      metadata: "{name: Reviews_1, namespace: Shop}")

    #expect(
      try Self.problems(yaml) == [
        "error: metadata.name: invalid name \"Reviews_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        "error: metadata.namespace: invalid namespace \"Shop\": must be a lowercase RFC 1123 label",
      ])
  }

  @Test(
    "each issue carries the kind of rule it breaks as its code",
    arguments: [
      (
        "networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a, subsets: [{name: v1}, {name: v1}]}",
        "spec.subsets[1].name", Severity.error, ValidationIssue.Code.duplicate
      ),
      (
        "networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a, trafficPolicy: {}}",
        "spec.trafficPolicy", .error, .missingField
      ),
      (
        "networking.istio.io/v1\nkind: WorkloadEntry\nspec: {address: 10.0.0.1, ports: {http: 0}}",
        "spec.ports.http", .error, .invalidValue
      ),
      (
        "networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a, trafficPolicy: {tunnel: {protocol: CONNECT, targetHost: h, targetPort: 1}, proxyProtocol: {}}}",
        "spec.trafficPolicy", .error, .conflict
      ),
      (
        "networking.istio.io/v1\nkind: Sidecar\nspec: {ingress: [{port: {number: 80, protocol: HTTP, name: http, targetPort: 8080}, defaultEndpoint: 127.0.0.1:8080}]}",
        "spec.ingress[0].port.targetPort", .error, .unsupported
      ),
      (
        "networking.istio.io/v1\nkind: DestinationRule\nspec: {host: a, trafficPolicy: {outlierDetection: {consecutiveErrors: 5}}}",
        "spec.trafficPolicy.outlierDetection.consecutiveErrors", .warning, .deprecated
      ),
      (
        "networking.istio.io/v1\nkind: VirtualService\nspec: {hosts: [a], http: [{route: [{destination: {host: a}}]}, {route: [{destination: {host: b}}]}]}",
        "spec.http[1]", .warning, .unreachableRule
      ),
      (
        "security.istio.io/v1\nkind: PeerAuthentication\nspec: {selector: {}}",
        "spec.selector.matchLabels", .warning, .risky
      ),
    ])
  func issueCodes(
    document: String, path: String, severity: Severity, code: ValidationIssue.Code
  ) throws {
    let yaml = "apiVersion: \(document)\nmetadata: {name: x, namespace: shop}\n"
    let resource = try #require(try MeshResourceDecoder().decode(yaml).first)

    let issues = resource.validate()

    let issue = try #require(issues.first { $0.path.description == path }, "\(issues)")
    #expect(issue.severity == severity && issue.code == code, "\(issue)")
  }

  @Test("severities order info < warning < error and print in both spellings")
  func severities() {
    #expect(Severity.info < .warning && Severity.warning < .error)
    #expect(Severity.allCases.map(\.description) == ["info", "warning", "error"])
    #expect(Severity.allCases.map(\.rawValue) == ["Info", "Warning", "Error"])
  }
}
