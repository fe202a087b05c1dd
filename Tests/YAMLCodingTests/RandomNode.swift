import YAMLCoding

/// A small deterministic generator (SplitMix64), so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}

/// Random YAML trees whose strings are chosen to trip a YAML writer: words that other
/// schemas read as booleans, numbers, dates and nulls, indicators, quotes, line breaks
/// and non-ASCII text.
enum RandomNode {
  static let trickyStrings = [
    "true", "False", "yes", "no", "on", "off", "y", "n", "null", "~", "", " ", "1", "-1", "0x1F",
    "0o17", "1.5", "1e3", ".inf", "-.inf", ".nan", "2001-12-14", "12:30:45", "1_000", "=", "<<",
    ": x", "x: y", "- item", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick", "#comment",
    "x #not comment", "'single'", "\"double\"", "back\\slash", "tab\there", "line\nbreak",
    "trailing\n", "  indented", "naïve café", "日本語", "emoji 🚀", "{flow}", "[seq]", "a,b", "?",
    "|", ">", "---", "...", "reviews.default.svc.cluster.local", "v1", "GET", "/api/{*}",
  ]

  static func make(depth: Int, using generator: inout SeededGenerator) -> YAMLNode {
    let choice = Int.random(in: 0..<(depth > 0 ? 9 : 6), using: &generator)
    switch choice {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2: return .int(Int.random(in: Int.min...Int.max, using: &generator))
    case 3:
      let values = [0.1, -2.5, 1e-7, 3.0e21, 123_456.789, -0.0, .infinity, 42.0]
      return .double(values[Int.random(in: 0..<values.count, using: &generator)])
    case 4, 5:
      return .string(trickyStrings[Int.random(in: 0..<trickyStrings.count, using: &generator)])
    case 6:
      return .array(
        (0..<Int.random(in: 0...4, using: &generator)).map { _ in
          make(depth: depth - 1, using: &generator)
        })
    default:
      var object: [String: YAMLNode] = [:]
      for _ in 0..<Int.random(in: 0...4, using: &generator) {
        let key = trickyStrings[Int.random(in: 0..<trickyStrings.count, using: &generator)]
        object[key] = make(depth: depth - 1, using: &generator)
      }
      return .object(object)
    }
  }
}

extension YAMLNode {
  /// The same tree with infinities and NaN replaced by a finite number, for comparing
  /// against JSON, which has neither.
  var withFiniteNumbers: YAMLNode {
    switch self {
    case .double(let value) where !value.isFinite: return .double(1.5)
    case .array(let items): return .array(items.map(\.withFiniteNumbers))
    case .object(let object): return .object(object.mapValues(\.withFiniteNumbers))
    default: return self
    }
  }
}
