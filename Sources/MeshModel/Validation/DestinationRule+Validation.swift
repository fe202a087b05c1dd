import YAMLCoding

extension DestinationRuleSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    issues.error(.invalidValue, path / "host", ifAny: Rules.wildcardDomain(host))
    trafficPolicy?.collectIssues(at: path / "trafficPolicy", into: &issues)
    var names = Set<String>()
    for (index, subset) in (subsets ?? []).enumerated() {
      let subsetPath = path / "subsets" / index
      if !names.insert(subset.name).inserted {
        issues.error(.duplicate, subsetPath / "name", "duplicate subset names: \(subset.name)")
      }
      issues.error(.invalidValue, subsetPath / "name", ifAny: SubsetRules.name(subset.name))
      Rules.labels(subset.labels, path: subsetPath / "labels", into: &issues)
      subset.trafficPolicy?.collectIssues(at: subsetPath / "trafficPolicy", into: &issues)
    }
    Rules.exportTo(
      exportTo, namespace: metadata.namespace, isServiceEntry: false, path: path / "exportTo",
      into: &issues)
    if workloadSelector != nil, let exportTo, !exportTo.isEmpty {
      let namespace = metadata.namespace ?? "."
      let local = Set(exportTo.map { $0 == "." ? namespace : $0 })
      if !local.contains(namespace) {
        issues.error(
          .conflict,
          path / "exportTo",
          "destination rule with workload selector cannot have exportTo beyond current namespace")
      } else if local.count > 1 {
        issues.error(
          .conflict,
          path / "exportTo",
          "destination rule with workload selector cannot have multiple entries in exportTo")
      }
    }
    if let workloadSelector {
      Rules.selector(
        workloadSelector.matchLabels ?? [:], path: path / "workloadSelector" / "matchLabels",
        into: &issues)
    }
  }
}

extension TrafficPolicy {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if outlierDetection == nil && connectionPool == nil && loadBalancer == nil && tls == nil
      && portLevelSettings == nil
      && tunnel == nil && proxyProtocol == nil && retryBudget == nil
    {
      issues.error(.missingField, path, "traffic policy must have at least one field")
      return
    }
    if tunnel != nil && proxyProtocol != nil {
      issues.error(.conflict, path, "tunnel and proxyProtocol must not be set together")
      return
    }
    outlierDetection?.collectIssues(at: path / "outlierDetection", into: &issues)
    connectionPool?.collectIssues(at: path / "connectionPool", into: &issues)
    loadBalancer?.collectIssues(
      outlierDetection: outlierDetection, at: path / "loadBalancer", into: &issues)
    tls?.collectIssues(at: path / "tls", into: &issues)
    for (index, policy) in (portLevelSettings ?? []).enumerated() {
      let policyPath = path / "portLevelSettings" / index
      if policy.port == nil {
        issues.error(.missingField, policyPath, "portTrafficPolicy must have valid port")
      }
      if let number = policy.port?.number {
        issues.error(.invalidValue, policyPath / "port" / "number", ifAny: Rules.port(number))
      }
      if policy.outlierDetection == nil && policy.connectionPool == nil
        && policy.loadBalancer == nil && policy.tls == nil
      {
        issues.error(.missingField, policyPath, "port traffic policy must have at least one field")
      } else {
        policy.outlierDetection?.collectIssues(at: policyPath / "outlierDetection", into: &issues)
        policy.connectionPool?.collectIssues(at: policyPath / "connectionPool", into: &issues)
        policy.loadBalancer?.collectIssues(
          outlierDetection: policy.outlierDetection, at: policyPath / "loadBalancer", into: &issues)
        policy.tls?.collectIssues(at: policyPath / "tls", into: &issues)
      }
    }
    if let tunnel {
      if let protocolName = tunnel.protocol, protocolName != "CONNECT", protocolName != "POST" {
        issues.error(
          .invalidValue,
          path / "tunnel" / "protocol", "tunnel protocol must be \"CONNECT\" or \"POST\"")
      }
      if let problem = Rules.fqdn(tunnel.targetHost), !Rules.isIPAddress(tunnel.targetHost) {
        issues.error(
          .invalidValue,
          path / "tunnel" / "targetHost",
          "tunnel target host must be valid FQDN or IP address: \(problem)")
      }
      if let problem = Rules.port(tunnel.targetPort) {
        issues.error(
          .invalidValue, path / "tunnel" / "targetPort", "tunnel target port is invalid: \(problem)"
        )
      }
    }
    if let percent = retryBudget?.percent, percent < 0 || percent > 100 {
      issues.error(
        .invalidValue, path / "retryBudget" / "percent",
        "retry budget percent must be in range 0..100")
    }
  }
}

