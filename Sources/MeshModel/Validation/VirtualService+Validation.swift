import YAMLCoding

extension VirtualServiceSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    let hosts = self.hosts ?? []
    let gateways = self.gateways ?? []
    if hosts.isEmpty {
      // A VirtualService without hosts is a delegate.
      if !gateways.isEmpty {
        issues.error(
          .conflict, path / "gateways", "delegate virtual service must have no gateways specified")
      }
      if !(tls ?? []).isEmpty {
        issues.error(
          .conflict, path / "tls", "delegate virtual service must have no tls route specified")
      }
      if !(tcp ?? []).isEmpty {
        issues.error(
          .conflict, path / "tcp", "delegate virtual service must have no tcp route specified")
      }
    }
    for (index, gateway) in gateways.enumerated() where gateway != "mesh" {
      Rules.gatewayName(gateway, path: path / "gateways" / index, into: &issues)
    }
    let appliesToGateway = !gateways.isEmpty && !gateways.contains("mesh")
    let appliesToMesh = !appliesToGateway
    var allHostsValid = true
    for (index, host) in hosts.enumerated() {
      if let problem = Rules.wildcardDomain(host), !Rules.isIPAddress(host) {
        issues.error(.invalidValue, path / "hosts" / index, problem)
        allHostsValid = false
      } else if appliesToMesh && host == "*" {
        issues.error(
          .unsupported,
          path / "hosts" / index,
          "wildcard host * is not allowed for virtual services bound to the mesh gateway")
        allHostsValid = false
      }
    }
    if allHostsValid {
      for first in hosts.indices {
        for second in hosts.indices where second > first {
          if HostName(hosts[first]).matches(HostName(hosts[second])) {
            issues.error(
              .duplicate,
              path / "hosts" / second,
              "duplicate hosts in virtual service: \(hosts[first]) & \(hosts[second])")
          }
        }
      }
    }
    if (http ?? []).isEmpty && (tcp ?? []).isEmpty && (tls ?? []).isEmpty {
      issues.error(.missingField, path, "http, tcp or tls must be provided in virtual service")
    }
    for (index, route) in (http ?? []).enumerated() {
      route.collectIssues(isDelegate: hosts.isEmpty, at: path / "http" / index, into: &issues)
    }
    for (index, route) in (tls ?? []).enumerated() {
      route.collectIssues(
        virtualServiceHosts: hosts, appliesToGateway: appliesToGateway, at: path / "tls" / index,
        into: &issues)
    }
    for (index, route) in (tcp ?? []).enumerated() {
      route.collectIssues(at: path / "tcp" / index, into: &issues)
    }
    Rules.exportTo(
      exportTo, namespace: metadata.namespace, isServiceEntry: false, path: path / "exportTo",
      into: &issues)
    UnreachableRules.analyze(self, at: path, into: &issues)
  }
}

