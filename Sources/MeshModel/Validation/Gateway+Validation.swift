import YAMLCoding

extension GatewaySpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    let servers = self.servers ?? []
    if servers.isEmpty {
      issues.error(.missingField, path / "servers", "gateway must have at least one server")
    }
    var portNames = Set<String>()
    for (index, server) in servers.enumerated() {
      let serverPath = path / "servers" / index
      server.collectIssues(at: serverPath, into: &issues)
      if !portNames.insert(server.port.name).inserted {
        issues.error(
          .duplicate,
          serverPath / "port" / "name",
          "port names in servers must be unique: duplicate name \(server.port.name)")
      }
      let portProtocol = PortProtocol(parsing: server.port.protocol)
      if !(portProtocol?.isHTTP ?? false) && server.tls?.httpsRedirect == true {
        issues.warning(
          .conflict,
          serverPath / "tls" / "httpsRedirect",
          "tls.httpsRedirect should only be used with http servers")
      }
    }
    if let selector { Rules.labels(selector, path: path / "selector", into: &issues) }
  }
}

extension Server {
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    let hosts = self.hosts ?? []
    if hosts.isEmpty {
      issues.error(.missingField, path / "hosts", "server config must contain at least one host")
    }
    for (index, host) in hosts.enumerated() {
      issues.error(
        .invalidValue, path / "hosts" / index,
        ifAny: Rules.namespaceSlashHost(host, isGateway: true))
    }
    let bind = self.bind ?? ""
    var portValid = true
    if PortProtocol(parsing: port.protocol) == nil {
      issues.error(
        .invalidValue,
        path / "port" / "protocol",
        "invalid protocol \"\(port.protocol)\", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"
      )
      portValid = false
    }
    if port.number > 0 || !bind.hasPrefix("unix://"), let problem = Rules.port(port.number) {
      issues.error(.invalidValue, path / "port" / "number", problem)
      portValid = false
    }
    if let target = port.targetPort, target > 0 {
      issues.error(
        .unsupported, path / "port" / "targetPort", "targetPort has no impact on Gateways")
    }
    if port.name.isEmpty {
      issues.error(.missingField, path / "port" / "name", "port name must be set")
      portValid = false
    }
    if bind.hasPrefix("unix://") {
      issues.error(
        .invalidValue, path / "bind",
        ifAny: Rules.unixAddress(String(bind.dropFirst("unix://".count))))
      if port.number != 0 {
        issues.error(
          .invalidValue, path / "port" / "number", "port number must be 0 for unix domain socket")
      }
    } else if !bind.isEmpty, !Rules.isIPAddress(bind) {
      issues.error(.invalidValue, path / "bind", "\(bind) is not a valid IP")
    }
    tls?.collectIssues(at: path / "tls", into: &issues)
    if portValid, let portProtocol = PortProtocol(parsing: port.protocol) {
      if portProtocol.isTLS && tls == nil {
        issues.error(.missingField, path, "server must have TLS settings for HTTPS/TLS protocols")
      } else if !portProtocol.isTLS, let tls {
        if portProtocol.isHTTP {
          let redirectOnly =
            tls.httpsRedirect == true && tls.caCertificates == nil && tls.privateKey == nil
            && tls.serverCertificate == nil
          if !redirectOnly
            && (tls.caCertificates != nil || tls.privateKey != nil || tls.serverCertificate != nil)
          {
            issues.error(
              .conflict, path / "tls", "server cannot have TLS settings for plain text HTTP ports")
          }
        } else {
          issues.error(
            .conflict, path / "tls", "server cannot have TLS settings for non HTTPS/TLS ports")
        }
      }
    }
  }
}

