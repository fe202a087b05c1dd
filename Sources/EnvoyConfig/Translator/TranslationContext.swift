import Foundation
import MeshIdentity
import MeshModel
import YAMLCoding

/// The state of one translation: the workload, the index, and the warnings so far.
struct TranslationContext {
  let workload: SidecarWorkload
  let index: TranslationIndex
  let options: SidecarOptions
  var warnings: [TranslationIssue] = []

  init(workload: SidecarWorkload, index: TranslationIndex, options: SidecarOptions) {
    self.workload = workload
    self.index = index
    self.options = options
  }

  /// Records a warning once, however many services or ports run into it.
  mutating func warn(
    _ code: TranslationIssue.Code, _ resource: String, _ field: YAMLPath, _ message: String
  ) {
    let issue = TranslationIssue(code, resource: resource, field: field, message: message)
    if !warnings.contains(issue) { warnings.append(issue) }
  }

  /// Warnings for the resources that apply to the workload but that a sidecar without a
  /// control plane does not carry out.
  mutating func reportUntranslated() {
    func applies(_ namespace: String?, _ selector: [String: String]?) -> Bool {
      let namespace = namespace ?? "default"
      return (namespace == workload.namespace || namespace == options.rootNamespace)
        && LabelMatching.matches(selector ?? [:], workload.labels)
    }
    for policy in index.requestAuthentications
    where applies(policy.metadata.namespace, policy.spec.selector?.matchLabels) {
      warn(
        .unsupported,
        policy.reference,
        ["spec", "jwtRules"],
        "JWTs are not validated by sidecars made by this SDK; requests pass as if unauthenticated")
    }
    if let sidecar = applicableSidecar(), sidecar.spec.outboundTrafficPolicy?.mode == .allowAny {
      warn(
        .needsControlPlane,
        sidecar.reference,
        ["spec", "outboundTrafficPolicy", "mode"],
        "ALLOW_ANY passes unknown destinations through, which needs traffic capture; only registered services are reachable"
      )
    }
  }

  /// The identity of a workload of the mesh, or a translation issue at `field` when its
  /// namespace or service account cannot be part of a SPIFFE ID.
  func workloadIdentity(
    namespace: String, serviceAccount: String, resource: String, field: YAMLPath
  ) throws -> WorkloadIdentity {
    do {
      return try WorkloadIdentity(
        trustDomain: options.trustDomain, namespace: namespace, serviceAccount: serviceAccount)
    } catch let error as IdentityError {
      throw TranslationIssue(
        .invalidIdentity,
        resource: resource, field: field,
        message: "\(namespace)/\(serviceAccount) cannot be a SPIFFE identity: \(error.message)")
    }
  }

  // MARK: Node, TLS, shared pieces

  /// The node Istio expects: `sidecar~IP~NAME.NAMESPACE~NAMESPACE.svc.DOMAIN`, with the
  /// metadata istiod reads.
  func node(interceptionMode: String? = nil) -> Envoy.Node {
    let address = workload.entry.spec.address ?? "127.0.0.1"
    var metadata: [String: YAMLNode] = [
      "NAMESPACE": .string(workload.namespace),
      "NAME": .string(workload.name),
      "WORKLOAD_NAME": .string(workload.name),
      "SERVICE_ACCOUNT": .string(workload.serviceAccount),
      "LABELS": .object(workload.labels.mapValues(YAMLNode.string)),
      "MESH_ID": .string(options.trustDomain.name),
      "INSTANCE_IPS": .string(address),
    ]
    if let network = workload.entry.spec.network { metadata["NETWORK"] = .string(network) }
    if let interceptionMode { metadata["INTERCEPTION_MODE"] = .string(interceptionMode) }
    return Envoy.Node(
      id:
        "sidecar~\(address)~\(workload.name).\(workload.namespace)~\(workload.namespace).svc.\(options.clusterDomain)",
      cluster: "\(workload.name).\(workload.namespace)", metadata: metadata,
      locality: Self.locality(workload.entry.spec.locality))
  }

  static func locality(_ text: String?) -> Envoy.Locality? {
    guard let text, !text.isEmpty else { return nil }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    return Envoy.Locality(
      region: parts[0], zone: parts.count > 1 ? parts[1] : nil,
      subZone: parts.count > 2 ? parts[2] : nil)
  }

  /// The SVID and trust bundle as TLS settings, checking the peer's URI SAN.
  func meshTLSContext(peerIDs: StringMatchers, alpn: [String]? = nil, serverName: String? = nil)
    -> Envoy.CommonTLSContext
  {
    var names = peerIDs.matchers.map(Envoy.SubjectAltNameMatcher.uri)
    if let serverName {
      names.append(Envoy.SubjectAltNameMatcher(sanType: "DNS", matcher: .exact(serverName)))
    }
    return Envoy.CommonTLSContext(
      tlsParams: Envoy.TLSParameters(tlsMinimumProtocolVersion: "TLSv1_2"),
      tlsCertificateSDSSecretConfigs: [options.certificateDirectory.certificateSecretConfig],
      combinedValidationContext: Envoy.CombinedValidationContext(
        defaultValidationContext: Envoy.CertificateValidationContext(
          matchTypedSubjectAltNames: names.isEmpty ? nil : names),
        validationContextSDSSecretConfig: options.certificateDirectory.validationSecretConfig),
      alpnProtocols: alpn)
  }