extension HTTPRoute {
  func collectIssues(isDelegate: Bool, at path: YAMLPath, into issues: inout IssueCollector) {
    let isRoot = delegate != nil
    if isRoot {
      if redirect != nil {
        issues.error(
          .conflict, path / "redirect", "root HTTP route \(name ?? "") must not specify redirect")
      }
      if route != nil {
        issues.error(
          .conflict, path / "route", "root HTTP route \(name ?? "") must not specify route")
      }
    } else {
      if isDelegate && delegate != nil {
        issues.error(.unsupported, path / "delegate", "delegate HTTP route cannot contain delegate")
      }
      if redirect != nil {
        if !(route ?? []).isEmpty {
          issues.error(.conflict, path, "HTTP route cannot contain both route and redirect")
        }
        if fault != nil {
          issues.error(.conflict, path, "HTTP route cannot contain both fault and redirect")
        }
        if rewrite != nil {
          issues.error(.conflict, path, "HTTP route rule cannot contain both rewrite and redirect")
        }
      } else if directResponse != nil {
        if !(route ?? []).isEmpty {
          issues.error(.conflict, path, "HTTP route cannot contain both route and directResponse")
        }
      } else if (route ?? []).isEmpty {
        issues.error(.missingField, path, "HTTP route or redirect is required")
      }
    }
    for (index, match) in (match ?? []).enumerated() {
      match.collectIssues(
        isDelegating: isRoot || isDelegate, at: path / "match" / index, into: &issues)
    }
    headers?.collectIssues(at: path / "headers", into: &issues)
    corsPolicy?.collectIssues(at: path / "corsPolicy", into: &issues)
    fault?.collectIssues(at: path / "fault", into: &issues)
    if let percent = mirrorPercent ?? legacyMirrorPercent {
      let field = mirrorPercent != nil ? "mirrorPercent" : "mirror_percent"
      if percent > 100 {
        issues.error(
          .invalidValue,
          path / field, "mirror_percent must have a max value of 100 (it has \(percent))")
      }
      issues.warning(
        .deprecated,
        path / field, "using deprecated setting \"mirrorPercent\", use \"mirrorPercentage\" instead"
      )
    }
    if let value = mirrorPercentage?.value {
      if value > 100 {
        issues.error(
          .invalidValue,
          path / "mirrorPercentage",
          "mirror_percentage must have a max value of 100 (it has \(value))")
      }
      if value < 0 {
        issues.error(
          .invalidValue,
          path / "mirrorPercentage",
          "mirror_percentage must have a min value of 0 (it has \(value))")
      }
    }
    mirror?.collectIssues(at: path / "mirror", into: &issues)
    for (index, policy) in (mirrors ?? []).enumerated() {
      policy.destination.collectIssues(at: path / "mirrors" / index / "destination", into: &issues)
      if let value = policy.percentage?.value, value < 0 || value > 100 {
        issues.error(
          .invalidValue,
          path / "mirrors" / index / "percentage",
          "mirror percentage must be in range 0..100 (it has \(value))")
      }
    }
    redirect?.collectIssues(at: path / "redirect", into: &issues)
    directResponse?.collectIssues(at: path / "directResponse", into: &issues)
    retries?.collectIssues(at: path / "retries", into: &issues)
    rewrite?.collectIssues(at: path / "rewrite", into: &issues)
    validateAuthorityRewrite(at: path, into: &issues)
    (route ?? []).collectIssues(at: path / "route", into: &issues)
    issues.error(.invalidValue, path / "timeout", ifAny: Rules.duration(timeout))
  }

  /// The authority may be rewritten in one place only.
  private func validateAuthorityRewrite(at path: YAMLPath, into issues: inout IssueCollector) {
    var current = rewrite?.authority
    let request = headers?.request
    let writes =
      (request?.set ?? [:]).sorted { $0.key < $1.key }
      + (request?.add ?? [:]).sorted { $0.key < $1.key }
    for (name, value) in writes where HeaderRules.isAuthority(name) {
      if let current {
        issues.error(
          .duplicate,
          path / "headers" / "request",
          "authority header cannot be set multiple times: have \"\(current)\", attempting to set \"\(value)\""
        )
        return
      }
      current = value
    }
  }
}

extension HTTPMatchRequest {
  func collectIssues(isDelegating: Bool, at path: YAMLPath, into issues: inout IssueCollector) {
    let stringMatches: [(String, StringMatch?)] = [
      ("uri", uri), ("scheme", scheme), ("method", method), ("authority", authority),
    ]
    for (field, match) in stringMatches {
      guard let match else { continue }
      match.collectIssues(field: field, at: path / field, into: &issues)
      if isDelegating && match.regex != nil {
        issues.error(
          .unsupported,
          path / field,
          "\(field == "uri" ? "url" : field) match does not support regex match for delegating")
      }
    }
    for (field, matches) in [
      ("headers", headers), ("queryParams", queryParams), ("withoutHeaders", withoutHeaders),
    ] {
      for (name, match) in (matches ?? [:]).sorted(by: { $0.key < $1.key }) {
        if field != "queryParams" {
          issues.error(.invalidValue, path / field / name, ifAny: HeaderRules.name(name))
        }
        match.collectIssues(field: field, at: path / field / name, into: &issues)
        if isDelegating && match.regex != nil {
          issues.error(
            .unsupported,
            path / field / name,
            "\(field) match \(name) does not support regex match for delegating")
        }
      }
    }
    if let port, port != 0 { issues.error(.invalidValue, path / "port", ifAny: Rules.port(port)) }
    Rules.labels(sourceLabels, path: path / "sourceLabels", into: &issues)
    for (index, gateway) in (gateways ?? []).enumerated() where gateway != "mesh" {
      Rules.gatewayName(gateway, path: path / "gateways" / index, into: &issues)
    }
    if let sourceNamespace, !Rules.isDNS1123Label(sourceNamespace) {
      issues.error(
        .invalidValue, path / "sourceNamespace",
        "sourceNamespace match \(sourceNamespace) is invalid")
    }
  }
}