extension ServerTLSSettings {
  /// Istio's `validateTLSOptions`.
  func collectIssues(at path: YAMLPath, into issues: inout IssueCollector) {
    if (minProtocolVersion == .tls10 || minProtocolVersion == .tls11)
      && (cipherSuites ?? []).isEmpty
    {
      issues.warning(
        .risky,
        path / "minProtocolVersion",
        "TLS version below TLSV1_2 require setting compatible ciphers as by default they no longer include compatible ciphers."
      )
    }
    var seenCiphers = Set<String>()
    for (index, cipher) in (cipherSuites ?? []).enumerated()
    where !seenCiphers.insert(cipher).inserted {
      issues.warning(
        .duplicate, path / "cipherSuites" / index, "ignoring duplicate cipher suites: [\(cipher)]")
    }
    switch mode {
    case .istioMutual:
      if serverCertificate != nil {
        issues.error(.conflict, path, "ISTIO_MUTUAL TLS cannot have associated server certificate")
      }
      if privateKey != nil {
        issues.error(.conflict, path, "ISTIO_MUTUAL TLS cannot have associated private key")
      }
      if caCertificates != nil {
        issues.error(.conflict, path, "ISTIO_MUTUAL TLS cannot have associated CA bundle")
      }
      if credentialName != nil {
        issues.error(.conflict, path, "ISTIO_MUTUAL TLS cannot have associated credentialName")
      }
      return
    case .passthrough, .autoPassthrough:
      if caCrl != nil || serverCertificate != nil || privateKey != nil || caCertificates != nil
        || credentialName != nil
      {
        issues.warning(
          .unsupported,
          path, "\(mode?.rawValue ?? "") mode does not use certificates, they will be ignored")
      }
    case .simple, .mutual, .optionalMutual:
      let usesCredentials =
        credentialName != nil || !(credentialNames ?? []).isEmpty
        || !(tlsCertificates ?? []).isEmpty
      if !usesCredentials {
        let label = mode == .simple ? "SIMPLE" : "MUTUAL"
        if serverCertificate == nil {
          issues.error(.missingField, path, "\(label) TLS requires a server certificate")
        }
        if privateKey == nil {
          issues.error(.missingField, path, "\(label) TLS requires a private key")
        }
        if mode != .simple && caCertificates == nil && caCertCredentialName == nil {
          issues.error(.missingField, path, "MUTUAL TLS requires a client CA bundle")
        }
      }
    case nil:
      break
    }
    if caCrl != nil {
      if credentialName != nil {
        issues.error(
          .unsupported,
          path / "caCrl",
          "CRL is not supported with credentialName. CRL has to be specified in the credential")
      }
      if mode == .simple {
        issues.error(.unsupported, path / "caCrl", "CRL is not supported with SIMPLE TLS")
      }
    }
  }
}

