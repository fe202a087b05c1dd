import YAMLCoding

/// Specs whose Istio rules this module checks.
protocol SpecValidating {
  /// Adds the spec's problems, at paths under `path` (`spec`), to `issues`.
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector)
}

extension Resource {
  /// Checks the resource against Istio's own validation rules (istio/istio
  /// `pkg/config/validation`) and Kubernetes' rules for metadata.
  ///
  /// Every problem is reported, not just the first, each at the path of its field.
  /// - Returns: The problems found, errors and warnings; empty when the resource is valid.
  public func validate() -> [ValidationIssue] {
    var issues = IssueCollector()
    validateMetadata(metadata, kind: Spec.kind, into: &issues)
    (spec as? any SpecValidating)?.collectIssues(metadata: metadata, at: ["spec"], into: &issues)
    return issues.issues
  }
}

extension MeshResource {
  /// Checks the resource against Istio's validation rules; see ``Resource/validate()``.
  /// - Returns: The problems found; empty when the resource is valid.
  public func validate() -> [ValidationIssue] {
    switch self {
    case .virtualService(let resource): resource.validate()
    case .destinationRule(let resource): resource.validate()
    case .gateway(let resource): resource.validate()
    case .serviceEntry(let resource): resource.validate()
    case .workloadEntry(let resource): resource.validate()
    case .workloadGroup(let resource): resource.validate()
    case .sidecar(let resource): resource.validate()
    case .peerAuthentication(let resource): resource.validate()
    case .authorizationPolicy(let resource): resource.validate()
    case .requestAuthentication(let resource): resource.validate()
    case .telemetry(let resource): resource.validate()
    }
  }
}

private func validateMetadata(
  _ metadata: ObjectMeta, kind: String, into issues: inout IssueCollector
) {
  let path: YAMLPath = ["metadata"]
  if let name = metadata.name {
    if !Rules.isKubernetesName(name) {
      issues.error(
        .invalidValue,
        path / "name",
        "invalid name \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
      )
    } else if kind == GatewaySpec.kind && !Rules.isDNS1123Label(name) {
      issues.error(.invalidValue, path / "name", "invalid gateway name: \"\(name)\"")
    }
  } else if metadata.generateName == nil {
    issues.error(.missingField, path / "name", "name is required")
  }
  if let namespace = metadata.namespace,
    !Rules.isDNS1123Label(namespace) || namespace.contains(where: \.isUppercase)
  {
    issues.error(
      .invalidValue,
      path / "namespace", "invalid namespace \"\(namespace)\": must be a lowercase RFC 1123 label")
  }
  Rules.labels(metadata.labels, path: path / "labels", into: &issues)
  if let annotations = metadata.annotations {
    for key in annotations.keys.sorted() where !Rules.isLabelKey(key) {
      issues.error(.invalidValue, path / "annotations" / key, "invalid annotation key: \"\(key)\"")
    }
    if annotations["istio.io/dry-run"] != nil && kind != AuthorizationPolicySpec.kind {
      issues.error(
        .unsupported,
        path / "annotations" / "istio.io/dry-run",
        "\(metadata.namespace ?? "default")/\(metadata.name ?? "") has unsupported annotation istio.io/dry-run, please remove the annotation"
      )
    }
  }
}
