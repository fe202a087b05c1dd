/// The `Encoder` for one value; nested values get their own, linked to the parent so the
/// coding path is built only for errors.
final class EncoderImpl: Encoder {
  let parent: EncoderImpl?
  let step: PathStep?
  let userInfo: [CodingUserInfoKey: Any]
  /// Whether every mapping below is sorted (``YAMLEncoder/sortsKeys``).
  let sortsEveryMapping: Bool
  /// Whether this encoder's own mapping is sorted.
  var sortsKeys: Bool
  var result: EncodedNode?

  init(
    parent: EncoderImpl?, step: PathStep?, userInfo: [CodingUserInfoKey: Any],
    sortsEveryMapping: Bool
  ) {
    self.parent = parent
    self.step = step
    self.userInfo = userInfo
    self.sortsEveryMapping = sortsEveryMapping
    sortsKeys = sortsEveryMapping
  }

  var codingPath: [any CodingKey] {
    var steps: [any CodingKey] = []
    var current: EncoderImpl? = self
    while let encoder = current {
      if let step = encoder.step { steps.append(step.codingKey) }
      current = encoder.parent
    }
    return steps.reversed()
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    KeyedEncodingContainer(KeyedEncoder<Key>(encoder: self, box: mappingBox()))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    UnkeyedEncoder(encoder: self, box: sequenceBox())
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleValueEncoder(encoder: self)
  }

  /// An encoder for the value at `step` below this one (nil: a root document).
  func child(at step: PathStep?) -> EncoderImpl {
    EncoderImpl(
      parent: self, step: step, userInfo: userInfo, sortsEveryMapping: sortsEveryMapping)
  }

  /// The mapping this encoder fills; asking twice gives the same one.
  func mappingBox() -> MappingBox {
    if case .mapping(let box) = result { return box }
    let box = MappingBox(sortsKeys: sortsKeys)
    result = .mapping(box)
    return box
  }

  func sequenceBox() -> SequenceBox {
    if case .sequence(let box) = result { return box }
    let box = SequenceBox()
    result = .sequence(box)
    return box
  }

  func box<T: Encodable>(_ value: T, step: PathStep?) throws -> EncodedNode {
    if T.self == String.self { return .string(value as! String) }
    if T.self == Int.self { return .literal(String(value as! Int)) }
    if T.self == Bool.self { return .literal((value as! Bool) ? "true" : "false") }
    if T.self == Double.self { return .literal(NumberFormat.format(value as! Double)) }
    let encoder = child(at: step)
    if value is any UnorderedDictionary { encoder.sortsKeys = true }
    try value.encode(to: encoder)
    // A type that wrote nothing is an empty mapping, as JSONEncoder makes it `{}`.
    return encoder.result ?? .mapping(MappingBox(sortsKeys: false))
  }
}

struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let encoder: EncoderImpl
  let box: MappingBox

  var codingPath: [any CodingKey] { encoder.codingPath }

  func encodeNil(forKey key: Key) { box.set(.null, for: key.stringValue) }
  func encode(_ value: Bool, forKey key: Key) {
    box.set(.literal(value ? "true" : "false"), for: key.stringValue)
  }
  func encode(_ value: String, forKey key: Key) { box.set(.string(value), for: key.stringValue) }
  func encode(_ value: Double, forKey key: Key) {
    box.set(.literal(NumberFormat.format(value)), for: key.stringValue)
  }
  func encode(_ value: Float, forKey key: Key) {
    box.set(.literal(NumberFormat.format(value)), for: key.stringValue)
  }
  func encode(_ value: Int, forKey key: Key) { integer(value, key) }
  func encode(_ value: Int8, forKey key: Key) { integer(value, key) }
  func encode(_ value: Int16, forKey key: Key) { integer(value, key) }
  func encode(_ value: Int32, forKey key: Key) { integer(value, key) }
  func encode(_ value: Int64, forKey key: Key) { integer(value, key) }
  func encode(_ value: UInt, forKey key: Key) { integer(value, key) }
  func encode(_ value: UInt8, forKey key: Key) { integer(value, key) }
  func encode(_ value: UInt16, forKey key: Key) { integer(value, key) }
  func encode(_ value: UInt32, forKey key: Key) { integer(value, key) }
  func encode(_ value: UInt64, forKey key: Key) { integer(value, key) }

  private func integer(_ value: some FixedWidthInteger, _ key: Key) {
    box.set(.literal(String(value)), for: key.stringValue)
  }

  func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    box.set(try encoder.box(value, step: .key(key.stringValue)), for: key.stringValue)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = childEncoder(for: key)
    return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, box: child.mappingBox()))
  }

  func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = childEncoder(for: key)
    return UnkeyedEncoder(encoder: child, box: child.sequenceBox())
  }

  func superEncoder() -> any Encoder {
    let child = encoder.child(at: .superKey)
    box.set(.mapping(child.mappingBox()), for: "super")
    return child
  }

  func superEncoder(forKey key: Key) -> any Encoder { childEncoder(for: key) }

  /// A child encoder whose mapping is attached under `key` right away.
  private func childEncoder(for key: Key) -> EncoderImpl {
    let child = encoder.child(at: .key(key.stringValue))
    box.set(.mapping(child.mappingBox()), for: key.stringValue)
    return child
  }
}