extension SidecarSpec: SpecValidating {
  func collectIssues(metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector) {
    if let labels = workloadSelector?.labels {
      Rules.selector(labels, path: path / "workloadSelector" / "labels", into: &issues)
    } else if workloadSelector != nil {
      issues.warning(
        .risky,
        path / "workloadSelector",
        "sidecar: workload selector specified without labels, will be applied to all services in namespace"
      )
    }
    if (egress ?? []).isEmpty && (ingress ?? []).isEmpty && outboundTrafficPolicy == nil
      && inboundConnectionPool == nil
    {
      issues.error(.missingField, path, "sidecar: empty configuration provided")
      return
    }
    var ingressPorts = Set<UInt32>()
    for (index, listener) in (ingress ?? []).enumerated() {
      let listenerPath = path / "ingress" / index
      let port = listener.port
      if let target = port.targetPort, target > 0 {
        issues.error(
          .unsupported, listenerPath / "port" / "targetPort", "targetPort has no impact on Sidecars"
        )
      }
      if let name = port.name, !name.isEmpty {
        issues.error(.invalidValue, listenerPath / "port" / "name", ifAny: Rules.portName(name))
      }
      issues.error(
        .invalidValue, listenerPath / "port" / "protocol", ifAny: Rules.portProtocol(port.protocol))
      issues.error(
        .invalidValue, listenerPath / "port" / "number", ifAny: Rules.port(port.number ?? 0))
      if let bind = listener.bind, !bind.isEmpty, !Rules.isIPAddress(bind) {
        issues.error(.invalidValue, listenerPath / "bind", "\(bind) is not a valid IP")
      }
      if !ingressPorts.insert(port.number ?? 0).inserted {
        issues.error(
          .duplicate, listenerPath / "port", "sidecar: ports on IP bound listeners must be unique")
      }
      if let endpoint = listener.defaultEndpoint, !endpoint.isEmpty {
        Self.validateDefaultEndpoint(endpoint, at: listenerPath / "defaultEndpoint", into: &issues)
      }
      if let tls = listener.tls {
        if !(tls.subjectAltNames ?? []).isEmpty {
          issues.error(
            .unsupported,
            listenerPath / "tls", "sidecar: subjectAltNames is not supported in ingress tls")
        }
        if tls.httpsRedirect == true {
          issues.error(
            .unsupported, listenerPath / "tls", "sidecar: httpsRedirect is not supported")
        }
        if tls.credentialName != nil {
          issues.error(
            .unsupported, listenerPath / "tls", "sidecar: credentialName is not currently supported"
          )
        }
        if tls.mode == .istioMutual || tls.mode == .autoPassthrough {
          issues.error(
            .unsupported,
            listenerPath / "tls" / "mode",
            "configuration is invalid: cannot set mode to \(tls.mode?.rawValue ?? "") in sidecar ingress tls"
          )
        }
        tls.collectIssues(at: listenerPath / "tls", into: &issues)
      }
      listener.connectionPool?.collectIssues(at: listenerPath / "connectionPool", into: &issues)
    }
    inboundConnectionPool?.collectIssues(at: path / "inboundConnectionPool", into: &issues)
    validateEgress(metadata: metadata, at: path / "egress", into: &issues)
    if let policy = outboundTrafficPolicy, let proxy = policy.egressProxy {
      if policy.mode != .allowAny {
        issues.error(
          .conflict,
          path / "outboundTrafficPolicy",
          "sidecar: egress_proxy must be set only with ALLOW_ANY outbound_traffic_policy mode")
      } else {
        issues.error(
          .invalidValue,
          path / "outboundTrafficPolicy" / "egressProxy" / "host", ifAny: Rules.fqdn(proxy.host))
        if proxy.port == nil {
          issues.error(
            .missingField,
            path / "outboundTrafficPolicy" / "egressProxy",
            "sidecar: egress_proxy port must be non-nil")
        } else {
          proxy.collectIssues(at: path / "outboundTrafficPolicy" / "egressProxy", into: &issues)
        }
      }
    }
  }