  /// The access log of one side's listeners, as JSON lines; nil when there is none.
  func accessLogs(_ settings: ObservabilitySettings) -> [Envoy.AccessLog]? {
    guard let path = options.accessLogPath, settings.accessLog else { return nil }
    let format = Envoy.LogFormat.json([
      "start_time": "%START_TIME%", "method": "%REQ(:METHOD)%",
      "path": "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%", "protocol": "%PROTOCOL%",
      "response_code": "%RESPONSE_CODE%", "response_flags": "%RESPONSE_FLAGS%",
      "bytes_received": "%BYTES_RECEIVED%", "bytes_sent": "%BYTES_SENT%",
      "duration": "%DURATION%", "upstream_cluster": "%UPSTREAM_CLUSTER%",
      "upstream_host": "%UPSTREAM_HOST%", "downstream_peer": "%DOWNSTREAM_PEER_URI_SAN%",
      "authority": "%REQ(:AUTHORITY)%", "request_id": "%REQ(X-REQUEST-ID)%",
      "user_agent": "%REQ(USER-AGENT)%",
    ])
    return [
      Envoy.AccessLog(
        Envoy.FileAccessLog(path: path, logFormat: format),
        filter: settings.accessLogFilter.map(Envoy.AccessLogFilter.expression))
    ]
  }

  /// Tracing of one side's HTTP traffic; nil without a collector or when disabled.
  func httpTracing(_ settings: ObservabilitySettings) -> Envoy.HTTPTracing? {
    guard let tracing = options.tracing, settings.tracing else { return nil }
    return Envoy.HTTPTracing(
      randomSampling: Envoy.PercentValue(
        value: settings.samplingPercent ?? tracing.samplingPercent),
      provider: Envoy.TracingProvider(Envoy.ZipkinConfig(collectorCluster: "zipkin")))
  }

  func tracingCluster(_ tracing: TracingOptions) -> Envoy.Cluster {
    Envoy.Cluster(
      name: "zipkin", type: .strictDNS, connectTimeout: .seconds(1),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "zipkin",
        endpoints: [
          Envoy.LocalityLbEndpoints(lbEndpoints: [
            .host(tracing.collectorHost, port: tracing.collectorPort)
          ])
        ]),
      dnsLookupFamily: .v4Preferred)
  }

  /// Istio's `/stats/prometheus` listener, backed by the admin interface.
  func prometheusListener() -> (listener: Envoy.Listener, cluster: Envoy.Cluster)? {
    guard let port = options.prometheusPort else { return nil }
    let routes = Envoy.RouteConfiguration(
      name: "prometheus",
      virtualHosts: [
        Envoy.VirtualHost(
          name: "prometheus", domains: ["*"],
          routes: [
            Envoy.Route(
              match: Envoy.RouteMatch(prefix: "/stats/prometheus"),
              route: Envoy.RouteAction(cluster: "prometheus_stats"))
          ])
      ])
    let listener = Envoy.Listener(
      name: "prometheus", address: .tcp(options.prometheusBindAddress, port: port),
      filterChains: [
        Envoy.FilterChain(filters: [
          Envoy.NetworkFilter(Envoy.HTTPConnectionManager(statPrefix: "stats", routeConfig: routes))
        ])
      ])
    let cluster = Envoy.Cluster(
      name: "prometheus_stats", type: .static, connectTimeout: .milliseconds(250),
      loadAssignment: Envoy.ClusterLoadAssignment(
        clusterName: "prometheus_stats",
        endpoints: [
          Envoy.LocalityLbEndpoints(lbEndpoints: [.host("127.0.0.1", port: options.adminPort)])
        ]
      ))
    return (listener, cluster)
  }
}

/// Peer identities to accept: exact SPIFFE IDs, or any of a trust domain.
struct StringMatchers {
  var matchers: [Envoy.StringMatcher]

  static func exact(_ values: [String]) -> StringMatchers {
    StringMatchers(matchers: values.map(Envoy.StringMatcher.exact))
  }

  /// Every SPIFFE ID of the mesh's trust domains (its own and its aliases).
  static func members(of trustDomains: MeshTrustDomains) -> StringMatchers {
    StringMatchers(matchers: trustDomains.all.map { Envoy.StringMatcher(.members(of: $0)) })
  }
}

extension Envoy.StringMatcher {
  /// The matcher of a peer's SPIFFE ID that MeshIdentity describes.
  init(_ match: SPIFFEIDMatch) {
    switch match {
    case .any: self = .regex(".+")
    case .exact(let id): self = .exact(id)
    case .prefix(let prefix): self = .prefix(prefix)
    case .regex(let expression): self = .regex(expression)
    }
  }
}

/// Go-style durations from Istio fields (`1.5s`, `100ms`), as protobuf durations.
enum IstioDuration {
  static func parse(_ text: String?) -> Envoy.ProtoDuration? {
    guard let text, let nanoseconds = Rules.parseDuration(text) else { return nil }
    return Envoy.ProtoDuration(nanoseconds: nanoseconds)
  }
}