extension OutlierDetection {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    issues.error(.invalidValue, path / "baseEjectionTime", ifAny: Rules.duration(baseEjectionTime))
    issues.error(.invalidValue, path / "interval", ifAny: Rules.duration(interval))
    if let errors = consecutiveErrors, errors != 0 {
      issues.warning(
        .deprecated,
        path / "consecutiveErrors",
        "outlier detection consecutive errors is deprecated, use consecutiveGatewayErrors or consecutive5xxErrors instead"
      )
    }
    if !(splitExternalLocalOriginErrors ?? false), (consecutiveLocalOriginFailures ?? 0) > 0 {
      issues.error(
        .invalidValue,
        path / "consecutiveLocalOriginFailures",
        "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false"
      )
    }
    for (field, value) in [
      ("maxEjectionPercent", maxEjectionPercent), ("minHealthPercent", minHealthPercent),
    ] {
      if let value, value < 0 || value > 100 {
        issues.error(.invalidValue, path / field, "percentage \(value) is not in range 0..100")
      }
    }
  }
}

extension ConnectionPoolSettings {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if http == nil && tcp == nil {
      issues.error(.missingField, path, "connection pool must have at least one field")
      return
    }
    if let http {
      let limits: [(String, Int32?, String)] = [
        ("http1MaxPendingRequests", http.http1MaxPendingRequests, "http1 max pending requests"),
        ("http2MaxRequests", http.http2MaxRequests, "http2 max requests"),
        ("maxRequestsPerConnection", http.maxRequestsPerConnection, "max requests per connection"),
        ("maxRetries", http.maxRetries, "max retries"),
        ("maxConcurrentStreams", http.maxConcurrentStreams, "max concurrent streams"),
      ]
      for (field, value, name) in limits where (value ?? 0) < 0 {
        issues.error(.invalidValue, path / "http" / field, "\(name) must be non-negative")
      }
      issues.error(
        .invalidValue, path / "http" / "idleTimeout", ifAny: Rules.duration(http.idleTimeout))
      if http.h2UpgradePolicy == .upgrade && http.useClientProtocol == true {
        issues.error(
          .invalidValue,
          path / "http", "use client protocol must not be true when H2UpgradePolicy is UPGRADE")
      }
      if let keepAlive = http.http2KeepAlive {
        issues.error(
          .invalidValue,
          path / "http" / "http2KeepAlive" / "interval", ifAny: Rules.duration(keepAlive.interval))
        issues.error(
          .invalidValue,
          path / "http" / "http2KeepAlive" / "timeout", ifAny: Rules.duration(keepAlive.timeout))
      }
    }
    if let tcp {
      if (tcp.maxConnections ?? 0) < 0 {
        issues.error(
          .invalidValue, path / "tcp" / "maxConnections", "max connections must be non-negative")
      }
      issues.error(
        .invalidValue, path / "tcp" / "connectTimeout", ifAny: Rules.duration(tcp.connectTimeout))
      issues.error(
        .invalidValue,
        path / "tcp" / "maxConnectionDuration", ifAny: Rules.duration(tcp.maxConnectionDuration))
      issues.error(
        .invalidValue, path / "tcp" / "idleTimeout", ifAny: Rules.duration(tcp.idleTimeout))
      if let keepalive = tcp.tcpKeepalive {
        issues.error(
          .invalidValue, path / "tcp" / "tcpKeepalive" / "time",
          ifAny: Rules.duration(keepalive.time))
        issues.error(
          .invalidValue,
          path / "tcp" / "tcpKeepalive" / "interval", ifAny: Rules.duration(keepalive.interval))
      }
    }
  }
}