extension StringMatch {
  /// Exactly one of `exact`, `prefix`, `regex`; a regex must be RE2.
  func collectIssues(field: String, at path: YAMLPath, into issues: inout IssueCollector) {
    let set = [exact, prefix, regex].compactMap { $0 }.count
    if set > 1 { issues.error(.conflict, path, "only one of exact, prefix or regex may be set") }
    if let regex {
      issues.error(.invalidValue, path / "regex", ifAny: Rules.regex(regex, where: field))
    }
  }
}

extension Headers {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    request?.collectIssues(isRequest: true, at: path / "request", into: &issues)
    response?.collectIssues(isRequest: false, at: path / "response", into: &issues)
  }
}

extension HeaderOperations {
  func collectIssues(isRequest: Bool, at path: YAMLPath, into issues: inout IssueCollector) {
    for (operation, values) in [("set", set), ("add", add)] {
      for (name, value) in (values ?? [:]).sorted(by: { $0.key < $1.key }) {
        let nameProblem =
          isRequest
          ? HeaderRules.operationNameAllowingAuthority(name) : HeaderRules.operationName(name)
        issues.error(.invalidValue, path / operation / name, ifAny: nameProblem)
        issues.error(.invalidValue, path / operation / name, ifAny: HeaderRules.value(value))
      }
    }
    for (index, name) in (remove ?? []).enumerated() {
      issues.error(.invalidValue, path / "remove" / index, ifAny: HeaderRules.operationName(name))
    }
  }
}

/// A destination with a share of a route's traffic: HTTP routes' (which may also change
/// headers) and TCP and TLS routes'.
protocol WeightedDestination {
  var destination: Destination { get }
  var weight: Int32? { get }
  var headers: Headers? { get }
}

extension HTTPRouteDestination: WeightedDestination {}

extension RouteDestination: WeightedDestination {
  var headers: Headers? { nil }
}

extension Array where Element: WeightedDestination {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    var total: Int64 = 0
    for (index, destination) in enumerated() {
      destination.headers?.collectIssues(at: path / index / "headers", into: &issues)
      destination.destination.collectIssues(at: path / index / "destination", into: &issues)
      let weight = destination.weight ?? 0
      if weight < 0 { issues.error(.invalidValue, path / index / "weight", "weight \(weight) < 0") }
      total += Int64(weight)
    }
    WeightRules.check(
      count: count, total: total, weights: map(\.weight), at: path, into: &issues)
  }
}

/// Weights of a route's destinations.
enum WeightRules {
  /// With several destinations the weights must not all be zero, and when any is set
  /// they must add up to 100 (Istio normalises other sums, but a sum other than 100 is
  /// almost always a mistake in a canary split, so this SDK reports it).
  static func check(
    count: Int, total: Int64, weights: [Int32?], at path: YAMLPath,
    into issues: inout IssueCollector
  ) {
    guard count > 1 else { return }
    if total == 0 {
      issues.error(.invalidValue, path, "total destination weight = 0")
    } else if total != 100 {
      let lastWeighted = weights.lastIndex { $0 != nil } ?? count - 1
      issues.error(
        .invalidValue, path / lastWeighted / "weight", "total destination weight \(total) != 100")
    }
  }
}

