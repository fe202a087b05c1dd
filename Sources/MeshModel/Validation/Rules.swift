import Foundation
import YAMLCoding

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Istio's field rules (istio/istio `pkg/config/validation`, `pkg/config/labels`,
/// `pkg/config/protocol`), each returning the message Istio gives, or `nil` when the
/// value is fine.
package enum Rules {
  // MARK: Names

  /// `[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?`, at most 63 characters, as Istio's
  /// `labels.IsDNS1123Label` accepts.
  static func isDNS1123Label(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard !bytes.isEmpty, bytes.count <= 63, isAlphanumeric(bytes[0]),
      isAlphanumeric(bytes[bytes.count - 1])
    else { return false }
    return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
  }

  /// A Kubernetes object name: a lower-case DNS-1123 subdomain of at most 253 characters.
  static func isKubernetesName(_ value: String) -> Bool {
    guard !value.isEmpty, value.utf8.count <= 253 else { return false }
    return value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
      isDNS1123Label(String(label)) && !label.contains(where: { $0.isUppercase })
    }
  }

  static func dnsPreconditions(_ name: String) -> String? {
    if name.isEmpty { return "empty domain name not allowed" }
    if name.utf8.count > 255 { return "domain name \"\(name)\" too long (max 255)" }
    return nil
  }

  static func dns1123Labels(_ domain: String) -> String? {
    let parts = domain.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if let top = parts.last, Int(top) != nil {
      return "domain name \"\(domain)\" invalid (top level domain \"\(top)\" cannot be all-numeric)"
    }
    for (index, label) in parts.enumerated() {
      // A trailing dot names the root: `istio.io.` is unambiguous.
      if index == parts.count - 1 && label.isEmpty { return nil }
      if !isDNS1123Label(label) {
        return "domain name \"\(domain)\" invalid (label \"\(label)\" invalid)"
      }
    }
    return nil
  }

  /// A fully qualified domain name.
  static func fqdn(_ name: String) -> String? {
    dnsPreconditions(name) ?? dns1123Labels(name)
  }

  /// A host that may start with a wildcard label (`*`, `*.example.com`).
  static func wildcardDomain(_ domain: String) -> String? {
    if let problem = dnsPreconditions(domain) { return problem }
    let parts = domain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(
      String.init)
    guard isWildcardDNS1123Label(parts[0]) else {
      return "domain name \"\(domain)\" invalid (label \"\(parts[0])\" invalid)"
    }
    return parts.count > 1 ? dns1123Labels(parts[1]) : nil
  }

  private static func isWildcardDNS1123Label(_ label: String) -> Bool {
    if label == "*" { return true }
    var rest = Substring(label)
    if rest.hasPrefix("*-") {
      rest = rest.dropFirst(2)
    } else if rest.hasPrefix("*") {
      rest = rest.dropFirst()
    }
    return label.utf8.count <= 63 && isDNS1123Label(String(rest))
  }

  /// Istio warns about `*foo.com`: only a whole first label may be a wildcard.
  static func partialWildcard(_ host: String) -> String? {
    if host.hasPrefix("*"), host != "*", !host.hasPrefix("*.") {
      return "partial wildcard \"\(host)\" not allowed"
    }
    return nil
  }

  /// A `namespace/host` entry of a Sidecar's egress or a Gateway's server.
  static func namespaceSlashHost(_ hostname: String, isGateway: Bool) -> String? {
    let parts = hostname.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(
      String.init)
    guard parts.count == 2 else {
      return isGateway ? wildcardDomain(hostname) : "host must be of form namespace/dnsName"
    }
    if parts[0].isEmpty || parts[1].isEmpty {
      return "config namespace and dnsName in host entry cannot be empty"
    }
    let specialNamespaces: Set<String> = isGateway ? ["*", "."] : ["*", ".", "~"]
    // Sidecars may exclude a namespace's hosts with `~namespace/host`.
    let namespace = !isGateway && parts[0].hasPrefix("~") ? String(parts[0].dropFirst()) : parts[0]
    if !specialNamespaces.contains(parts[0]) && !isDNS1123Label(namespace) {
      return "invalid namespace value \"\(parts[0])\" in \(isGateway ? "gateway" : "sidecar")"
    }
    return wildcardDomain(parts[1])
  }

  /// The `gateways` of a VirtualService: `namespace/name`, or a legacy FQDN or `mesh`.
  static func gatewayName(_ name: String, path: YAMLPath, into issues: inout IssueCollector) {
    let parts = name.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(
      String.init)
    guard parts.count == 2 else {
      if name.contains(".") {
        let labels = name.split(separator: ".")
        issues.warning(
          .deprecated,
          path,
          "using legacy gatewayName format \"\(name)\"; prefer the <namespace>/<name> format: \"\(labels[1])/\(labels[0])\""
        )
      }
      issues.error(.invalidValue, path, ifAny: fqdn(name))
      return
    }
    if parts[0].isEmpty || parts[1].isEmpty {
      issues.error(.invalidValue, path, "config namespace and gateway name cannot be empty")
    }
    if !isDNS1123Label(parts[0]) {
      issues.error(.invalidValue, path, "invalid value for namespace: \"\(parts[0])\"")
    }
    if !isDNS1123Label(parts[1]) {
      issues.error(.invalidValue, path, "invalid value for gateway name: \"\(parts[1])\"")
    }
  }

  // MARK: Labels

  /// Kubernetes label keys (`prefix/name`) and values, as Istio's `labels.Instance.Validate`.
  static func labels(_ labels: [String: String]?, path: YAMLPath, into issues: inout IssueCollector)
  {
    for (key, value) in (labels ?? [:]).sorted(by: { $0.key < $1.key }) {
      if !isLabelKey(key) { issues.error(.invalidValue, path / key, "invalid tag key: \"\(key)\"") }
      if !isLabelValue(value) {
        issues.error(.invalidValue, path / key, "invalid tag value: \"\(value)\"")
      }
    }
  }

  static func isLabelKey(_ key: String) -> Bool {
    let parts = key.split(separator: "/", omittingEmptySubsequences: false)
    switch parts.count {
    case 1: return isQualifiedName(String(parts[0]))
    case 2: return isKubernetesName(String(parts[0])) && isQualifiedName(String(parts[1]))
    default: return false
    }
  }

  private static func isQualifiedName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty, bytes.count <= 63, isAlphanumeric(bytes[0]),
      isAlphanumeric(bytes[bytes.count - 1])
    else { return false }
    return bytes.allSatisfy {
      isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        || $0 == UInt8(ascii: ".")
    }
  }

  static func isLabelValue(_ value: String) -> Bool {
    value.isEmpty || isQualifiedName(value)
  }

  /// A workload selector's labels: no empty keys, no wildcards; a warning when empty.
  static func selector(
    _ labels: [String: String]?, path: YAMLPath, into issues: inout IssueCollector
  ) {
    guard let labels else { return }
    for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
      if key.isEmpty {
        issues.error(.unsupported, path, "empty key is not supported in selector: \"=\(value)\"")
      }
      if key.contains("*") || value.contains("*") {
        issues.error(
          .unsupported, path / key, "wildcard is not supported in selector: \"\(key)=\(value)\"")
      }
    }
    if labels.isEmpty { issues.warning(.risky, path, "workload selector specified without labels") }
    Rules.labels(labels, path: path, into: &issues)
  }

  // MARK: Ports and protocols

  static func port(_ number: UInt32) -> String? {
    (1...65535).contains(number) ? nil : "port number \(number) must be in the range 1..65535"
  }

  /// Istio's protocol names, matched without regard to case.
  static func portProtocol(_ name: String?) -> String? {
    guard let name, !name.isEmpty else { return nil }
    return PortProtocol(parsing: name) == nil ? "unsupported protocol: \(name)" : nil
  }

  static func portName(_ name: String) -> String? {
    isDNS1123Label(name) ? nil : "invalid port name: \(name)"
  }

  // MARK: Durations

  /// Parses a Go duration (`1h30m`, `2.5s`, `100ms`) into nanoseconds, as Istio accepts
  /// them in YAML.
  package static func parseDuration(_ text: String) -> Int64? {
    var rest = Substring(text)
    var negative = false
    if rest.hasPrefix("-") || rest.hasPrefix("+") {
      negative = rest.hasPrefix("-")
      rest = rest.dropFirst()
    }
    if rest == "0" { return 0 }
    guard !rest.isEmpty else { return nil }
    let units: [(String, Double)] = [
      ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9),
      ("h", 3600e9),
    ]
    var total = 0.0
    while !rest.isEmpty {
      let number = rest.prefix { $0.isNumber || $0 == "." }
      guard !number.isEmpty, let value = Double(number) else { return nil }
      rest = rest.dropFirst(number.count)
      guard
        let unit = units.first(where: {
          rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms"))
        })
      else { return nil }
      rest = rest.dropFirst(unit.0.count)
      total += value * unit.1
    }
    guard total < Double(Int64.max) else { return nil }
    return Int64((negative ? -total : total).rounded())
  }

  /// A duration of at least 1ms with millisecond precision (Istio's `ValidateDuration`).
  static func duration(_ text: String?) -> String? {
    guard let text else { return nil }
    guard let nanoseconds = parseDuration(text) else { return "invalid duration \"\(text)\"" }
    if nanoseconds < 1_000_000 { return "duration must be greater than 1ms" }
    if nanoseconds % 1_000_000 != 0 { return "only durations to ms precision are supported" }
    return nil
  }

  // MARK: Addresses

  static func isIPAddress(_ text: String) -> Bool {
    var address4 = in_addr()
    var address6 = in6_addr()
    return inet_pton(AF_INET, text, &address4) == 1 || inet_pton(AF_INET6, text, &address6) == 1
  }

  /// An IP address or CIDR block.
  static func ipSubnet(_ text: String) -> String? {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    switch parts.count {
    case 1:
      return isIPAddress(text) ? nil : "\(text) is not a valid IP"
    case 2:
      guard isIPAddress(parts[0]), let bits = Int(parts[1]), bits >= 0,
        bits <= (parts[0].contains(":") ? 128 : 32)
      else { return "invalid CIDR block: \(text)" }
      return nil
    default:
      return "address \(text) is not a valid IP or CIDR block"
    }
  }

  static func unixAddress(_ path: String) -> String? {
    if path.isEmpty { return "unix address must not be empty" }
    if path.hasPrefix("@") { return nil }
    if !path.hasPrefix("/") || path.hasSuffix("/") {
      return "\(path) is not an absolute path to a file"
    }
    return nil
  }

  // MARK: Regular expressions

  /// RE2 syntax as far as it can be checked without RE2: the expression compiles, is at
  /// most 1024 characters, and uses nothing RE2 lacks (look-around, back-references,
  /// possessive or atomic groups).
  static func regex(_ expression: String, where field: String) -> String? {
    if expression.isEmpty { return "\"\(field)\": regex string match should not be empty" }
    if expression.utf8.count > 1024 {
      return "\"\(field)\": regex is too large, max length allowed is 1024"
    }
    let unsupported = ["(?=", "(?!", "(?<=", "(?<!", "(?>", "*+", "++", "?+", "}+"]
    if let construct = unsupported.first(where: expression.contains)
      ?? (expression.range(of: #"\\[1-9]"#, options: .regularExpression).map {
        String(expression[$0])
      })
    {
      return
        "\"\(field)\": \(construct) is not supported; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
    }
    do {
      _ = try NSRegularExpression(pattern: expression)
      return nil
    } catch {
      return
        "\"\(field)\": invalid regular expression \(expression); Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)"
    }
  }

  // MARK: Visibility

  /// `exportTo`: `.`, `*`, `~` (ServiceEntry only) or namespaces; no duplicates; `*` and
  /// `~` alone.
  static func exportTo(
    _ entries: [String]?, namespace: String?, isServiceEntry: Bool, path: YAMLPath,
    into issues: inout IssueCollector
  ) {
    guard let entries, !entries.isEmpty else { return }
    var seen = Set<String>()
    for (index, entry) in entries.enumerated() {
      let key = entry == "." ? (namespace ?? ".") : entry
      if !seen.insert(key).inserted {
        issues.error(
          .duplicate,
          path / index,
          key != entry
            ? "duplicate entries in exportTo: . and current namespace \(namespace ?? "")"
            : "duplicate entries in exportTo for entry \(entry)")
        continue
      }
      let valid =
        entry == "." || entry == "*" || (isServiceEntry && entry == "~") || isDNS1123Label(entry)
      if !valid {
        issues.error(
          .invalidValue,
          path / index, "only .,* or a valid DNS 1123 label is allowed as exportTo entry")
      }
    }
    if seen.contains("*") && entries.count > 1 {
      issues.error(
        .conflict,
        path, "cannot have both public (*) and non-public exportTo values for a resource")
    }
    if seen.contains("~") && entries.count > 1 {
      issues.error(.conflict, path, "cannot export service entry to no one (~) and someone")
    }
  }

  // MARK: Helpers

  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }
}
