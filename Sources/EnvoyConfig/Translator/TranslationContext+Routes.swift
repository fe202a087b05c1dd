import Foundation
import MeshModel
import YAMLCoding

extension TranslationContext {
  /// The routes of a service port from its VirtualService; empty when it has none.
  mutating func httpRoutes(for service: MeshService, clusters: Set<String>) throws -> [Envoy.Route]
  {
    guard let virtualService = virtualService(for: service) else { return [] }
    let namespace = virtualService.metadata.namespace ?? "default"
    let resource = virtualService.reference
    if !(virtualService.spec.tls ?? []).isEmpty {
      warn(
        .unsupported,
        resource, ["spec", "tls"],
        "TLS (SNI) routes are not translated; TLS services go to their own cluster")
    }
    var routes: [Envoy.Route] = []
    for (routeIndex, httpRoute) in (virtualService.spec.http ?? []).enumerated() {
      let field: YAMLPath = ["spec", "http", .index(routeIndex)]
      if httpRoute.delegate != nil {
        throw TranslationIssue(
          .unsupported,
          resource: resource, field: field / "delegate",
          message: "delegate VirtualServices apply to gateways only")
      }
      let matches: [HTTPMatchRequest?] = httpRoute.match.map { $0.map(Optional.some) } ?? [nil]
      for (matchIndex, match) in matches.enumerated() {
        let matchField = field / "match" / matchIndex
        // Matches for other ports, other clients or gateways only leave this sidecar out.
        if let match {
          if let port = match.port, port != service.port.number { continue }
          if let labels = match.sourceLabels, !LabelMatching.matches(labels, workload.labels) {
            continue
          }
          if let source = match.sourceNamespace, source != workload.namespace { continue }
          if let gateways = match.gateways, !gateways.contains("mesh") { continue }
        }
        var route = Envoy.Route(
          name: httpRoute.name ?? "\(virtualService.metadata.name ?? "").\(routeIndex)",
          match: try routeMatch(match, resource: resource, field: matchField))
        try apply(
          httpRoute, to: &route, service: service, namespace: namespace, clusters: clusters,
          resource: resource, field: field)
        routes.append(route)
      }
    }
    return routes
  }

  private func routeMatch(_ match: HTTPMatchRequest?, resource: String, field: YAMLPath) throws
    -> Envoy.RouteMatch
  {
    guard let match else { return .any }
    var result = Envoy.RouteMatch()
    switch (match.uri?.exact, match.uri?.prefix, match.uri?.regex) {
    case (let exact?, _, _): result.path = exact
    case (_, let prefix?, _): result.prefix = prefix
    case (_, _, let regex?): result.safeRegex = Envoy.RegexMatcher(regex: regex)
    default: result.prefix = "/"
    }
    if match.ignoreUriCase == true { result.caseSensitive = false }
    var headers: [Envoy.HeaderMatcher] = []
    func header(_ name: String, _ value: StringMatch, inverted: Bool = false) -> Envoy.HeaderMatcher
    {
      var matcher = Envoy.HeaderMatcher(name: name, stringMatch: Self.stringMatcher(value))
      if value.exact == nil && value.prefix == nil && value.regex == nil {
        matcher = Envoy.HeaderMatcher(name: name, stringMatch: nil, presentMatch: true)
      }
      if inverted { matcher.invertMatch = true }
      return matcher
    }
    if let method = match.method { headers.append(header(":method", method)) }
    if let authority = match.authority { headers.append(header(":authority", authority)) }
    if let scheme = match.scheme { headers.append(header(":scheme", scheme)) }
    for (name, value) in (match.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
      headers.append(header(name, value))
    }
    for (name, value) in (match.withoutHeaders ?? [:]).sorted(by: { $0.key < $1.key }) {
      headers.append(header(name, value, inverted: true))
    }
    if !headers.isEmpty { result.headers = headers }
    let query = (match.queryParams ?? [:]).sorted(by: { $0.key < $1.key }).map { name, value in
      value.exact == nil && value.prefix == nil && value.regex == nil
        ? Envoy.QueryParameterMatcher(name: name, presentMatch: true)
        : Envoy.QueryParameterMatcher(name: name, stringMatch: Self.stringMatcher(value))
    }
    if !query.isEmpty { result.queryParameters = query }
    return result
  }

  static func stringMatcher(_ value: StringMatch) -> Envoy.StringMatcher {
    if let exact = value.exact { return .exact(exact) }
    if let prefix = value.prefix { return .prefix(prefix) }
    return .regex(value.regex ?? ".*")
  }

