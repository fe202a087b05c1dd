/// A SPIFFE ID, `spiffe://trust-domain/path`, checked exactly as SPIFFE-ID.md demands: the
/// lower-case `spiffe` scheme, a trust domain of `a-z 0-9 . - _`, path segments of
/// `a-z A-Z 0-9 . - _` that are neither empty, `.` nor `..`, no trailing slash, and no
/// query, fragment, port, user info or percent-encoding (none of those characters is
/// allowed). Trust domains are at most 255 bytes and IDs at most 2048.
public struct SPIFFEID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The URI scheme and authority separator every SPIFFE ID starts with.
  static let scheme = "spiffe://"

  /// The trust domain.
  public let trustDomain: TrustDomain
  /// The path, empty or starting with `/`.
  public let path: String

  init(trustDomain: TrustDomain, validatedPath path: String) {
    self.trustDomain = trustDomain
    self.path = path
  }

  /// Parses a SPIFFE ID.
  /// - Throws: ``IdentityError`` with ``IdentityError/Code/invalidSPIFFEID`` whose message
  ///   is go-spiffe's for the rule broken.
  public init(_ text: String) throws {
    if text.isEmpty { throw SPIFFEIDRules.error(.empty, text) }
    guard text.hasPrefix(Self.scheme) else { throw SPIFFEIDRules.error(.scheme, text) }
    if text.utf8.count > 2048 { throw SPIFFEIDRules.error(.tooLong, text) }
    let rest = text.dropFirst(Self.scheme.count)
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    let trustDomain: TrustDomain
    do {
      trustDomain = try TrustDomain(validatedName: String(rest[..<slash]))
    } catch var error as IdentityError {
      error.input = text
      throw error
    }
    let path = String(rest[slash...])
    try SPIFFEIDRules.checkPath(path, in: text)
    self.init(trustDomain: trustDomain, validatedPath: path)
  }

  /// Whether `text` is written as a SPIFFE ID (starts with `spiffe://`), valid or not: a
  /// subject alternative name so written is a URI SAN, any other a DNS name.
  public static func hasSPIFFEScheme(_ text: String) -> Bool { text.hasPrefix(scheme) }

  /// `spiffe://trust-domain/path`.
  public var uri: String { "\(Self.scheme)\(trustDomain.name)\(path)" }

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

  static func error(
    _ problem: Problem, _ input: String?, code: IdentityError.Code = .invalidSPIFFEID
  ) -> IdentityError {
    IdentityError(code, problem.rawValue, input: input?.isEmpty == true ? nil : input)
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
  /// - Parameter input: The whole text the path came from, for the error.
  static func checkPath(_ path: String, in input: String? = nil) throws {
    guard !path.isEmpty else { return }
    guard path.hasPrefix("/") else { throw error(.leadingSlash, input ?? path) }
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
      .dropFirst()
    for (index, segment) in segments.enumerated() {
      if segment.isEmpty {
        throw error(index == segments.count - 1 ? .trailingSlash : .emptySegment, input ?? path)
      }
      if segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8) {
        throw error(.dotSegment, input ?? path)
      }
      if !segment.allSatisfy(isPathByte) { throw error(.pathCharacters, input ?? path) }
    }
  }

  /// Checks one path segment on its own (a namespace or a service account).
  static func checkSegment(_ segment: String, code: IdentityError.Code) throws {
    if segment.isEmpty { throw error(.emptySegment, segment, code: code) }
    if segment == "." || segment == ".." { throw error(.dotSegment, segment, code: code) }
    if !segment.utf8.allSatisfy(isPathByte) {
      throw error(.pathCharacters, segment, code: code)
    }
  }
}