extension Destination {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if host == "*" {
      issues.error(.invalidValue, path / "host", "invalid destination host \(host)")
    } else {
      issues.error(.invalidValue, path / "host", ifAny: Rules.wildcardDomain(host))
    }
    if let subset { issues.error(.invalidValue, path / "subset", ifAny: SubsetRules.name(subset)) }
    if let number = port?.number {
      issues.error(.invalidValue, path / "port" / "number", ifAny: Rules.port(number))
    }
  }
}

extension CorsPolicy {
  private static let supportedMethods: Set<String> = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE",
  ]

  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    for (index, origin) in (allowOrigins ?? []).enumerated() {
      let value = origin.exact ?? origin.prefix ?? origin.regex ?? ""
      if value.isEmpty {
        issues.error(
          .invalidValue,
          path / "allowOrigins" / index, "'' is not a valid match type for CORS allow origins")
      } else if let regex = origin.regex {
        issues.error(
          .invalidValue,
          path / "allowOrigins" / index, ifAny: Rules.regex(regex, where: "corsPolicy.allowOrigins")
        )
      }
    }
    for (index, method) in (allowMethods ?? []).enumerated()
    where !Self.supportedMethods.contains(method) {
      issues.error(
        .invalidValue, path / "allowMethods" / index, "\"\(method)\" is not a supported HTTP method"
      )
    }
    for (field, names) in [("allowHeaders", allowHeaders), ("exposeHeaders", exposeHeaders)] {
      for (index, name) in (names ?? []).enumerated() where name != "*" {
        issues.error(.invalidValue, path / field / index, ifAny: HeaderRules.name(name))
      }
    }
    if let maxAge {
      issues.error(.invalidValue, path / "maxAge", ifAny: Rules.duration(maxAge))
      if let nanoseconds = Rules.parseDuration(maxAge), nanoseconds % 1_000_000_000 != 0 {
        issues.error(
          .invalidValue, path / "maxAge", "max_age duration is accurate only to seconds precision")
      }
    }
    if allowOrigin != nil {
      issues.warning(
        .deprecated,
        path / "allowOrigin",
        "using deprecated setting \"allowOrigin\", use \"allowOrigins\" instead")
    }
  }
}

extension HTTPFaultInjection {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if abort == nil && delay == nil {
      issues.error(.missingField, path, "HTTP fault injection must have an abort and/or a delay")
    }
    if let abort {
      issues.error(
        .invalidValue, path / "abort" / "percentage", ifAny: Self.percentage(abort.percentage))
      let kinds = [abort.httpStatus != nil, abort.grpcStatus != nil, abort.http2Error != nil].filter
      { $0 }.count
      if kinds > 1 {
        issues.error(
          .conflict, path / "abort", "only one of httpStatus, grpcStatus or http2Error may be set")
      }
      if let status = abort.httpStatus, status < 200 || status > 600 {
        issues.error(
          .invalidValue, path / "abort" / "httpStatus",
          "HTTP status \(status) is not in range 200-599")
      } else if let status = abort.grpcStatus, !Self.grpcStatuses.contains(status) {
        issues.error(
          .unsupported,
          path / "abort" / "grpcStatus",
          "gRPC status \"\(status)\" is not supported. See https://github.com/grpc/grpc/blob/master/doc/statuscodes.md for a list of supported codes, for example 'NOT_FOUND'"
        )
      } else if abort.http2Error != nil {
        issues.error(
          .unsupported,
          path / "abort" / "http2Error", "HTTP/2 abort fault injection not supported yet")
      } else if kinds == 0 {
        issues.warning(.missingField, path / "abort", "abort configured, but error type not set")
      }
    }
    if let delay {
      issues.error(
        .invalidValue, path / "delay" / "percentage", ifAny: Self.percentage(delay.percentage))
      if let percent = delay.percent, percent < 0 || percent > 100 {
        issues.error(
          .invalidValue, path / "delay" / "percent", "percentage \(percent) is not in range 0..100")
      }
      issues.error(
        .invalidValue, path / "delay" / "fixedDelay", ifAny: Rules.duration(delay.fixedDelay))
      if let exponential = delay.exponentialDelay {
        issues.error(
          .invalidValue, path / "delay" / "exponentialDelay", ifAny: Rules.duration(exponential))
        issues.error(
          .unsupported, path / "delay" / "exponentialDelay", "exponentialDelay not supported yet")
      }
    }
  }

  private static func percentage(_ percent: Percent?) -> String? {
    guard let value = percent?.value else { return nil }
    if value < 0 || value > 100 || (value > 0 && value < 0.0001) {
      return "percentage \(value) is neither 0.0, nor in range [0.0001, 100.0]"
    }
    return nil
  }

  private static let grpcStatuses: Set<String> = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
  ]
}

