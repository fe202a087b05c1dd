import EnvoyConfig
import Foundation
import MeshIdentity
import MeshPKI
import MeshTestSupport
import YAMLCoding

/// Configurations that use every part of the typed API, for the encoding tests and for
/// Envoy to validate and run.
enum SampleConfigs {
  /// A certificate directory as sidecars read it: a new CA's SVID for `id`, its key and
  /// the CA's bundle, and the SDS files naming them, written as one set by MeshPKI's
  /// SVID directory (a set already there is replaced in one step, as rotation does).
  static func writeCertificateDirectory(
    in directory: URL, id: String = "spiffe://example.org/ns/a/sa/a"
  ) throws {
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let svid = try root.issueSVID(for: SPIFFEID(id))
    let certificates = SidecarCertificateDirectory(path: directory.path)
    try SVIDDirectory(path: certificates.path)
      .write(svid, bundle: root.bundle, additionalFiles: try certificates.sdsFiles())
  }

  /// A static bootstrap with an mTLS inbound listener (RBAC, fault, CORS), an outbound
  /// HTTP listener (weighted routes, retries, mirrors, rewrites, redirects, direct
  /// responses), a TCP proxy, clusters of every discovery type with their policies,
  /// access logs, tracing and an overload manager.
  static func everything(directory: URL, adminPort: UInt16, ports: [UInt32]) -> Envoy.Bootstrap {
    let certificates = SidecarCertificateDirectory(path: directory.path)
    let certificate = certificates.certificateSecretConfig
    let validation = certificates.validationSecretConfig
    let peerIsMesh = Envoy.SubjectAltNameMatcher.uri(.prefix("spiffe://example.org/"))
    let downstreamTLS = Envoy.DownstreamTLSContext(
      commonTLSContext: Envoy.CommonTLSContext(
        tlsParams: Envoy.TLSParameters(tlsMinimumProtocolVersion: "TLSv1_2"),
        tlsCertificateSDSSecretConfigs: [certificate],
        combinedValidationContext: Envoy.CombinedValidationContext(
          defaultValidationContext: Envoy.CertificateValidationContext(
            matchTypedSubjectAltNames: [peerIsMesh]),
          validationContextSDSSecretConfig: validation),
        alpnProtocols: ["h2", "http/1.1"]),
      requireClientCertificate: true)
    let upstreamTLS = Envoy.UpstreamTLSContext(
      commonTLSContext: Envoy.CommonTLSContext(
        tlsCertificateSDSSecretConfigs: [certificate],
        combinedValidationContext: Envoy.CombinedValidationContext(
          defaultValidationContext: Envoy.CertificateValidationContext(
            matchTypedSubjectAltNames: [.uri(.exact("spiffe://example.org/ns/b/sa/b"))]),
          validationContextSDSSecretConfig: validation)),
      sni: "outbound_.8080_._.b.example.svc")
    let jsonLog = Envoy.AccessLog(
      Envoy.FileAccessLog(
        path: directory.appendingPathComponent("access.log").path,
        logFormat: .json([
          "path": "%REQ(:PATH)%", "status": "%RESPONSE_CODE%", "peer": "%DOWNSTREAM_PEER_URI_SAN%",
        ])))
    let textLog = Envoy.AccessLog(
      Envoy.StdoutAccessLog(logFormat: .text("[%START_TIME%] %REQ(:METHOD)%\n")))
    let rbac = Envoy.HTTPRBAC(
      rules: Envoy.RBACRules(
        action: .deny,
        policies: [
          "deny-admin": Envoy.RBACPolicy(
            permissions: [
              .andRules([
                .urlPath(.prefix("/admin")),
                .not(.header(Envoy.HeaderMatcher(name: ":method", stringMatch: .exact("GET")))),
              ])
            ],
            principals: [
              .orIDs([
                .authenticated(.exact("spiffe://example.org/ns/x/sa/x")),
                .directRemoteIP(Envoy.CIDRRange("10.0.0.0/8")),
                .not(.header(Envoy.HeaderMatcher(name: "x-team", presentMatch: true))),
              ])
            ])
        ]),
      shadowRules: Envoy.RBACRules(action: .allow, policies: [:]))
    let inboundRoutes = Envoy.RouteConfiguration(
      name: "inbound|8080",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "inbound|http|8080", domains: ["*"],
          routes: [
            Envoy.Route(
              name: "faulty", match: Envoy.RouteMatch(prefix: "/faulty"),
              route: Envoy.RouteAction(cluster: "inbound|8080||"),
              typedPerFilterConfig: [
                Envoy.HTTPFault.extensionName: Envoy.TypedConfig(
                  Envoy.HTTPFault(
                    delay: .init(fixedDelay: .milliseconds(5), percentage: .percent(50)),
                    abort: .init(httpStatus: 503, percentage: .percent(0.5))))
              ]),
            Envoy.Route(
              match: .any,
              route: Envoy.RouteAction(cluster: "inbound|8080||", timeout: .seconds(0)),
              typedPerFilterConfig: [
                Envoy.CORSFilter.extensionName: Envoy.TypedConfig(
                  Envoy.CORSPolicy(
                    allowOriginStringMatch: [.exact("https://example.org")],
                    allowMethods: "GET,POST",
                    maxAge: "60", allowCredentials: true))
              ]),
          ])
      ])
    let inbound = Envoy.Listener(
      name: "virtualInbound", address: .tcp("127.0.0.1", port: ports[0]),
      filterChains: [
        Envoy.FilterChain(
          name: "inbound-mtls",
          filterChainMatch: Envoy.FilterChainMatch(transportProtocol: "tls"),
          filters: [
            Envoy.NetworkFilter(
              Envoy.HTTPConnectionManager(
                statPrefix: "inbound_8080", codecType: .auto, routeConfig: inboundRoutes,
                httpFilters: [
                  Envoy.HTTPFilter(rbac), Envoy.HTTPFilter(Envoy.HTTPFault()),
                  Envoy.HTTPFilter(Envoy.CORSFilter()),
                  Envoy.HTTPFilter(Envoy.Router()),
                ],
                accessLog: [jsonLog],
                tracing: Envoy.HTTPTracing(
                  randomSampling: Envoy.PercentValue(value: 1),
                  provider: Envoy.TracingProvider(Envoy.ZipkinConfig(collectorCluster: "zipkin"))),
                forwardClientCertDetails: .appendForward,
                setCurrentClientCertDetails: .init(subject: true, uri: true),
                normalizePath: true))
          ],
          transportSocket: .tls(downstreamTLS))
      ],
      listenerFilters: [
        Envoy.ListenerFilter(Envoy.TLSInspector()), Envoy.ListenerFilter(Envoy.HTTPInspector()),
      ],
      trafficDirection: .inbound)
    let outboundRoutes = Envoy.RouteConfiguration(
      name: "8080",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "b.example.svc:8080", domains: ["b.example.svc", "b.example.svc:8080"],
          routes: [
            Envoy.Route(
              match: Envoy.RouteMatch(
                prefix: "/v2",
                headers: [
                  Envoy.HeaderMatcher(name: "x-canary", stringMatch: .regex("^(yes|true)$"))
                ],
                queryParameters: [Envoy.QueryParameterMatcher(name: "debug", presentMatch: true)]),
              route: Envoy.RouteAction(
                weightedClusters: Envoy.WeightedCluster(clusters: [
                  .init(name: "outbound|8080|v1|b.example.svc", weight: 90),
                  .init(name: "outbound|8080|v2|b.example.svc", weight: 10),
                ]),
                prefixRewrite: "/", hostRewriteLiteral: "b.internal",
                timeout: .seconds(2.5),
                retryPolicy: Envoy.RetryPolicy(
                  retryOn: "5xx,reset,connect-failure", numRetries: 3,
                  perTryTimeout: .milliseconds(500),
                  retryHostPredicate: [
                    Envoy.TypedExtensionConfig(
                      name: Envoy.PreviousHostsPredicate.extensionName,
                      Envoy.PreviousHostsPredicate())
                  ],
                  hostSelectionRetryMaxAttempts: 5),
                requestMirrorPolicies: [
                  Envoy.RequestMirrorPolicy(
                    cluster: "outbound|8080|v2|b.example.svc",
                    runtimeFraction: Envoy.RuntimeFractionalPercent(defaultValue: .percent(25)))
                ])),
            Envoy.Route(
              match: Envoy.RouteMatch(path: "/old"),
              redirect: Envoy.RedirectAction(pathRedirect: "/new", responseCode: "FOUND")),
            Envoy.Route(
              match: Envoy.RouteMatch(safeRegex: Envoy.RegexMatcher(regex: "/health/.*")),
              directResponse: Envoy.DirectResponseAction(status: 200, body: .inline("ok"))),
            Envoy.Route(
              match: .any,
              route: Envoy.RouteAction(
                cluster: "outbound|8080||b.example.svc",
                regexRewrite: Envoy.RegexMatchAndSubstitute(
                  pattern: Envoy.RegexMatcher(regex: "^/api/(.*)$"), substitution: "/\\1")),
              requestHeadersToAdd: [
                Envoy.HeaderValueOption(
                  header: Envoy.HeaderValue(key: "x-mesh", value: "meshbridge"),
                  appendAction: .overwriteIfExistsOrAdd)
              ], responseHeadersToRemove: ["server"]),
          ])
      ])
    let outbound = Envoy.Listener(
      name: "127.0.0.1_\(ports[1])", address: .tcp("127.0.0.1", port: ports[1]),
      filterChains: [
        Envoy.FilterChain(filters: [
          Envoy.NetworkFilter(
            Envoy.HTTPConnectionManager(
              statPrefix: "outbound_8080", routeConfig: outboundRoutes,
              accessLog: [textLog],
              tracing: Envoy.HTTPTracing(
                randomSampling: Envoy.PercentValue(value: 10),
                provider: Envoy.TracingProvider(
                  Envoy.OpenTelemetryConfig(grpcService: .cluster("otel"), serviceName: "a.example")
                )),
              streamIdleTimeout: .seconds(300),
              upgradeConfigs: [Envoy.UpgradeConfig(upgradeType: "websocket")]))
        ])
      ],
      trafficDirection: .outbound)
    let tcp = Envoy.Listener(
      name: "tcp_\(ports[2])", address: .tcp("127.0.0.1", port: ports[2]),
      filterChains: [
        Envoy.FilterChain(filters: [
          Envoy.NetworkFilter(
            Envoy.NetworkRBAC(
              statPrefix: "tcp_rbac",
              rules: Envoy.RBACRules(
                action: .allow,
                policies: [
                  "ports": Envoy.RBACPolicy(
                    permissions: [
                      .orRules([
                        .destinationPort(ports[2]), .destinationIP(Envoy.CIDRRange("127.0.0.1")),
                      ])
                    ],
                    principals: [.any])
                ]))),
          Envoy.NetworkFilter(
            Envoy.TCPProxy(
              statPrefix: "tcp", cluster: "outbound|9000||db.example.svc",
              idleTimeout: .seconds(3600))),
        ])
      ])
    func staticCluster(_ name: String, port: UInt32) -> Envoy.Cluster {
      Envoy.Cluster(
        name: name, type: .static, connectTimeout: .seconds(1),
        loadAssignment: Envoy.ClusterLoadAssignment(
          clusterName: name,
          endpoints: [Envoy.LocalityLbEndpoints(lbEndpoints: [.host("127.0.0.1", port: port)])]))
    }
    let http2 = Envoy.TypedConfig(
      Envoy.HTTPProtocolOptions(
        explicitHTTPConfig: .init(
          http2ProtocolOptions: Envoy.HTTP2ProtocolOptions(maxConcurrentStreams: 100)),
        commonHTTPProtocolOptions: .init(idleTimeout: .seconds(60), maxRequestsPerConnection: 1000))
    )
    var meshCluster = staticCluster("outbound|8080|v1|b.example.svc", port: 18080)
    meshCluster.lbPolicy = .leastRequest
    meshCluster.leastRequestLbConfig = Envoy.LeastRequestLoadBalancerConfig(choiceCount: 2)
    meshCluster.circuitBreakers = Envoy.CircuitBreakers(thresholds: [
      .init(
        priority: "DEFAULT", maxConnections: 100, maxPendingRequests: 10, maxRequests: 200,
        maxRetries: 3)
    ])
    meshCluster.outlierDetection = Envoy.OutlierDetectionConfig(
      consecutive5xx: 5, interval: .seconds(10), baseEjectionTime: .seconds(30),
      maxEjectionPercent: 50)
    meshCluster.healthChecks = [
      Envoy.HealthCheck(
        timeout: .seconds(1), interval: .seconds(5), unhealthyThreshold: 3, healthyThreshold: 1,
        httpHealthCheck: .init(path: "/healthz"))
    ]
    meshCluster.transportSocket = .tls(upstreamTLS)
    meshCluster.typedExtensionProtocolOptions = [Envoy.HTTPProtocolOptions.extensionName: http2]
    meshCluster.metadata = Envoy.Metadata(filterMetadata: ["istio": ["services": ["b.example.svc"]]]
    )
    var ringCluster = staticCluster("outbound|8080|v2|b.example.svc", port: 18081)
    ringCluster.lbPolicy = .ringHash
    ringCluster.ringHashLbConfig = Envoy.RingHashLoadBalancerConfig(minimumRingSize: 1024)
    ringCluster.commonLbConfig = Envoy.CommonLoadBalancerConfig(
      healthyPanicThreshold: Envoy.PercentValue(value: 0))
    let dnsCluster = Envoy.Cluster(
      name: "outbound|8080||b.example.svc", type: .strictDNS, connectTimeout: .seconds(1),
      lbPolicy: .roundRobin,
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "outbound|8080||b.example.svc",
        endpoints: [
          Envoy.LocalityLbEndpoints(
            locality: Envoy.Locality(region: "us-east-1", zone: "us-east-1a"),
            lbEndpoints: [.host("localhost", port: 18082, weight: 3)], loadBalancingWeight: 1)
        ]),
      dnsLookupFamily: .v4Only, respectDNSTTL: true)
    let logicalCluster = Envoy.Cluster(
      name: "outbound|9000||db.example.svc", type: .logicalDNS, connectTimeout: .seconds(1),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "outbound|9000||db.example.svc",
        endpoints: [Envoy.LocalityLbEndpoints(lbEndpoints: [.host("localhost", port: 19000)])]),
      dnsLookupFamily: .v4Only)
    let passthrough = Envoy.Cluster(
      name: "PassthroughCluster", type: .originalDestination, connectTimeout: .seconds(1),
      lbPolicy: .clusterProvided, cleanupInterval: .seconds(60))
    return Envoy.Bootstrap(
      node: Envoy.Node(
        id: "sidecar~127.0.0.1~a.example~example.svc.cluster.local", cluster: "a.example",
        metadata: ["NAMESPACE": "example", "LABELS": .object(["app": "a", "version": "v1"])],
        locality: Envoy.Locality(region: "us-east-1", zone: "us-east-1a")),
      admin: Envoy.Admin(address: .tcp("127.0.0.1", port: UInt32(adminPort))),
      staticResources: Envoy.StaticResources(
        listeners: [inbound, outbound, tcp],
        clusters: [
          staticCluster("inbound|8080||", port: 18083), meshCluster, ringCluster, dnsCluster,
          logicalCluster, passthrough, staticCluster("zipkin", port: 9411),
          {
            var otel = staticCluster("otel", port: 4317)
            otel.typedExtensionProtocolOptions = [
              Envoy.HTTPProtocolOptions.extensionName: Envoy.TypedConfig(
                Envoy.HTTPProtocolOptions(
                  explicitHTTPConfig: .init(http2ProtocolOptions: Envoy.HTTP2ProtocolOptions())))
            ]
            return otel
          }(),
        ]),
      layeredRuntime: Envoy.LayeredRuntime(layers: [
        Envoy.RuntimeLayer(
          name: "static", staticLayer: ["overload.global_downstream_max_connections": .int(10000)]),
        Envoy.RuntimeLayer(name: "admin", adminLayer: Envoy.EmptyMessage()),
      ]),
      statsConfig: Envoy.StatsConfig(
        useAllDefaultTags: true,
        statsTags: [Envoy.TagSpecifier(tagName: "mesh", fixedValue: "meshbridge")],
        histogramBucketSettings: [
          Envoy.HistogramBucketSettings(
            match: .prefix("http"), buckets: [1, 5, 10, 50, 100, 500, 1000])
        ]),
      overloadManager: Envoy.OverloadManager(
        refreshInterval: .milliseconds(250),
        resourceMonitors: [
          Envoy.TypedExtensionConfig(
            name: "envoy.resource_monitors.fixed_heap",
            Envoy.FixedHeapConfig(maxHeapSizeBytes: 1 << 30))
        ],
        actions: [
          Envoy.OverloadAction(
            name: "envoy.overload_actions.shrink_heap",
            triggers: [
              Envoy.OverloadTrigger(
                name: "envoy.resource_monitors.fixed_heap", threshold: .init(value: 0.95))
            ])
        ]))
  }
}
