extension KeyedDecodingContainer {
  /// A string member, also when the server sent a number or a boolean (as text).
  func decodeLenientStringIfPresent(forKey key: Key) throws -> String? {
    guard contains(key), try !decodeNil(forKey: key) else { return nil }
    if let text = try? decode(String.self, forKey: key) { return text }
    if let number = try? decode(Int64.self, forKey: key) { return String(number) }
    if let number = try? decode(Double.self, forKey: key) { return String(number) }
    if let flag = try? decode(Bool.self, forKey: key) { return String(flag) }
    return try decode(String.self, forKey: key)
  }
}

extension KeyedDecodingContainer {
  /// A string member the model marks required: as ``decodeLenientStringIfPresent(forKey:)``,
  /// and `keyNotFound` (or `valueNotFound` for null) when the answer lacks it, which the
  /// client reports as `MalformedResponse` naming the member.
  func decodeLenientString(forKey key: Key) throws -> String {
    guard let text = try decodeLenientStringIfPresent(forKey: key) else {
      guard contains(key) else {
        throw DecodingError.keyNotFound(
          key, .init(codingPath: codingPath, debugDescription: "a required member is missing"))
      }
      throw DecodingError.valueNotFound(
        String.self,
        .init(codingPath: codingPath + [key], debugDescription: "a required member is null"))
    }
    return text
  }
}
