import Foundation

extension Envoy {
  /// `envoy.type.matcher.v3.StringMatcher`: one of exact, prefix, suffix, contains or a
  /// RE2 regular expression.
  public struct StringMatcher: Codable, Sendable, Hashable {
    public var exact: String?
    public var prefix: String?
    public var suffix: String?
    public var contains: String?
    public var safeRegex: RegexMatcher?
    public var ignoreCase: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      exact: String? = nil, prefix: String? = nil, suffix: String? = nil, contains: String? = nil,
      safeRegex: RegexMatcher? = nil, ignoreCase: Bool? = nil
    ) {
      self.exact = exact
      self.prefix = prefix
      self.suffix = suffix
      self.contains = contains
      self.safeRegex = safeRegex
      self.ignoreCase = ignoreCase
    }

    public static func exact(_ value: String) -> StringMatcher { StringMatcher(exact: value) }
    public static func prefix(_ value: String) -> StringMatcher { StringMatcher(prefix: value) }
    public static func suffix(_ value: String) -> StringMatcher { StringMatcher(suffix: value) }
    public static func regex(_ value: String) -> StringMatcher {
      StringMatcher(safeRegex: RegexMatcher(regex: value))
    }

    enum CodingKeys: String, CodingKey {
      case exact, prefix, suffix, contains
      case safeRegex = "safe_regex"
      case ignoreCase = "ignore_case"
    }
  }

  /// `envoy.type.matcher.v3.RegexMatcher` (RE2, Envoy's default engine).
  public struct RegexMatcher: Codable, Sendable, Hashable {
    public var regex: String

    /// Creates a value; every parameter is the property of the same name.
    public init(regex: String) {
      self.regex = regex
    }
  }

  /// `envoy.config.route.v3.HeaderMatcher`: a header's presence, absence or value.
  public struct HeaderMatcher: Codable, Sendable, Hashable {
    public var name: String
    public var stringMatch: StringMatcher?
    public var presentMatch: Bool?
    public var invertMatch: Bool?
    /// Whether a missing header matches an inverted matcher (Envoy's default is false).
    public var treatMissingHeaderAsEmpty: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, stringMatch: StringMatcher? = nil, presentMatch: Bool? = nil,
      invertMatch: Bool? = nil, treatMissingHeaderAsEmpty: Bool? = nil
    ) {
      self.name = name
      self.stringMatch = stringMatch
      self.presentMatch = presentMatch
      self.invertMatch = invertMatch
      self.treatMissingHeaderAsEmpty = treatMissingHeaderAsEmpty
    }

    enum CodingKeys: String, CodingKey {
      case name
      case stringMatch = "string_match"
      case presentMatch = "present_match"
      case invertMatch = "invert_match"
      case treatMissingHeaderAsEmpty = "treat_missing_header_as_empty"
    }
  }

  /// `envoy.config.route.v3.QueryParameterMatcher`.
  public struct QueryParameterMatcher: Codable, Sendable, Hashable {
    public var name: String
    public var stringMatch: StringMatcher?
    public var presentMatch: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, stringMatch: StringMatcher? = nil, presentMatch: Bool? = nil) {
      self.name = name
      self.stringMatch = stringMatch
      self.presentMatch = presentMatch
    }

    enum CodingKeys: String, CodingKey {
      case name
      case stringMatch = "string_match"
      case presentMatch = "present_match"
    }
  }
}
