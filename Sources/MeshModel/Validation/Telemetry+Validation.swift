import YAMLCoding

extension TelemetrySpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    PolicyTargetRules.collect(
      selector: selector, targetRef: targetRef, targetRefs: targetRefs, at: path, into: &issues)
    for (index, metrics) in (metrics ?? []).enumerated() {
      let metricsPath = path / "metrics" / index
      Self.providers(metrics.providers, at: metricsPath / "providers", into: &issues)
      issues.error(
        .invalidValue,
        metricsPath / "reportingInterval", ifAny: Rules.duration(metrics.reportingInterval))
      for (overrideIndex, override) in (metrics.overrides ?? []).enumerated() {
        let overridePath = metricsPath / "overrides" / overrideIndex
        for (name, tag) in (override.tagOverrides ?? [:]).sorted(by: { $0.key < $1.key }) {
          if name.isEmpty {
            issues.warning(
              .missingField, overridePath / "tagOverrides", "tagOverrides.name may not be empty")
          }
          switch tag.operation ?? .upsert {
          case .upsert where (tag.value ?? "").isEmpty:
            issues.error(
              .missingField,
              overridePath / "tagOverrides" / name,
              "tagOverrides.value must be set when operation is UPSERT")
          case .remove where !(tag.value ?? "").isEmpty:
            issues.error(
              .conflict,
              overridePath / "tagOverrides" / name,
              "tagOverrides.value may only be set when operation is UPSERT")
          default:
            break
          }
        }
        if let match = override.match {
          if match.metric != nil && match.customMetric != nil {
            issues.error(
              .conflict, overridePath / "match", "only one of metric or customMetric may be set")
          }
          if let custom = match.customMetric, custom.isEmpty {
            issues.error(
              .missingField, overridePath / "match" / "customMetric",
              "customMetric may not be empty")
          }
        }
      }
    }
    let tracing = self.tracing ?? []
    if tracing.count > 1 {
      issues.warning(.unsupported, path / "tracing", "multiple tracing is not currently supported")
    }
    for (index, entry) in tracing.enumerated() {
      let tracingPath = path / "tracing" / index
      if (entry.providers ?? []).count > 1 {
        issues.warning(
          .unsupported, tracingPath / "providers", "multiple providers is not currently supported")
      }
      Self.providers(entry.providers, at: tracingPath / "providers", into: &issues)
      if let percentage = entry.randomSamplingPercentage, percentage < 0 || percentage > 100 {
        issues.error(
          .invalidValue,
          tracingPath / "randomSamplingPercentage",
          "randomSamplingPercentage must be in range [0.0, 100.0]")
      }
      for (name, tag) in (entry.customTags ?? [:]).sorted(by: { $0.key < $1.key }) {
        let tagPath = tracingPath / "customTags" / name
        if name.isEmpty { issues.error(.missingField, tagPath, "tag name may not be empty") }
        let kinds = [
          tag.literal != nil, tag.environment != nil, tag.header != nil, tag.formatter != nil,
        ].filter { $0 }.count
        if kinds != 1 {
          issues.error(
            .conflict,
            tagPath,
            "tag '\(name)' must set exactly one of literal, environment, header or formatter")
        }
        if let literal = tag.literal, literal.value.isEmpty {
          issues.error(.missingField, tagPath / "literal", "literal tag value may not be empty")
        }
        if let header = tag.header, header.name.isEmpty {
          issues.error(.missingField, tagPath / "header", "header tag name may not be empty")
        }
        if let environment = tag.environment, environment.name.isEmpty {
          issues.error(
            .missingField, tagPath / "environment", "environment tag name may not be empty")
        }
      }
    }
    for (index, logging) in (accessLogging ?? []).enumerated() {
      let loggingPath = path / "accessLogging" / index
      if let expression = logging.filter?.expression, expression.isEmpty {
        issues.error(
          .missingField, loggingPath / "filter" / "expression", "filter expression may not be empty"
        )
      }
      Self.providers(logging.providers, at: loggingPath / "providers", into: &issues)
    }
  }

  private static func providers(
    _ providers: [ProviderRef]?, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    for (index, provider) in (providers ?? []).enumerated() where provider.name.isEmpty {
      issues.error(.missingField, path / index / "name", "providers.name may not be empty")
      return
    }
  }
}
