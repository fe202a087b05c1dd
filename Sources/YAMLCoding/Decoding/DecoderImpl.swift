internal import MeshSupport

/// What every decoder of one `decode` call shares.
final class DecodingContext {
  let options: YAMLDecoder.Options
  let userInfo: [CodingUserInfoKey: Any]

  init(options: YAMLDecoder.Options, userInfo: [CodingUserInfoKey: any Sendable]) {
    self.options = options
    self.userInfo = userInfo
  }
}

/// A step of a coding path, kept as plain text or an index so that building the path
/// costs nothing until an error or a caller asks for it.
enum PathStep {
  case key(String)
  case index(Int)
  case superKey

  var codingKey: any CodingKey {
    switch self {
    case .key(let name): YAMLCodingKey(stringValue: name)
    case .index(let index): YAMLCodingKey(index: index)
    case .superKey: YAMLCodingKey(stringValue: "super")
    }
  }
}

/// A coding key for paths and for types that decode with arbitrary keys.
struct YAMLCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int?

  init(stringValue: String) {
    self.stringValue = stringValue
    intValue = nil
  }

  init(intValue: Int) {
    self.init(index: intValue)
  }

  init(index: Int) {
    stringValue = "Index \(index)"
    intValue = index
  }
}

/// The `Decoder` for one node. Each nested value gets its own, linked to its parent so
/// that the coding path is rebuilt only when needed.
final class DecoderImpl: Decoder {
  let node: Node
  let parent: DecoderImpl?
  let step: PathStep?
  let context: DecodingContext
  /// For strict mode: which pairs of this node's mapping a keyed container read.
  var usedKeys: [Bool] = []
  private var keyIndexCache: [String: Int]?

  init(node: Node, parent: DecoderImpl?, step: PathStep?, context: DecodingContext) {
    self.node = node
    self.parent = parent
    self.step = step
    self.context = context
  }

  var codingPath: [any CodingKey] {
    var steps: [any CodingKey] = []
    var current: DecoderImpl? = self
    while let decoder = current {
      if let step = decoder.step { steps.append(step.codingKey) }
      current = decoder.parent
    }
    return steps.reversed()
  }

  var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

