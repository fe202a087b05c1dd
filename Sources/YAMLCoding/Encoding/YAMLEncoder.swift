/// Encodes `Encodable` values as YAML through libyaml's emitter.
///
/// Output is deterministic: fields in the order the type encodes them, dictionary keys
/// sorted, so equal input gives identical bytes. A string is quoted exactly when a plain
/// scalar would read back as something else (`"true"`, `"1.0"`, `"null"`, `"0x10"`,
/// `"yes"` for YAML 1.1 readers) or when its characters need quotes (`": x"`, a leading
/// `*`, `&`, `!`, `%`, `@`). Optional fields that are `nil` are left out.
///
/// ```swift
/// let yaml = try YAMLEncoder().encode(route)
/// let stream = try YAMLEncoder().encode(documents: resources)
/// ```
public struct YAMLEncoder: Sendable {
  /// Spaces per indentation level, 2 to 9. Default 2.
  public var indent: Int
  /// Values handed to the encoded types through `Encoder.userInfo`.
  public var userInfo: [CodingUserInfoKey: any Sendable]
  /// Whether the keys of every mapping are sorted, as JSONEncoder's `.sortedKeys` sorts
  /// them; otherwise fields keep the order their type encodes them in (dictionary keys
  /// are sorted either way). Default false.
  public var sortsKeys: Bool

  /// Creates an encoder.
  public init(
    indent: Int = 2, sortsKeys: Bool = false, userInfo: [CodingUserInfoKey: any Sendable] = [:]
  ) {
    self.indent = indent
    self.sortsKeys = sortsKeys
    self.userInfo = userInfo
  }

  /// Encodes one value as a single-document YAML stream.
  /// - Parameter value: The value to encode.
  /// - Returns: YAML text ending in a newline.
  /// - Throws: ``YAMLError`` with code ``YAMLError/Code/emitter`` if libyaml rejects the
  ///   events, or whatever the value's `encode(to:)` throws.
  public func encode<T: Encodable>(_ value: T) throws -> String {
    try encode(documents: CollectionOfOne(value))
  }

  /// Encodes values as the documents of one stream, separated by `---`.
  /// - Parameter documents: The documents, in order.
  /// - Returns: YAML text; empty when `documents` is empty.
  /// - Throws: ``YAMLError`` as ``encode(_:)`` does.
  public func encode<S: Sequence>(documents: S) throws -> String where S.Element: Encodable {
    String(decoding: try encodeToBytes(documents: documents), as: UTF8.self)
  }

  /// Encodes values as the documents of one stream, as UTF-8 bytes.
  /// - Parameter documents: The documents, in order.
  /// - Returns: UTF-8 YAML.
  /// - Throws: ``YAMLError`` as ``encode(_:)`` does.
  public func encodeToBytes<S: Sequence>(documents: S) throws -> [UInt8]
  where S.Element: Encodable {
    let emitter = try Emitter(indent: min(max(indent, 2), 9))
    try emitter.startStream()
    let root = EncoderImpl(parent: nil, step: nil, userInfo: userInfo, sortsEveryMapping: sortsKeys)
    for document in documents {
      try emitter.emitDocument(try root.box(document, step: nil))
    }
    return try emitter.endStream()
  }
}
