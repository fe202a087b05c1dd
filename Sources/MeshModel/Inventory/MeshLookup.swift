import Foundation

// Istio's rules for which resources apply where, shared by the analyzers (through
// ``Inventory``) and EnvoyConfig's translator, so that a host, a selector or an `exportTo`
// means the same thing to both.

/// Label selection as Istio's `workloadSelector`, `selector` and subsets do it: every
/// label of the selector present with the same value (an empty selector selects all).
package enum LabelMatching {
  package static func matches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
    selector.allSatisfy { labels[$0.key] == $0.value }
  }
}

/// Istio's `exportTo`: everywhere when empty, else the namespaces listed, `.` for the
/// resource's own, `*` for all.
package enum ExportTo {
  package static func allows(
    _ exportTo: [String]?, from owner: String, to namespace: String
  ) -> Bool {
    guard let exportTo, !exportTo.isEmpty else { return true }
    return exportTo.contains { $0 == "*" || $0 == namespace || ($0 == "." && owner == namespace) }
  }
}

/// How a resource's host (a DestinationRule's `host`, a VirtualService's `hosts`) names a
/// service host: exactly, as a Kubernetes short name in the resource's namespace, or as a
/// `*.suffix` wildcard.
package enum HostMatching {
  /// The host a short name written in `namespace` stands for.
  package static func qualified(_ name: String, namespace: String, clusterDomain: String)
    -> String
  {
    "\(name).\(namespace).svc.\(clusterDomain)"
  }

  /// Whether `pattern`, written in `namespace`, names `host`; with `exact`, wildcards do
  /// not count (Istio prefers exact names to wildcards).
  package static func matches(
    _ pattern: String, _ host: String, namespace: String, exact: Bool, clusterDomain: String
  ) -> Bool {
    if pattern == host
      || qualified(pattern, namespace: namespace, clusterDomain: clusterDomain)
        == host
    {
      return true
    }
    guard !exact else { return false }
    if pattern == "*" { return true }
    if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst()) }
    return false
  }
}

/// Istio's protocol selection for a port: the declared protocol, else the prefix of the
/// port's name (`http-web`, `grpc`).
package enum PortProtocol: String, CaseIterable, Sendable {
  case tcp = "TCP"
  case udp = "UDP"
  case grpc = "GRPC"
  case grpcWeb = "GRPC-WEB"
  case http = "HTTP"
  case httpProxy = "HTTP_PROXY"
  case http2 = "HTTP2"
  case https = "HTTPS"
  case tls = "TLS"
  case mongo = "MONGO"
  case redis = "REDIS"
  case mysql = "MYSQL"

  /// A protocol's name as resources write it, in any case.
  package init?(parsing name: String) {
    self.init(rawValue: name.uppercased())
  }

  /// The protocol a port carries: its declared protocol, else its name's prefix before
  /// the first `-` (`grpc-web` and `grpc-web-…` are gRPC-Web, as Istio reads them).
  package init?(declared: String?, name: String?) {
    if let declared, !declared.isEmpty {
      self.init(parsing: declared)
      return
    }
    guard let name else { return nil }
    let lower = name.lowercased()
    if lower == "grpc-web" || lower.hasPrefix("grpc-web-") {
      self = .grpcWeb
      return
    }
    self.init(parsing: String(lower.split(separator: "-").first ?? ""))
  }

  package var isHTTP: Bool { [.http, .http2, .grpc, .grpcWeb, .httpProxy].contains(self) }
  package var isTLS: Bool { self == .https || self == .tls }
  package var isTCP: Bool { !isHTTP && self != .udp }
}

/// Resources by the hosts they name, so that finding the rules of one host does not read
/// every rule: exact names (and short names expanded in the resource's namespace) are
/// looked up, wildcard names are kept aside and always offered.
package struct HostIndex<Spec: ResourceSpec>: Sendable {
  private var byHost: [String: [Int]] = [:]
  private var wildcards: [Int] = []
  /// The indexed resources, in the order given (namespace/name order for the inventory's).
  package let resources: [Resource<Spec>]

  package init(
    _ resources: [Resource<Spec>], hosts: (Resource<Spec>) -> [String], clusterDomain: String
  ) {
    self.resources = resources
    for (position, resource) in resources.enumerated() {
      let namespace = resource.metadata.namespace ?? "default"
      for host in hosts(resource) {
        if host.hasPrefix("*") {
          wildcards.append(position)
        } else {
          byHost[host, default: []].append(position)
          byHost[
            HostMatching.qualified(host, namespace: namespace, clusterDomain: clusterDomain),
            default: []
          ].append(position)
        }
      }
    }
  }

  /// The resources that may name `host`, in the index's order; callers still check each
  /// with ``HostMatching/matches(_:_:namespace:exact:clusterDomain:)``.
  package func candidates(for host: String) -> [Resource<Spec>] {
    let positions = Set((byHost[host] ?? []) + wildcards).sorted()
    return positions.map { resources[$0] }
  }
}

extension Inventory {
  /// The DestinationRule that applies to `host` (a service of `serviceNamespace`) for a
  /// client in `clientNamespace` with `clientLabels`, as istiod picks it: among the rules
  /// exported to the client whose selector (if any) matches it, those that select it
  /// first, then exact hosts before wildcards, then the client's namespace, the service's
  /// and the root namespace's, in that order.
  package func destinationRule(
    forHost host: String, serviceNamespace: String, clientNamespace: String,
    clientLabels: [String: String]
  ) -> DestinationRule? {
    let candidates = destinationRulesByHost.candidates(for: host).filter { rule in
      let namespace = rule.metadata.namespace ?? "default"
      return ExportTo.allows(rule.spec.exportTo, from: namespace, to: clientNamespace)
        && LabelMatching.matches(rule.spec.workloadSelector?.matchLabels ?? [:], clientLabels)
    }
    let order = [clientNamespace, serviceNamespace, rootNamespace]
    for selecting in [true, false] {
      for exact in [true, false] {
        for namespace in order {
          if let rule = candidates.first(where: { rule in
            (rule.metadata.namespace ?? "default") == namespace
              && (rule.spec.workloadSelector?.matchLabels?.isEmpty == false) == selecting
              && HostMatching.matches(
                rule.spec.host, host, namespace: namespace, exact: exact,
                clusterDomain: clusterDomain)
          }) {
            return rule
          }
        }
      }
    }
    return nil
  }
}
