/// An untyped YAML or JSON value, like `google.protobuf.Struct`: for fields whose shape
/// the schema leaves open (Envoy filter configs, Telemetry provider options).
///
/// It decodes from and encodes to any Codable format. With ``YAMLDecoder`` integers stay
/// ``int(_:)`` unless they do not fit an `Int`, floats become ``double(_:)``. Objects
/// encode with sorted keys, so equal values give identical bytes.
public enum YAMLNode: Sendable, Hashable, Codable {
  /// `null`, `~` or an empty value.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// An integer that fits an `Int`.
  case int(Int)
  /// A floating-point number, or an integer too large for an `Int`.
  case double(Double)
  /// A string.
  case string(String)
  /// A sequence (a JSON array).
  case array([YAMLNode])
  /// A mapping with string keys (a JSON object).
  case object([String: YAMLNode])

  /// Decodes any value, trying the scalar types before the collections.
  /// - Throws: `DecodingError.typeMismatch` when the value is none of them.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([YAMLNode].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: YAMLNode].self))
    }
  }

  /// Encodes the value as the matching scalar or collection.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .double(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// The value at `key` when this is an object.
  public subscript(key: String) -> YAMLNode? {
    if case .object(let object) = self { return object[key] }
    return nil
  }

  /// The text when this is a string.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }
}

extension YAMLNode: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByBooleanLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
  ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(arrayLiteral elements: YAMLNode...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }

  public init(dictionaryLiteral elements: (String, YAMLNode)...) {
    self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }
}
