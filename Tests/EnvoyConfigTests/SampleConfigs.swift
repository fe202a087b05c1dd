import EnvoyConfig
import Foundation
import MeshPKI
import MeshSupport
import MeshTestSupport
import YAMLCoding

/// Configurations that use every part of the typed API, for the encoding tests and for
/// Envoy to validate and run.
enum SampleConfigs {
  /// SVID files for SDS: `svid.pem`, `svid.key`, `bundle.pem`, and the SDS resource files
  /// `cert.json` and `ca.json` that point at them.
  static func writeSDSFiles(in directory: URL, id: String = "spiffe://example.org/ns/a/sa/a")
    throws
  {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let svid = try root.issueSVID(for: SPIFFEID(id))
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    try AtomicFile.write(svid.chainPEM, to: path("svid.pem"), mode: 0o644)
    try AtomicFile.write(try svid.privateKey!.pemEncoded(), to: path("svid.key"), mode: 0o600)
    try AtomicFile.write(root.certificate.pemEncoded, to: path("bundle.pem"), mode: 0o644)
    let certificate = Secret(
      name: "default",
      tlsCertificate: TLSCertificateConfig(
        certificateChain: .file(path("svid.pem")), privateKey: .file(path("svid.key"))))
    let validation = Secret(
      name: "ROOTCA",
      validationContext: CertificateValidationContext(trustedCA: .file(path("bundle.pem"))))
    try EnvoyConfigEncoder().json(SDSResourceFile(secrets: [certificate]))
      .write(to: directory.appendingPathComponent("cert.json"))
    try EnvoyConfigEncoder().json(SDSResourceFile(secrets: [validation]))
      .write(to: directory.appendingPathComponent("ca.json"))
  }

