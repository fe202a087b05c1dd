import YAMLCoding

/// Istio's unreachable-rule warnings for a VirtualService (IST0130
/// VirtualServiceUnreachableRule, IST0131 VirtualServiceIneffectiveMatch): a rule after a
/// match-all rule, and matches that an earlier rule already takes.
enum UnreachableRules {
  static func analyze(
    _ spec: VirtualServiceSpec, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    analyze(
      (spec.http ?? []).map { route in route.match.map { $0.map(\.withoutName) } },
      names: (spec.http ?? []).map(\.name), at: path / "http", into: &issues)
    analyze((spec.tcp ?? []).map(\.match), names: [], at: path / "tcp", into: &issues)
    analyze((spec.tls ?? []).map(\.match), names: [], at: path / "tls", into: &issues)
  }

  private static func analyze<Match: Hashable>(
    _ rules: [[Match]?], names: [String?], at path: YAMLPath, into issues: inout IssueCollector
  ) {
    func ruleName(_ index: Int) -> String {
      if index < names.count, let name = names[index], !name.isEmpty { return "\"\(name)\"" }
      return "#\(index)"
    }
    var seen: [Match: Int] = [:]
    var matchAllSeen = false
    for (ruleIndex, matches) in rules.enumerated() {
      guard let matches, !matches.isEmpty else {
        if matchAllSeen {
          issues.warning(
            path / ruleIndex,
            "virtualService rule \(ruleName(ruleIndex)) not used (only the last rule can have no matches)"
          )
        }
        matchAllSeen = true
        continue
      }
      var duplicates = 0
      for (matchIndex, match) in matches.enumerated() {
        if let earlier = seen[match] {
          issues.warning(
            path / ruleIndex / "match" / matchIndex,
            "virtualService rule \(ruleName(ruleIndex)) match #\(matchIndex) is not used (duplicate/overlapping match in rule \(ruleName(earlier)))"
          )
          duplicates += 1
        } else {
          seen[match] = ruleIndex
        }
      }
      if duplicates == matches.count {
        issues.warning(
          path / ruleIndex,
          "virtualService rule \(ruleName(ruleIndex)) not used (all matches used by prior rules)")
      }
    }
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
