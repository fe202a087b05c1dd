import Foundation
import MeshModel
import YAMLCoding

/// The RBAC filters of one listener, in the order Envoy must run them.
struct AuthorizationFilters {
  var http: [Envoy.HTTPRBAC] = []
  var network: [Envoy.NetworkRBAC] = []
}

extension TranslationContext {
  /// The AuthorizationPolicies that apply to the workload: its namespace's (with a
  /// selector that matches, or none) and the root namespace's (likewise).
  func applicableAuthorizationPolicies() -> [AuthorizationPolicy] {
    index.authorizationPolicies.filter { policy in
      let namespace = policy.metadata.namespace ?? "default"
      guard namespace == workload.namespace || namespace == options.rootNamespace else {
        return false
      }
      guard policy.spec.targetRef == nil, (policy.spec.targetRefs ?? []).isEmpty else {
        return false
      }
      return LabelMatching.matches(policy.spec.selector?.matchLabels ?? [:], workload.labels)
    }
    .sorted {
      ($0.metadata.namespace ?? "", $0.metadata.name ?? "") < (
        $1.metadata.namespace ?? "", $1.metadata.name ?? ""
      )
    }
  }

  /// RBAC filters from the applicable AuthorizationPolicies: AUDIT (logged), DENY, then
  /// ALLOW, as Istio orders them. With any ALLOW policy, a request none allows is denied.
  /// On TCP ports, rules that need HTTP attributes are dropped from ALLOW (they can never
  /// match) and narrowed away from DENY (the rest of the rule still denies), as Istio
  /// does; both are reported as warnings.
  mutating func authorizationFilters(tcp: Bool) throws -> AuthorizationFilters {
    var byAction: [AuthorizationAction: [String: Envoy.RBACPolicy]] = [:]
    var hasAllow = false
    for policy in applicableAuthorizationPolicies() {
      let resource = policy.reference
      let action = policy.spec.action ?? .allow
      if action == .custom {
        throw TranslationIssue(
          .unsupported,
          resource: resource, field: ["spec", "action"],
          message:
            "CUSTOM needs an external authorizer (ext_authz), which sidecars made by this SDK do not run"
        )
      }
      if action == .allow { hasAllow = true }
      for (ruleIndex, rule) in (policy.spec.rules ?? []).enumerated() {
        let field: YAMLPath = ["spec", "rules", .index(ruleIndex)]
        guard
          let translated = try rbacPolicy(
            rule, tcp: tcp, action: action, policyNamespace: policy.metadata.namespace ?? "default",
            resource: resource, field: field)
        else { continue }
        byAction[action, default: [:]][
          "ns[\(policy.metadata.namespace ?? "default")]-policy[\(policy.metadata.name ?? "")]-rule[\(ruleIndex)]"
        ] =
          translated
      }
    }
    var filters = AuthorizationFilters()
    let order: [(AuthorizationAction, Envoy.RBACRules.Action)] = [
      (.audit, .log), (.deny, .deny), (.allow, .allow),
    ]
    for (action, envoyAction) in order {
      let policies = byAction[action] ?? [:]
      guard !policies.isEmpty || (action == .allow && hasAllow) else { continue }
      let rules = Envoy.RBACRules(action: envoyAction, policies: policies)
      if tcp {
        filters.network.append(Envoy.NetworkRBAC(statPrefix: "tcp.", rules: rules))
      } else {
        filters.http.append(Envoy.HTTPRBAC(rules: rules))
      }
    }
    return filters
  }