  /// A static bootstrap with an mTLS inbound listener (RBAC, fault, CORS), an outbound
  /// HTTP listener (weighted routes, retries, mirrors, rewrites, redirects, direct
  /// responses), a TCP proxy, clusters of every discovery type with their policies,
  /// access logs, tracing and an overload manager.
  static func everything(directory: URL, adminPort: UInt16, ports: [UInt32]) -> Bootstrap {
    let sds = { (file: String) in
      ConfigSource.file(
        directory.appendingPathComponent(file).path, watchedDirectory: directory.path)
    }
    let certificate = SDSSecretConfig(name: "default", sdsConfig: sds("cert.json"))
    let validation = SDSSecretConfig(name: "ROOTCA", sdsConfig: sds("ca.json"))
    let peerIsMesh = SubjectAltNameMatcher.uri(.prefix("spiffe://example.org/"))
    let downstreamTLS = DownstreamTLSContext(
      commonTLSContext: CommonTLSContext(
        tlsParams: TLSParameters(tlsMinimumProtocolVersion: "TLSv1_2"),
        tlsCertificateSDSSecretConfigs: [certificate],
        combinedValidationContext: CombinedValidationContext(
          defaultValidationContext: CertificateValidationContext(
            matchTypedSubjectAltNames: [peerIsMesh]),
          validationContextSDSSecretConfig: validation),
        alpnProtocols: ["h2", "http/1.1"]),
      requireClientCertificate: true)
    let upstreamTLS = UpstreamTLSContext(
      commonTLSContext: CommonTLSContext(
        tlsCertificateSDSSecretConfigs: [certificate],
        combinedValidationContext: CombinedValidationContext(
          defaultValidationContext: CertificateValidationContext(
            matchTypedSubjectAltNames: [.uri(.exact("spiffe://example.org/ns/b/sa/b"))]),
          validationContextSDSSecretConfig: validation)),
      sni: "outbound_.8080_._.b.example.svc")
    let jsonLog = AccessLog(
      FileAccessLog(
        path: directory.appendingPathComponent("access.log").path,
        logFormat: .json([
          "path": "%REQ(:PATH)%", "status": "%RESPONSE_CODE%", "peer": "%DOWNSTREAM_PEER_URI_SAN%",
        ])))
    let textLog = AccessLog(StdoutAccessLog(logFormat: .text("[%START_TIME%] %REQ(:METHOD)%\n")))
    let rbac = HTTPRBAC(
      rules: RBACRules(
        action: .deny,
        policies: [
          "deny-admin": RBACPolicy(
            permissions: [
              .andRules([
                .urlPath(.prefix("/admin")),
                .not(.header(HeaderMatcher(name: ":method", stringMatch: .exact("GET")))),
              ])
            ],
            principals: [
              .orIDs([
                .authenticated(.exact("spiffe://example.org/ns/x/sa/x")),
                .directRemoteIP(CIDRRange("10.0.0.0/8")),
                .not(.header(HeaderMatcher(name: "x-team", presentMatch: true))),
              ])
            ])
        ]),
      shadowRules: RBACRules(action: .allow, policies: [:]))
    let inboundRoutes = RouteConfiguration(
      name: "inbound|8080",
      virtualHosts: [
        VirtualHost(
          name: "inbound|http|8080", domains: ["*"],
          routes: [
            Route(
              name: "faulty", match: RouteMatch(prefix: "/faulty"),
              route: RouteAction(cluster: "inbound|8080||"),
              typedPerFilterConfig: [
                HTTPFault.extensionName: TypedConfig(
                  HTTPFault(
                    delay: .init(fixedDelay: .milliseconds(5), percentage: .percent(50)),
                    abort: .init(httpStatus: 503, percentage: .percent(0.5))))
              ]),
            Route(
              match: .any, route: RouteAction(cluster: "inbound|8080||", timeout: .seconds(0)),
              typedPerFilterConfig: [
                CORSFilter.extensionName: TypedConfig(
                  CORSPolicy(
                    allowOriginStringMatch: [.exact("https://example.org")],
                    allowMethods: "GET,POST",
                    maxAge: "60", allowCredentials: true))
              ]),
          ])
      ])
    let inbound = Listener(
      name: "virtualInbound", address: .tcp("127.0.0.1", port: ports[0]),
      filterChains: [
        FilterChain(
          name: "inbound-mtls",
          filterChainMatch: FilterChainMatch(transportProtocol: "tls"),
          filters: [
            NetworkFilter(
              HTTPConnectionManager(
                statPrefix: "inbound_8080", codecType: .auto, routeConfig: inboundRoutes,
                httpFilters: [
                  HTTPFilter(rbac), HTTPFilter(HTTPFault()), HTTPFilter(CORSFilter()),
                  HTTPFilter(Router()),
                ],
                accessLog: [jsonLog],
                tracing: HTTPTracing(
                  randomSampling: PercentValue(value: 1),
                  provider: TracingProvider(ZipkinConfig(collectorCluster: "zipkin"))),
                forwardClientCertDetails: .appendForward,
                setCurrentClientCertDetails: .init(subject: true, uri: true),
                normalizePath: true))
          ],
          transportSocket: .tls(downstreamTLS))
      ],
      listenerFilters: [ListenerFilter(TLSInspector()), ListenerFilter(HTTPInspector())],
      trafficDirection: .inbound)
    let outboundRoutes = RouteConfiguration(
      name: "8080",
      virtualHosts: [
        VirtualHost(
          name: "b.example.svc:8080", domains: ["b.example.svc", "b.example.svc:8080"],
          routes: [
            Route(
              match: RouteMatch(
                prefix: "/v2",
                headers: [HeaderMatcher(name: "x-canary", stringMatch: .regex("^(yes|true)$"))],
                queryParameters: [QueryParameterMatcher(name: "debug", presentMatch: true)]),
              route: RouteAction(
                weightedClusters: WeightedCluster(clusters: [
                  .init(name: "outbound|8080|v1|b.example.svc", weight: 90),
                  .init(name: "outbound|8080|v2|b.example.svc", weight: 10),
                ]),
                prefixRewrite: "/", hostRewriteLiteral: "b.internal",
                timeout: .seconds(2.5),
                retryPolicy: RetryPolicy(
                  retryOn: "5xx,reset,connect-failure", numRetries: 3,
                  perTryTimeout: .milliseconds(500),
                  retryHostPredicate: [
                    TypedExtensionConfig(
                      name: PreviousHostsPredicate.extensionName, PreviousHostsPredicate())
                  ],
                  hostSelectionRetryMaxAttempts: 5),
                requestMirrorPolicies: [
                  RequestMirrorPolicy(
                    cluster: "outbound|8080|v2|b.example.svc",
                    runtimeFraction: RuntimeFractionalPercent(defaultValue: .percent(25)))
                ])),
            Route(
              match: RouteMatch(path: "/old"),
              redirect: RedirectAction(pathRedirect: "/new", responseCode: "FOUND")),
            Route(
              match: RouteMatch(safeRegex: RegexMatcher(regex: "/health/.*")),
              directResponse: DirectResponseAction(status: 200, body: .inline("ok"))),
            Route(
              match: .any,
              route: RouteAction(
                cluster: "outbound|8080||b.example.svc",
                regexRewrite: RegexMatchAndSubstitute(
                  pattern: RegexMatcher(regex: "^/api/(.*)$"), substitution: "/\\1")),
              requestHeadersToAdd: [
                HeaderValueOption(
                  header: HeaderValue(key: "x-mesh", value: "meshbridge"),
                  appendAction: .overwriteIfExistsOrAdd)
              ], responseHeadersToRemove: ["server"]),
          ])
      ])
    let outbound = Listener(
      name: "127.0.0.1_\(ports[1])", address: .tcp("127.0.0.1", port: ports[1]),
      filterChains: [
        FilterChain(filters: [
          NetworkFilter(
            HTTPConnectionManager(
              statPrefix: "outbound_8080", routeConfig: outboundRoutes,
              accessLog: [textLog],
              tracing: HTTPTracing(
                randomSampling: PercentValue(value: 10),
                provider: TracingProvider(
                  OpenTelemetryConfig(grpcService: .cluster("otel"), serviceName: "a.example"))),
              streamIdleTimeout: .seconds(300),
              upgradeConfigs: [UpgradeConfig(upgradeType: "websocket")]))
        ])
      ],
      trafficDirection: .outbound)
    let tcp = Listener(
      name: "tcp_\(ports[2])", address: .tcp("127.0.0.1", port: ports[2]),
      filterChains: [
        FilterChain(filters: [
          NetworkFilter(
            NetworkRBAC(
              statPrefix: "tcp_rbac",
              rules: RBACRules(
                action: .allow,
                policies: [
                  "ports": RBACPolicy(
                    permissions: [
                      .orRules([.destinationPort(ports[2]), .destinationIP(CIDRRange("127.0.0.1"))])
                    ],
                    principals: [.any])
                ]))),
          NetworkFilter(
            TCPProxy(
              statPrefix: "tcp", cluster: "outbound|9000||db.example.svc",
              idleTimeout: .seconds(3600))),
        ])
      ])
    func staticCluster(_ name: String, port: UInt32) -> Cluster {
      Cluster(
        name: name, type: .static, connectTimeout: .seconds(1),
        loadAssignment: ClusterLoadAssignment(
          clusterName: name,
          endpoints: [LocalityLbEndpoints(lbEndpoints: [.host("127.0.0.1", port: port)])]))
    }
    let http2 = TypedConfig(
      HTTPProtocolOptions(
        explicitHTTPConfig: .init(
          http2ProtocolOptions: HTTP2ProtocolOptions(maxConcurrentStreams: 100)),
        commonHTTPProtocolOptions: .init(idleTimeout: .seconds(60), maxRequestsPerConnection: 1000))
    )
    var meshCluster = staticCluster("outbound|8080|v1|b.example.svc", port: 18080)
    meshCluster.lbPolicy = .leastRequest
    meshCluster.leastRequestLbConfig = LeastRequestLoadBalancerConfig(choiceCount: 2)
    meshCluster.circuitBreakers = CircuitBreakers(thresholds: [
      .init(
        priority: "DEFAULT", maxConnections: 100, maxPendingRequests: 10, maxRequests: 200,
        maxRetries: 3)
    ])
    meshCluster.outlierDetection = OutlierDetectionConfig(
      consecutive5xx: 5, interval: .seconds(10), baseEjectionTime: .seconds(30),
      maxEjectionPercent: 50)
    meshCluster.healthChecks = [
      HealthCheck(
        timeout: .seconds(1), interval: .seconds(5), unhealthyThreshold: 3, healthyThreshold: 1,
        httpHealthCheck: .init(path: "/healthz"))
    ]
    meshCluster.transportSocket = .tls(upstreamTLS)
    meshCluster.typedExtensionProtocolOptions = [HTTPProtocolOptions.extensionName: http2]
    meshCluster.metadata = Metadata(filterMetadata: ["istio": ["services": ["b.example.svc"]]])
    var ringCluster = staticCluster("outbound|8080|v2|b.example.svc", port: 18081)
    ringCluster.lbPolicy = .ringHash
    ringCluster.ringHashLbConfig = RingHashLoadBalancerConfig(minimumRingSize: 1024)
    ringCluster.commonLbConfig = CommonLoadBalancerConfig(
      healthyPanicThreshold: PercentValue(value: 0))
    let dnsCluster = Cluster(
      name: "outbound|8080||b.example.svc", type: .strictDNS, connectTimeout: .seconds(1),
      lbPolicy: .roundRobin,
      loadAssignment: ClusterLoadAssignment(
        clusterName: "outbound|8080||b.example.svc",
        endpoints: [
          LocalityLbEndpoints(
            locality: Locality(region: "us-east-1", zone: "us-east-1a"),
            lbEndpoints: [.host("localhost", port: 18082, weight: 3)], loadBalancingWeight: 1)
        ]),
      dnsLookupFamily: .v4Only, respectDNSTTL: true)
    let logicalCluster = Cluster(
      name: "outbound|9000||db.example.svc", type: .logicalDNS, connectTimeout: .seconds(1),
      loadAssignment: ClusterLoadAssignment(
        clusterName: "outbound|9000||db.example.svc",
        endpoints: [LocalityLbEndpoints(lbEndpoints: [.host("localhost", port: 19000)])]),
      dnsLookupFamily: .v4Only)
    let passthrough = Cluster(
      name: "PassthroughCluster", type: .originalDestination, connectTimeout: .seconds(1),
      lbPolicy: .clusterProvided, cleanupInterval: .seconds(60))
    return Bootstrap(
      node: Node(
        id: "sidecar~127.0.0.1~a.example~example.svc.cluster.local", cluster: "a.example",
        metadata: ["NAMESPACE": "example", "LABELS": .object(["app": "a", "version": "v1"])],
        locality: Locality(region: "us-east-1", zone: "us-east-1a")),
      admin: Admin(address: .tcp("127.0.0.1", port: UInt32(adminPort))),
      staticResources: StaticResources(
        listeners: [inbound, outbound, tcp],
        clusters: [
          staticCluster("inbound|8080||", port: 18083), meshCluster, ringCluster, dnsCluster,
          logicalCluster, passthrough, staticCluster("zipkin", port: 9411),
          {
            var otel = staticCluster("otel", port: 4317)
            otel.typedExtensionProtocolOptions = [
              HTTPProtocolOptions.extensionName: TypedConfig(
                HTTPProtocolOptions(
                  explicitHTTPConfig: .init(http2ProtocolOptions: HTTP2ProtocolOptions())))
            ]
            return otel
          }(),
        ]),
      layeredRuntime: LayeredRuntime(layers: [
        RuntimeLayer(
          name: "static", staticLayer: ["overload.global_downstream_max_connections": .int(10000)]),
        RuntimeLayer(name: "admin", adminLayer: EmptyMessage()),
      ]),
      statsConfig: StatsConfig(
        useAllDefaultTags: true,
        statsTags: [TagSpecifier(tagName: "mesh", fixedValue: "meshbridge")],
        histogramBucketSettings: [
          HistogramBucketSettings(match: .prefix("http"), buckets: [1, 5, 10, 50, 100, 500, 1000])
        ]),
      overloadManager: OverloadManager(
        refreshInterval: .milliseconds(250),
        resourceMonitors: [
          TypedExtensionConfig(
            name: "envoy.resource_monitors.fixed_heap", FixedHeapConfig(maxHeapSizeBytes: 1 << 30))
        ],
        actions: [
          OverloadAction(
            name: "envoy.overload_actions.shrink_heap",
            triggers: [
              OverloadTrigger(
                name: "envoy.resource_monitors.fixed_heap", threshold: .init(value: 0.95))
            ])
        ]))
  }
}