extension HTTPRedirect {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if uri == nil && authority == nil && port == nil && derivePort == nil && scheme == nil
      && prefixRewrite == nil
    {
      issues.error(.missingField, path, "redirect must specify URI, authority, scheme, or port")
    }
    if let code = redirectCode, code != 0, code < 300 || code > 399 {
      issues.error(
        .invalidValue, path / "redirectCode", "\(code) is not a valid redirect code, must be 3xx")
    }
    if let scheme, scheme != "http", scheme != "https" {
      issues.error(
        .invalidValue, path / "scheme", "invalid redirect scheme, must be \"http\" or \"https\"")
    }
    if let port, port > 0 { issues.error(.invalidValue, path / "port", ifAny: Rules.port(port)) }
    if port != nil && derivePort != nil {
      issues.error(.conflict, path, "only one of port or derivePort may be set")
    }
  }
}

extension HTTPDirectResponse {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if status < 200 || status > 600 {
      issues.error(.invalidValue, path / "status", "HTTP status \(status) is not in range 200-599")
    }
    guard let body else { return }
    if body.string != nil && body.bytes != nil {
      issues.error(.conflict, path / "body", "only one of string or bytes may be set")
    }
    let size = body.string?.utf8.count ?? body.bytes.map { $0.utf8.count * 3 / 4 } ?? 0
    if size > 1024 * 1024 {
      issues.error(
        .invalidValue,
        path / "body",
        "large direct_responses may impact control plane performance, must be less than 1MB")
    } else if size > 100 * 1024 {
      issues.warning(
        .risky, path / "body", "large direct_responses may impact control plane performance")
    }
  }
}

extension HTTPRetry {
  private static let retryOnPolicies: Set<String> = [
    "5xx", "gateway-error", "reset", "reset-before-request", "connect-failure", "retriable-4xx",
    "refused-stream",
    "retriable-status-codes", "retriable-headers", "envoy-ratelimited",
    "http3-post-connect-failure",
    "cancelled", "deadline-exceeded", "internal", "resource-exhausted", "unavailable",
  ]

  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    let attempts = self.attempts ?? 0
    if attempts < 0 {
      issues.error(.invalidValue, path / "attempts", "attempts cannot be negative")
    }
    if attempts == 0 && (perTryTimeout != nil || retryOn != nil || retryRemoteLocalities != nil) {
      issues.error(
        .invalidValue, path, "http retry policy configured when attempts are set to 0 (disabled)")
    }
    issues.error(.invalidValue, path / "perTryTimeout", ifAny: Rules.duration(perTryTimeout))
    issues.error(.invalidValue, path / "backoff", ifAny: Rules.duration(backoff))
    for policy in (retryOn ?? "").split(separator: ",", omittingEmptySubsequences: false).map(
      String.init)
    where !(retryOn ?? "").isEmpty {
      let isStatusCode = Int(policy).map { (100...599).contains($0) } ?? false
      if !isStatusCode && !Self.retryOnPolicies.contains(policy) {
        issues.error(.invalidValue, path / "retryOn", "\"\(policy)\" is not a valid retryOn policy")
      }
    }
  }
}

