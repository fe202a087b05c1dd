import YAMLCoding

extension ServiceEntrySpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    if let selector = workloadSelector {
      if let labels = selector.labels {
        Rules.selector(labels, path: path / "workloadSelector" / "labels", into: &issues)
      } else {
        issues.warning(
          .risky,
          path / "workloadSelector",
          "service entry: workload selector specified without labels, will be applied to all services in namespace"
        )
      }
      if endpoints != nil {
        issues.error(
          .conflict, path, "only one of WorkloadSelector or Endpoints is allowed in Service Entry")
      }
    }
    if hosts.isEmpty {
      issues.error(.missingField, path / "hosts", "service entry must have at least one host")
    }
    for (index, host) in hosts.enumerated() {
      if host == "*" {
        issues.error(.invalidValue, path / "hosts" / index, "invalid host \(host)")
      } else {
        issues.error(.invalidValue, path / "hosts" / index, ifAny: Rules.wildcardDomain(host))
        if let warning = Rules.partialWildcard(host) {
          issues.warning(.invalidValue, path / "hosts" / index, warning)
        }
      }
    }
    var cidrFound = false
    for (index, address) in (addresses ?? []).enumerated() {
      cidrFound = cidrFound || address.contains("/")
      issues.error(.invalidValue, path / "addresses" / index, ifAny: Rules.ipSubnet(address))
    }
    let resolution = self.resolution ?? .none
    if cidrFound && resolution != .none && resolution != .static {
      issues.error(
        .invalidValue,
        path / "addresses", "CIDR addresses are allowed only for NONE/STATIC resolution types")
    }
    var portNames = Set<String>()
    var portNumbers = Set<UInt32>()
    for (index, port) in (ports ?? []).enumerated() {
      let portPath = path / "ports" / index
      if !portNames.insert(port.name).inserted {
        issues.error(
          .duplicate, portPath / "name", "service entry port name \"\(port.name)\" already defined")
      }
      if !portNumbers.insert(port.number).inserted {
        issues.error(
          .duplicate, portPath / "number", "service entry port \(port.number) already defined")
      }
      if let target = port.targetPort, target != 0 {
        issues.error(.invalidValue, portPath / "targetPort", ifAny: Rules.port(target))
        if resolution == .none {
          issues.warning(
            .unsupported,
            portPath / "targetPort", "targetPort has no effect when resolution mode is NONE")
        }
      }
      if (addresses ?? []).isEmpty && (port.protocol == nil || port.protocol == "TCP") {
        issues.warning(
          .missingField,
          portPath,
          "addresses are required for ports serving TCP (or unset) protocol when ISTIO_META_DNS_AUTO_ALLOCATE is not set on a proxy"
        )
      }
      issues.error(.invalidValue, portPath / "name", ifAny: Rules.portName(port.name))
      issues.error(.invalidValue, portPath / "protocol", ifAny: Rules.portProtocol(port.protocol))
      issues.error(.invalidValue, portPath / "number", ifAny: Rules.port(port.number))
    }
    let endpoints = self.endpoints ?? []
    switch resolution {
    case .none:
      if !endpoints.isEmpty {
        issues.error(
          .invalidValue, path / "endpoints",
          "no endpoints should be provided for resolution type none")
      }
      if workloadSelector != nil {
        issues.warning(
          .conflict,
          path / "workloadSelector",
          "workloadSelector should not be set when resolution mode is NONE")
      }
    case .static:
      for (index, endpoint) in endpoints.enumerated() {
        endpoint.collectIssues(
          servicePorts: portNames, allowFQDNAddresses: false, at: path / "endpoints" / index,
          into: &issues)
      }
      if endpoints.count > 0, portNames.count != 1,
        endpoints.contains(where: { ($0.address ?? "").hasPrefix("unix://") })
      {
        issues.error(
          .missingField, path / "ports", "exactly 1 service port required for unix endpoints")
      }
    case .dns, .dnsRoundRobin, .dynamicDns:
      if endpoints.isEmpty {
        for (index, host) in hosts.enumerated() where Rules.fqdn(host) != nil {
          issues.error(
            .invalidValue,
            path / "hosts" / index,
            "hosts must be FQDN if no endpoints are provided for resolution mode \(resolution.rawValue)"
          )
        }
      }
      if resolution == .dnsRoundRobin && endpoints.count > 1 {
        issues.error(
          .invalidValue,
          path / "endpoints",
          "there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN")
      }
      for (index, endpoint) in endpoints.enumerated() {
        let endpointPath = path / "endpoints" / index
        let address = endpoint.address ?? ""
        if !Rules.isIPAddress(address), Rules.fqdn(address) != nil {
          issues.error(
            .invalidValue,
            endpointPath / "address",
            "endpoint address \"\(address)\" is not a valid FQDN or an IP address")
        }
        Rules.labels(endpoint.labels, path: endpointPath / "labels", into: &issues)
        for (name, port) in (endpoint.ports ?? [:]).sorted(by: { $0.key < $1.key }) {
          if !portNames.contains(name) {
            issues.error(
              .invalidValue,
              endpointPath / "ports" / name,
              "endpoint port \(port) is not defined by the service entry")
          }
          issues.error(.invalidValue, endpointPath / "ports" / name, ifAny: Rules.portName(name))
          issues.error(.invalidValue, endpointPath / "ports" / name, ifAny: Rules.port(port))
        }
      }
      if workloadSelector != nil {
        issues.warning(
          .conflict,
          path / "workloadSelector",
          "workloadSelector should not be set when resolution mode is \(resolution.rawValue)")
      }
    }
    if resolution != .none && hosts.count > 1 {
      for (index, port) in (ports ?? []).enumerated() {
        let portProtocol = port.protocol.flatMap(PortProtocol.init(parsing:))
        if !(portProtocol?.isHTTP ?? false) && !(portProtocol?.isTLS ?? false) {
          issues.error(
            .invalidValue,
            path / "ports" / index, "multiple hosts provided with non-HTTP, non-TLS ports")
          break
        }
      }
    }
    Rules.exportTo(
      exportTo, namespace: metadata.namespace, isServiceEntry: true, path: path / "exportTo",
      into: &issues)
  }
}