struct UnkeyedEncoder: UnkeyedEncodingContainer {
  let encoder: EncoderImpl
  let box: SequenceBox

  var codingPath: [any CodingKey] { encoder.codingPath }
  var count: Int { box.items.count }

  func encodeNil() { box.items.append(.null) }
  func encode(_ value: Bool) { box.items.append(.literal(value ? "true" : "false")) }
  func encode(_ value: String) { box.items.append(.string(value)) }
  func encode(_ value: Double) { box.items.append(.literal(NumberFormat.format(value))) }
  func encode(_ value: Float) { box.items.append(.literal(NumberFormat.format(value))) }
  func encode(_ value: Int) { integer(value) }
  func encode(_ value: Int8) { integer(value) }
  func encode(_ value: Int16) { integer(value) }
  func encode(_ value: Int32) { integer(value) }
  func encode(_ value: Int64) { integer(value) }
  func encode(_ value: UInt) { integer(value) }
  func encode(_ value: UInt8) { integer(value) }
  func encode(_ value: UInt16) { integer(value) }
  func encode(_ value: UInt32) { integer(value) }
  func encode(_ value: UInt64) { integer(value) }

  private func integer(_ value: some FixedWidthInteger) {
    box.items.append(.literal(String(value)))
  }

  func encode<T: Encodable>(_ value: T) throws {
    box.items.append(try encoder.box(value, step: .index(box.items.count)))
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = encoder.child(at: .index(box.items.count))
    box.items.append(.mapping(child.mappingBox()))
    return KeyedEncodingContainer(KeyedEncoder<NestedKey>(encoder: child, box: child.mappingBox()))
  }

  func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = encoder.child(at: .index(box.items.count))
    box.items.append(.sequence(child.sequenceBox()))
    return UnkeyedEncoder(encoder: child, box: child.sequenceBox())
  }

  func superEncoder() -> any Encoder {
    let child = encoder.child(at: .index(box.items.count))
    box.items.append(.mapping(child.mappingBox()))
    return child
  }
}

struct SingleValueEncoder: SingleValueEncodingContainer {
  let encoder: EncoderImpl

  var codingPath: [any CodingKey] { encoder.codingPath }

  func encodeNil() { encoder.result = .null }
  func encode(_ value: Bool) { encoder.result = .literal(value ? "true" : "false") }
  func encode(_ value: String) { encoder.result = .string(value) }
  func encode(_ value: Double) { encoder.result = .literal(NumberFormat.format(value)) }
  func encode(_ value: Float) { encoder.result = .literal(NumberFormat.format(value)) }
  func encode(_ value: Int) { integer(value) }
  func encode(_ value: Int8) { integer(value) }
  func encode(_ value: Int16) { integer(value) }
  func encode(_ value: Int32) { integer(value) }
  func encode(_ value: Int64) { integer(value) }
  func encode(_ value: UInt) { integer(value) }
  func encode(_ value: UInt8) { integer(value) }
  func encode(_ value: UInt16) { integer(value) }
  func encode(_ value: UInt32) { integer(value) }
  func encode(_ value: UInt64) { integer(value) }

  private func integer(_ value: some FixedWidthInteger) { encoder.result = .literal(String(value)) }

  func encode<T: Encodable>(_ value: T) throws {
    // The same position: a wrapper encoding its wrapped value.
    encoder.result = try encoder.box(value, step: nil)
  }
}
