import YAMLCoding

/// Istio's unreachable-rule checks for a VirtualService (IST0130
/// VirtualServiceUnreachableRule, IST0131 VirtualServiceIneffectiveMatch): a rule after a
/// match-all rule, and matches that an earlier rule already takes. Validation reports
/// them as warnings; the analyzers as messages with their codes.
enum UnreachableRules {
  /// One finding, at the rule or match it is about.
  enum Finding {
    /// Rule `rule` can never be used, for `reason`.
    case unreachable(path: YAMLPath, rule: String, reason: String)
    /// Match `match` of rule `rule` is taken by rule `earlier`.
    case ineffective(path: YAMLPath, rule: String, match: Int, earlier: String)

    var path: YAMLPath {
      switch self {
      case .unreachable(let path, _, _), .ineffective(let path, _, _, _): path
      }
    }

    /// The warning validation reports for it.
    var validationMessage: String {
      switch self {
      case .unreachable(_, let rule, let reason): "virtualService rule \(rule) not used (\(reason))"
      case .ineffective(_, let rule, let match, let earlier):
        "virtualService rule \(rule) match #\(match) is not used (duplicate/overlapping match in rule \(earlier))"
      }
    }
  }

  static func analyze(
    _ spec: VirtualServiceSpec, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    for finding in findings(spec, at: path) {
      issues.warning(.unreachableRule, finding.path, finding.validationMessage)
    }
  }

  static func findings(_ spec: VirtualServiceSpec, at path: YAMLPath) -> [Finding] {
    findings(
      (spec.http ?? []).map { route in route.match.map { $0.map(\.withoutName) } },
      names: (spec.http ?? []).map(\.name), at: path / "http")
      + findings((spec.tcp ?? []).map(\.match), names: [], at: path / "tcp")
      + findings((spec.tls ?? []).map(\.match), names: [], at: path / "tls")
  }

  private static func findings<Match: Hashable>(
    _ rules: [[Match]?], names: [String?], at path: YAMLPath
  ) -> [Finding] {
    func ruleName(_ index: Int) -> String {
      if index < names.count, let name = names[index], !name.isEmpty { return "\"\(name)\"" }
      return "#\(index)"
    }
    var found: [Finding] = []
    var seen: [Match: Int] = [:]
    var matchAllSeen = false
    for (ruleIndex, matches) in rules.enumerated() {
      guard let matches, !matches.isEmpty else {
        if matchAllSeen {
          found.append(
            .unreachable(
              path: path / ruleIndex, rule: ruleName(ruleIndex),
              reason: "only the last rule can have no matches"))
        }
        matchAllSeen = true
        continue
      }
      var duplicates = 0
      for (matchIndex, match) in matches.enumerated() {
        if let earlier = seen[match] {
          found.append(
            .ineffective(
              path: path / ruleIndex / "match" / matchIndex, rule: ruleName(ruleIndex),
              match: matchIndex, earlier: ruleName(earlier)))
          duplicates += 1
        } else {
          seen[match] = ruleIndex
        }
      }
      if duplicates == matches.count {
        found.append(
          .unreachable(
            path: path / ruleIndex, rule: ruleName(ruleIndex),
            reason: "all matches used by prior rules"))
      }
    }
    return found
  }
}

extension HTTPMatchRequest {
  /// The match without its name, which does not affect routing.
  var withoutName: HTTPMatchRequest {
    var copy = self
    copy.name = nil
    return copy
  }
}