  /// One rule as an RBAC policy; nil when it can never match on this kind of port.
  private mutating func rbacPolicy(
    _ rule: AuthorizationRule, tcp: Bool, action: AuthorizationAction, policyNamespace: String,
    resource: String, field: YAMLPath
  ) throws -> Envoy.RBACPolicy? {
    var principals: [Envoy.Principal] = []
    for (fromIndex, from) in (rule.from ?? []).enumerated() {
      guard let source = from.source else { continue }
      principals.append(
        try principal(
          source, policyNamespace: policyNamespace, resource: resource,
          field: field / "from" / fromIndex / "source"))
    }
    var permissions: [Envoy.Permission] = []
    var httpOnly: [String] = []
    for (toIndex, to) in (rule.to ?? []).enumerated() {
      guard let operation = to.operation else { continue }
      let (permission, needsHTTP) = self.permission(operation, tcp: tcp)
      httpOnly += needsHTTP.map { "\(field).to[\(toIndex)].operation.\($0)" }
      if let permission { permissions.append(permission) }
    }
    var conditionPermissions: [Envoy.Permission] = []
    var conditionPrincipals: [Envoy.Principal] = []
    for (whenIndex, condition) in (rule.when ?? []).enumerated() {
      let conditionField = field / "when" / whenIndex
      switch try self.condition(condition, tcp: tcp, resource: resource, field: conditionField) {
      case .permission(let permission): conditionPermissions.append(permission)
      case .principal(let principal): conditionPrincipals.append(principal)
      case .needsHTTP: httpOnly.append("\(conditionField) (\(condition.key))")
      }
    }
    if tcp, !httpOnly.isEmpty {
      if action == .allow || action == .audit {
        warn(
          .unsupported,
          resource, field,
          "needs HTTP attributes (\(httpOnly.joined(separator: ", "))) and never matches on a TCP port; left out there"
        )
        return nil
      }
      warn(
        .unsupported,
        resource, field,
        "on TCP ports the HTTP attributes (\(httpOnly.joined(separator: ", "))) are left out, so the rule denies more"
      )
    }
    var allPermissions: [Envoy.Permission] = []
    if !permissions.isEmpty {
      allPermissions.append(permissions.count == 1 ? permissions[0] : .orRules(permissions))
    }
    allPermissions += conditionPermissions
    var allPrincipals: [Envoy.Principal] = []
    if !principals.isEmpty {
      allPrincipals.append(principals.count == 1 ? principals[0] : .orIDs(principals))
    }
    allPrincipals += conditionPrincipals
    return Envoy.RBACPolicy(
      permissions: [
        allPermissions.isEmpty
          ? .any : (allPermissions.count == 1 ? allPermissions[0] : .andRules(allPermissions))
      ],
      principals: [
        allPrincipals.isEmpty
          ? .any : (allPrincipals.count == 1 ? allPrincipals[0] : .andIDs(allPrincipals))
      ])
  }

  private func principal(
    _ source: AuthorizationSource, policyNamespace: String, resource: String, field: YAMLPath
  ) throws -> Envoy.Principal {
    if source.requestPrincipals != nil || source.notRequestPrincipals != nil {
      throw TranslationIssue(
        .unsupported,
        resource: resource, field: field / "requestPrincipals",
        message:
          "request principals come from JWTs (RequestAuthentication), which sidecars made by this SDK do not validate"
      )
    }
    var parts: [Envoy.Principal] = []
    func add(_ values: [String]?, negated: Bool, _ make: (String) -> Envoy.Principal) {
      guard let values, !values.isEmpty else { return }
      let any: Envoy.Principal = values.count == 1 ? make(values[0]) : .orIDs(values.map(make))
      parts.append(negated ? .not(any) : any)
    }
    let trustDomains = options.meshTrustDomains
    func serviceAccount(_ value: String) -> Envoy.Principal {
      .authenticated(Envoy.StringMatcher(.serviceAccount(value, defaultNamespace: policyNamespace)))
    }
    // Principals written in cluster.local or an alias stand for the mesh's own trust
    // domains, as Istio rewrites them.
    add(source.principals.map(trustDomains.principals(for:)), negated: false, Self.principal)
    add(source.notPrincipals.map(trustDomains.principals(for:)), negated: true, Self.principal)
    add(source.namespaces, negated: false) { .authenticated(Envoy.StringMatcher(.namespace($0))) }
    add(source.notNamespaces, negated: true) { .authenticated(Envoy.StringMatcher(.namespace($0))) }
    add(source.serviceAccounts, negated: false, serviceAccount)
    add(source.notServiceAccounts, negated: true, serviceAccount)
    add(source.trustDomains, negated: false) {
      .authenticated(Envoy.StringMatcher(.trustDomain(named: $0)))
    }
    add(source.notTrustDomains, negated: true) {
      .authenticated(Envoy.StringMatcher(.trustDomain(named: $0)))
    }
    add(source.ipBlocks, negated: false) { .directRemoteIP(Envoy.CIDRRange($0)) }
    add(source.notIpBlocks, negated: true) { .directRemoteIP(Envoy.CIDRRange($0)) }
    add(source.remoteIpBlocks, negated: false) { .remoteIP(Envoy.CIDRRange($0)) }
    add(source.notRemoteIpBlocks, negated: true) { .remoteIP(Envoy.CIDRRange($0)) }
    if parts.isEmpty { return .any }
    return parts.count == 1 ? parts[0] : .andIDs(parts)
  }

