import Foundation

/// One scrape of a Prometheus endpoint in the text exposition format (version 0.0.4, what
/// Envoy's `/stats/prometheus` serves), parsed strictly: a line that is not a comment, a
/// `# HELP`/`# TYPE` line or a well-formed sample is an error naming its line and column.
///
/// ```swift
/// let scrape = try PrometheusText(parsing: body)
/// let denied = scrape.sum("envoy_http_rbac_denied")
/// ```
public struct PrometheusText: Sendable, Hashable {
  /// The metric types a `# TYPE` line may declare.
  public enum MetricType: String, Sendable, Hashable, Codable {
    /// A value that only goes up (Envoy's counters).
    case counter
    /// A value that goes up and down (Envoy's gauges).
    case gauge
    /// Bucketed observations with `_bucket`, `_sum` and `_count` samples.
    case histogram
    /// Quantiles with `_sum` and `_count` samples.
    case summary
    /// A metric declared without a type.
    case untyped
  }

  /// One sample line: a name, its labels and its value.
  public struct Sample: Sendable, Hashable {
    /// The metric's name (with `_bucket`, `_sum` or `_count` for histogram samples).
    public var name: String
    /// The sample's labels, unescaped.
    public var labels: [String: String]
    /// The sample's value (`NaN`, `+Inf` and `-Inf` as Prometheus writes them).
    public var value: Double

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, labels: [String: String] = [:], value: Double) {
      self.name = name
      self.labels = labels
      self.value = value
    }
  }

  /// Every sample, in the order of the text.
  public var samples: [Sample]
  /// The types declared by `# TYPE` lines, by metric family name.
  public var types: [String: MetricType]

  /// Parses `text`.
  /// - Throws: ``PrometheusParseError`` at the first line that breaks the format.
  public init(parsing text: String) throws {
    var parser = Parser()
    var lineNumber = 0
    // Bytes, not Characters: "\r\n" is one Character, and lines may end in either.
    for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      try parser.consume(line.last == UInt8(ascii: "\r") ? line.dropLast() : line, line: lineNumber)
    }
    samples = parser.samples
    types = parser.types
  }

  /// The samples named `name` whose labels include every pair of `labels`.
  public func samples(named name: String, matching labels: [String: String] = [:]) -> [Sample] {
    samples.filter { sample in
      sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
    }
  }

  /// The sum of the values of ``samples(named:matching:)``; 0 when there are none.
  public func sum(_ name: String, matching labels: [String: String] = [:]) -> Double {
    samples(named: name, matching: labels).reduce(0) { $0 + $1.value }
  }
}

/// Where and why a scrape is not the Prometheus text format.
///
/// ```
/// PrometheusParseError.syntax: line 1, column 1: expected a metric name
/// ```
public struct PrometheusParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// A line that breaks the format: a missing name, value, quote or separator, a bad escape, number or timestamp.
    public static let syntax = Code("syntax")
    /// A `# TYPE` line with a type the format does not define.
    public static let unknownMetricType = Code("unknownMetricType")
    /// A label given twice in one sample, or a second `# TYPE` for one family.
    public static let duplicate = Code("duplicate")
    /// A `# TYPE` line after samples of its family.
    public static let typeAfterSamples = Code("typeAfterSamples")

    public var description: String { name }
  }

  /// What broke the format.
  public var code: Code
  /// The line, counting from 1.
  public var line: Int
  /// The column, counting from 1, in bytes.
  public var column: Int
  /// What was expected or found there.
  public var reason: String

  /// Creates an error.
  public init(_ code: Code, line: Int, column: Int, reason: String) {
    self.code = code
    self.line = line
    self.column = column
    self.reason = reason
  }

  /// `line 3, column 7: expected a quoted label value`: where and why, without the code.
  public var location: String { "line \(line), column \(column): \(reason)" }

  public var description: String { "PrometheusParseError.\(code): \(location)" }
}

extension PrometheusText {
  /// The line-by-line state: what has been read, and the families already typed.
  private struct Parser {
    var samples: [Sample] = []
    var types: [String: MetricType] = [:]
    /// Families whose samples have been seen: a `# TYPE` after them is an error.
    var sampled: Set<String> = []

    mutating func consume(_ line: Substring.UTF8View.SubSequence, line number: Int) throws {
      var cursor = Cursor(line, line: number)
      cursor.skipBlanks()
      if cursor.atEnd { return }
      if cursor.peek == UInt8(ascii: "#") {
        try comment(&cursor)
      } else {
        try sample(&cursor)
      }
    }

    private mutating func comment(_ cursor: inout Cursor) throws {
      cursor.advance()  // '#'
      cursor.skipBlanks()
      let keyword = cursor.word()
      guard keyword == "HELP" || keyword == "TYPE" else { return }  // any other comment
      cursor.skipBlanks()
      let start = cursor.column
      let name = cursor.metricName()
      guard !name.isEmpty else { throw cursor.error("expected a metric name after # \(keyword)") }
      guard keyword == "TYPE" else { return }  // HELP's text is free
      cursor.skipBlanks()
      let typeColumn = cursor.column
      let word = cursor.word()
      guard let type = MetricType(rawValue: word) else {
        throw cursor.error(
          "unknown metric type \"\(word)\"", column: typeColumn, code: .unknownMetricType)
      }
      cursor.skipBlanks()
      guard cursor.atEnd else { throw cursor.error("unexpected text after the type") }
      guard types[name] == nil else {
        throw cursor.error("a second # TYPE for \(name)", column: start, code: .duplicate)
      }
      guard !sampled.contains(name) else {
        throw cursor.error(
          "# TYPE for \(name) after its samples", column: start, code: .typeAfterSamples)
      }
      types[name] = type
    }