  private func validateEgress(
    metadata: ObjectMeta, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    let listeners = egress ?? []
    var ports = Set<UInt32>()
    var unixSockets = Set<String>()
    var catchAllSeen = false
    for (index, listener) in listeners.enumerated() {
      let listenerPath = path / index
      if let port = listener.port {
        if let target = port.targetPort, target > 0 {
          issues.error(
            .unsupported, listenerPath / "port" / "targetPort",
            "targetPort has no impact on Sidecars")
        }
        if let name = port.name, !name.isEmpty {
          issues.error(.invalidValue, listenerPath / "port" / "name", ifAny: Rules.portName(name))
        }
        issues.error(
          .invalidValue, listenerPath / "port" / "protocol",
          ifAny: Rules.portProtocol(port.protocol))
        let bind = listener.bind ?? ""
        if (port.number ?? 0) == 0 {
          if !bind.hasPrefix("unix://") {
            issues.error(
              .invalidValue,
              listenerPath / "bind",
              "sidecar: ports with 0 value must have a unix domain socket bind address")
          } else {
            issues.error(
              .invalidValue,
              listenerPath / "bind",
              ifAny: Rules.unixAddress(String(bind.dropFirst("unix://".count))))
          }
          if let mode = listener.captureMode, mode != .default, mode != .none {
            issues.error(
              .invalidValue,
              listenerPath / "captureMode",
              "sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners")
          }
          if !unixSockets.insert(bind).inserted {
            issues.error(
              .duplicate,
              listenerPath / "bind",
              "sidecar: unix domain socket values for listeners must be unique")
          }
        } else {
          issues.error(
            .invalidValue, listenerPath / "port" / "number", ifAny: Rules.port(port.number ?? 0))
          if !bind.isEmpty, !Rules.isIPAddress(bind) {
            issues.error(.invalidValue, listenerPath / "bind", "\(bind) is not a valid IP")
          }
          if !ports.insert(port.number ?? 0).inserted {
            issues.error(
              .duplicate,
              listenerPath / "port", "sidecar: ports on IP bound listeners must be unique")
          }
        }
      } else if catchAllSeen {
        issues.error(
          .invalidValue, listenerPath, "sidecar: egress can have only one listener with empty port")
        continue
      } else if index == listeners.count - 1 {
        catchAllSeen = true
      } else {
        issues.error(
          .invalidValue,
          listenerPath,
          "sidecar: the egress listener with empty port should be the last listener in the list")
      }
      let hosts = listener.hosts ?? []
      if hosts.isEmpty {
        issues.error(
          .missingField,
          listenerPath / "hosts", "sidecar: egress listener must contain at least one host")
      }
      var hostsByNamespace: [String: Set<String>] = [:]
      for (hostIndex, host) in hosts.enumerated() {
        let parts = host.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(
          String.init)
        if parts.count == 2 {
          let namespace = parts[0] == "." ? (metadata.namespace ?? ".") : parts[0]
          let existing = hostsByNamespace[namespace, default: []]
          if (parts[1] != "*" && (existing.contains(parts[1]) || existing.contains("*")))
            || (parts[1] == "*" && !existing.isEmpty)
          {
            issues.warning(
              .duplicate, listenerPath / "hosts" / hostIndex, "duplicated egress host: \(host)")
          }
          hostsByNamespace[namespace, default: []].insert(parts[1])
        }
        issues.error(
          .invalidValue,
          listenerPath / "hosts" / hostIndex,
          ifAny: Rules.namespaceSlashHost(host, isGateway: false))
      }
      if hostsByNamespace["*"]?.contains("*") == true && hostsByNamespace.count != 1 {
        issues.warning(
          .conflict,
          listenerPath / "hosts", "`*/*` host select all resources, no other hosts can be added")
      }
    }
  }

  /// `127.0.0.1:PORT`, `0.0.0.0:PORT`, `[::1]:PORT`, `[::]:PORT` or `unix://PATH`.
  private static func validateDefaultEndpoint(
    _ endpoint: String, at path: YAMLPath, into issues: inout IssueCollector
  ) {
    if endpoint.hasPrefix("unix://") {
      issues.error(
        .invalidValue, path, ifAny: Rules.unixAddress(String(endpoint.dropFirst("unix://".count))))
      return
    }
    guard let colon = endpoint.lastIndex(of: ":") else {
      issues.error(.invalidValue, path, "address \(endpoint): missing port in address")
      return
    }
    var host = String(endpoint[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    let portText = String(endpoint[endpoint.index(after: colon)...])
    if !host.isEmpty && !["127.0.0.1", "0.0.0.0", "::1", "::"].contains(host) {
      issues.error(
        .invalidValue,
        path,
        "sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset"
      )
    }
    if let port = UInt32(portText) {
      issues.error(.invalidValue, path, ifAny: Rules.port(port))
    } else {
      issues.error(
        .invalidValue, path, "sidecar: defaultEndpoint port (\(portText)) is not a number")
    }
  }
}