  /// The operation as a permission, and the names of the HTTP-only fields it uses (left
  /// out on TCP ports).
  private func permission(_ operation: AuthorizationOperation, tcp: Bool) -> (
    Envoy.Permission?, [String]
  ) {
    var parts: [Envoy.Permission] = []
    var httpOnly: [String] = []
    func add(
      _ name: String, _ values: [String]?, negated: Bool, http: Bool,
      _ make: (String) -> Envoy.Permission?
    ) {
      guard let values, !values.isEmpty else { return }
      if http && tcp {
        httpOnly.append(name)
        return
      }
      let made = values.compactMap(make)
      guard !made.isEmpty else { return }
      let any: Envoy.Permission = made.count == 1 ? made[0] : .orRules(made)
      parts.append(negated ? .not(any) : any)
    }
    add("hosts", operation.hosts, negated: false, http: true) {
      .header(
        Envoy.HeaderMatcher(
          name: ":authority", stringMatch: Self.wildcardMatcher($0, ignoreCase: true)))
    }
    add("notHosts", operation.notHosts, negated: true, http: true) {
      .header(
        Envoy.HeaderMatcher(
          name: ":authority", stringMatch: Self.wildcardMatcher($0, ignoreCase: true)))
    }
    add("methods", operation.methods, negated: false, http: true) {
      .header(Envoy.HeaderMatcher(name: ":method", stringMatch: .exact($0)))
    }
    add("notMethods", operation.notMethods, negated: true, http: true) {
      .header(Envoy.HeaderMatcher(name: ":method", stringMatch: .exact($0)))
    }
    add("paths", operation.paths, negated: false, http: true) {
      .urlPath(Self.wildcardMatcher($0, ignoreCase: false))
    }
    add("notPaths", operation.notPaths, negated: true, http: true) {
      .urlPath(Self.wildcardMatcher($0, ignoreCase: false))
    }
    add("ports", operation.ports, negated: false, http: false) {
      UInt32($0).map(Envoy.Permission.destinationPort)
    }
    add("notPorts", operation.notPorts, negated: true, http: false) {
      UInt32($0).map(Envoy.Permission.destinationPort)
    }
    if parts.isEmpty { return (httpOnly.isEmpty ? .any : nil, httpOnly) }
    return (parts.count == 1 ? parts[0] : .andRules(parts), httpOnly)
  }

  private enum ConditionResult {
    case permission(Envoy.Permission)
    case principal(Envoy.Principal)
    case needsHTTP
  }

