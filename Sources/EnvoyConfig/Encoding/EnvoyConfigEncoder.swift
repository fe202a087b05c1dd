import Foundation
import YAMLCoding

/// Writes Envoy configuration as JSON or YAML, byte-identical for equal input: object
/// keys sorted (so `@type` comes first), no escaped slashes, a final newline.
///
/// ```swift
/// let yaml = try EnvoyConfigEncoder().yaml(bootstrap)
/// try EnvoyConfigEncoder().json(bootstrap).write(to: url)
/// ```
public struct EnvoyConfigEncoder: Sendable {
  /// Whether JSON is indented (two spaces); YAML always is.
  public var prettyPrinted: Bool

  /// An encoder; JSON indented unless `prettyPrinted` is false.
  public init(prettyPrinted: Bool = true) {
    self.prettyPrinted = prettyPrinted
  }

  /// The value as JSON.
  /// - Throws: `EncodingError` when a value cannot be encoded (a non-finite number).
  public func json(_ value: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    if prettyPrinted { encoder.outputFormatting.insert(.prettyPrinted) }
    var data = try encoder.encode(value)
    data.append(UInt8(ascii: "\n"))
    return data
  }

  /// The value as YAML, keys in the same order as the JSON.
  /// - Throws: `EncodingError` or ``YAMLCoding/YAMLError`` when a value cannot be encoded.
  public func yaml(_ value: some Encodable) throws -> String {
    // Keys sorted as the JSON sorts them, so the two outputs list fields alike.
    try YAMLEncoder(sortsKeys: true).encode(value)
  }
}