extension LoadBalancerSettings {
  func collectIssues(
    outlierDetection: OutlierDetection?, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    if simple != nil && consistentHash != nil {
      issues.error(.conflict, path, "only one of simple or consistentHash may be set")
    }
    if let hash = consistentHash {
      let hashPath = path / "consistentHash"
      let keys = [
        hash.httpHeaderName != nil, hash.httpCookie != nil, hash.useSourceIp != nil,
        hash.httpQueryParameterName != nil,
      ]
      if keys.filter({ $0 }).count > 1 {
        issues.error(
          .conflict,
          hashPath,
          "only one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName may be set"
        )
      }
      if let cookie = hash.httpCookie {
        if cookie.name.isEmpty {
          issues.error(
            .missingField, hashPath / "httpCookie" / "name", "name required for HttpCookie")
        }
        issues.error(
          .invalidValue,
          hashPath / "httpCookie" / "ttl", ifAny: cookie.ttl.flatMap(Self.nonNegativeDuration))
      }
      if let size = hash.minimumRingSize, size != 0 {
        issues.warning(
          .deprecated,
          hashPath / "minimumRingSize",
          "consistent hash MinimumRingSize is deprecated, use ConsistentHashLB's RingHash configuration instead"
        )
        if hash.ringHash != nil || hash.maglev != nil {
          issues.error(
            .conflict, hashPath, "only one of MinimumRingSize or Maglev/Ringhash can be specified")
        }
      }
      if hash.ringHash != nil && hash.maglev != nil {
        issues.error(.conflict, hashPath, "only one of ringHash or maglev may be set")
      }
      if let maglev = hash.maglev {
        let size = maglev.tableSize ?? 0
        if size == 0 {
          issues.error(
            .missingField, hashPath / "maglev" / "tableSize", "tableSize must be set for maglev")
        }
        if size >= 5_000_011 {
          issues.error(
            .invalidValue,
            hashPath / "maglev" / "tableSize", "tableSize must be less than 5000011 for maglev")
        }
        if !Self.isPrime(size) {
          issues.error(
            .invalidValue,
            hashPath / "maglev" / "tableSize", "tableSize must be a prime number for maglev")
        }
      }
    }
    if let locality = localityLbSetting {
      locality.collectIssues(
        outlierDetection: outlierDetection, at: path / "localityLbSetting", into: &issues)
    }
    issues.error(
      .invalidValue, path / "warmupDurationSecs", ifAny: Rules.duration(warmupDurationSecs))
    if let warmup {
      issues.error(
        .invalidValue, path / "warmup" / "duration", ifAny: Rules.duration(warmup.duration))
      if let minimum = warmup.minimumPercent, minimum < 0 || minimum > 100 {
        issues.error(
          .invalidValue, path / "warmup" / "minimumPercent",
          "minimumPercent must be in range 0..100")
      }
      if let aggression = warmup.aggression, aggression < 0 {
        issues.error(
          .invalidValue, path / "warmup" / "aggression", "aggression must be non-negative")
      }
    }
  }

  private static func nonNegativeDuration(_ text: String) -> String? {
    Rules.parseDuration(text) == nil ? "invalid duration \"\(text)\"" : nil
  }

  /// Envoy's primality test for Maglev table sizes.
  static func isPrime(_ value: UInt64) -> Bool {
    if value != 0 && value < 4 { return true }
    if value & 1 == 0 { return false }
    var factor: UInt64 = 3
    while factor * factor <= value {
      if value % factor == 0 { return false }
      factor += 2
    }
    return true
  }
}

