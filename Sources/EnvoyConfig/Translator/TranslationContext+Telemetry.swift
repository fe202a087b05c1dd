import Foundation
import MeshModel
import YAMLCoding

/// Which side of the sidecar a setting is for: Telemetry's `SERVER` (inbound) or
/// `CLIENT` (outbound).
enum TrafficSide {
  case inbound
  case outbound

  func matches(_ selector: WorkloadModeSelector?) -> Bool {
    switch selector?.mode {
    case nil, .clientAndServer?: true
    case .server?: self == .inbound
    case .client?: self == .outbound
    }
  }
}

/// Access logging and tracing for one side, after the Telemetry resources that apply.
struct ObservabilitySettings: Hashable {
  var accessLog = true
  var accessLogFilter: String?
  var tracing = true
  var samplingPercent: Double?
}

extension TranslationContext {
  /// The Telemetry resources that apply, least specific first: the root namespace's,
  /// the workload's namespace's, then one selecting the workload.
  func applicableTelemetry() -> [Telemetry] {
    let unselected = index.telemetries.filter { ($0.spec.selector?.matchLabels ?? [:]).isEmpty }
    let root = unselected.first { $0.metadata.namespace == options.rootNamespace }
    let namespace = unselected.first { ($0.metadata.namespace ?? "default") == workload.namespace }
    let selected = index.telemetries.first {
      ($0.metadata.namespace ?? "default") == workload.namespace
        && !($0.spec.selector?.matchLabels ?? [:]).isEmpty
        && LabelMatching.matches($0.spec.selector?.matchLabels ?? [:], workload.labels)
    }
    return [root, namespace, selected].compactMap { $0 }
  }

  /// Istio allows one Telemetry without a selector per namespace, and one per workload
  /// (IST0159, IST0160); the ones after the first are reported and not used.
  mutating func reportConflictingTelemetry() {
    let groups: [[Telemetry]] = [
      index.telemetries.filter {
        $0.metadata.namespace == options.rootNamespace
          && ($0.spec.selector?.matchLabels ?? [:]).isEmpty
      },
      index.telemetries.filter {
        ($0.metadata.namespace ?? "default") == workload.namespace
          && ($0.spec.selector?.matchLabels ?? [:]).isEmpty
      },
      index.telemetries.filter {
        ($0.metadata.namespace ?? "default") == workload.namespace
          && !($0.spec.selector?.matchLabels ?? [:]).isEmpty
          && LabelMatching.matches($0.spec.selector?.matchLabels ?? [:], workload.labels)
      },
    ]
    for group in groups where group.count > 1 && group[0].metadata.namespace != nil {
      for ignored in group.dropFirst() {
        warn(
          .conflict,
          ignored.reference, ["spec"],
          "conflicts with \(group[0].reference), which is used; this one is not")
      }
    }
  }

  /// Observability for one side: each applicable Telemetry overrides what the less
  /// specific ones set. Providers other than Envoy's own access log, and settings Envoy
  /// cannot take from here, are reported.
  mutating func observability(_ side: TrafficSide) -> ObservabilitySettings {
    var settings = ObservabilitySettings()
    if side == .inbound { reportConflictingTelemetry() }
    for telemetry in applicableTelemetry() {
      let resource = telemetry.reference
      for (position, logging) in (telemetry.spec.accessLogging ?? []).enumerated()
      where side.matches(logging.match) {
        let field: YAMLPath = ["spec", "accessLogging", .index(position)]
        let providers = (logging.providers ?? []).map(\.name)
        if providers.contains(where: { $0 != "envoy" }), side == .inbound {
          warn(
            .unsupported,
            resource, field / "providers",
            "only the envoy provider (a file log) is translated, not \(providers.filter { $0 != "envoy" }.joined(separator: ", "))"
          )
        }
        settings.accessLog = logging.disabled != true
        settings.accessLogFilter = logging.filter?.expression
      }
      for (position, tracing) in (telemetry.spec.tracing ?? []).enumerated()
      where side.matches(tracing.match) {
        let field: YAMLPath = ["spec", "tracing", .index(position)]
        if let sampling = tracing.randomSamplingPercentage { settings.samplingPercent = sampling }
        if let disabled = tracing.disableSpanReporting { settings.tracing = !disabled }
        guard side == .inbound else { continue }
        if options.tracing == nil, settings.tracing, !(tracing.providers ?? []).isEmpty {
          warn(
            .unsupported,
            resource, field / "providers",
            "spans need a collector: set SidecarOptions.tracing to the provider's address")
        }
        if tracing.customTags != nil {
          warn(.unsupported, resource, field / "customTags", "custom span tags are not translated")
        }
      }
      for (position, metrics) in (telemetry.spec.metrics ?? []).enumerated() where side == .inbound
      {
        let field: YAMLPath = ["spec", "metrics", .index(position)]
        if let providers = metrics.providers,
          !providers.contains(where: { $0.name == "prometheus" })
        {
          warn(
            .unsupported,
            resource, field / "providers",
            "metrics are Envoy's own Prometheus statistics; \(providers.map(\.name).joined(separator: ", ")) is not translated"
          )
        }
        if metrics.overrides != nil || metrics.reportingInterval != nil {
          warn(
            .unsupported,
            resource, field / "overrides",
            "Istio's standard metrics and their overrides are not translated; Envoy's statistics are served on the Prometheus port"
          )
        }
      }
    }
    return settings
  }
}