extension WorkloadEntrySpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    collectIssues(servicePorts: nil, allowFQDNAddresses: true, at: path, into: &issues)
  }

  /// Istio's `validateWorkloadEntry`, for WorkloadEntries and ServiceEntry endpoints.
  func collectIssues(
    servicePorts: Set<String>?, allowFQDNAddresses: Bool, at path: YAMLPath,
    into issues: inout IssueCollector
  ) {
    let address = self.address ?? ""
    if address.isEmpty {
      if (network ?? "").isEmpty {
        issues.error(.missingField, path / "address", "address is required")
        return
      }
      issues.warning(
        .missingField, path / "address", "address is unset with network \"\(network ?? "")\"")
    }
    if address.hasPrefix("unix://") {
      issues.error(
        .invalidValue,
        path / "address", ifAny: Rules.unixAddress(String(address.dropFirst("unix://".count))))
      if !(ports ?? [:]).isEmpty {
        issues.error(
          .invalidValue, path / "ports", "unix endpoint \(address) must not include ports")
      }
    } else if !address.isEmpty && !Rules.isIPAddress(address) {
      if !allowFQDNAddresses {
        issues.error(
          .invalidValue, path / "address",
          "endpoint address \"\(address)\" is not a valid IP address")
      } else if Rules.fqdn(address) != nil {
        issues.error(
          .invalidValue,
          path / "address", "endpoint address \"\(address)\" is not a valid FQDN or an IP address")
      }
    }
    for (name, port) in (ports ?? [:]).sorted(by: { $0.key < $1.key }) {
      if let servicePorts, !servicePorts.contains(name) {
        issues.error(
          .invalidValue,
          path / "ports" / name, "endpoint port \(port) is not defined by the service entry")
      }
      issues.error(.invalidValue, path / "ports" / name, ifAny: Rules.portName(name))
      issues.error(.invalidValue, path / "ports" / name, ifAny: Rules.port(port))
    }
    Rules.labels(labels, path: path / "labels", into: &issues)
    if let serviceAccount, !serviceAccount.isEmpty, !Rules.isKubernetesName(serviceAccount) {
      issues.error(
        .invalidValue, path / "serviceAccount", "invalid service account name \"\(serviceAccount)\""
      )
    }
    if let locality, locality.split(separator: "/", omittingEmptySubsequences: false).count > 3 {
      issues.error(
        .invalidValue, path / "locality", "locality \(locality) must be of form region/zone/subzone"
      )
    }
  }
}

extension WorkloadGroupSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    // The template's address is filled in when a workload registers, so it is not
    // required here (Istio skips validateWorkloadEntry for the template too).
    if let metadata = self.metadata {
      Rules.labels(metadata.labels, path: path / "metadata" / "labels", into: &issues)
    }
    Rules.labels(template.labels, path: path / "template" / "labels", into: &issues)
    guard let probe else { return }
    let probePath = path / "probe"
    let counts: [(String, Int32?)] = [
      ("periodSeconds", probe.periodSeconds), ("initialDelaySeconds", probe.initialDelaySeconds),
      ("timeoutSeconds", probe.timeoutSeconds), ("successThreshold", probe.successThreshold),
      ("failureThreshold", probe.failureThreshold),
    ]
    for (field, value) in counts where (value ?? 0) < 0 {
      issues.error(.invalidValue, probePath / field, "\(field) must be non-negative")
    }
    let methods = [
      probe.httpGet != nil, probe.tcpSocket != nil, probe.exec != nil, probe.grpc != nil,
    ].filter { $0 }.count
    if methods != 1 {
      issues.error(
        .conflict, probePath, "exactly one of httpGet, tcpSocket, exec or grpc must be set")
    }
    if let http = probe.httpGet {
      issues.error(.invalidValue, probePath / "httpGet" / "port", ifAny: Rules.port(http.port))
      if let scheme = http.scheme, scheme != "HTTP", scheme != "HTTPS" {
        issues.error(
          .invalidValue,
          probePath / "httpGet" / "scheme", "httpGet.scheme must be one of \"HTTPS\", \"HTTP\"")
      }
      for (index, header) in (http.httpHeaders ?? []).enumerated() {
        issues.error(
          .invalidValue,
          probePath / "httpGet" / "httpHeaders" / index / "name",
          ifAny: HeaderRules.name(header.name ?? ""))
      }
    }
    if let tcp = probe.tcpSocket {
      issues.error(.invalidValue, probePath / "tcpSocket" / "port", ifAny: Rules.port(tcp.port))
    }
    if let exec = probe.exec, exec.command.isEmpty {
      issues.error(.missingField, probePath / "exec" / "command", "exec.command is required")
    }
    if let grpc = probe.grpc {
      issues.error(.invalidValue, probePath / "grpc" / "port", ifAny: Rules.port(grpc.port ?? 0))
    }
  }
}
