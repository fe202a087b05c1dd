import Foundation
import MeshIdentity
import MeshModel
import YAMLCoding

extension TranslationContext {
  /// The service port's cluster and one per subset of its DestinationRule, with the
  /// rule's traffic policies (subset settings over port-level over the rule's own).
  mutating func clusters(for service: MeshService) throws -> [Envoy.Cluster] {
    let rule = index.destinationRule(
      for: service, clientNamespace: workload.namespace, clientLabels: workload.labels)
    let resource =
      rule.map { $0.reference }
      ?? service.source
    if let rule {
      reportUntranslated(
        rule.spec.trafficPolicy, resource: resource, field: ["spec", "trafficPolicy"])
      for (position, subset) in (rule.spec.subsets ?? []).enumerated() {
        reportUntranslated(
          subset.trafficPolicy, resource: resource,
          field: ["spec", "subsets", .index(position), "trafficPolicy"]
        )
      }
    }
    var clusters = [
      try cluster(
        for: service, subset: nil, policy: rule?.spec.trafficPolicy, resource: resource,
        field: ["spec", "trafficPolicy"])
    ]
    for (position, subset) in (rule?.spec.subsets ?? []).enumerated() {
      let policy = Self.merged(rule?.spec.trafficPolicy, subset.trafficPolicy)
      clusters.append(
        try cluster(
          for: service, subset: subset, policy: policy, resource: resource,
          field: ["spec", "subsets", .index(position), "trafficPolicy"]))
    }
    return clusters
  }

  /// Warnings for the traffic policy settings the translator does not carry.
  private mutating func reportUntranslated(
    _ policy: TrafficPolicy?, resource: String, field: YAMLPath
  ) {
    guard let policy else { return }
    if policy.tunnel != nil {
      warn(.unsupported, resource, field / "tunnel", "tunnelling (HTTP CONNECT) is not translated")
    }
    if policy.proxyProtocol != nil {
      warn(.unsupported, resource, field / "proxyProtocol", "the PROXY protocol is not translated")
    }
    if policy.retryBudget != nil {
      warn(
        .unsupported,
        resource, field / "retryBudget",
        "retry budgets are not translated; maxRetries limits retries")
    }
    if policy.connectionPool?.http?.http2KeepAlive != nil {
      warn(
        .unsupported,
        resource, field / "connectionPool" / "http" / "http2KeepAlive",
        "HTTP/2 keepalive is not translated")
    }
    if policy.connectionPool?.http?.useClientProtocol == true {
      warn(
        .unsupported,
        resource, field / "connectionPool" / "http" / "useClientProtocol",
        "upstream connections use the service port's protocol, not the client's")
    }
  }

  /// A subset's policy over the rule's: each setting the subset gives replaces the rule's.
  static func merged(_ base: TrafficPolicy?, _ override: TrafficPolicy?) -> TrafficPolicy? {
    guard var result = base else { return override }
    guard let override else { return base }
    if let value = override.loadBalancer { result.loadBalancer = value }
    if let value = override.connectionPool { result.connectionPool = value }
    if let value = override.outlierDetection { result.outlierDetection = value }
    if let value = override.tls { result.tls = value }
    if let value = override.portLevelSettings { result.portLevelSettings = value }
    return result
  }

