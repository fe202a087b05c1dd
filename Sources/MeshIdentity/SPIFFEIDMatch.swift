/// How a TLS peer's SPIFFE ID (its URI SAN) is matched: the four forms an Envoy string
/// matcher takes, made from the ways Istio's policies name peers.
///
/// Every form is built here, so no other module writes `spiffe://` itself:
/// ``principal(_:)`` for `source.principals`, ``namespace(_:)`` for `source.namespaces`,
/// ``serviceAccount(_:defaultNamespace:)`` for `source.serviceAccounts`, and
/// ``members(of:)`` for a whole trust domain.
public enum SPIFFEIDMatch: Sendable, Hashable {
  /// Any authenticated peer (a certificate with any URI SAN).
  case any
  /// Exactly this ID.
  case exact(String)
  /// IDs starting with this text.
  case prefix(String)
  /// IDs the RE2 expression matches as a whole.
  case regex(String)

  /// Exactly `id`.
  public static func exact(_ id: SPIFFEID) -> SPIFFEIDMatch { .exact(id.uri) }

  /// Every ID of `trustDomain`.
  public static func members(of trustDomain: TrustDomain) -> SPIFFEIDMatch {
    .prefix(trustDomain.memberPrefix)
  }

  /// Every ID of the trust domain named `name` as a policy writes it (not checked: a
  /// policy may name a trust domain that the SPIFFE rules would refuse, which then
  /// matches nothing).
  public static func trustDomain(named name: String) -> SPIFFEIDMatch {
    .prefix("\(SPIFFEID.scheme)\(name)/")
  }

  /// A principal as an AuthorizationPolicy writes it, the SPIFFE ID without its scheme:
  /// `*` is any authenticated peer, `prefix*` and `*suffix` match by prefix or suffix, any
  /// other is exact (Istio's `StringMatcherWithPrefix` with the `spiffe://` prefix).
  public static func principal(_ principal: String) -> SPIFFEIDMatch {
    if principal == "*" { return .any }
    if principal.hasPrefix("*") {
      return .regex(SPIFFEID.scheme + ".*" + escapedRegex(String(principal.dropFirst())))
    }
    if principal.hasSuffix("*") { return .prefix(SPIFFEID.scheme + principal.dropLast()) }
    return .exact(SPIFFEID.scheme + principal)
  }

  /// A principal's SPIFFE ID, for a subject alternative name written without a scheme
  /// (`example.org/ns/shop/sa/orders`); one with a scheme is kept as written.
  public static func uri(ofPrincipal principal: String) -> String {
    SPIFFEID.hasSPIFFEScheme(principal) ? principal : SPIFFEID.scheme + principal
  }

  /// Every workload of a namespace, in any trust domain (`*` in the name matches any
  /// text), as Istio's `source.namespaces` matches: `.*/ns/<namespace>/.*`.
  public static func namespace(_ namespace: String) -> SPIFFEIDMatch {
    if namespace == "*" { return .any }
    let pattern = namespace.split(separator: "*", omittingEmptySubsequences: false)
      .map { escapedRegex(String($0)) }.joined(separator: ".*")
    return .regex(".*/ns/\(pattern)/.*")
  }

  /// A service account, `<name>` in the policy's namespace or `<namespace>/<name>`, in any
  /// trust domain, as Istio's `source.serviceAccounts` matches (other path segments may
  /// sit between and after, but not glued to the name).
  public static func serviceAccount(_ value: String, defaultNamespace: String) -> SPIFFEIDMatch {
    let namespace: Substring
    let name: Substring
    if let slash = value.firstIndex(of: "/") {
      namespace = value[..<slash]
      name = value[value.index(after: slash)...]
    } else {
      namespace = Substring(defaultNamespace)
      name = Substring(value)
    }
    return .regex(
      "\(SPIFFEID.scheme).+/ns/\(escapedRegex(String(namespace)))/(.+/|)sa/\(escapedRegex(String(name)))(/.+)?"
    )
  }

  /// `text` with RE2's special characters escaped, so it matches only itself.
  static func escapedRegex(_ text: String) -> String {
    var escaped = ""
    for character in text {
      if "\\.+*?()|[]{}^$".contains(character) { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }
}