  func path(appending step: PathStep? = nil) -> YAMLPath {
    var path = codingPath
    if let step { path.append(step.codingKey) }
    return YAMLPath(codingPath: path)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .mapping(let pairs) = node.content else {
      throw typeMismatch(expected: "a mapping", node: node, step: nil)
    }
    if usedKeys.count != pairs.count { usedKeys = Array(repeating: false, count: pairs.count) }
    return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, pairs: pairs))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .sequence(let items) = node.content else {
      throw typeMismatch(expected: "a sequence", node: node, step: nil)
    }
    return UnkeyedContainer(decoder: self, items: items)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer {
    SingleValueContainer(decoder: self)
  }

  /// The index of `key` in this node's mapping, marking it read.
  func indexOfKey(_ key: String, in pairs: [Pair]) -> Int? {
    let found: Int?
    if pairs.count <= 12 {
      found = pairs.firstIndex { $0.key == key }
    } else {
      if keyIndexCache == nil {
        var index: [String: Int] = [:]
        index.reserveCapacity(pairs.count)
        for (position, pair) in pairs.enumerated() { index[pair.key] = position }
        keyIndexCache = index
      }
      found = keyIndexCache?[key]
    }
    if let found, found < usedKeys.count { usedKeys[found] = true }
    return found
  }

  /// In strict mode, fails on the first key of this node's mapping that no keyed
  /// container read.
  func checkUnknownKeys() throws {
    guard !usedKeys.isEmpty, case .mapping(let pairs) = node.content else { return }
    for (index, used) in usedKeys.enumerated() where !used {
      let pair = pairs[index]
      throw YAMLError(
        .unknownField, "unknown field \(InputText.quoted(pair.key))",
        path: path(appending: .key(pair.key)),
        mark: pair.keyMark)
    }
  }

  // MARK: Unboxing

  func unbox<T: Decodable>(_ node: Node, as type: T.Type, step: PathStep?) throws -> T {
    // The fast paths for common leaf types; `as?` always succeeds after the type check,
    // and an input path never force-casts (Scripts/check-no-force).
    if type == String.self, let value = try unboxString(node, step: step) as? T { return value }
    if type == Int.self, let value = try unboxInteger(node, as: Int.self, step: step) as? T {
      return value
    }
    if type == Bool.self, let value = try unboxBool(node, step: step) as? T { return value }
    if type == Double.self, let value = try unboxFloat(node, as: Double.self, step: step) as? T {
      return value
    }
    if type == YAMLNode.self, let value = try unboxNode(node, step: step) as? T { return value }
    let decoder = DecoderImpl(node: node, parent: self, step: step, context: context)
    do {
      let value = try T(from: decoder)
      if context.options.strict { try decoder.checkUnknownKeys() }
      return value
    } catch let error as YAMLError {
      throw error
    } catch let error as DecodingError {
      throw convert(error, decodingType: type, node: node, decoder: decoder)
    } catch {
      throw YAMLError(.dataCorrupted, "\(error)", path: decoder.path(), mark: node.mark)
    }
  }

  private func convert<T>(
    _ error: DecodingError, decodingType: T.Type, node: Node, decoder: DecoderImpl
  )
    -> YAMLError
  {
    switch error {
    case .dataCorrupted(let context):
      // The type may point below itself (`kind` of a resource): report that node.
      let base = decoder.codingPath.count
      let target =
        context.codingPath.count > base
        ? node.descendant(at: context.codingPath[base...]) ?? node : node
      let path =
        context.codingPath.count > base ? YAMLPath(codingPath: context.codingPath) : decoder.path()
      if let allowed = allowedValues(of: decodingType), case .scalar(let scalar) = node.content {
        return YAMLError(
          .dataCorrupted,
          "unknown value \(InputText.quoted(scalar.text)); allowed: \(allowed.joined(separator: ", "))",
          path: path, mark: node.mark)
      }
      return YAMLError(.dataCorrupted, context.debugDescription, path: path, mark: target.mark)
    case .keyNotFound(let key, _):
      return YAMLError(
        .keyNotFound, "missing required field \"\(key.stringValue)\"", path: decoder.path(),
        mark: node.mark)
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return YAMLError(
        .typeMismatch, context.debugDescription, path: decoder.path(), mark: node.mark)
    @unknown default:
      return YAMLError(.dataCorrupted, "\(error)", path: decoder.path(), mark: node.mark)
    }
  }

  func typeMismatch(expected: String, node: Node, step: PathStep?) -> YAMLError {
    if node.isNull {
      return YAMLError(
        .valueNotFound, "expected \(expected), found null", path: path(appending: step),
        mark: node.mark)
    }
    var found = node.kindDescription
    if case .scalar(let scalar) = node.content, scalar.resolved != .string {
      found += " (\(InputText.clipped(scalar.text))); quote it if a string is meant"
    }
    return YAMLError(
      .typeMismatch, "expected \(expected), found \(found)", path: path(appending: step),
      mark: node.mark)
  }

  func unboxString(_ node: Node, step: PathStep?) throws -> String {
    if case .scalar(let scalar) = node.content, scalar.resolved == .string { return scalar.text }
    throw typeMismatch(expected: "a string", node: node, step: step)
  }

  func unboxBool(_ node: Node, step: PathStep?) throws -> Bool {
    if case .scalar(let scalar) = node.content, case .bool(let value) = scalar.resolved {
      return value
    }
    throw typeMismatch(expected: "a boolean", node: node, step: step)
  }

  func unboxInteger<I: FixedWidthInteger>(_ node: Node, as type: I.Type, step: PathStep?) throws
    -> I
  {
    guard case .scalar(let scalar) = node.content, scalar.resolved == .integer else {
      throw typeMismatch(expected: "an integer", node: node, step: step)
    }
    if let value = Self.parseInteger(scalar.text, as: type) { return value }
    throw YAMLError(
      .numberOverflow,
      "\(InputText.clipped(scalar.text)) does not fit in \(I.self) (\(I.min)...\(I.max))",
      path: path(appending: step), mark: node.mark)
  }

  static func parseInteger<I: FixedWidthInteger>(_ text: String, as type: I.Type) -> I? {
    if text.hasPrefix("0x") { return I(text.dropFirst(2), radix: 16) }
    if text.hasPrefix("0o") { return I(text.dropFirst(2), radix: 8) }
    return I(text, radix: 10)
  }

  func unboxFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(
    _ node: Node, as type: F.Type, step: PathStep?
  ) throws -> F {
    guard case .scalar(let scalar) = node.content,
      scalar.resolved == .float || scalar.resolved == .integer
    else {
      throw typeMismatch(expected: "a number", node: node, step: step)
    }
    if let value = Self.parseFloat(scalar.text, as: type) { return value }
    throw YAMLError(
      .numberOverflow, "\(InputText.clipped(scalar.text)) does not fit in \(F.self)",
      path: path(appending: step),
      mark: node.mark)
  }

  /// Parses a core-schema number as a float; `nil` when a finite number overflows.
  static func parseFloat<F: BinaryFloatingPoint & LosslessStringConvertible>(
    _ text: String, as type: F.Type
  ) -> F? {
    switch text {
    case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return F.infinity
    case "-.inf", "-.Inf", "-.INF": return -F.infinity
    case ".nan", ".NaN", ".NAN": return F.nan
    default: break
    }
    if text.hasPrefix("0x") || text.hasPrefix("0o") {
      guard let integer = parseInteger(text, as: Int64.self) else { return nil }
      return F(integer)
    }
    guard let value = F(text), value.isFinite else { return nil }
    return value
  }

  func unboxNode(_ node: Node, step: PathStep?) throws -> YAMLNode {
    switch node.content {
    case .scalar(let scalar):
      switch scalar.resolved {
      case .null: return .null
      case .bool(let value): return .bool(value)
      case .string: return .string(scalar.text)
      case .integer:
        if let value = Self.parseInteger(scalar.text, as: Int.self) { return .int(value) }
        return .double(try unboxFloat(node, as: Double.self, step: step))
      case .float: return .double(try unboxFloat(node, as: Double.self, step: step))
      }
    case .sequence(let items):
      let child = DecoderImpl(node: node, parent: self, step: step, context: context)
      return .array(try items.enumerated().map { try child.unboxNode($1, step: .index($0)) })
    case .mapping(let pairs):
      let child = DecoderImpl(node: node, parent: self, step: step, context: context)
      var object: [String: YAMLNode] = [:]
      object.reserveCapacity(pairs.count)
      for pair in pairs { object[pair.key] = try child.unboxNode(pair.value, step: .key(pair.key)) }
      return .object(object)
    }
  }
}

/// The raw values a type that is `CaseIterable` and `RawRepresentable` allows, for errors
/// that say which enum values are accepted.
private func allowedValues<T>(of type: T.Type) -> [String]? {
  guard let iterable = type as? any CaseIterable.Type else { return nil }
  return rawValues(of: iterable)
}

private func rawValues<C: CaseIterable>(of type: C.Type) -> [String]? {
  let values = C.allCases.compactMap { ($0 as? any RawRepresentable).map { "\($0.rawValue)" } }
  return values.isEmpty ? nil : values
}
