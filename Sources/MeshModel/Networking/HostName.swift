/// A host name as Istio's resources write it: a DNS name, or a wildcard (`*.example.com`,
/// or `*` for every host), with Istio's matching rules (istio/istio `pkg/config/host`
/// name.go). Names are compared as written; callers lower-case them where Istio does.
///
/// ```swift
/// HostName("1.foo.com").isSubset(of: HostName("*.foo.com"))  // true
/// HostName("*.foo.com").matches(HostName("foo.com"))         // false
/// ```
public struct HostName: Hashable, Sendable, CustomStringConvertible {
  /// The name as written.
  public let value: String

  /// The name `value`, as written.
  public init(_ value: String) {
    self.value = value
  }

  /// Whether the name is a wildcard: it starts with `*`.
  public var isWildcarded: Bool { value.hasPrefix("*") }

  /// The name as written.
  public var description: String { value }

  private var suffix: Substring { value.dropFirst() }

  /// Whether the two names can match a common host: equal names, or a wildcard
  /// covering the other (in either direction).
  public func matches(_ other: HostName) -> Bool {
    switch (isWildcarded, other.isWildcarded) {
    case (true, true):
      return value.count < other.value.count
        ? other.suffix.hasSuffix(suffix) : suffix.hasSuffix(other.suffix)
    case (true, false):
      return other.value.hasSuffix(suffix)
    case (false, true):
      return value.hasSuffix(other.suffix)
    case (false, false):
      return value == other.value
    }
  }

  /// Whether every host this name matches is also matched by `other`: `1.foo.com` and
  /// `*.bar.foo.com` are subsets of `*.foo.com`, `foo.com` is not.
  public func isSubset(of other: HostName) -> Bool {
    if other.isWildcarded {
      if isWildcarded { return value.count >= other.value.count && suffix.hasSuffix(other.suffix) }
      return value.hasSuffix(other.suffix)
    }
    return !isWildcarded && value == other.value
  }

  /// The hosts both lists cover, as Istio intersects a gateway server's hosts with a
  /// VirtualService's (`pkg/config/host` names.go Intersection): for each pair, the more
  /// specific of the two names when one is a subset of the other. In `lhs`'s order, then
  /// `rhs`'s, without repeats.
  ///
  /// ```swift
  /// HostName.intersection([HostName("*.foo.com")], [HostName("1.foo.com")])  // [1.foo.com]
  /// HostName.intersection([HostName("*.foo.com")], [HostName("foo.com")])    // []
  /// ```
  public static func intersection(_ lhs: [HostName], _ rhs: [HostName]) -> [HostName] {
    var result: [HostName] = []
    var seen: Set<HostName> = []
    for left in lhs {
      for right in rhs {
        let kept: HostName? =
          left.isSubset(of: right) ? left : right.isSubset(of: left) ? right : nil
        if let kept, seen.insert(kept).inserted {
          result.append(kept)
        }
      }
    }
    return result
  }
}
