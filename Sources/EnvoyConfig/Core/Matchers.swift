import Foundation

extension Envoy {
  /// `envoy.type.matcher.v3.StringMatcher`: one of exact, prefix, suffix, contains or a
  /// RE2 regular expression.
  public struct StringMatcher: Codable, Sendable, Hashable {
    /// `exact`: the value is exactly this; set exactly one of the five.
    public var exact: String?
    /// `prefix`: the value begins with this.
    public var prefix: String?
    /// `suffix`: the value ends with this.
    public var suffix: String?
    /// `contains`: the value contains this.
    public var contains: String?
    /// `safe_regex`: the whole value matches this regular expression.
    public var safeRegex: RegexMatcher?
    /// `ignore_case`: when `true`, `exact`, `prefix`, `suffix` and `contains` ignore case (not
    /// `safe_regex`); `false` when absent.
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

    /// Matches a value that is exactly `value`.
    public static func exact(_ value: String) -> StringMatcher { StringMatcher(exact: value) }
    /// Matches a value that begins with `value`.
    public static func prefix(_ value: String) -> StringMatcher { StringMatcher(prefix: value) }
    /// Matches a value that ends with `value`.
    public static func suffix(_ value: String) -> StringMatcher { StringMatcher(suffix: value) }
    /// Matches a value that the RE2 regular expression `value` matches entirely.
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
    /// `regex`: the RE2 regular expression.
    public var regex: String

    /// Creates a value; every parameter is the property of the same name.
    public init(regex: String) {
      self.regex = regex
    }
  }

  /// `envoy.config.route.v3.HeaderMatcher`: a header's presence, absence or value.
  public struct HeaderMatcher: Codable, Sendable, Hashable {
    /// `name`: the header's name; pseudo-headers such as `:authority` too.
    public var name: String
    /// `string_match`: the header's value matches; set this or `presentMatch`.
    public var stringMatch: StringMatcher?
    /// `present_match`: when `true`, the header matches when the request has it, whatever its
    /// value; when `false`, when it hasn't.
    public var presentMatch: Bool?
    /// `invert_match`: when `true`, the match's result is inverted; `false` when absent.
    public var invertMatch: Bool?
    /// `treat_missing_header_as_empty`: when `true`, a missing header is matched as if its
    /// value were empty (so `invertMatch` can match it); `false` when absent.
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
    /// `name`: the query parameter's name.
    public var name: String
    /// `string_match`: the parameter's value matches; set this or `presentMatch`.
    public var stringMatch: StringMatcher?
    /// `present_match`: when `true`, the parameter matches when the query has it, whatever its
    /// value.
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
