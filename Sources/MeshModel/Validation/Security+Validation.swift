import Foundation
import YAMLCoding

/// Rules shared by the policies that select workloads or attach to targets.
enum PolicyTargetRules {
  /// Service, ServiceEntry and the Kubernetes Gateway: the kinds a policy may target.
  private static let allowedTargets: Set<String> = [
    "core/Service", "networking.istio.io/ServiceEntry", "gateway.networking.k8s.io/Gateway",
  ]

  static func collect(
    selector: LabelSelector?, targetRef: PolicyTargetReference?,
    targetRefs: [PolicyTargetReference]?,
    at path: YAMLPath, into issues: inout IssueCollector
  ) {
    let setCount = [selector != nil, targetRef != nil, !(targetRefs ?? []).isEmpty].filter { $0 }
      .count
    if setCount > 1 {
      issues.error(.conflict, path, "only one of targetRefs or workloadSelector can be set")
    }
    if let selector {
      Rules.selector(
        selector.matchLabels ?? [:], path: path / "selector" / "matchLabels", into: &issues)
    }
    if let targetRef { check(targetRef, at: path / "targetRef", into: &issues) }
    for (index, reference) in (targetRefs ?? []).enumerated() {
      check(reference, at: path / "targetRefs" / index, into: &issues)
    }
  }

  private static func check(
    _ reference: PolicyTargetReference, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    if reference.name.isEmpty {
      issues.error(.missingField, path / "name", "targetRef name must be set")
    }
    if let namespace = reference.namespace, !namespace.isEmpty {
      issues.error(
        .unsupported,
        path / "namespace",
        "targetRef namespace must not be set; cross namespace referencing is not supported")
    }
    let group = (reference.group ?? "").isEmpty ? "core" : reference.group ?? "core"
    if !allowedTargets.contains("\(group)/\(reference.kind)") {
      issues.error(
        .invalidValue,
        path,
        "targetRef must be to one of [core/Service networking.istio.io/ServiceEntry gateway.networking.k8s.io/Gateway] but was \(reference.group ?? "")/\(reference.kind)"
      )
    }
  }
}

extension PeerAuthenticationSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    let emptySelector = (selector?.matchLabels ?? [:]).isEmpty
    if let portLevel = portLevelMtls {
      if emptySelector && !portLevel.isEmpty {
        issues.error(
          .conflict,
          path / "portLevelMtls", "mesh/namespace peer authentication cannot have port level mTLS")
      }
      if portLevel.isEmpty {
        issues.error(
          .missingField,
          path / "portLevelMtls", "port level mTLS, if defined, must have at least one element")
      }
      for port in portLevel.keys.sorted() {
        guard let number = UInt32(port), (1...65535).contains(number) else {
          issues.error(
            .invalidValue, path / "portLevelMtls" / port, "port must be in range 1..65535")
          continue
        }
      }
    }
    if let selector {
      Rules.selector(
        selector.matchLabels ?? [:], path: path / "selector" / "matchLabels", into: &issues)
    }
  }
}

extension AuthorizationPolicySpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    PolicyTargetRules.collect(
      selector: selector, targetRef: targetRef, targetRefs: targetRefs, at: path, into: &issues)
    let action = self.action ?? .allow
    if action == .custom {
      if rules == nil {
        issues.error(
          .missingField,
          path / "rules",
          "CUSTOM action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request"
        )
      } else if (provider?.name ?? "").isEmpty {
        issues.error(.missingField, path / "provider" / "name", "`provider.name` must not be empty")
      }
      for (index, rule) in (rules ?? []).enumerated() {
        rule.collectCustomActionIssues(at: path / "rules" / index, into: &issues)
      }
    }
    if provider != nil && action != .custom {
      issues.error(
        .conflict,
        path / "provider", "`provider` must not be with non CUSTOM action, found \(action.rawValue)"
      )
    }
    if action == .deny && rules == nil {
      issues.error(
        .missingField,
        path / "rules",
        "DENY action without `rules` is meaningless as it will never be triggered, add an empty rule `{}` if you want it be triggered for every request"
      )
    }
    for (index, rule) in (rules ?? []).enumerated() {
      rule.collectIssues(index: index, action: action, at: path / "rules" / index, into: &issues)
    }
    if let dryRun = metadata.annotations?["istio.io/dry-run"] {
      if action != .allow && action != .deny {
        issues.error(
          .unsupported,
          ["metadata", "annotations", "istio.io/dry-run"],
          "the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action \(action.rawValue)"
        )
      } else if !["true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False"].contains(
        dryRun)
      {
        issues.error(
          .invalidValue,
          ["metadata", "annotations", "istio.io/dry-run"],
          "annotation istio.io/dry-run has invalid value (\(dryRun))")
      }
    }
  }
}

