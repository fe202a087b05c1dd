import Foundation

extension Envoy {
  /// A `google.protobuf.Duration`, written as protobuf's JSON mapping does: seconds with up
  /// to nine fractional digits and an `s` (`"0.250s"`, `"15s"`).
  public struct ProtoDuration: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The whole length in nanoseconds.
    public var nanoseconds: Int64

    /// A duration of `nanoseconds`.
    public init(nanoseconds: Int64) {
      self.nanoseconds = nanoseconds
    }

    /// A duration of whole or fractional seconds, rounded to the nanosecond.
    public static func seconds(_ seconds: Double) -> ProtoDuration {
      ProtoDuration(nanoseconds: Int64((seconds * 1e9).rounded()))
    }

    /// A duration of milliseconds.
    public static func milliseconds(_ milliseconds: Int64) -> ProtoDuration {
      ProtoDuration(nanoseconds: milliseconds * 1_000_000)
    }

    /// The length in seconds.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The JSON text: the fraction as 0, 3, 6 or 9 digits, as protobuf prints it.
    public var description: String {
      let sign = nanoseconds < 0 ? "-" : ""
      let magnitude = nanoseconds.magnitude
      let whole = magnitude / 1_000_000_000
      let fraction = magnitude % 1_000_000_000
      if fraction == 0 { return "\(sign)\(whole)s" }
      var digits = String(fraction)
      digits = String(repeating: "0", count: 9 - digits.count) + digits
      while digits.count > 3, digits.hasSuffix("000") { digits.removeLast(3) }
      return "\(sign)\(whole).\(digits)s"
    }

    /// The longest duration a nanosecond count in 64 bits holds: about 292 years.
    static let maximumSeconds = Int64.max / 1_000_000_000 - 1

    /// Parses `"1.5s"`, `"-0.001s"`, `"30s"`; nil for anything else.
    public init?(_ text: String) {
      guard text.hasSuffix("s") else { return nil }
      var body = Substring(text.dropLast())
      let negative = body.hasPrefix("-")
      if negative { body = body.dropFirst() }
      let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
      guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy(\.isASCIIDigit),
        let whole = Int64(wholeText), whole <= Self.maximumSeconds
      else { return nil }
      var fraction: Int64 = 0
      if parts.count == 2 {
        let digits = parts[1]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCIIDigit) else {
          return nil
        }
        fraction = Int64(digits + String(repeating: "0", count: 9 - digits.count)) ?? 0
      }
      let total = whole * 1_000_000_000 + fraction
      nanoseconds = negative ? -total : total
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let parsed = ProtoDuration(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "\"\(text)\" is not a duration such as \"1.5s\"")
      }
      self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(description)
    }

    public static func < (lhs: ProtoDuration, rhs: ProtoDuration) -> Bool {
      lhs.nanoseconds < rhs.nanoseconds
    }
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
