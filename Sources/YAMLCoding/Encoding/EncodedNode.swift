/// A value on its way to the emitter. Collections are boxes, so a container handed out
/// by the encoder can keep filling them after they were attached to their parent.
enum EncodedNode {
  case null
  /// Text that must read back as a string: quoted when a plain scalar would not.
  case string(String)
  /// A number or boolean, emitted plain.
  case literal(String)
  case sequence(SequenceBox)
  case mapping(MappingBox)
}

final class SequenceBox {
  var items: [EncodedNode] = []
}

final class MappingBox {
  var keys: [String] = []
  var values: [EncodedNode] = []
  /// Dictionaries have no order of their own: sorting their keys makes equal input give
  /// identical bytes. Types keep the order their `encode(to:)` wrote.
  var sortsKeys: Bool

  init(sortsKeys: Bool) {
    self.sortsKeys = sortsKeys
  }

  func set(_ value: EncodedNode, for key: String) {
    keys.append(key)
    values.append(value)
  }
}

/// Marks dictionaries, whose iteration order changes from process to process, so the
/// encoder sorts their keys (as text: integer keys arrive as their decimal spelling).
protocol UnorderedDictionary {}
extension Dictionary: UnorderedDictionary {}

/// Formats numbers as plain scalars that both YAML 1.2 and YAML 1.1 readers (PyYAML,
/// go-yaml) resolve to the same number.
enum NumberFormat {
  static func format<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) -> String {
    if value.isNaN { return ".nan" }
    if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
    let text = value.description
    // YAML 1.1 floats need a dot in the mantissa: "1e-05" would read back as a string.
    guard let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
      !text[..<exponent].contains(".")
    else { return text }
    return text[..<exponent] + ".0" + text[exponent...]
  }
}
