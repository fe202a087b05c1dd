import MeshModel

/// A deterministic mixed Istio stream: the kinds a mesh of ECS Anywhere services holds, in
/// the proportions such a mesh has (many WorkloadEntries, fewer routes and policies).
enum Corpus {
  static func resources(count: Int) -> [MeshResource] {
    (0..<count).map { index in
      let service = "svc-\(index / 10)"
      let namespace = "team-\(index % 17)"
      let metadata = ObjectMeta(
        name: "\(service)-\(index)", namespace: namespace,
        labels: [
          "app": service, "version": "v\(index % 3 + 1)", "app.kubernetes.io/part-of": "shop",
        ],
        annotations: index % 4 == 0 ? ["meshbridge.io/source": "ecs:onprem-\(index % 5)"] : nil)
      switch index % 10 {
      case 0, 1, 2, 3:
        return .workloadEntry(
          WorkloadEntry(
            metadata: metadata,
            spec: WorkloadEntrySpec(
              address: "10.\(index % 250).\(index / 250 % 250).\(index % 200 + 1)",
              ports: ["http": UInt32(31000 + index % 1000), "metrics": 15090],
              labels: ["app": service, "version": "v\(index % 3 + 1)"], network: "onprem-east",
              locality: "us-east-1/dc-\(index % 3)", weight: 1, serviceAccount: service)))
      case 4:
        return .serviceEntry(
          ServiceEntry(
            metadata: metadata,
            spec: ServiceEntrySpec(
              hosts: ["\(service).\(namespace).ecs.internal"],
              addresses: ["240.240.\(index % 250).1"],
              ports: [ServicePort(number: 8080, protocol: "HTTP", name: "http")],
              location: .meshInternal, resolution: .static,
              workloadSelector: WorkloadSelector(labels: ["app": service]))))
      case 5:
        return .virtualService(
          VirtualService(
            metadata: metadata,
            spec: VirtualServiceSpec(
              hosts: ["\(service).\(namespace).ecs.internal"],
              http: [
                HTTPRoute(
                  name: "canary",
                  match: [HTTPMatchRequest(headers: ["x-canary": StringMatch(exact: "true")])],
                  route: [
                    HTTPRouteDestination(destination: Destination(host: service, subset: "v2"))
                  ]),
                HTTPRoute(
                  name: "default",
                  route: [
                    HTTPRouteDestination(
                      destination: Destination(host: service, subset: "v1"), weight: 90),
                    HTTPRouteDestination(
                      destination: Destination(host: service, subset: "v2"), weight: 10),
                  ], timeout: "5s",
                  retries: HTTPRetry(
                    attempts: 3, perTryTimeout: "1500ms", retryOn: "gateway-error,connect-failure")),
              ])))
      case 6:
        return .destinationRule(
          DestinationRule(
            metadata: metadata,
            spec: DestinationRuleSpec(
              host: "\(service).\(namespace).ecs.internal",
              trafficPolicy: TrafficPolicy(
                loadBalancer: LoadBalancerSettings(simple: .leastRequest),
                connectionPool: ConnectionPoolSettings(
                  tcp: TCPSettings(maxConnections: 100, connectTimeout: "2s"),
                  http: HTTPSettings(http1MaxPendingRequests: 64, maxRetries: 3)),
                outlierDetection: OutlierDetection(
                  consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s"),
                tls: ClientTLSSettings(mode: .istioMutual)),
              subsets: [
                Subset(name: "v1", labels: ["version": "v1"]),
                Subset(name: "v2", labels: ["version": "v2"]),
              ])))
      case 7:
        return .authorizationPolicy(
          AuthorizationPolicy(
            metadata: metadata,
            spec: AuthorizationPolicySpec(
              selector: LabelSelector(matchLabels: ["app": service]),
              rules: [
                AuthorizationRule(
                  from: [
                    AuthorizationRuleFrom(
                      source: AuthorizationSource(principals: [
                        "cluster.local/ns/\(namespace)/sa/frontend"
                      ]))
                  ],
                  to: [
                    AuthorizationRuleTo(
                      operation: AuthorizationOperation(
                        methods: ["GET", "POST"], paths: ["/api/*"]))
                  ])
              ], action: .allow)))
      case 8:
        return .peerAuthentication(
          PeerAuthentication(
            metadata: metadata,
            spec: PeerAuthenticationSpec(
              selector: LabelSelector(matchLabels: ["app": service]),
              // No portLevelMtls: Yams 6.2.2 cannot decode dictionaries whose keys look like
              // integers ("15090"), and both decoders must read the same stream.
              mtls: PeerAuthenticationMutualTLS(mode: .strict))))
      default:
        return .telemetry(
          Telemetry(
            metadata: metadata,
            spec: TelemetrySpec(
              selector: LabelSelector(matchLabels: ["app": service]),
              tracing: [
                Tracing(providers: [ProviderRef(name: "otel")], randomSamplingPercentage: 10)
              ],
              accessLogging: [
                AccessLogging(
                  providers: [ProviderRef(name: "envoy")],
                  filter: AccessLogFilter(expression: "response.code >= 400"))
              ])))
      }
    }
  }
}
