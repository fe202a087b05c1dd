/// A SPIFFE trust domain: the authority part of SPIFFE IDs (`example.org`), checked
/// exactly as SPIFFE-ID.md section 2.1 demands.
public struct TrustDomain: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The trust domain's name, such as `example.org`.
  public let name: String

  /// Parses a trust domain name, or takes the trust domain of a SPIFFE ID.
  /// - Parameter text: `example.org` or `spiffe://example.org/...`.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidSPIFFEID``.
  public init(_ text: String) throws {
    if text.contains(":/") {
      self = try SPIFFEID(text).trustDomain
      return
    }
    try self.init(validatedName: text)
  }

  init(validatedName name: String) throws {
    if name.isEmpty { throw SPIFFEIDRules.error(.trustDomainMissing) }
    if !name.utf8.allSatisfy(SPIFFEIDRules.isTrustDomainByte) {
      throw SPIFFEIDRules.error(.trustDomainCharacters)
    }
    if name.utf8.count > 255 { throw SPIFFEIDRules.error(.trustDomainTooLong) }
    self.name = name
  }

  /// The trust domain's own ID, `spiffe://example.org`.
  public var id: SPIFFEID { SPIFFEID(trustDomain: self, validatedPath: "") }

  /// A SPIFFE ID in this trust domain.
  /// - Parameter path: The path, with a leading `/` (`/ns/shop/sa/orders`).
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidSPIFFEID`` for a bad path.
  public func id(path: String) throws -> SPIFFEID {
    try SPIFFEIDRules.checkPath(path)
    return SPIFFEID(trustDomain: self, validatedPath: path)
  }

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

/// A SPIFFE ID, `spiffe://trust-domain/path`, checked exactly as SPIFFE-ID.md demands: the
/// lower-case `spiffe` scheme, a trust domain of `a-z 0-9 . - _`, path segments of
/// `a-z A-Z 0-9 . - _` that are neither empty, `.` nor `..`, no trailing slash, and no
/// query, fragment, port, user info or percent-encoding (none of those characters is
/// allowed). Trust domains are at most 255 bytes and IDs at most 2048.
public struct SPIFFEID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The trust domain.
  public let trustDomain: TrustDomain
  /// The path, empty or starting with `/`.
  public let path: String

  init(trustDomain: TrustDomain, validatedPath path: String) {
    self.trustDomain = trustDomain
    self.path = path
  }

  /// Parses a SPIFFE ID.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidSPIFFEID`` whose message is
  ///   go-spiffe's for the rule broken.
  public init(_ text: String) throws {
    if text.isEmpty { throw SPIFFEIDRules.error(.empty) }
    guard text.hasPrefix("spiffe://") else { throw SPIFFEIDRules.error(.scheme) }
    if text.utf8.count > 2048 { throw SPIFFEIDRules.error(.tooLong) }
    let rest = text.dropFirst("spiffe://".count)
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    let trustDomain = try TrustDomain(validatedName: String(rest[..<slash]))
    let path = String(rest[slash...])
    try SPIFFEIDRules.checkPath(path)
    self.init(trustDomain: trustDomain, validatedPath: path)
  }

  /// `spiffe://trust-domain/path`.
  public var uri: String { "spiffe://\(trustDomain.name)\(path)" }

  /// Whether the ID belongs to `trustDomain`.
  public func isMember(of trustDomain: TrustDomain) -> Bool { self.trustDomain == trustDomain }

  public var description: String { uri }

  public static func < (lhs: SPIFFEID, rhs: SPIFFEID) -> Bool { lhs.uri < rhs.uri }

  public init(from decoder: any Decoder) throws {
    try self.init(try decoder.singleValueContainer().decode(String.self))
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(uri)
  }
}

/// The character and shape rules of SPIFFE-ID.md, with go-spiffe's messages.
enum SPIFFEIDRules {
  enum Problem: String {
    case empty = "cannot be empty"
    case scheme = "scheme is missing or invalid"
    case trustDomainMissing = "trust domain is missing"
    case trustDomainCharacters =
      "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores"
    case trustDomainTooLong = "trust domain is longer than 255 bytes"
    case tooLong = "SPIFFE ID is longer than 2048 bytes"
    case pathCharacters =
      "path segment characters are limited to letters, numbers, dots, dashes, and underscores"
    case trailingSlash = "path cannot have a trailing slash"
    case emptySegment = "path cannot contain empty segments"
    case dotSegment = "path cannot contain dot segments"
    case leadingSlash = "path must have a leading slash"
  }

  static func error(_ problem: Problem) -> PKIError {
    PKIError(.invalidSPIFFEID, problem.rawValue)
  }

  static func isTrustDomainByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
  }

  static func isPathByte(_ byte: UInt8) -> Bool {
    isTrustDomainByte(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
  }

  /// An empty path, or `/segment(/segment)*` per SPIFFE-ID.md section 2.2.
  static func checkPath(_ path: String) throws {
    guard !path.isEmpty else { return }
    guard path.hasPrefix("/") else { throw error(.leadingSlash) }
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
      .dropFirst()
    for (index, segment) in segments.enumerated() {
      if segment.isEmpty {
        throw error(index == segments.count - 1 ? .trailingSlash : .emptySegment)
      }
      if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) {
        throw error(.dotSegment)
      }
      if !segment.allSatisfy(isPathByte) { throw error(.pathCharacters) }
    }
  }

  /// Checks one path segment on its own.
  static func checkSegment(_ segment: String) throws {
    if segment.isEmpty { throw error(.emptySegment) }
    if segment == "." || segment == ".." { throw error(.dotSegment) }
    if !segment.utf8.allSatisfy(isPathByte) { throw error(.pathCharacters) }
  }
}
