internal import CMeshYAML
internal import MeshSupport

/// Owns one libyaml parser and the input buffer it reads, and turns its event stream
/// into ``Node`` trees, one per document.
///
/// The buffer is allocated here and freed in `deinit`, because libyaml keeps the input
/// pointer for the parser's whole life (a `withUnsafeBytes` pointer would dangle).
final class Parser {
  struct Limits {
    var maxAliasExpansion: Int
    var maxDepth: Int
    var rejectDuplicateKeys: Bool
  }

  private let parser: UnsafeMutablePointer<yaml_parser_t>
  private let input: UnsafeMutableBufferPointer<UInt8>
  private let limits: Limits
  private var streamEnded = false
  private var streamStarted = false
  /// Index of the next document in the stream, zero-based.
  private(set) var documentIndex = 0

  init(bytes: some Collection<UInt8>, limits: Limits) throws {
    self.limits = limits
    input = .allocate(capacity: max(bytes.count, 1))
    _ = input.initialize(from: bytes)
    parser = .allocate(capacity: 1)
    guard yaml_parser_initialize(parser) == 1 else {
      parser.deallocate()
      input.deallocate()
      throw YAMLError(.syntax, "libyaml could not initialise a parser (out of memory)")
    }
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
  }

  deinit {
    yaml_parser_delete(parser)
    parser.deallocate()
    input.deallocate()
  }

  /// The next document's root node, or `nil` at the end of the stream.
  func nextDocument() throws -> Node? {
    if streamEnded { return nil }
    var event = yaml_event_t()
    try next(&event)
    if event.type == YAML_STREAM_START_EVENT {
      streamStarted = true
      yaml_event_delete(&event)
      try next(&event)
    }
    switch event.type {
    case YAML_STREAM_END_EVENT:
      yaml_event_delete(&event)
      streamEnded = true
      return nil
    case YAML_DOCUMENT_START_EVENT:
      yaml_event_delete(&event)
      var builder = TreeBuilder(limits: limits)
      let root = try builder.buildDocument(parser: self)
      documentIndex += 1
      return root
    default:
      let mark = Self.mark(event.start_mark)
      yaml_event_delete(&event)
      throw YAMLError(.syntax, "expected a document", mark: mark)
    }
  }

  /// Fetches the next event into `event`; the caller deletes it.
  func next(_ event: inout yaml_event_t) throws {
    guard yaml_parser_parse(parser, &event) == 1 else { throw parserError() }
  }

  private func parserError() -> YAMLError {
    let problem = parser.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
    let context = parser.pointee.context.map { String(cString: $0) }
    let message = context.map { "\(problem) \($0)" } ?? problem
    let code: YAMLError.Code =
      parser.pointee.error == YAML_READER_ERROR ? .invalidEncoding : .syntax
    let problemMark = parser.pointee.problem_mark
    // Reader errors carry a byte offset only; find its line and column.
    let mark =
      code == .invalidEncoding
      ? markOfOffset(parser.pointee.problem_offset) : Self.mark(problemMark)
    return YAMLError(code, message, mark: mark)
  }

  private func markOfOffset(_ offset: Int) -> YAMLMark {
    var line = 1
    var column = 1
    for byte in input.prefix(offset) {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return YAMLMark(line: line, column: column)
  }

  static func mark(_ mark: yaml_mark_t) -> YAMLMark {
    YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }
}

/// Builds one document's tree from events without recursion, so hostile nesting cannot
/// exhaust the stack; anchors are resolved and merge keys (`<<`) applied as it goes.
private struct TreeBuilder {
  /// A collection being built: its children so far (keys and values alternate in a
  /// mapping) and its weight.
  private struct Frame {
    var isMapping: Bool
    var children: [Node] = []
    var mark: YAMLMark
    var anchor: String?
    var weight = 1
  }

  let limits: Parser.Limits
  private var stack: [Frame] = []
  private var anchors: [String: Node] = [:]
  private var aliasExpansion = 0

  init(limits: Parser.Limits) {
    self.limits = limits
  }

  mutating func buildDocument(parser: Parser) throws -> Node {
    var root: Node?
    while true {
      var event = yaml_event_t()
      try parser.next(&event)
      defer { yaml_event_delete(&event) }
      let mark = Parser.mark(event.start_mark)
      switch event.type {
      case YAML_DOCUMENT_END_EVENT:
        return root
          ?? Node(content: .scalar(Scalar(text: "", resolved: .null)), mark: mark, weight: 1)
      case YAML_SCALAR_EVENT:
        let node = try scalarNode(event, mark: mark)
        if let anchor = Self.string(event.data.scalar.anchor) { anchors[anchor] = node }
        try attach(node, to: &root)
      case YAML_ALIAS_EVENT:
        let name = Self.string(event.data.alias.anchor) ?? ""
        guard let anchored = anchors[name] else {
          throw YAMLError(
            .undefinedAlias,
            "alias *\(InputText.clipped(name)) refers to no anchor defined before it", mark: mark)
        }
        aliasExpansion += anchored.weight
        guard aliasExpansion <= limits.maxAliasExpansion else {
          throw YAMLError(
            .limitExceeded,
            "aliases expand to more than \(limits.maxAliasExpansion) nodes",
            mark: mark)
        }
        var copy = anchored
        copy.mark = mark
        try attach(copy, to: &root)
      case YAML_SEQUENCE_START_EVENT:
        try push(
          Frame(isMapping: false, mark: mark, anchor: Self.string(event.data.sequence_start.anchor))
        )
      case YAML_MAPPING_START_EVENT:
        try push(
          Frame(isMapping: true, mark: mark, anchor: Self.string(event.data.mapping_start.anchor)))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else {
          throw YAMLError(.syntax, "unbalanced collection end", mark: mark)
        }
        let node = try finish(frame)
        if let anchor = frame.anchor { anchors[anchor] = node }
        try attach(node, to: &root)
      default:
        throw YAMLError(.syntax, "unexpected event in a document", mark: mark)
      }
    }
  }

