import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshTestSupport
import Testing

/// The translator's mapping, field by field, on a mesh that uses every feature it
/// translates; every configuration it produces must also pass envoy --mode validate.
@Suite("Sidecar translator")
struct TranslatorTests {
  static let mesh = """
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata: {name: default, namespace: istio-system}
    spec: {mtls: {mode: STRICT}}
    ---
    apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata: {name: orders, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      mtls: {mode: PERMISSIVE}
      portLevelMtls: {"9000": {mode: DISABLE}}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: orders-1, namespace: shop}
    spec:
      address: 10.0.0.5
      labels: {app: orders, version: v1}
      serviceAccount: orders
      locality: us-east-1/us-east-1a
      ports: {http: 18080, tcp-db: 9000}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: payments-1, namespace: shop}
    spec: {address: 10.0.0.6, labels: {app: payments, version: v1}, serviceAccount: payments}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: payments-2, namespace: shop}
    spec: {address: 10.0.0.7, labels: {app: payments, version: v2}, serviceAccount: payments}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: orders, namespace: shop}
    spec:
      hosts: [orders.shop.svc.cluster.local]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http, protocol: HTTP}, {number: 9000, name: tcp-db, protocol: TCP}]
      workloadSelector: {labels: {app: orders}}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: payments, namespace: shop}
    spec:
      hosts: [payments.shop.svc.cluster.local]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 8080, name: http-api, targetPort: 8443}, {number: 5432, name: tcp-pg}]
      workloadSelector: {labels: {app: payments}}
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: bank, namespace: shop}
    spec:
      hosts: [api.bank.example]
      location: MESH_EXTERNAL
      resolution: DNS
      ports: [{number: 443, name: tls, protocol: TLS}, {number: 80, name: http, protocol: HTTP}]
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: hidden, namespace: other}
    spec:
      hosts: [hidden.other.svc.cluster.local]
      exportTo: [.]
      resolution: STATIC
      endpoints: [{address: 10.1.0.1}]
      ports: [{number: 80, name: http}]
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: payments, namespace: shop}
    spec:
      host: payments
      trafficPolicy:
        loadBalancer: {consistentHash: {httpHeaderName: x-user}}
        connectionPool:
          tcp: {maxConnections: 100, connectTimeout: 2s}
          http: {http1MaxPendingRequests: 10, http2MaxRequests: 50, maxRetries: 4, idleTimeout: 30s}
        outlierDetection: {consecutive5xxErrors: 3, interval: 5s, baseEjectionTime: 30s, maxEjectionPercent: 50}
      subsets:
      - name: v1
        labels: {version: v1}
      - name: v2
        labels: {version: v2}
        trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}}
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: bank, namespace: shop}
    spec:
      host: api.bank.example
      trafficPolicy:
        portLevelSettings:
        - port: {number: 80}
          tls: {mode: SIMPLE, sni: api.bank.example, subjectAltNames: [api.bank.example]}
    ---
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: payments, namespace: shop}
    spec:
      hosts: [payments]
      http:
      - name: canary
        match:
        - headers: {x-canary: {exact: "yes"}}
          uri: {prefix: /api/}
          queryParams: {debug: {}}
          withoutHeaders: {x-legacy: {exact: "1"}}
        rewrite: {uri: /, authority: payments.internal}
        route: [{destination: {host: payments, subset: v2, port: {number: 8080}}}]
        timeout: 2.5s
        retries: {attempts: 3, perTryTimeout: 500ms, retryOn: "5xx,reset"}
        fault:
          delay: {fixedDelay: 100ms, percentage: {value: 10}}
          abort: {httpStatus: 503, percentage: {value: 1}}
        mirror: {host: payments, subset: v1}
        mirrorPercentage: {value: 25}
        corsPolicy:
          allowOrigins: [{exact: "https://shop.example"}]
          allowMethods: [GET, POST]
          maxAge: 24h
        headers:
          request: {set: {x-mesh: meshbridge}, remove: [x-debug]}
          response: {add: {x-served-by: mesh}}
      - name: old
        match: [{uri: {exact: /old}}]
        redirect: {uri: /new, redirectCode: 302}
      - name: health
        match: [{uri: {regex: "/health/.*"}, ignoreUriCase: true}]
        directResponse: {status: 200, body: {string: ok}}
      - name: other-clients
        match: [{sourceLabels: {app: nobody}}]
        route: [{destination: {host: payments, subset: v1, port: {number: 8080}}}]
      - name: split
        route:
        - {destination: {host: payments, subset: v1, port: {number: 8080}}, weight: 80}
        - {destination: {host: payments, subset: v2, port: {number: 8080}}, weight: 20}
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: deny-admin, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      action: DENY
      rules:
      - to: [{operation: {paths: [/admin*], methods: [POST, DELETE]}}]
        from: [{source: {notNamespaces: [shop]}}]
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: allow-shop, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      rules:
      - from: [{source: {principals: [cluster.local/ns/shop/sa/payments], ipBlocks: [10.0.0.0/8]}}]
        to: [{operation: {ports: ["18080"]}}]
        when: [{key: "request.headers[x-team]", values: [checkout]}, {key: source.namespace, values: [shop]}]
      - from: [{source: {namespaces: [monitoring]}}]
        to: [{operation: {paths: [/metrics]}}]
    ---
    apiVersion: telemetry.istio.io/v1
    kind: Telemetry
    metadata: {name: errors-only, namespace: shop}
    spec:
      accessLogging: [{filter: {expression: "response.code >= 400"}}]
    ---
    apiVersion: security.istio.io/v1
    kind: AuthorizationPolicy
    metadata: {name: audit-all, namespace: istio-system}
    spec:
      action: AUDIT
      rules: [{}]
    """