  /// The route's action (forward, redirect or direct response) and its policies.
  private mutating func apply(
    _ httpRoute: HTTPRoute, to route: inout Envoy.Route, service: MeshService, namespace: String,
    clusters: Set<String>, resource: String, field: YAMLPath
  ) throws {
    if let redirect = httpRoute.redirect {
      let codes: [UInt32: String] = [
        301: "MOVED_PERMANENTLY", 302: "FOUND", 303: "SEE_OTHER", 307: "TEMPORARY_REDIRECT",
        308: "PERMANENT_REDIRECT",
      ]
      route.redirect = Envoy.RedirectAction(
        hostRedirect: redirect.authority, portRedirect: redirect.port, pathRedirect: redirect.uri,
        prefixRewrite: redirect.prefixRewrite, schemeRedirect: redirect.scheme,
        responseCode: redirect.redirectCode.flatMap { codes[$0] })
      if let code = redirect.redirectCode, codes[code] == nil {
        throw TranslationIssue(
          .invalidValue,
          resource: resource, field: field / "redirect" / "redirectCode",
          message: "Envoy redirects with 301, 302, 303, 307 or 308, not \(code)")
      }
    } else if let direct = httpRoute.directResponse {
      route.directResponse = Envoy.DirectResponseAction(
        status: direct.status,
        body: direct.body.flatMap { body in
          body.string.map(Envoy.DataSource.inline)
            ?? body.bytes.map { Envoy.DataSource(inlineBytes: $0) }
        })
    } else {
      route.route = try routeAction(
        httpRoute, service: service, namespace: namespace, clusters: clusters, resource: resource,
        field: field, match: route.match)
    }
    if let headers = httpRoute.headers {
      route.requestHeadersToAdd = Self.headerOptions(headers.request)
      route.requestHeadersToRemove = headers.request?.remove
      route.responseHeadersToAdd = Self.headerOptions(headers.response)
      route.responseHeadersToRemove = headers.response?.remove
    }
    var perFilter: [String: Envoy.TypedConfig] = [:]
    if let fault = httpRoute.fault {
      perFilter[Envoy.HTTPFault.extensionName] = Envoy.TypedConfig(
        try self.fault(fault, resource: resource, field: field / "fault"))
    }
    if let cors = httpRoute.corsPolicy {
      perFilter[Envoy.CORSFilter.extensionName] = Envoy.TypedConfig(Self.cors(cors))
    }
    if !perFilter.isEmpty { route.typedPerFilterConfig = perFilter }
  }

  private mutating func routeAction(
    _ httpRoute: HTTPRoute, service: MeshService, namespace: String, clusters: Set<String>,
    resource: String, field: YAMLPath, match: Envoy.RouteMatch
  ) throws -> Envoy.RouteAction {
    let destinations = httpRoute.route ?? []
    guard !destinations.isEmpty else {
      throw TranslationIssue(
        .invalidValue,
        resource: resource, field: field / "route",
        message: "a route needs a destination, a redirect or a direct response")
    }
    var action = Envoy.RouteAction()
    if destinations.count == 1 {
      action.cluster = try clusterName(
        for: destinations[0].destination, from: service, namespace: namespace, clusters: clusters,
        resource: resource, field: field / "route" / 0 / "destination")
    } else {
      var weighted: [Envoy.WeightedCluster.ClusterWeight] = []
      for (position, destination) in destinations.enumerated() {
        let weight = destination.weight ?? 0
        guard weight > 0 else { continue }
        weighted.append(
          Envoy.WeightedCluster.ClusterWeight(
            name: try clusterName(
              for: destination.destination, from: service, namespace: namespace,
              clusters: clusters, resource: resource,
              field: field / "route" / position / "destination"),
            weight: UInt32(weight),
            requestHeadersToAdd: Self.headerOptions(destination.headers?.request),
            responseHeadersToAdd: Self.headerOptions(destination.headers?.response)))
      }
      action.weightedClusters = Envoy.WeightedCluster(clusters: weighted)
    }
    if let rewrite = httpRoute.rewrite {
      if let uri = rewrite.uri {
        if match.prefix != nil {
          action.prefixRewrite = uri
        } else {
          // Istio replaces the whole path when the match is not a prefix.
          action.regexRewrite = Envoy.RegexMatchAndSubstitute(
            pattern: Envoy.RegexMatcher(regex: "^.*$"), substitution: uri)
        }
      }
      if let regex = rewrite.uriRegexRewrite, let pattern = regex.match {
        action.regexRewrite = Envoy.RegexMatchAndSubstitute(
          pattern: Envoy.RegexMatcher(regex: pattern), substitution: regex.rewrite ?? "")
      }
      action.hostRewriteLiteral = rewrite.authority
    }
    action.timeout = IstioDuration.parse(httpRoute.timeout) ?? .seconds(0)
    if let retries = httpRoute.retries {
      if (retries.attempts ?? 0) > 0 {
        action.retryPolicy = Envoy.RetryPolicy(
          retryOn: retries.retryOn
            ?? "connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes",
          numRetries: UInt32(retries.attempts ?? 0),
          perTryTimeout: IstioDuration.parse(retries.perTryTimeout),
          retriableStatusCodes: (retries.retryOn ?? "").isEmpty ? [503] : nil,
          retryHostPredicate: retries.retryIgnorePreviousHosts == false
            ? nil
            : [
              Envoy.TypedExtensionConfig(
                name: Envoy.PreviousHostsPredicate.extensionName, Envoy.PreviousHostsPredicate())
            ],
          hostSelectionRetryMaxAttempts: retries.retryIgnorePreviousHosts == false ? nil : 5)
      }
      if retries.retryRemoteLocalities != nil {
        warn(
          .unsupported,
          resource, field / "retries" / "retryRemoteLocalities",
          "locality-aware retries are not translated")
      }
      if retries.backoff != nil {
        warn(
          .unsupported,
          resource, field / "retries" / "backoff",
          "retry back-off is not translated; Envoy's default (25ms base) applies")
      }
    } else {
      action.retryPolicy = defaultRoute(to: "").route?.retryPolicy
    }
    var mirrors: [Envoy.RequestMirrorPolicy] = []
    if let mirror = httpRoute.mirror {
      let percent =
        httpRoute.mirrorPercentage?.value ?? httpRoute.mirrorPercent.map(Double.init) ?? 100
      mirrors.append(
        Envoy.RequestMirrorPolicy(
          cluster: try clusterName(
            for: mirror, from: service, namespace: namespace, clusters: clusters,
            resource: resource, field: field / "mirror"),
          runtimeFraction: Envoy.RuntimeFractionalPercent(defaultValue: .percent(percent))))
    }
    for (position, mirror) in (httpRoute.mirrors ?? []).enumerated() {
      mirrors.append(
        Envoy.RequestMirrorPolicy(
          cluster: try clusterName(
            for: mirror.destination, from: service, namespace: namespace, clusters: clusters,
            resource: resource, field: field / "mirrors" / position / "destination"),
          runtimeFraction: Envoy.RuntimeFractionalPercent(
            defaultValue: .percent(mirror.percentage?.value ?? 100))))
    }
    if !mirrors.isEmpty { action.requestMirrorPolicies = mirrors }
    if let hash = consistentHashPolicy(for: service) { action.hashPolicy = [hash] }
    return action
  }