extension LocalityLoadBalancerSetting {
  /// Istio's `ValidateLocalityLbSetting`.
  func collectIssues(
    outlierDetection: OutlierDetection?, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    let distributions = distribute ?? []
    let failovers = failover ?? []
    if !distributions.isEmpty && !failovers.isEmpty {
      issues.error(.conflict, path, "can not simultaneously specify 'distribute' and 'failover'")
      return
    }
    if !failovers.isEmpty && outlierDetection == nil {
      issues.warning(
        .missingField, path / "failover", "outlier detection policy must be provided for failover")
    }
    var sources = Set<String>()
    for (index, distribution) in distributions.enumerated() {
      let from = distribution.from ?? ""
      if !sources.insert(from).inserted {
        issues.error(
          .duplicate,
          path / "distribute" / index / "from",
          "locality lb distribute from must be unique, found duplicate \(from)")
      }
      issues.error(.invalidValue, path / "distribute" / index / "from", ifAny: Self.locality(from))
      let weights = distribution.to ?? [:]
      for locality in weights.keys.sorted() {
        issues.error(
          .invalidValue, path / "distribute" / index / "to" / locality,
          ifAny: Self.locality(locality))
      }
      let total = weights.values.reduce(UInt64(0)) { $0 + UInt64($1) }
      if total != 100 {
        issues.error(
          .invalidValue,
          path / "distribute" / index / "to", "total locality lb distribute weight \(total) != 100")
      }
    }
    var failoverSources = Set<String>()
    for (index, entry) in failovers.enumerated() {
      let from = entry.from ?? ""
      if from == entry.to {
        issues.error(
          .invalidValue,
          path / "failover" / index, "locality lb failover settings must specify different regions")
      }
      if !failoverSources.insert(from).inserted {
        issues.error(
          .duplicate,
          path / "failover" / index / "from",
          "locality lb failover from must be unique, found duplicate \(from)")
      }
      if from.contains("/") || from.contains("*") || (entry.to ?? "").contains("/")
        || (entry.to ?? "").contains("*")
      {
        issues.error(
          .invalidValue, path / "failover" / index, "locality lb failover only specify region")
      }
    }
    if !(failoverPriority ?? []).isEmpty && outlierDetection == nil {
      issues.warning(
        .missingField,
        path / "failoverPriority", "outlier detection policy must be provided for failoverPriority")
    }
  }

  /// `region/zone/subzone`, where `*` may stand only for the last given part.
  private static func locality(_ locality: String) -> String? {
    if locality.isEmpty || locality == "*" { return nil }
    let parts = locality.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count > 3 || parts.contains(where: \.isEmpty) {
      return "locality \(locality) must be of form region/zone/subzone"
    }
    for (index, part) in parts.enumerated()
    where part.contains("*") && (part != "*" || index != parts.count - 1) {
      return "locality \(locality) may only have a wildcard as its last part"
    }
    return nil
  }
}

extension ClientTLSSettings {
  /// Istio's `ValidateTLS` for client settings.
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if (mode == .simple || mode == .mutual) && credentialName != nil {
      if clientCertificate != nil || privateKey != nil || caCertificates != nil {
        issues.error(
          .conflict,
          path, "cannot specify client certificates or CA certificate If credentialName is set")
      }
      return
    }
    if mode == .mutual {
      if clientCertificate == nil {
        issues.error(.missingField, path, "client certificate required for mutual tls")
      }
      if privateKey == nil {
        issues.error(.missingField, path, "private key required for mutual tls")
      }
    }
    if mode == .istioMutual
      && (clientCertificate != nil || privateKey != nil || caCertificates != nil
        || credentialName != nil)
    {
      issues.error(
        .conflict,
        path,
        "cannot specify client certificates, private key, CA certificate or credentialName when mode is ISTIO_MUTUAL"
      )
    }
  }
}
