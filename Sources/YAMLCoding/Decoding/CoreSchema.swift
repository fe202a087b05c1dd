/// Resolution of plain scalars under the YAML 1.2 core schema
/// (https://yaml.org/spec/1.2.2/#1032-tag-resolution): `yes`/`on` stay strings, only
/// `true`/`false` in three spellings are booleans.
enum CoreSchema {
  static func resolvePlain(_ text: String) -> Scalar.Resolved {
    guard let first = text.utf8.first else { return .null }
    switch first {
    case UInt8(ascii: "~"):
      return text.utf8.count == 1 ? .null : .string
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      return text == "null" || text == "Null" || text == "NULL" ? .null : .string
    case UInt8(ascii: "t"), UInt8(ascii: "T"):
      return text == "true" || text == "True" || text == "TRUE" ? .bool(true) : .string
    case UInt8(ascii: "f"), UInt8(ascii: "F"):
      return text == "false" || text == "False" || text == "FALSE" ? .bool(false) : .string
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      var contiguous = text
      return contiguous.withUTF8 { resolveNumber($0) }
    default:
      return .string
    }
  }

  /// `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+` are integers;
  /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf`, `.nan` are floats.
  static func resolveNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Scalar.Resolved {
    if isCoreInteger(bytes) { return .integer }
    if isCoreFloat(bytes) { return .float }
    return .string
  }

  static func isCoreInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let count = bytes.count
    if count > 2, bytes[0] == UInt8(ascii: "0") {
      if bytes[1] == UInt8(ascii: "o") {
        return bytes[2...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
      }
      if bytes[1] == UInt8(ascii: "x") {
        return bytes[2...].allSatisfy(isHexDigit)
      }
    }
    var index = 0
    if count > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
    guard index < count else { return false }
    return bytes[index...].allSatisfy(isDigit)
  }

  static func isCoreFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    let count = bytes.count
    if count > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
    let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
    if rest == ".inf" || rest == ".Inf" || rest == ".INF" { return true }
    if index == 0, rest == ".nan" || rest == ".NaN" || rest == ".NAN" { return true }
    // Mantissa: digits with an optional fraction, or a fraction alone.
    var integerDigits = 0
    while index < count, isDigit(bytes[index]) {
      index += 1
      integerDigits += 1
    }
    var fractionDigits = 0
    if index < count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < count, isDigit(bytes[index]) {
        index += 1
        fractionDigits += 1
      }
    }
    guard integerDigits > 0 || fractionDigits > 0 else { return false }
    if index < count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        index += 1
      }
      var exponentDigits = 0
      while index < count, isDigit(bytes[index]) {
        index += 1
        exponentDigits += 1
      }
      guard exponentDigits > 0 else { return false }
    }
    return index == count
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
  }
}
