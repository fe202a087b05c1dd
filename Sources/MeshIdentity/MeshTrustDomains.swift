/// The mesh's trust domain and its aliases (mesh config's `trustDomain` and
/// `trustDomainAliases`): the trust domains whose workloads the mesh treats as its own.
///
/// Istio lets AuthorizationPolicies name principals in `cluster.local` (or in any of these
/// trust domains) whatever the mesh's trust domain is: before matching, such a principal is
/// rewritten into each of the mesh's trust domains. ``principals(for:)`` does what Istio's
/// `trustdomain.Bundle.ReplaceTrustDomainAliases` does, rule for rule:
///
/// - a principal that is not `<td>/ns/<ns>/sa/<sa>` (five `/`-separated parts), or whose
///   trust domain is exactly `*`, is kept as written;
/// - a principal whose trust domain is `cluster.local`, or matches one of the mesh's trust
///   domains (exactly, or by a `*` at either end on either side), becomes one principal per
///   trust domain of the mesh, the local one first: its trust domain replaced, or kept as
///   written where its own `*` pattern matches that trust domain; duplicates dropped;
/// - any other principal (another mesh's) is kept as written.
public struct MeshTrustDomains: Sendable, Hashable {
  /// The mesh's own trust domain, the one its CA issues SVIDs in.
  public var local: TrustDomain
  /// Other trust domains whose workloads count as the mesh's own (say, while migrating
  /// from one trust domain to another).
  public var aliases: [TrustDomain]

  /// Creates a value; every parameter is the property of the same name.
  public init(local: TrustDomain = .clusterLocal, aliases: [TrustDomain] = []) {
    self.local = local
    self.aliases = aliases
  }

  /// The local trust domain, then the aliases (without repeats).
  public var all: [TrustDomain] {
    var seen: Set<TrustDomain> = []
    return ([local] + aliases).filter { seen.insert($0).inserted }
  }

  /// The principals an AuthorizationPolicy's principal stands for in this mesh.
  /// - Parameter principal: As written in `source.principals`, `source.notPrincipals` or a
  ///   `source.principal` condition (`cluster.local/ns/shop/sa/orders`, `*`, `*/ns/a/sa/b`).
  /// - Returns: The principals to match, the local trust domain's first.
  public func principals(for principal: String) -> [String] {
    let parts = principal.split(separator: "/", omittingEmptySubsequences: false)
    // Not a SPIFFE-shaped principal, or one that matches any trust domain: the trust domain
    // is not enforced, so there is nothing to rewrite.
    guard parts.count == 5, parts[0] != "*" else { return [principal] }
    let written = String(parts[0])
    let names = all.map(\.name)
    guard written == TrustDomain.clusterLocal.name || Self.matches(written, anyOf: names) else {
      return [principal]
    }
    let rest = parts.dropFirst().joined(separator: "/")
    var rewritten: [String] = []
    for name in names {
      let candidate = Self.suffixMatch(name, pattern: written) ? principal : "\(name)/\(rest)"
      if !rewritten.contains(candidate) { rewritten.append(candidate) }
    }
    return rewritten
  }

  /// Every principal of `principals`, each as ``principals(for:)`` gives it, in order and
  /// without repeats.
  public func principals(for principals: [String]) -> [String] {
    var result: [String] = []
    for principal in principals {
      for expanded in self.principals(for: principal) where !result.contains(expanded) {
        result.append(expanded)
      }
    }
    return result
  }

  /// The workload's identity in every trust domain of the mesh, the local one first: the
  /// SPIFFE IDs a peer of that workload may present (Istio's `ExpandWithTrustDomains`).
  public func identities(of identity: WorkloadIdentity) -> [WorkloadIdentity] {
    var result = [identity]
    for trustDomain in all where trustDomain != identity.trustDomain {
      result.append(identity.inTrustDomain(trustDomain))
    }
    return result
  }

  // Istio's trust-domain string matching: exact, `*`, and a `*` at either end of either
  // side (a principal may say `*-td`, and so may an alias).
  private static func matches(_ value: String, anyOf list: [String]) -> Bool {
    list.contains { item in
      value == item || item == "*" || prefixMatch(value, pattern: item)
        || prefixMatch(item, pattern: value) || suffixMatch(value, pattern: item)
        || suffixMatch(item, pattern: value)
    }
  }

  private static func prefixMatch(_ value: String, pattern: String) -> Bool {
    pattern.hasSuffix("*") && value.hasPrefix(pattern.dropLast())
  }

  private static func suffixMatch(_ value: String, pattern: String) -> Bool {
    pattern.hasPrefix("*") && value.hasSuffix(pattern.dropFirst())
  }
}