    private mutating func sample(_ cursor: inout Cursor) throws {
      let name = cursor.metricName()
      guard !name.isEmpty else { throw cursor.error("expected a metric name") }
      var labels: [String: String] = [:]
      if cursor.peek == UInt8(ascii: "{") {
        labels = try cursor.labelSet()
      }
      guard cursor.skipBlanks() > 0 else { throw cursor.error("expected a space before the value") }
      let value = try cursor.number()
      if cursor.skipBlanks() > 0, !cursor.atEnd {
        try cursor.timestamp()
        cursor.skipBlanks()
      }
      guard cursor.atEnd else { throw cursor.error("unexpected text after the value") }
      sampled.insert(Self.family(of: name, types: types))
      samples.append(Sample(name: name, labels: labels, value: value))
    }

    /// The family a sample belongs to: a histogram's `_bucket`, `_sum` and `_count` and a
    /// summary's `_sum` and `_count` are its family's.
    static func family(of name: String, types: [String: MetricType]) -> String {
      for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
        let base = String(name.dropLast(suffix.count))
        if let type = types[base], type == .histogram || (type == .summary && suffix != "_bucket") {
          return base
        }
      }
      return name
    }
  }

  /// A position in one line, with the checks the format's tokens need.
  private struct Cursor {
    let bytes: [UInt8]
    let line: Int
    var index = 0

    init(_ text: Substring.UTF8View.SubSequence, line: Int) {
      bytes = Array(text)
      self.line = line
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var column: Int { index + 1 }

    mutating func advance() { index += 1 }

    func error(
      _ reason: String, column: Int? = nil, code: PrometheusParseError.Code = .syntax
    ) -> PrometheusParseError {
      PrometheusParseError(code, line: line, column: column ?? self.column, reason: reason)
    }

    @discardableResult
    mutating func skipBlanks() -> Int {
      let start = index
      while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
        index += 1
      }
      return index - start
    }

    /// Characters up to the next blank.
    mutating func word() -> String {
      let start = index
      while let byte = peek, byte != UInt8(ascii: " "), byte != UInt8(ascii: "\t") { index += 1 }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, or "" when none starts here.
    mutating func metricName() -> String {
      identifier(allowingColons: true)
    }

    private mutating func identifier(allowingColons: Bool) -> String {
      let start = index
      while let byte = peek {
        let letter =
          (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
          || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
          || (allowingColons && byte == UInt8(ascii: ":"))
        let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        guard letter || (digit && index > start) else { break }
        index += 1
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `{name="value",...}`, a trailing comma allowed; a label twice is an error.
    mutating func labelSet() throws -> [String: String] {
      advance()  // '{'
      var labels: [String: String] = [:]
      while true {
        skipBlanks()
        if peek == UInt8(ascii: "}") {
          advance()
          return labels
        }
        let nameColumn = column
        let name = identifier(allowingColons: false)
        guard !name.isEmpty else { throw error("expected a label name or }") }
        skipBlanks()
        guard peek == UInt8(ascii: "=") else { throw error("expected = after label \(name)") }
        advance()
        skipBlanks()
        let value = try quoted()
        guard labels.updateValue(value, forKey: name) == nil else {
          throw error("label \(name) given twice", column: nameColumn, code: .duplicate)
        }
        skipBlanks()
        if peek == UInt8(ascii: ",") {
          advance()
        } else if peek != UInt8(ascii: "}") {
          throw error("expected , or } after the value of \(name)")
        }
      }
    }

    /// A double-quoted label value with the escapes `\\`, `\"` and `\n`.
    private mutating func quoted() throws -> String {
      guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted label value") }
      advance()
      var value: [UInt8] = []
      while let byte = peek {
        advance()
        switch byte {
        case UInt8(ascii: "\""):
          guard let text = String(validating: value, as: UTF8.self) else {
            throw error("a label value that is not UTF-8")
          }
          return text
        case UInt8(ascii: "\\"):
          guard let escaped = peek else { break }
          switch escaped {
          case UInt8(ascii: "\\"): value.append(escaped)
          case UInt8(ascii: "\""): value.append(escaped)
          case UInt8(ascii: "n"): value.append(UInt8(ascii: "\n"))
          default: throw error("unknown escape \\\(Character(Unicode.Scalar(escaped)))")
          }
          advance()
        default:
          value.append(byte)
        }
      }
      throw error("a label value without its closing quote")
    }

    /// A Go float: decimal or exponent notation, `+Inf`, `-Inf`, `NaN`.
    mutating func number() throws -> Double {
      let start = column
      let text = word()
      switch text {
      case "+Inf", "Inf": return .infinity
      case "-Inf": return -.infinity
      case "NaN": return .nan
      default:
        // Double(_:) also takes "inf", "nan" and hex floats, which the format does not.
        let allowed = text.utf8.allSatisfy { byte in
          (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || [
              UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"),
              UInt8(ascii: "-"),
            ].contains(byte)
        }
        guard allowed, let value = Double(text) else {
          throw error(
            text.isEmpty ? "expected a value" : "\"\(text)\" is not a number", column: start)
        }
        return value
      }
    }

    /// An optional timestamp: milliseconds since the epoch, an integer.
    mutating func timestamp() throws {
      let start = column
      let text = word()
      guard Int64(text) != nil else {
        throw error("\"\(text)\" is not a timestamp in milliseconds", column: start)
      }
    }
  }
}