extension HTTPRewrite {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if uri != nil && uriRegexRewrite != nil {
      issues.error(.invalidValue, path, "rewrite may only contain one of URI or UriRegexRewrite")
    }
    if uri == nil && uriRegexRewrite == nil && authority == nil {
      issues.error(
        .missingField,
        path,
        "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified"
      )
    }
    if let regexRewrite = uriRegexRewrite {
      if (regexRewrite.match ?? "").isEmpty || (regexRewrite.rewrite ?? "").isEmpty {
        issues.error(
          .missingField,
          path / "uriRegexRewrite",
          "UriRegexRewrite requires both Rewrite and Match fields to be specified")
      } else if let match = regexRewrite.match {
        issues.error(
          .invalidValue,
          path / "uriRegexRewrite" / "match",
          ifAny: Rules.regex(match, where: "HTTPRewrite.UriRegexRewrite.Match"))
      }
    }
  }
}

extension TLSRoute {
  func collectIssues(
    virtualServiceHosts: [String], appliesToGateway: Bool, at path: YAMLPath,
    into issues: inout IssueCollector
  ) {
    let matches = match ?? []
    if matches.isEmpty {
      issues.error(
        .missingField, path / "match", "TLS route must have at least one match condition")
    }
    for (index, match) in matches.enumerated() {
      let matchPath = path / "match" / index
      let sniHosts = match.sniHosts ?? []
      if sniHosts.isEmpty {
        issues.error(
          .missingField, matchPath / "sniHosts", "TLS match must have at least one SNI host")
      }
      for (hostIndex, sniHost) in sniHosts.enumerated() {
        let hostPath = matchPath / "sniHosts" / hostIndex
        if let problem = Rules.wildcardDomain(sniHost) {
          if Rules.isIPAddress(sniHost) {
            issues.warning(
              .risky,
              hostPath,
              "using an IP address (\"\(sniHost)\") goes against SNI spec and most clients do not support this"
            )
          } else {
            issues.error(.invalidValue, hostPath, problem)
          }
          continue
        }
        if !virtualServiceHosts.contains(where: { HostName(sniHost).isSubset(of: HostName($0)) }) {
          issues.error(
            .invalidValue,
            hostPath,
            "SNI host \"\(sniHost)\" is not a compatible subset of any of the virtual service hosts: [\(virtualServiceHosts.joined(separator: ", "))]"
          )
        }
      }
      L4Rules.collect(
        destinationSubnets: match.destinationSubnets, port: match.port,
        sourceLabels: match.sourceLabels,
        gateways: match.gateways, at: matchPath, into: &issues)
    }
    if (route ?? []).isEmpty {
      issues.error(.missingField, path / "route", "TLS route is required")
    }
    (route ?? []).collectIssues(at: path / "route", into: &issues)
  }
}

extension TCPRoute {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    for (index, match) in (match ?? []).enumerated() {
      L4Rules.collect(
        destinationSubnets: match.destinationSubnets, port: match.port,
        sourceLabels: match.sourceLabels,
        gateways: match.gateways, at: path / "match" / index, into: &issues)
    }
    if (route ?? []).isEmpty {
      issues.error(.missingField, path / "route", "TCP route is required")
    }
    (route ?? []).collectIssues(at: path / "route", into: &issues)
  }
}

/// Rules shared by TLS and TCP matches.
enum L4Rules {
  static func collect(
    destinationSubnets: [String]?, port: UInt32?, sourceLabels: [String: String]?,
    gateways: [String]?,
    at path: YAMLPath, into issues: inout IssueCollector
  ) {
    for (index, subnet) in (destinationSubnets ?? []).enumerated() {
      issues.error(
        .invalidValue, path / "destinationSubnets" / index, ifAny: Rules.ipSubnet(subnet))
    }
    if let port, port != 0 { issues.error(.invalidValue, path / "port", ifAny: Rules.port(port)) }
    Rules.labels(sourceLabels, path: path / "sourceLabels", into: &issues)
    for (index, gateway) in (gateways ?? []).enumerated() where gateway != "mesh" {
      Rules.gatewayName(gateway, path: path / "gateways" / index, into: &issues)
    }
  }
}

/// Subset names are DNS-1123 labels.
enum SubsetRules {
  static func name(_ name: String) -> String? {
    if name.isEmpty { return "subset name cannot be empty" }
    return Rules.isDNS1123Label(name) ? nil : "subset name is invalid: \(name)"
  }
}