extension AuthorizationRule {
  func collectCustomActionIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    for (index, from) in (from ?? []).enumerated() {
      guard let source = from.source else { continue }
      let unsupported: [(String, [String]?)] = [
        ("From.Namespaces", source.namespaces), ("From.NotNamespaces", source.notNamespaces),
        ("From.Principals", source.principals), ("From.NotPrincipals", source.notPrincipals),
        ("From.RequestPrincipals", source.requestPrincipals),
        ("From.NotRequestPrincipals", source.notRequestPrincipals),
      ]
      for (name, values) in unsupported where !(values ?? []).isEmpty {
        issues.error(
          .unsupported,
          path / "from" / index / "source", "\(name) is currently not supported with CUSTOM action")
      }
    }
    for (index, condition) in (when ?? []).enumerated()
    where condition.key == "source.namespace" || condition.key == "source.principal"
      || condition.key.hasPrefix("request.auth.")
    {
      issues.error(
        .unsupported,
        path / "when" / index / "key",
        "\(condition.key) is currently not supported with CUSTOM action")
    }
  }

  func collectIssues(
    index rule: Int, action: AuthorizationAction, at path: YAMLPath,
    into issues: inout IssueCollector
  ) {
    if let from, from.isEmpty {
      issues.error(.missingField, path / "from", "`from` must not be empty, found at rule \(rule)")
    }
    var fromExists = false
    var tcpInFrom = false
    for (index, entry) in (from ?? []).enumerated() {
      let sourcePath = path / "from" / index / "source"
      guard let source = entry.source else {
        issues.error(
          .missingField, path / "from" / index,
          "`from.source` must not be nil, found at rule \(rule)")
        continue
      }
      fromExists = true
      let lists: [(String, [String]?)] = [
        ("principals", source.principals), ("requestPrincipals", source.requestPrincipals),
        ("namespaces", source.namespaces), ("ipBlocks", source.ipBlocks),
        ("remoteIpBlocks", source.remoteIpBlocks),
        ("notPrincipals", source.notPrincipals),
        ("notRequestPrincipals", source.notRequestPrincipals),
        ("notNamespaces", source.notNamespaces), ("notIpBlocks", source.notIpBlocks),
        ("notRemoteIpBlocks", source.notRemoteIpBlocks),
        ("serviceAccounts", source.serviceAccounts),
        ("notServiceAccounts", source.notServiceAccounts),
      ]
      if lists.allSatisfy({ ($0.1 ?? []).isEmpty }) {
        issues.error(
          .missingField, sourcePath, "`from.source` must not be empty, found at rule \(rule)")
      }
      for (field, values) in lists {
        for (valueIndex, value) in (values ?? []).enumerated() {
          if value.isEmpty {
            issues.error(
              .invalidValue,
              sourcePath / field / valueIndex,
              "empty value not allowed, found in \(field.capitalizedFirst)")
          } else if field.hasSuffix("pBlocks") || field.hasSuffix("IpBlocks"),
            let problem = Rules.ipSubnet(value)
          {
            issues.error(
              .invalidValue,
              sourcePath / field / valueIndex,
              "invalid IP address or CIDR range: \(value) (\(problem))")
          }
        }
      }
      if (source.serviceAccounts != nil || source.notServiceAccounts != nil)
        && (source.principals != nil || source.notPrincipals != nil)
      {
        issues.error(.conflict, sourcePath, "cannot set serviceAccounts and principals together")
      }
      let tcpFields = [
        source.principals, source.notPrincipals, source.ipBlocks, source.notIpBlocks,
        source.namespaces,
        source.notNamespaces, source.remoteIpBlocks, source.notRemoteIpBlocks,
      ]
      if tcpFields.contains(where: { $0 != nil }) { tcpInFrom = true }
    }
    if let to, to.isEmpty {
      issues.error(.missingField, path / "to", "`to` must not be empty, found at rule \(rule)")
    }
    var toExists = false
    var tcpInTo = false
    for (index, entry) in (to ?? []).enumerated() {
      let operationPath = path / "to" / index / "operation"
      guard let operation = entry.operation else {
        issues.error(
          .missingField, path / "to" / index,
          "`to.operation` must not be nil, found at rule \(rule)")
        continue
      }
      toExists = true
      let lists: [(String, [String]?)] = [
        ("ports", operation.ports), ("methods", operation.methods), ("paths", operation.paths),
        ("hosts", operation.hosts), ("notPorts", operation.notPorts),
        ("notMethods", operation.notMethods),
        ("notPaths", operation.notPaths), ("notHosts", operation.notHosts),
      ]
      if lists.allSatisfy({ ($0.1 ?? []).isEmpty }) {
        issues.error(
          .missingField, operationPath, "`to.operation` must not be empty, found at rule \(rule)")
      }
      for (field, values) in lists {
        for (valueIndex, value) in (values ?? []).enumerated() {
          if value.isEmpty {
            issues.error(
              .invalidValue,
              operationPath / field / valueIndex,
              "empty value not allowed, found in \(field.capitalizedFirst)")
          } else if field == "ports" || field == "notPorts" {
            if UInt32(value).map({ $0 <= 65535 }) != true {
              issues.error(
                .invalidValue, operationPath / field / valueIndex, "invalid port: \(value)")
            }
          } else if field == "paths" || field == "notPaths", let problem = Self.pathTemplate(value)
          {
            issues.error(.invalidValue, operationPath / field / valueIndex, problem)
          }
        }
      }
      if operation.ports != nil || operation.notPorts != nil { tcpInTo = true }
    }
    for (index, condition) in (when ?? []).enumerated() {
      let conditionPath = path / "when" / index
      if condition.key.isEmpty {
        issues.error(.missingField, conditionPath / "key", "`key` must not be empty")
        continue
      }
      if (condition.values ?? []).isEmpty && (condition.notValues ?? []).isEmpty {
        issues.error(
          .missingField,
          conditionPath,
          "at least one of `values` or `notValues` must be set for key \(condition.key)")
        continue
      }
      if let problem = ConditionRules.key(condition.key) {
        issues.error(.invalidValue, conditionPath / "key", problem)
        continue
      }
      for (field, label) in [("values", "value"), ("notValues", "notValue")] {
        let values = field == "values" ? condition.values : condition.notValues
        if let problem = ConditionRules.values(values ?? [], for: condition.key) {
          issues.error(
            .invalidValue,
            conditionPath / field, "invalid `\(label)` for `key` \(condition.key): \(problem)")
        }
      }
    }
    if ((fromExists && !toExists && !tcpInFrom) || (toExists && !tcpInTo)) && action == .deny {
      issues.warning(
        .risky,
        path,
        "configured AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify the port"
      )
    }
  }

  /// `{*}` matches one path segment and `{**}` the rest; they must stand alone in a
  /// segment, and `{**}` only last.
  private static func pathTemplate(_ path: String) -> String? {
    guard path.contains("{") || path.contains("}") else { return nil }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    for (index, segment) in segments.enumerated()
    where segment.contains("{") || segment.contains("}") {
      if segment != "{*}" && segment != "{**}" {
        return
          "invalid or unsupported path \(path), found in Paths. Contains segment \(segment) with invalid operator or glob"
      }
      if segment == "{**}" && index != segments.count - 1 {
        return "invalid or unsupported path \(path), found in Paths. {**} is not the last operator"
      }
    }
    return nil
  }
}