  private mutating func push(_ frame: Frame) throws {
    guard stack.count < limits.maxDepth else {
      throw YAMLError(
        .limitExceeded, "collections nest deeper than \(limits.maxDepth) levels", mark: frame.mark)
    }
    stack.append(frame)
  }

  private mutating func attach(_ node: Node, to root: inout Node?) throws {
    guard !stack.isEmpty else {
      root = node
      return
    }
    let top = stack.count - 1
    stack[top].children.append(node)
    stack[top].weight += node.weight
  }

  private func finish(_ frame: Frame) throws -> Node {
    let content: Node.Content =
      frame.isMapping ? .mapping(try makePairs(frame.children)) : .sequence(frame.children)
    return Node(content: content, mark: frame.mark, weight: frame.weight)
  }

  /// Pairs up alternating key and value nodes, applies merge keys (explicit keys win,
  /// then earlier merged mappings over later ones) and rejects duplicate keys.
  private func makePairs(_ entries: [Node]) throws -> [Pair] {
    var pairs: [Pair] = []
    pairs.reserveCapacity(entries.count / 2)
    var merged: [Pair] = []
    var index = 0
    while index + 1 < entries.count {
      let keyNode = entries[index]
      let value = entries[index + 1]
      index += 2
      guard case .scalar(let key) = keyNode.content else {
        throw YAMLError(
          .invalidKey, "mapping keys must be scalars, found \(keyNode.kindDescription)",
          mark: keyNode.mark)
      }
      if key.isPlain, key.text == "<<" {
        merged += try mergeSources(value)
        continue
      }
      pairs.append(Pair(key: key.text, keyMark: keyNode.mark, value: value))
    }
    if pairs.count > 1 {
      var seen = Set<String>(minimumCapacity: pairs.count)
      for pair in pairs where !seen.insert(pair.key).inserted {
        if limits.rejectDuplicateKeys {
          throw YAMLError(
            .duplicateKey,
            "key \(InputText.quoted(pair.key)) appears more than once in this mapping",
            mark: pair.keyMark)
        }
      }
      if !limits.rejectDuplicateKeys {
        pairs = Self.lastWins(pairs)
      }
    }
    guard !merged.isEmpty else { return pairs }
    var present = Set(pairs.map(\.key))
    for pair in merged where present.insert(pair.key).inserted {
      pairs.append(pair)
    }
    return pairs
  }

  private static func lastWins(_ pairs: [Pair]) -> [Pair] {
    var position: [String: Int] = [:]
    var result: [Pair] = []
    for pair in pairs {
      if let existing = position[pair.key] {
        result[existing] = pair
      } else {
        position[pair.key] = result.count
        result.append(pair)
      }
    }
    return result
  }

  private func mergeSources(_ value: Node) throws -> [Pair] {
    switch value.content {
    case .mapping(let pairs):
      return pairs
    case .sequence(let items):
      return try items.flatMap { item -> [Pair] in
        guard case .mapping(let pairs) = item.content else {
          throw YAMLError(
            .invalidKey, "a merge key (<<) takes mappings, found \(item.kindDescription)",
            mark: item.mark)
        }
        return pairs
      }
    case .scalar:
      throw YAMLError(
        .invalidKey,
        "a merge key (<<) takes a mapping or a sequence of mappings, found \(value.kindDescription)",
        mark: value.mark)
    }
  }

  private func scalarNode(_ event: yaml_event_t, mark: YAMLMark) throws -> Node {
    let data = event.data.scalar
    let text: String =
      data.length == 0
      ? ""
      : String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
    let isPlain = data.style == YAML_PLAIN_SCALAR_STYLE
    let resolved: Scalar.Resolved
    if let tag = Self.string(data.tag), tag != "!" {
      resolved = try Self.resolveTagged(text, tag: tag, mark: mark)
    } else {
      resolved = isPlain && data.tag == nil ? CoreSchema.resolvePlain(text) : .string
    }
    let scalar = Scalar(text: text, resolved: resolved, isPlain: isPlain && data.tag == nil)
    return Node(content: .scalar(scalar), mark: mark, weight: 1)
  }

  private static func resolveTagged(_ text: String, tag: String, mark: YAMLMark) throws
    -> Scalar.Resolved
  {
    switch tag {
    case "tag:yaml.org,2002:str":
      return .string
    case "tag:yaml.org,2002:null":
      return .null
    case "tag:yaml.org,2002:bool":
      if case .bool(let value) = CoreSchema.resolvePlain(text) { return .bool(value) }
      throw YAMLError(
        .typeMismatch, "\(InputText.quoted(text)) is not a boolean (!!bool)", mark: mark)
    case "tag:yaml.org,2002:int":
      if CoreSchema.resolvePlain(text) == .integer { return .integer }
      throw YAMLError(
        .typeMismatch, "\(InputText.quoted(text)) is not an integer (!!int)", mark: mark)
    case "tag:yaml.org,2002:float":
      let resolved = CoreSchema.resolvePlain(text)
      if resolved == .float || resolved == .integer { return .float }
      throw YAMLError(
        .typeMismatch, "\(InputText.quoted(text)) is not a floating-point number (!!float)",
        mark: mark)
    default:
      throw YAMLError(
        .unsupportedTag,
        "tag \(InputText.clipped(tag)) is not supported; only the core schema's tags are",
        mark: mark)
    }
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: $0) }
  }
}