  static func resources() throws -> [MeshResource] {
    try MeshResourceDecoder().decode(mesh)
  }

  static func workload(_ name: String, in resources: [MeshResource]) throws -> SidecarWorkload {
    let entry = try #require(
      resources.compactMap { resource -> WorkloadEntry? in
        if case .workloadEntry(let entry) = resource, entry.metadata.name == name { return entry }
        return nil
      }.first)
    return SidecarWorkload(entry: entry)
  }

  static func listener(_ name: String, in bootstrap: Envoy.Bootstrap) throws -> Envoy.Listener {
    try #require(bootstrap.staticResources?.listeners?.first { $0.name == name })
  }

  static func cluster(_ name: String, in bootstrap: Envoy.Bootstrap) throws -> Envoy.Cluster {
    try #require(bootstrap.staticResources?.clusters?.first { $0.name == name })
  }

  static func connectionManager(_ chain: Envoy.FilterChain) -> Envoy.HTTPConnectionManager? {
    chain.filters.lazy.compactMap { $0.typedConfig.unwrap(as: Envoy.HTTPConnectionManager.self) }
      .first
  }

  @Test(
    "inbound: PERMISSIVE gives an mTLS and a plaintext chain, the port-level DISABLE a plaintext one"
  )
  func inboundMutualTLS() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))

    let http = try Self.listener("inbound_10.0.0.5_18080", in: result.bootstrap)
    #expect(http.filterChains?.map(\.filterChainMatch?.transportProtocol) == ["tls", "raw_buffer"])
    #expect(http.listenerFilters?.map(\.name) == ["envoy.filters.listener.tls_inspector"])
    let tls = try #require(
      http.filterChains?[0].transportSocket?.typedConfig?.unwrap(
        as: Envoy.DownstreamTLSContext.self))
    #expect(tls.requireClientCertificate == true)
    #expect(
      tls.commonTLSContext.tlsCertificateSDSSecretConfigs?.first?.sdsConfig?.pathConfigSource?
        .watchedDirectory?.path == "/etc/meshbridge/certs")

    let tcp = try Self.listener("inbound_10.0.0.5_9000", in: result.bootstrap)
    #expect(tcp.filterChains?.count == 1 && tcp.filterChains?[0].transportSocket == nil)
    #expect(tcp.filterChains?[0].filters.last?.name == "envoy.filters.network.tcp_proxy")
    let application = try Self.cluster("inbound|18080||", in: result.bootstrap)
    #expect(
      application.loadAssignment?.endpoints.first?.lbEndpoints.first?.endpoint.address.socketAddress
        == Envoy.SocketAddress(address: "127.0.0.1", portValue: 18080))
  }

  @Test(
    "inbound: a mesh-wide STRICT policy leaves one TLS chain and no way in without a certificate")
  func strictMode() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("payments-1", in: resources))
    let listener = try Self.listener("inbound_10.0.0.6_8443", in: result.bootstrap)

    #expect(listener.filterChains?.count == 1)
    #expect(listener.filterChains?[0].filterChainMatch == nil)
    #expect(listener.filterChains?[0].transportSocket?.name == "envoy.transport_sockets.tls")
    #expect(listener.listenerFilters == nil)
  }

  @Test(
    "AuthorizationPolicy: AUDIT, DENY and ALLOW filters in Istio's order, with each field mapped")
  func authorization() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let listener = try Self.listener("inbound_10.0.0.5_18080", in: result.bootstrap)
    let manager = try #require(listener.filterChains?.first.flatMap(Self.connectionManager))
    let rbac = manager.httpFilters.compactMap { $0.typedConfig?.unwrap(as: Envoy.HTTPRBAC.self) }

    #expect(rbac.map(\.rules?.action) == [.log, .deny, .allow])
    #expect(manager.httpFilters.last?.name == "envoy.filters.http.router")
    let deny = try #require(rbac[1].rules?.policies["ns[shop]-policy[deny-admin]-rule[0]"])
    #expect(
      deny.permissions == [
        .andRules([
          .orRules([
            .header(Envoy.HeaderMatcher(name: ":method", stringMatch: .exact("POST"))),
            .header(Envoy.HeaderMatcher(name: ":method", stringMatch: .exact("DELETE"))),
          ]),
          .urlPath(.prefix("/admin")),
        ])
      ])
    #expect(deny.principals == [.not(.authenticated(.regex(".*/ns/shop/.*")))])
    let allow = try #require(rbac[2].rules?.policies["ns[shop]-policy[allow-shop]-rule[0]"])
    #expect(
      allow.permissions == [
        .andRules([
          .destinationPort(18080),
          .header(Envoy.HeaderMatcher(name: "x-team", stringMatch: .exact("checkout"))),
        ])
      ])
    #expect(
      allow.principals == [
        .andIDs([
          .andIDs([
            .authenticated(.exact("spiffe://cluster.local/ns/shop/sa/payments")),
            .directRemoteIP(Envoy.CIDRRange(addressPrefix: "10.0.0.0", prefixLen: 8)),
          ]),
          .authenticated(.regex(".*/ns/shop/.*")),
        ])
      ])
    #expect(
      rbac[0].rules?.policies.values.first
        == Envoy.RBACPolicy(permissions: [.any], principals: [.any]))
  }

  @Test("on a TCP port, HTTP-only rules are left out of ALLOW and narrowed in DENY, with warnings")
  func tcpAuthorization() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let tcp = try Self.listener("inbound_10.0.0.5_9000", in: result.bootstrap)
    let rbac =
      tcp.filterChains?[0].filters.compactMap { $0.typedConfig.unwrap(as: Envoy.NetworkRBAC.self) }
      ?? []

    #expect(rbac.map(\.rules?.action) == [.log, .deny, .allow])
    #expect(rbac[1].rules?.policies["ns[shop]-policy[deny-admin]-rule[0]"]?.permissions == [.any])
    #expect(rbac[2].rules?.policies.keys.sorted() == [])
    #expect(
      result.warnings.map(\.resource).sorted() == [
        "AuthorizationPolicy shop/allow-shop", "AuthorizationPolicy shop/allow-shop",
        "AuthorizationPolicy shop/deny-admin",
      ])
    #expect(
      result.warnings.contains {
        $0.field == ["spec", "rules", 1] && $0.code == .unsupported
          && $0.message.contains("never matches on a TCP port")
      })
  }

  @Test("outbound: VirtualService routes become Envoy routes with every policy they carry")
  func outboundRoutes() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let listener = try Self.listener("outbound_http", in: result.bootstrap)
    let manager = try #require(listener.filterChains?.first.flatMap(Self.connectionManager))
    let host = try #require(
      manager.routeConfig?.virtualHosts.first { $0.name == "payments.shop.svc.cluster.local:8080" })

    #expect(
      host.domains == [
        "payments.shop.svc.cluster.local:8080", "payments.shop:8080", "payments.shop.svc:8080",
        "payments:8080",
        "payments.shop.svc.cluster.local", "payments.shop", "payments.shop.svc", "payments",
      ])
    #expect(host.routes.map(\.name) == ["canary", "old", "health", "split"])
    let canary = host.routes[0]
    #expect(canary.match.prefix == "/api/")
    #expect(
      canary.match.headers == [
        Envoy.HeaderMatcher(name: "x-canary", stringMatch: .exact("yes")),
        Envoy.HeaderMatcher(name: "x-legacy", stringMatch: .exact("1"), invertMatch: true),
      ])
    #expect(
      canary.match.queryParameters == [
        Envoy.QueryParameterMatcher(name: "debug", presentMatch: true)
      ])
    let action = try #require(canary.route)
    #expect(action.cluster == "outbound|8080|v2|payments.shop.svc.cluster.local")
    #expect(action.prefixRewrite == "/" && action.hostRewriteLiteral == "payments.internal")
    #expect(action.timeout == .milliseconds(2500))
    #expect(action.retryPolicy?.retryOn == "5xx,reset" && action.retryPolicy?.numRetries == 3)
    #expect(action.retryPolicy?.perTryTimeout == .milliseconds(500))
    #expect(
      action.requestMirrorPolicies == [
        Envoy.RequestMirrorPolicy(
          cluster: "outbound|8080|v1|payments.shop.svc.cluster.local",
          runtimeFraction: Envoy.RuntimeFractionalPercent(defaultValue: .percent(25)))
      ])
    #expect(action.hashPolicy == [Envoy.HashPolicy(header: .init(headerName: "x-user"))])
    let fault = try #require(
      canary.typedPerFilterConfig?["envoy.filters.http.fault"]?.unwrap(as: Envoy.HTTPFault.self))
    #expect(
      fault.delay?.fixedDelay == .milliseconds(100) && fault.delay?.percentage == .percent(10))
    #expect(fault.abort?.httpStatus == 503)
    let cors = try #require(
      canary.typedPerFilterConfig?["envoy.filters.http.cors"]?.unwrap(as: Envoy.CORSPolicy.self))
    #expect(cors.allowMethods == "GET,POST" && cors.maxAge == "86400")
    #expect(
      canary.requestHeadersToAdd == [
        Envoy.HeaderValueOption(
          header: Envoy.HeaderValue(key: "x-mesh", value: "meshbridge"),
          appendAction: .overwriteIfExistsOrAdd)
      ])
    #expect(canary.requestHeadersToRemove == ["x-debug"])
    #expect(
      host.routes[1].redirect == Envoy.RedirectAction(pathRedirect: "/new", responseCode: "FOUND"))
    #expect(
      host.routes[2].match.caseSensitive == false
        && host.routes[2].directResponse?.body == .inline("ok"))
    #expect(host.routes[3].route?.weightedClusters?.clusters.map(\.weight) == [80, 20])
    #expect(
      manager.httpFilters.map(\.name) == [
        "envoy.filters.http.fault", "envoy.filters.http.cors", "envoy.filters.http.router",
      ])
  }

  @Test("clusters: subsets, load balancing, connection pool, outlier detection, localities and TLS")
  func clusters() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let v1 = try Self.cluster(
      "outbound|8080|v1|payments.shop.svc.cluster.local", in: result.bootstrap)
    let v2 = try Self.cluster(
      "outbound|8080|v2|payments.shop.svc.cluster.local", in: result.bootstrap)

    #expect(
      v1.loadAssignment?.endpoints.flatMap(\.lbEndpoints).map(
        \.endpoint.address.socketAddress?.address) == ["10.0.0.6"])
    #expect(
      v1.loadAssignment?.endpoints.first?.lbEndpoints.first?.endpoint.address.socketAddress?
        .portValue == 8443)
    #expect(v1.lbPolicy == .ringHash && v2.lbPolicy == .leastRequest)
    #expect(v1.connectTimeout == .seconds(2))
    #expect(
      v1.circuitBreakers?.thresholds == [
        .init(maxConnections: 100, maxPendingRequests: 10, maxRequests: 50, maxRetries: 4)
      ])
    #expect(
      v1.outlierDetection?.consecutive5xx == 3
        && v1.outlierDetection?.baseEjectionTime == .seconds(30))
    let mutual = try #require(
      v1.transportSocket?.typedConfig?.unwrap(as: Envoy.UpstreamTLSContext.self))
    #expect(
      mutual.commonTLSContext.combinedValidationContext?.defaultValidationContext
        .matchTypedSubjectAltNames == [
          .uri(.exact("spiffe://cluster.local/ns/shop/sa/payments"))
        ])
    #expect(mutual.sni == "outbound_.8080_._.payments.shop.svc.cluster.local")
    let bank = try Self.cluster("outbound|80||api.bank.example", in: result.bootstrap)
    #expect(bank.type == .strictDNS)
    let simple = try #require(
      bank.transportSocket?.typedConfig?.unwrap(as: Envoy.UpstreamTLSContext.self))
    #expect(
      simple.sni == "api.bank.example"
        && simple.commonTLSContext.tlsCertificateSDSSecretConfigs == nil)
    #expect(
      try Self.cluster("outbound|443||api.bank.example", in: result.bootstrap).transportSocket
        == nil)
    #expect(
      result.bootstrap.staticResources?.clusters?.contains { $0.name.contains("hidden") } == false)
    let tcpListener = try Self.listener("outbound_127.0.0.1_5432", in: result.bootstrap)
    #expect(
      tcpListener.filterChains?[0].filters[0].typedConfig.unwrap(as: Envoy.TCPProxy.self)?.cluster
        == "outbound|5432||payments.shop.svc.cluster.local")
  }

  @Test("a Sidecar's egress hosts limit the services a workload's sidecar knows")
  func sidecarScope() throws {
    var resources = try Self.resources()
    resources += try MeshResourceDecoder().decode(
      """
      apiVersion: networking.istio.io/v1
      kind: Sidecar
      metadata: {name: orders, namespace: shop}
      spec:
        workloadSelector: {labels: {app: orders}}
        egress: [{hosts: ["*/api.bank.example"]}]
      """)
    let result = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let names = result.bootstrap.staticResources?.clusters?.map(\.name).filter {
      $0.hasPrefix("outbound|")
    }

    #expect(names == ["outbound|443||api.bank.example", "outbound|80||api.bank.example"])
  }

  @Test("a DestinationRule applies only where its exportTo and workloadSelector allow")
  func destinationRuleScope() throws {
    let resources =
      try Self.resources()
      + MeshResourceDecoder().decode(
        """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: bank-for-others, namespace: shop}
        spec:
          host: api.bank.example
          workloadSelector: {matchLabels: {app: payments}}
          trafficPolicy: {tls: {mode: DISABLE}, tunnel: {targetHost: proxy.example, targetPort: 3128}}
        """)
    let orders = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let payments = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("payments-1", in: resources))

    // orders keeps the rule that selects nobody in particular (SIMPLE TLS on port 80).
    #expect(
      try Self.cluster("outbound|80||api.bank.example", in: orders.bootstrap).transportSocket != nil
    )
    // payments gets the rule made for it, earlier by name, and hears about its tunnel.
    #expect(
      try Self.cluster("outbound|80||api.bank.example", in: payments.bootstrap).transportSocket
        == nil)
    #expect(
      payments.warnings.filter { $0.field == ["spec", "trafficPolicy", "tunnel"] }.map(\.resource)
        == ["DestinationRule shop/bank-for-others"])
  }

  @Test("what cannot be expressed is an error naming the resource and field")
  func errors() throws {
    let base = try Self.resources()
    let cases: [(String, String, String, TranslationIssue.Code)] = [
      (
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec: {action: CUSTOM, provider: {name: opa}, rules: [{}]}
        """, "AuthorizationPolicy shop/ext", "spec.action", .unsupported
      ),
      (
        """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: jwt, namespace: shop}
        spec: {rules: [{from: [{source: {requestPrincipals: ["*"]}}]}]}
        """, "AuthorizationPolicy shop/jwt", "spec.rules[0].from[0].source.requestPrincipals",
        .unsupported
      ),
      (
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: broken, namespace: shop}
        spec:
          hosts: [api.bank.example]
          http: [{route: [{destination: {host: api.bank.example, subset: missing, port: {number: 80}}}]}]
        """, "VirtualService shop/broken", "spec.http[0].route[0].destination.subset",
        .invalidReference
      ),
    ]
    for (yaml, resource, field, code) in cases {
      let resources = base + (try MeshResourceDecoder().decode(yaml))
      do {
        _ = try SidecarTranslator(resources: resources).staticBootstrap(
          for: Self.workload("orders-1", in: resources))
        Issue.record("no error for \(resource)")
      } catch let issue as TranslationIssue {
        #expect(
          issue.resource == resource && issue.field.description == field && issue.code == code,
          "\(issue)")
      }
    }
  }

  @Test("Telemetry: sampling from the root namespace, access logs per side, a CEL filter")
  func telemetry() throws {
    // The base mesh's namespace-wide Telemetry gives way to this test's own.
    let base = try Self.resources().filter {
      if case .telemetry = $0 { return false }
      return true
    }
    let resources =
      try base
      + MeshResourceDecoder().decode(
        """
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: mesh, namespace: istio-system}
        spec: {tracing: [{randomSamplingPercentage: 5}]}
        ---
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: quiet-clients, namespace: shop}
        spec: {accessLogging: [{match: {mode: CLIENT}, disabled: true}]}
        ---
        apiVersion: telemetry.istio.io/v1
        kind: Telemetry
        metadata: {name: orders-errors, namespace: shop}
        spec:
          selector: {matchLabels: {app: orders}}
          accessLogging: [{match: {mode: SERVER}, filter: {expression: "response.code >= 400"}}]
          metrics: [{providers: [{name: prometheus}], overrides: [{disabled: true}]}]
        """)
    let translator = SidecarTranslator(
      resources: resources,
      options: SidecarOptions(tracing: TracingOptions(collectorHost: "zipkin.example")))
    let result = try translator.staticBootstrap(for: Self.workload("orders-1", in: resources))
    let inbound = try #require(
      try Self.listener("inbound_10.0.0.5_18080", in: result.bootstrap).filterChains?.first
        .flatMap(Self.connectionManager))
    let outbound = try #require(
      try Self.listener("outbound_http", in: result.bootstrap).filterChains?.first
        .flatMap(Self.connectionManager))

    #expect(inbound.tracing?.randomSampling == Envoy.PercentValue(value: 5))
    #expect(outbound.tracing?.randomSampling == Envoy.PercentValue(value: 5))
    #expect(inbound.accessLog?.first?.filter == .expression("response.code >= 400"))
    #expect(outbound.accessLog == nil)
    #expect(
      result.warnings.contains {
        $0.resource == "Telemetry shop/orders-errors"
          && $0.field == ["spec", "metrics", 0, "overrides"] && $0.code == .unsupported
      })

    // With two namespace-wide Telemetries, the second is reported, not merged.
    let conflicting = try SidecarTranslator(resources: resources + Self.resources())
      .staticBootstrap(for: Self.workload("orders-1", in: resources))
    #expect(
      conflicting.warnings.contains {
        $0.resource == "Telemetry shop/quiet-clients" && $0.code == .conflict
          && $0.message.contains("errors-only")
      }, "\(conflicting.warnings)")
  }

  @Test("a translator with other options gives what a new one with those options gives")
  func withOptions() throws {
    let resources = try Self.resources()
    let shared = SidecarTranslator(resources: resources)
    let encoder = EnvoyConfigEncoder()
    var ports = SidecarOptions()
    ports.adminPort = 15100
    var domain = SidecarOptions()
    domain.clusterDomain = "mesh.example"
    for (options, name) in [(ports, "orders-1"), (domain, "payments-1")] {
      let reused = try shared.with(options: options).staticBootstrap(
        for: Self.workload(name, in: resources))
      let fresh = try SidecarTranslator(resources: resources, options: options).staticBootstrap(
        for: Self.workload(name, in: resources))
      #expect(try encoder.yaml(reused.bootstrap) == encoder.yaml(fresh.bootstrap))
    }
    let admin = try shared.with(options: ports).staticBootstrap(
      for: Self.workload("orders-1", in: resources)
    ).bootstrap.admin
    #expect(admin?.address?.socketAddress?.portValue == 15100)
  }

  @Test("the translator reads the inventory the analyzers read; the options' root namespace counts")
  func sharedInventory() throws {
    let resources = try Self.resources()
    // Kubernetes objects beside the mesh, and a mesh config naming another root namespace
    // whose DestinationRule applies to every client of orders.
    let extra = """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: istio, namespace: istio-system}
      data: {mesh: "rootNamespace: mesh-root"}
      ---
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: orders-everywhere, namespace: mesh-root}
      spec:
        host: orders.shop.svc.cluster.local
        trafficPolicy: {loadBalancer: {simple: RANDOM}}
      """
    let decoded = MeshLoader().load(
      Array((Self.mesh + "\n---\n" + extra).utf8), file: "mesh.yaml")
    #expect(decoded.decodingFailures.isEmpty, "\(decoded.decodingFailures)")
    let inventory = Inventory(decoded.objects)
    #expect(inventory.rootNamespace == "mesh-root")
    // The analyzers run on the same value the translator takes.
    _ = MeshAnalysis.run(inventory)

    let encoder = EnvoyConfigEncoder()
    let payments = try Self.workload("payments-1", in: resources)
    let ordersCluster = "outbound|8080||orders.shop.svc.cluster.local"

    var rooted = SidecarOptions()
    rooted.rootNamespace = "mesh-root"
    let fromInventory = try SidecarTranslator(inventory: inventory, options: rooted)
      .staticBootstrap(for: payments)
    #expect(try Self.cluster(ordersCluster, in: fromInventory.bootstrap).lbPolicy == .random)

    // Default options name istio-system: the inventory is indexed again with it, the
    // mesh-root rule no longer applies, and the result is the resources' own.
    let withDefaults = try SidecarTranslator(inventory: inventory).staticBootstrap(for: payments)
    #expect(try Self.cluster(ordersCluster, in: withDefaults.bootstrap).lbPolicy != .random)
    let fromResources = try SidecarTranslator(resources: resources).staticBootstrap(for: payments)
    #expect(try encoder.yaml(withDefaults.bootstrap) == encoder.yaml(fromResources.bootstrap))
  }

  @Test("equal input gives byte-identical configuration")
  func deterministic() throws {
    let resources = try Self.resources()
    let first = try SidecarTranslator(resources: resources).staticBootstrap(
      for: Self.workload("orders-1", in: resources))
    let second = try SidecarTranslator(resources: resources.reversed()).staticBootstrap(
      for: Self.workload("orders-1", in: resources))

    #expect(
      try EnvoyConfigEncoder().yaml(first.bootstrap) == EnvoyConfigEncoder().yaml(second.bootstrap))
  }

  @Test(
    "every translated configuration, static and xDS, passes envoy --mode validate",
    .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
  func envoyValidates() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SampleConfigs.writeCertificateDirectory(in: directory)
    let resources = try Self.resources()
    let translator = SidecarTranslator(
      resources: resources,
      options: SidecarOptions(
        certificateDirectory: SidecarCertificateDirectory(path: directory.path),
        tracing: TracingOptions(collectorHost: "zipkin.example", samplingPercent: 5)))
    var bootstraps: [(String, Envoy.Bootstrap)] = []
    for name in ["orders-1", "payments-1", "payments-2"] {
      let workload = try Self.workload(name, in: resources)
      // Inbound listeners bind the workload's address, which is not this machine's.
      var local = workload
      local.inboundBindAddress = "127.0.0.1"
      bootstraps.append((name, try translator.staticBootstrap(for: local).bootstrap))
      bootstraps.append(
        (
          "\(name)-xds",
          try translator.xdsBootstrap(for: local, discoveryAddress: "istiod.istio-system.svc:15012")
            .bootstrap
        ))
    }
    bootstraps.append(
      (
        "ip-xds",
        try translator.xdsBootstrap(
          for: try Self.workload("orders-1", in: resources), discoveryAddress: "10.0.0.1:15012"
        ).bootstrap
      ))

    let validator = try EnvoyValidatorTests.validator()

    for (name, bootstrap) in bootstraps {
      let validation = try await validator.validate(bootstrap)
      #expect(validation.isAccepted && validation.diagnostics.isEmpty, "\(name): \(validation)")
    }
  }

  @Test("the xDS bootstrap points ADS at istiod over TLS with the node metadata Istio reads")
  func xdsBootstrap() throws {
    let resources = try Self.resources()
    let result = try SidecarTranslator(
      resources: resources, options: SidecarOptions(trustDomain: try TrustDomain("example.org"))
    )
    .xdsBootstrap(
      for: Self.workload("orders-1", in: resources),
      discoveryAddress: "istiod.istio-system.svc:15012")
    let bootstrap = result.bootstrap

    #expect(bootstrap.node?.id == "sidecar~10.0.0.5~orders-1.shop~shop.svc.cluster.local")
    #expect(bootstrap.node?.metadata?["NAMESPACE"] == .string("shop"))
    #expect(bootstrap.node?.metadata?["SERVICE_ACCOUNT"] == .string("orders"))
    #expect(bootstrap.node?.metadata?["INTERCEPTION_MODE"] == .string("NONE"))
    #expect(bootstrap.node?.locality == Envoy.Locality(region: "us-east-1", zone: "us-east-1a"))
    #expect(bootstrap.dynamicResources?.adsConfig?.grpcServices == [.cluster("xds-grpc")])
    #expect(bootstrap.dynamicResources?.cdsConfig == .aggregated)
    let xds = try Self.cluster("xds-grpc", in: bootstrap)
    #expect(xds.type == .strictDNS)
    #expect(
      xds.transportSocket?.typedConfig?.unwrap(as: Envoy.UpstreamTLSContext.self)?.sni
        == "istiod.istio-system.svc")
    let badAddress = try #require(throws: TranslationIssue.self) {
      try SidecarTranslator(resources: resources).xdsBootstrap(
        for: Self.workload("orders-1", in: resources), discoveryAddress: "istiod")
    }
    #expect(badAddress.code == .invalidValue && badAddress.field == ["discoveryAddress"])
    #expect(badAddress.description == "options: discoveryAddress: \"istiod\" is not host:port")
  }
}