/// The attributes a `when` condition may test, and what their values must look like.
enum ConditionRules {
  private static let exactKeys: Set<String> = [
    "source.ip", "remote.ip", "source.namespace", "source.principal", "source.serviceAccount",
    "request.auth.principal",
    "request.auth.audiences", "request.auth.presenter", "destination.ip", "destination.port",
    "connection.sni",
    "request.experimental.filter_state",
  ]

  static func key(_ key: String) -> String? {
    if exactKeys.contains(key) { return nil }
    for prefix in ["request.headers[", "request.auth.claims[", "experimental.envoy.filters."]
    where key.hasPrefix(prefix) {
      if prefix.hasSuffix("[") && (!key.hasSuffix("]") || key.count <= prefix.count + 1) {
        return "invalid key: \(key)"
      }
      return nil
    }
    return "unknown attribute (\(key))"
  }

  static func values(_ values: [String], for key: String) -> String? {
    switch key {
    case "source.ip", "remote.ip", "destination.ip":
      for value in values where Rules.ipSubnet(value) != nil {
        return "invalid IP address or CIDR range: \(value)"
      }
    case "destination.port":
      for value in values where UInt32(value).map({ $0 <= 65535 }) != true {
        return "invalid port: \(value)"
      }
    default:
      break
    }
    return nil
  }
}

