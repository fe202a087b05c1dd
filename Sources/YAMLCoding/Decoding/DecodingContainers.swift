struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let decoder: DecoderImpl
  let pairs: [Pair]

  var codingPath: [any CodingKey] { decoder.codingPath }

  var allKeys: [Key] { pairs.compactMap { Key(stringValue: $0.key) } }

  func contains(_ key: Key) -> Bool {
    decoder.indexOfKey(key.stringValue, in: pairs) != nil
  }

  private func value(for key: Key) throws -> Node {
    guard let index = decoder.indexOfKey(key.stringValue, in: pairs) else {
      throw YAMLError(
        .keyNotFound, "missing required field \"\(key.stringValue)\"", path: decoder.path(),
        mark: decoder.node.mark)
    }
    return pairs[index].value
  }

  /// The value for `key` unless it is absent or null.
  private func presentValue(for key: Key) -> Node? {
    guard let index = decoder.indexOfKey(key.stringValue, in: pairs) else { return nil }
    let node = pairs[index].value
    return node.isNull ? nil : node
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    try value(for: key).isNull
  }

  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
    try decoder.unboxBool(value(for: key), step: .key(key.stringValue))
  }

  func decode(_ type: String.Type, forKey key: Key) throws -> String {
    try decoder.unboxString(value(for: key), step: .key(key.stringValue))
  }

  func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
    try decoder.unboxFloat(value(for: key), as: type, step: .key(key.stringValue))
  }

  func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
    try decoder.unboxFloat(value(for: key), as: type, step: .key(key.stringValue))
  }

  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

  private func integer<I: FixedWidthInteger>(_ type: I.Type, _ key: Key) throws -> I {
    try decoder.unboxInteger(value(for: key), as: type, step: .key(key.stringValue))
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try decoder.unbox(value(for: key), as: type, step: .key(key.stringValue))
  }

  // One lookup per optional field instead of the default contains + decodeNil + decode.
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
    try presentValue(for: key).map { try decoder.unboxString($0, step: .key(key.stringValue)) }
  }

  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
    try presentValue(for: key).map { try decoder.unboxBool($0, step: .key(key.stringValue)) }
  }

  func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
    try presentValue(for: key).map {
      try decoder.unboxInteger($0, as: type, step: .key(key.stringValue))
    }
  }

  func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
    try presentValue(for: key).map {
      try decoder.unboxInteger($0, as: type, step: .key(key.stringValue))
    }
  }

  func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
    try presentValue(for: key).map {
      try decoder.unboxInteger($0, as: type, step: .key(key.stringValue))
    }
  }

  func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
    try presentValue(for: key).map {
      try decoder.unboxFloat($0, as: type, step: .key(key.stringValue))
    }
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    try presentValue(for: key).map { try decoder.unbox($0, as: type, step: .key(key.stringValue)) }
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try childDecoder(for: key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try childDecoder(for: key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder {
    let node =
      decoder.indexOfKey("super", in: pairs).map { pairs[$0].value }
      ?? Node(
        content: .scalar(Scalar(text: "", resolved: .null)), mark: decoder.node.mark, weight: 1)
    return DecoderImpl(node: node, parent: decoder, step: .superKey, context: decoder.context)
  }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    try childDecoder(for: key)
  }

  private func childDecoder(for key: Key) throws -> DecoderImpl {
    DecoderImpl(
      node: try value(for: key), parent: decoder, step: .key(key.stringValue),
      context: decoder.context)
  }
}

struct UnkeyedContainer: UnkeyedDecodingContainer {
  let decoder: DecoderImpl
  let items: [Node]
  private(set) var currentIndex = 0

  init(decoder: DecoderImpl, items: [Node]) {
    self.decoder = decoder
    self.items = items
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { items.count }
  var isAtEnd: Bool { currentIndex >= items.count }

  private mutating func next() throws -> (Node, PathStep) {
    guard !isAtEnd else {
      throw YAMLError(
        .valueNotFound, "the sequence has only \(items.count) items", path: decoder.path(),
        mark: decoder.node.mark)
    }
    defer { currentIndex += 1 }
    return (items[currentIndex], .index(currentIndex))
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd, items[currentIndex].isNull else { return false }
    currentIndex += 1
    return true
  }

  mutating func decode(_ type: Bool.Type) throws -> Bool {
    let (node, step) = try next()
    return try decoder.unboxBool(node, step: step)
  }

  mutating func decode(_ type: String.Type) throws -> String {
    let (node, step) = try next()
    return try decoder.unboxString(node, step: step)
  }

  mutating func decode(_ type: Double.Type) throws -> Double { try float(type) }
  mutating func decode(_ type: Float.Type) throws -> Float { try float(type) }
  mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

  private mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
    let (node, step) = try next()
    return try decoder.unboxInteger(node, as: type, step: step)
  }

  private mutating func float<F: BinaryFloatingPoint & LosslessStringConvertible>(_ type: F.Type)
    throws -> F
  {
    let (node, step) = try next()
    return try decoder.unboxFloat(node, as: type, step: step)
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let (node, step) = try next()
    return try decoder.unbox(node, as: type, step: step)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try childDecoder().container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try childDecoder().unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder {
    try childDecoder()
  }

  private mutating func childDecoder() throws -> DecoderImpl {
    let (node, step) = try next()
    return DecoderImpl(node: node, parent: decoder, step: step, context: decoder.context)
  }
}

struct SingleValueContainer: SingleValueDecodingContainer {
  let decoder: DecoderImpl

  var codingPath: [any CodingKey] { decoder.codingPath }

  func decodeNil() -> Bool { decoder.node.isNull }
  func decode(_ type: Bool.Type) throws -> Bool { try decoder.unboxBool(decoder.node, step: nil) }
  func decode(_ type: String.Type) throws -> String {
    try decoder.unboxString(decoder.node, step: nil)
  }
  func decode(_ type: Double.Type) throws -> Double {
    try decoder.unboxFloat(decoder.node, as: type, step: nil)
  }
  func decode(_ type: Float.Type) throws -> Float {
    try decoder.unboxFloat(decoder.node, as: type, step: nil)
  }
  func decode(_ type: Int.Type) throws -> Int { try integer(type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
  func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

  private func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
    try decoder.unboxInteger(decoder.node, as: type, step: nil)
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    // The same node again: a wrapper type delegating to its wrapped value. Its own
    // decoder checks its keys, so this one does not need to.
    try decoder.unbox(decoder.node, as: type, step: nil)
  }
}
