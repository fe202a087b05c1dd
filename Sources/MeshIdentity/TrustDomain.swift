/// A SPIFFE trust domain: the authority part of SPIFFE IDs (`example.org`), checked
/// exactly as SPIFFE-ID.md section 2.1 demands.
public struct TrustDomain: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The trust domain's name, such as `example.org`.
  public let name: String

  /// Parses a trust domain name, or takes the trust domain of a SPIFFE ID.
  /// - Parameter text: `example.org` or `spiffe://example.org/...`.
  /// - Throws: ``IdentityError`` with ``IdentityError/Code/invalidSPIFFEID``.
  public init(_ text: String) throws {
    if text.contains(":/") {
      self = try SPIFFEID(text).trustDomain
      return
    }
    try self.init(validatedName: text)
  }

  init(validatedName name: String) throws {
    if name.isEmpty { throw SPIFFEIDRules.error(.trustDomainMissing, name) }
    if !name.utf8.allSatisfy(SPIFFEIDRules.isTrustDomainByte) {
      throw SPIFFEIDRules.error(.trustDomainCharacters, name)
    }
    if name.utf8.count > 255 { throw SPIFFEIDRules.error(.trustDomainTooLong, name) }
    self.name = name
  }

  /// A name known to be valid (a constant of this module).
  private init(knownValid name: String) { self.name = name }

  /// `cluster.local`: Kubernetes' and Istio's default trust domain. In an
  /// AuthorizationPolicy it also stands for the mesh's own trust domain, whatever that is
  /// (see ``MeshTrustDomains``).
  public static let clusterLocal = TrustDomain(knownValid: "cluster.local")

  /// The trust domain's own ID, `spiffe://example.org`.
  public var id: SPIFFEID { SPIFFEID(trustDomain: self, validatedPath: "") }

  /// A SPIFFE ID in this trust domain.
  /// - Parameter path: The path, with a leading `/` (`/ns/shop/sa/orders`).
  /// - Throws: ``IdentityError`` with ``IdentityError/Code/invalidSPIFFEID`` for a bad path.
  public func id(path: String) throws -> SPIFFEID {
    try SPIFFEIDRules.checkPath(path)
    return SPIFFEID(trustDomain: self, validatedPath: path)
  }

  /// What every SPIFFE ID of this trust domain starts with, `spiffe://example.org/`: the
  /// prefix a TLS peer's URI SAN is matched against to admit the whole trust domain.
  public var memberPrefix: String { id.uri + "/" }

  public var description: String { name }

  public static func < (lhs: TrustDomain, rhs: TrustDomain) -> Bool { lhs.name < rhs.name }

  public init(from decoder: any Decoder) throws {
    try self.init(try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }
}