  private func condition(
    _ condition: AuthorizationCondition, tcp: Bool, resource: String, field: YAMLPath
  ) throws -> ConditionResult {
    let key = condition.key
    // A source.principal condition names principals as `source.principals` does, so its
    // values are rewritten into the mesh's trust domains the same way.
    let trustDomains = options.meshTrustDomains
    let rewrite: ([String]?) -> [String]? =
      key == "source.principal" ? { $0.map(trustDomains.principals(for:)) } : { $0 }
    func combined<T>(_ make: (String) -> T?, any: ([T]) -> T, not: (T) -> T) -> T? {
      var parts: [T] = []
      let values = (rewrite(condition.values) ?? []).compactMap(make)
      if !values.isEmpty { parts.append(values.count == 1 ? values[0] : any(values)) }
      let negated = (rewrite(condition.notValues) ?? []).compactMap(make)
      if !negated.isEmpty { parts.append(not(negated.count == 1 ? negated[0] : any(negated))) }
      if parts.isEmpty { return nil }
      return parts.count == 1 ? parts[0] : nil
    }
    func permission(_ make: (String) -> Envoy.Permission?) throws -> ConditionResult {
      guard let made = combined(make, any: Envoy.Permission.orRules, not: Envoy.Permission.not)
      else {
        throw TranslationIssue(
          .invalidValue,
          resource: resource, field: field, message: "\(key) needs values or notValues, one of them"
        )
      }
      return .permission(made)
    }
    func principal(_ make: (String) -> Envoy.Principal?) throws -> ConditionResult {
      guard let made = combined(make, any: Envoy.Principal.orIDs, not: Envoy.Principal.not) else {
        throw TranslationIssue(
          .invalidValue,
          resource: resource, field: field, message: "\(key) needs values or notValues, one of them"
        )
      }
      return .principal(made)
    }
    if key.hasPrefix("request.headers[") && key.hasSuffix("]") {
      if tcp { return .needsHTTP }
      let header = String(key.dropFirst("request.headers[".count).dropLast())
      return try permission {
        .header(
          Envoy.HeaderMatcher(
            name: header, stringMatch: Self.wildcardMatcher($0, ignoreCase: false)))
      }
    }
    switch key {
    case "source.ip": return try principal { .directRemoteIP(Envoy.CIDRRange($0)) }
    case "remote.ip": return try principal { .remoteIP(Envoy.CIDRRange($0)) }
    case "source.namespace":
      return try principal { .authenticated(Envoy.StringMatcher(.namespace($0))) }
    case "source.principal": return try principal(Self.principal)
    case "destination.ip": return try permission { .destinationIP(Envoy.CIDRRange($0)) }
    case "destination.port":
      return try permission { UInt32($0).map(Envoy.Permission.destinationPort) }
    case "connection.sni":
      return try permission { .requestedServerName(Self.wildcardMatcher($0, ignoreCase: false)) }
    default:
      if key.hasPrefix("request.auth.") {
        throw TranslationIssue(
          .unsupported,
          resource: resource, field: field / "key",
          message:
            "\(key) comes from a JWT (RequestAuthentication), which sidecars made by this SDK do not validate"
        )
      }
      throw TranslationIssue(
        .unsupported,
        resource: resource, field: field / "key", message: "unsupported condition key \(key)")
    }
  }

  /// Istio's string forms: `*` (anything present), `prefix*`, `*suffix`, or exact.
  static func wildcardMatcher(_ value: String, ignoreCase: Bool) -> Envoy.StringMatcher {
    var matcher: Envoy.StringMatcher
    if value == "*" {
      matcher = .regex(".+")
    } else if value.hasSuffix("*") {
      matcher = .prefix(String(value.dropLast()))
    } else if value.hasPrefix("*") {
      matcher = .suffix(String(value.dropFirst()))
    } else {
      matcher = .exact(value)
    }
    if ignoreCase { matcher.ignoreCase = true }
    return matcher
  }

  /// A principal (`td/ns/x/sa/y`, or a `*` pattern) as the peer certificate's SPIFFE ID.
  static func principal(_ value: String) -> Envoy.Principal {
    .authenticated(Envoy.StringMatcher(.principal(value)))
  }
}