extension RequestAuthenticationSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    PolicyTargetRules.collect(
      selector: selector, targetRef: targetRef, targetRefs: targetRefs, at: path, into: &issues)
    for (index, rule) in (jwtRules ?? []).enumerated() {
      rule.collectIssues(at: path / "jwtRules" / index, into: &issues)
    }
  }
}

extension JWTRule {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if issuer.isEmpty { issues.error(.missingField, path / "issuer", "issuer must be set") }
    for (index, audience) in (audiences ?? []).enumerated() where audience.isEmpty {
      issues.error(.missingField, path / "audiences" / index, "audience must be non-empty string")
    }
    for (field, uri) in [("jwksUri", jwksUri), ("jwks_uri", legacyJwksUri)] {
      guard let uri, !uri.isEmpty else { continue }
      if let problem = Self.jwksURI(uri) { issues.error(.invalidValue, path / field, problem) }
    }
    if let jwks, !jwks.isEmpty, let problem = Self.jwks(jwks) {
      issues.error(.invalidValue, path / "jwks", "jwks parse error: \(problem)")
    }
    for (index, header) in (fromHeaders ?? []).enumerated() where header.name.isEmpty {
      issues.error(
        .missingField,
        path / "fromHeaders" / index / "name", "location header name must be non-empty string")
    }
    for (index, parameter) in (fromParams ?? []).enumerated() where parameter.isEmpty {
      issues.error(
        .missingField, path / "fromParams" / index, "location query must be non-empty string")
    }
    for (index, cookie) in (fromCookies ?? []).enumerated() where cookie.isEmpty {
      issues.error(
        .missingField, path / "fromCookies" / index, "cookie name must be non-empty string")
    }
    for (index, mapping) in (outputClaimToHeaders ?? []).enumerated() {
      if mapping.claim.isEmpty || mapping.header.isEmpty {
        issues.error(
          .missingField,
          path / "outputClaimToHeaders" / index,
          "outputClaimToHeaders header and claim value must be non-empty string")
        continue
      }
      issues.error(
        .invalidValue,
        path / "outputClaimToHeaders" / index / "header", ifAny: HeaderRules.name(mapping.header))
    }
    issues.error(.invalidValue, path / "timeout", ifAny: Rules.duration(timeout))
  }

  /// An http or https URL with a host, as Istio's `ParseJwksURI`.
  private static func jwksURI(_ uri: String) -> String? {
    guard let components = URLComponentsParser.parse(uri) else {
      return "invalid jwks uri \"\(uri)\""
    }
    if components.scheme != "http" && components.scheme != "https" {
      return "jwks uri \"\(uri)\": scheme must be http or https"
    }
    if components.host.isEmpty { return "jwks uri \"\(uri)\": host is required" }
    return nil
  }

  /// A JSON Web Key Set: a JSON object whose `keys` is an array of objects with `kty`.
  private static func jwks(_ text: String) -> String? {
    guard let data = text.data(using: .utf8),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    else { return "not a JSON object" }
    guard let keys = object["keys"] as? [[String: Any]] else { return "no \"keys\" array" }
    if keys.contains(where: { ($0["kty"] as? String) == nil }) { return "a key has no \"kty\"" }
    return nil
  }
}

extension String {
  /// `ipBlocks` -> `IpBlocks`, as Istio names fields in its messages.
  fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