  private mutating func cluster(
    for service: MeshService, subset: Subset?, policy: TrafficPolicy?, resource: String,
    field: YAMLPath
  ) throws -> Envoy.Cluster {
    let name = Self.clusterName(service, subset: subset?.name)
    let portLevel = policy?.portLevelSettings?.first { $0.port?.number == service.port.number }
    let loadBalancer = portLevel?.loadBalancer ?? policy?.loadBalancer
    let connectionPool = portLevel?.connectionPool ?? policy?.connectionPool
    let outlier = portLevel?.outlierDetection ?? policy?.outlierDetection
    let tls = portLevel?.tls ?? policy?.tls

    let endpoints = service.endpoints.filter {
      LabelMatching.matches(subset?.labels ?? [:], $0.labels)
    }
    var cluster = Envoy.Cluster(
      name: name, altStatName: SidecarTranslator.clusterStatName(name),
      connectTimeout: IstioDuration.parse(connectionPool?.tcp?.connectTimeout) ?? .seconds(10),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: name, endpoints: Self.localityGroups(endpoints)))
    switch service.resolution {
    case .static, .none: cluster.type = .static
    case .dns, .dynamicDns: cluster.type = .strictDNS
    case .dnsRoundRobin:
      cluster.type = endpoints.count <= 1 ? .logicalDNS : .strictDNS
    }
    if cluster.type != .static { cluster.dnsLookupFamily = .v4Preferred }
    try applyLoadBalancer(
      loadBalancer, to: &cluster, resource: resource, field: field / "loadBalancer")
    applyConnectionPool(
      connectionPool, to: &cluster, service: service, resource: resource,
      field: field / "connectionPool")
    if let outlier { cluster.outlierDetection = Self.outlierDetection(outlier) }
    if let minHealth = outlier?.minHealthPercent {
      cluster.commonLbConfig = Envoy.CommonLoadBalancerConfig(
        healthyPanicThreshold: Envoy.PercentValue(value: Double(minHealth)))
    }
    let speaksHTTP2 =
      cluster.typedExtensionProtocolOptions?[Envoy.HTTPProtocolOptions.extensionName]?
      .unwrap(as: Envoy.HTTPProtocolOptions.self)?.explicitHTTPConfig?.http2ProtocolOptions != nil
    cluster.transportSocket = try upstreamTLS(
      tls, service: service, endpoints: endpoints, http2: speaksHTTP2, resource: resource,
      field: field / "tls")
    cluster.metadata = Envoy.Metadata(filterMetadata: [
      "istio": [
        "services": .array([
          .object(["host": .string(service.host), "namespace": .string(service.namespace)])
        ])
      ]
    ])
    return cluster
  }

  /// Endpoints grouped by locality, in a stable order.
  static func localityGroups(_ endpoints: [ServiceEndpoint]) -> [Envoy.LocalityLbEndpoints] {
    let groups = Dictionary(grouping: endpoints) { $0.locality ?? "" }
    return groups.keys.sorted().map { key in
      Envoy.LocalityLbEndpoints(
        locality: locality(key),
        lbEndpoints: groups[key, default: []].map {
          .host($0.address, port: $0.port, weight: $0.weight)
        })
    }
  }

  private mutating func applyLoadBalancer(
    _ settings: LoadBalancerSettings?, to cluster: inout Envoy.Cluster, resource: String,
    field: YAMLPath
  ) throws {
    guard let settings else { return }
    switch settings.simple {
    case .leastConn?, .leastRequest?: cluster.lbPolicy = .leastRequest
    case .random?: cluster.lbPolicy = .random
    case .roundRobin?: cluster.lbPolicy = .roundRobin
    case .passthrough?:
      throw TranslationIssue(
        .needsControlPlane,
        resource: resource, field: field / "simple",
        message: "PASSTHROUGH forwards to the original destination, which needs traffic capture")
    case .unspecified?, nil: break
    }
    if let hash = settings.consistentHash {
      if let maglev = hash.maglev {
        cluster.lbPolicy = .maglev
        if maglev.tableSize != nil {
          warn(
            .unsupported,
            resource, field / "consistentHash" / "maglev" / "tableSize",
            "the Maglev table size is not translated; Envoy's default (65537) applies")
        }
      } else {
        cluster.lbPolicy = .ringHash
        let minimum = hash.ringHash?.minimumRingSize ?? hash.minimumRingSize
        if let minimum {
          cluster.ringHashLbConfig = Envoy.RingHashLoadBalancerConfig(minimumRingSize: minimum)
        }
      }
    }
    if settings.localityLbSetting != nil {
      warn(
        .unsupported,
        resource, field / "localityLbSetting",
        "locality failover and distribution are not translated; endpoints are balanced across localities"
      )
    }
    if settings.warmupDurationSecs != nil || settings.warmup != nil {
      warn(.unsupported, resource, field / "warmup", "slow start (warmup) is not translated")
    }
  }

  /// The route hash policy a consistent-hash DestinationRule asks for.
  func consistentHashPolicy(for service: MeshService) -> Envoy.HashPolicy? {
    guard
      let rule = index.destinationRule(
        for: service, clientNamespace: workload.namespace, clientLabels: workload.labels),
      let hash = rule.spec.trafficPolicy?.loadBalancer?.consistentHash
    else { return nil }
    if let header = hash.httpHeaderName {
      return Envoy.HashPolicy(header: .init(headerName: header))
    }
    if let cookie = hash.httpCookie {
      return Envoy.HashPolicy(
        cookie: .init(name: cookie.name, ttl: IstioDuration.parse(cookie.ttl), path: cookie.path))
    }
    if hash.useSourceIp == true {
      return Envoy.HashPolicy(connectionProperties: .init(sourceIP: true))
    }
    if let query = hash.httpQueryParameterName {
      return Envoy.HashPolicy(queryParameter: .init(name: query))
    }
    return nil
  }

  private mutating func applyConnectionPool(
    _ pool: ConnectionPoolSettings?, to cluster: inout Envoy.Cluster, service: MeshService,
    resource: String, field: YAMLPath
  ) {
    var thresholds = Envoy.CircuitBreakers.Thresholds()
    var limited = false
    func positive(_ value: Int32?) -> UInt32? { value.flatMap { $0 > 0 ? UInt32($0) : nil } }
    if let value = positive(pool?.tcp?.maxConnections) {
      thresholds.maxConnections = value
      limited = true
    }
    if let value = positive(pool?.http?.http1MaxPendingRequests) {
      thresholds.maxPendingRequests = value
      limited = true
    }
    if let value = positive(pool?.http?.http2MaxRequests) {
      thresholds.maxRequests = value
      limited = true
    }
    if let value = positive(pool?.http?.maxRetries) {
      thresholds.maxRetries = value
      limited = true
    }
    if limited { cluster.circuitBreakers = Envoy.CircuitBreakers(thresholds: [thresholds]) }
    if pool?.tcp?.tcpKeepalive != nil {
      warn(
        .unsupported, resource, field / "tcp" / "tcpKeepalive", "TCP keepalive is not translated")
    }
    guard service.isHTTP else { return }
    let upgrade = pool?.http?.h2UpgradePolicy == .upgrade
    let http2 =
      upgrade || ["HTTP2", "GRPC", "GRPC-WEB"].contains(service.port.protocol?.uppercased() ?? "")
      || (service.port.protocol == nil && service.port.name.lowercased().hasPrefix("grpc"))
    let idle = IstioDuration.parse(pool?.http?.idleTimeout)
    let perConnection = positive(pool?.http?.maxRequestsPerConnection)
    guard http2 || idle != nil || perConnection != nil else { return }
    let common =
      idle != nil || perConnection != nil
      ? Envoy.HTTPProtocolOptions.CommonOptions(
        idleTimeout: idle, maxRequestsPerConnection: perConnection) : nil
    let explicit =
      http2
      ? Envoy.HTTPProtocolOptions.ExplicitHTTPConfig(
        http2ProtocolOptions: Envoy.HTTP2ProtocolOptions(
          maxConcurrentStreams: positive(pool?.http?.maxConcurrentStreams)))
      : Envoy.HTTPProtocolOptions.ExplicitHTTPConfig(httpProtocolOptions: Envoy.EmptyMessage())
    cluster.typedExtensionProtocolOptions = [
      Envoy.HTTPProtocolOptions.extensionName: Envoy.TypedConfig(
        Envoy.HTTPProtocolOptions(explicitHTTPConfig: explicit, commonHTTPProtocolOptions: common))
    ]
  }

  static func outlierDetection(_ settings: MeshModel.OutlierDetection)
    -> Envoy.OutlierDetectionConfig
  {
    var result = Envoy.OutlierDetectionConfig(
      consecutive5xx: settings.consecutive5xxErrors
        ?? settings.consecutiveErrors.map { UInt32(max(0, $0)) },
      consecutiveGatewayFailure: settings.consecutiveGatewayErrors,
      consecutiveLocalOriginFailure: settings.consecutiveLocalOriginFailures,
      splitExternalLocalOriginErrors: settings.splitExternalLocalOriginErrors,
      interval: IstioDuration.parse(settings.interval),
      baseEjectionTime: IstioDuration.parse(settings.baseEjectionTime),
      maxEjectionPercent: settings.maxEjectionPercent.map { UInt32(max(0, $0)) })
    // Istio turns 5xx ejection off when only gateway errors are counted.
    if settings.consecutive5xxErrors == nil && settings.consecutiveErrors == nil {
      result.enforcingConsecutive5xx = 0
    }
    if result.consecutiveGatewayFailure != nil { result.enforcingConsecutiveGatewayFailure = 100 }
    return result
  }

  /// TLS to the service: the DestinationRule's mode, or Istio's automatic mutual TLS for
  /// services inside the mesh.
  private mutating func upstreamTLS(
    _ settings: ClientTLSSettings?, service: MeshService, endpoints: [ServiceEndpoint],
    http2: Bool, resource: String, field: YAMLPath
  ) throws -> Envoy.TransportSocket? {
    let mode = settings?.mode ?? (service.location == .meshInternal ? .istioMutual : .disable)
    switch mode {
    case .disable:
      return nil
    case .istioMutual:
      // The endpoints' identities in each of the mesh's trust domains, as Istio expands
      // service accounts with the trust domain aliases.
      let trustDomains = options.meshTrustDomains
      let identities = Set(
        try endpoints.flatMap { endpoint in
          trustDomains.identities(
            of: try workloadIdentity(
              namespace: endpoint.namespace, serviceAccount: endpoint.serviceAccount ?? "default",
              resource: resource, field: field)
          ).map(\.spiffeID.uri)
        }
      ).union(
        (settings?.subjectAltNames ?? service.subjectAltNames ?? []).map(
          SPIFFEIDMatch.uri(ofPrincipal:)))
      let peers =
        identities.isEmpty ? .members(of: trustDomains) : StringMatchers.exact(identities.sorted())
      return .tls(
        Envoy.UpstreamTLSContext(
          // ALPN offers only the protocol the cluster's codec speaks, so the server
          // cannot pick another.
          commonTLSContext: meshTLSContext(
            peerIDs: peers, alpn: service.isHTTP ? (http2 ? ["h2"] : ["http/1.1"]) : nil),
          sni: settings?.sni ?? "outbound_.\(service.port.number)_._.\(service.host)"))
    case .simple, .mutual:
      if settings?.credentialName != nil {
        throw TranslationIssue(
          .needsControlPlane,
          resource: resource, field: field / "credentialName",
          message:
            "credentials from Kubernetes secrets need a control plane; give caCertificates (and clientCertificate, privateKey) as file paths"
        )
      }
      let names = (settings?.subjectAltNames ?? service.subjectAltNames ?? []).map {
        Envoy.SubjectAltNameMatcher(
          sanType: SPIFFEID.hasSPIFFEScheme($0) ? "URI" : "DNS", matcher: .exact($0))
      }
      var validation: Envoy.CertificateValidationContext?
      if settings?.insecureSkipVerify != true {
        validation = Envoy.CertificateValidationContext(
          trustedCA: .file(settings?.caCertificates ?? "/etc/ssl/certs/ca-certificates.crt"),
          matchTypedSubjectAltNames: names.isEmpty ? nil : names)
      }
      var certificates: [Envoy.TLSCertificateConfig]?
      if mode == .mutual {
        guard let certificate = settings?.clientCertificate, let key = settings?.privateKey else {
          throw TranslationIssue(
            .invalidValue,
            resource: resource, field: field,
            message: "MUTUAL needs clientCertificate and privateKey")
        }
        certificates = [
          Envoy.TLSCertificateConfig(certificateChain: .file(certificate), privateKey: .file(key))
        ]
      }
      return .tls(
        Envoy.UpstreamTLSContext(
          commonTLSContext: Envoy.CommonTLSContext(
            tlsCertificates: certificates, validationContext: validation),
          sni: settings?.sni ?? (service.host.hasPrefix("*") ? nil : service.host)))
    }
  }
}