  private func fault(_ fault: HTTPFaultInjection, resource: String, field: YAMLPath) throws
    -> Envoy.HTTPFault
  {
    var result = Envoy.HTTPFault()
    if let delay = fault.delay {
      guard let fixed = IstioDuration.parse(delay.fixedDelay) else {
        throw TranslationIssue(
          .unsupported,
          resource: resource, field: field / "delay",
          message: "only fixedDelay is supported (exponentialDelay is not in Envoy's fault filter)")
      }
      let percent = delay.percentage?.value ?? delay.percent.map(Double.init) ?? 100
      result.delay = Envoy.HTTPFault.Delay(fixedDelay: fixed, percentage: .percent(percent))
    }
    if let abort = fault.abort {
      guard let status = abort.httpStatus else {
        throw TranslationIssue(
          .unsupported,
          resource: resource, field: field / "abort",
          message: "only httpStatus aborts are supported")
      }
      result.abort = Envoy.HTTPFault.Abort(
        httpStatus: UInt32(status), percentage: .percent(abort.percentage?.value ?? 100))
    }
    return result
  }

  static func cors(_ policy: CorsPolicy) -> Envoy.CORSPolicy {
    let origins =
      (policy.allowOrigins ?? []).map(stringMatcher)
      + (policy.allowOrigin ?? []).map(Envoy.StringMatcher.exact)
    return Envoy.CORSPolicy(
      allowOriginStringMatch: origins.isEmpty ? nil : origins,
      allowMethods: policy.allowMethods?.joined(separator: ","),
      allowHeaders: policy.allowHeaders?.joined(separator: ","),
      exposeHeaders: policy.exposeHeaders?.joined(separator: ","),
      maxAge: IstioDuration.parse(policy.maxAge).map { String($0.nanoseconds / 1_000_000_000) },
      allowCredentials: policy.allowCredentials)
  }

  static func headerOptions(_ operations: HeaderOperations?) -> [Envoy.HeaderValueOption]? {
    guard let operations else { return nil }
    let set = (operations.set ?? [:]).sorted { $0.key < $1.key }.map {
      Envoy.HeaderValueOption(
        header: Envoy.HeaderValue(key: $0.key, value: $0.value),
        appendAction: .overwriteIfExistsOrAdd)
    }
    let add = (operations.add ?? [:]).sorted { $0.key < $1.key }.map {
      Envoy.HeaderValueOption(
        header: Envoy.HeaderValue(key: $0.key, value: $0.value), appendAction: .appendIfExistsOrAdd)
    }
    let all = set + add
    return all.isEmpty ? nil : all
  }
}
