import Foundation

/// Encodes a generated input shape as the AWS query protocol's form parameters:
/// `Action=<operation>&Version=<API version>` and one `name=value` per member, structure
/// members as `Outer.Inner`, list elements as `List.member.1`, `List.member.2`, … (an
/// empty list as `List=`), timestamps in ISO 8601, booleans as `true`/`false`; the same
/// parameters botocore's query serializer makes. Maps are not supported (no operation
/// generated for a query service has one) and fail with an encoding error.
struct QueryEncoder {
  /// The body: `application/x-www-form-urlencoded` byte for byte as botocore writes it
  /// (Python's `urlencode`): RFC 3986 unreserved characters kept, a space as `+`, every
  /// other byte percent-encoded. The same bytes matter beyond AWS, which hashes the body
  /// as sent: servers that check signatures on the parsed form (moto) encode it again the
  /// way botocore does.
  func encode(_ value: some Encodable, action: String, version: String) throws -> [UInt8] {
    let parameters = try self.parameters(value)
    let pairs = [("Action", action), ("Version", version)] + parameters
    return Array(
      pairs.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }
        .joined(separator: "&").utf8)
  }

  /// A name or value form-encoded: SigV4's percent-encoding with a space as `+` (a `%20`
  /// in that encoding can only be a space, since `%` itself becomes `%25`).
  static func formEncode(_ text: String) -> String {
    SigV4Signer.encode(text).replacingOccurrences(of: "%20", with: "+")
  }

  /// The member parameters alone, in the order the members were encoded.
  func parameters(_ value: some Encodable) throws -> [(String, String)] {
    let storage = Storage()
    try value.encode(to: Encoder(storage: storage, prefix: "", codingPath: []))
    return storage.result()
  }

  /// The parameters made so far; shared by every container of one encoding.
  final class Storage {
    var pairs: [(String, String)] = []
    /// Lists' names and where their parameters begin, to give an empty list its `Name=`
    /// parameter in its place, as botocore does.
    var lists: [(name: String, position: Int)] = []

    func result() -> [(String, String)] {
      var result = pairs
      // From the last list back, so that an insertion moves no later list's position.
      for list in lists.reversed()
      where !pairs.contains(where: { $0.0.hasPrefix(list.name + ".member.") }) {
        result.insert((list.name, ""), at: list.position)
      }
      return result
    }
  }

  struct Encoder: Swift.Encoder {
    let storage: Storage
    let prefix: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
      KeyedEncodingContainer(Keyed<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
      storage.lists.append((prefix, storage.pairs.count))
      return Unkeyed(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

    func nested(_ name: String, _ key: any CodingKey) -> Encoder {
      Encoder(
        storage: storage, prefix: prefix.isEmpty ? name : "\(prefix).\(name)",
        codingPath: codingPath + [key])
    }

    /// A leaf value at this encoder's name.
    func put(_ value: some Encodable) throws {
      guard !prefix.isEmpty else {
        throw EncodingError.invalidValue(
          value, .init(codingPath: codingPath, debugDescription: "a query input is a structure"))
      }
      switch value {
      case is any QueryMap:
        throw EncodingError.invalidValue(
          value, .init(codingPath: codingPath, debugDescription: "maps are not supported"))
      case let text as String: storage.pairs.append((prefix, text))
      case let flag as Bool: storage.pairs.append((prefix, flag ? "true" : "false"))
      case let date as Date: storage.pairs.append((prefix, Self.timestamp(date)))
      case let data as Data: storage.pairs.append((prefix, data.base64EncodedString()))
      case let number as any BinaryInteger: storage.pairs.append((prefix, "\(number)"))
      case let number as Double: storage.pairs.append((prefix, "\(number)"))
      case let number as Float: storage.pairs.append((prefix, "\(number)"))
      default: try value.encode(to: self)
      }
    }

    /// `2026-11-25T08:30:00Z`, with milliseconds only when there are any, as botocore writes
    /// query timestamps.
    static func timestamp(_ date: Date) -> String {
      let formatter = ISO8601DateFormatter()
      if date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) != 0 {
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
      }
      return formatter.string(from: date)
    }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: Encoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
      try encoder.nested(key.stringValue, key).put(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
      keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
      encoder.nested(key.stringValue, key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      encoder.nested(key.stringValue, key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Swift.Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Swift.Encoder {
      encoder.nested(key.stringValue, key)
    }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: Encoder
    var count = 0
    var codingPath: [any CodingKey] { encoder.codingPath }

    /// The next element's encoder: `Name.member.N`, from 1.
    mutating func next() -> Encoder {
      count += 1
      return encoder.nested("member.\(count)", Index(intValue: count - 1))
    }

    mutating func encodeNil() throws {}

    mutating func encode(_ value: some Encodable) throws {
      try next().put(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
      -> KeyedEncodingContainer<NestedKey>
    {
      next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
      next().unkeyedContainer()
    }

    mutating func superEncoder() -> any Swift.Encoder { next() }
  }

  struct Single: SingleValueEncodingContainer {
    let encoder: Encoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws {}

    mutating func encode(_ value: some Encodable) throws {
      try encoder.put(value)
    }
  }

  /// A list element's position in a coding path.
  struct Index: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
  }
}

/// Dictionaries, which the query encoder refuses: the query protocol writes a map as
/// `Name.entry.N.key`/`.value`, which no generated query operation needs yet.
protocol QueryMap {}

extension Dictionary: QueryMap {}
