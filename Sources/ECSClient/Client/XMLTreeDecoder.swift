import Foundation

/// Decodes a generated output shape from a query-protocol answer's result element: a
/// member is the child element of its wire name, a list's elements are its `<member>`
/// children, numbers and booleans are their text, timestamps ISO 8601 text, blobs base64.
/// As botocore's parser, it ignores elements the shape does not know.
struct XMLTreeDecoder {
  func decode<Value: Decodable>(_ type: Value.Type, from element: XMLTreeElement) throws -> Value {
    try Decoder(element: element, codingPath: []).decodeValue(type)
  }

  struct Decoder: Swift.Decoder {
    let element: XMLTreeElement
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
      Unkeyed(decoder: self, elements: element.children.filter { $0.name == "member" })
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    func child(_ element: XMLTreeElement, _ key: any CodingKey) -> Decoder {
      Decoder(element: element, codingPath: codingPath + [key])
    }

    /// This element as a value: text for scalars, the shape's own decoding otherwise.
    func decodeValue<Value: Decodable>(_ type: Value.Type) throws -> Value {
      let text = element.text
      func scalar<Scalar>(_ parsed: Scalar?) throws -> Value {
        guard let value = parsed as? Value else {
          throw DecodingError.typeMismatch(
            Value.self,
            .init(codingPath: codingPath, debugDescription: "the text is not a \(Value.self)"))
        }
        return value
      }
      switch type {
      case is String.Type: return try scalar(text)
      case is Bool.Type: return try scalar(text == "true" ? true : text == "false" ? false : nil)
      case is Int.Type: return try scalar(Int(text))
      case is Int64.Type: return try scalar(Int64(text))
      case is Int32.Type: return try scalar(Int32(text))
      case is Double.Type: return try scalar(Double(text))
      case is Float.Type: return try scalar(Float(text))
      case is Date.Type: return try scalar(try? ISO8601Time.parse(text))
      case is Data.Type: return try scalar(Data(base64Encoded: text))
      default: return try Value(from: self)
      }
    }
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: Decoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { decoder.element.children.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { decoder.element.child(key.stringValue) != nil }

    func element(_ key: Key) throws -> XMLTreeElement {
      guard let element = decoder.element.child(key.stringValue) else {
        throw DecodingError.keyNotFound(
          key, .init(codingPath: codingPath, debugDescription: "no <\(key.stringValue)> element"))
      }
      return element
    }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
      try decoder.child(try element(key), key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
      throws -> KeyedDecodingContainer<NestedKey>
    {
      try decoder.child(try element(key), key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      try decoder.child(try element(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Swift.Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Swift.Decoder {
      decoder.child(try element(key), key)
    }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: Decoder
    let elements: [XMLTreeElement]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> Decoder {
      guard !isAtEnd else {
        throw DecodingError.valueNotFound(
          XMLTreeElement.self,
          .init(codingPath: codingPath, debugDescription: "no more <member> elements"))
      }
      currentIndex += 1
      return decoder.child(
        elements[currentIndex - 1], QueryEncoder.Index(intValue: currentIndex - 1))
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
      try next().decodeValue(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Swift.Decoder { try next() }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: Decoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { false }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
      try decoder.decodeValue(type)
    }
  }
}
