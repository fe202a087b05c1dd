import Foundation
internal import MeshSupport

/// Decodes `Decodable` values from YAML (and JSON, which YAML 1.2 contains) through
/// libyaml's parser.
///
/// Scalars resolve by the YAML 1.2 core schema: `yes` and `on` are strings, quoted scalars
/// are always strings, `0x10` and `0o17` are integers. Anchors, aliases and merge keys
/// (`<<`) work, with a limit on alias expansion. In strict mode (the default), a key that
/// the decoded type does not read is an error naming its path, as Kubernetes' strict
/// decoding does.
///
/// ```swift
/// let decoder = YAMLDecoder()
/// let route = try decoder.decode(Route.self, from: "name: reviews\nweight: 80\n")
/// let all = try decoder.decodeAll(Route.self, from: multiDocumentText)
/// ```
public struct YAMLDecoder: Sendable {
  /// How strictly the decoder reads, and the limits that protect it from hostile input.
  public struct Options: Sendable, Hashable {
    /// When `true` (the default), a mapping key that the type does not read is a
    /// ``YAMLError/Code/unknownField`` error naming its path.
    public var strict: Bool
    /// When `true` (the default), a mapping holding a key twice is a
    /// ``YAMLError/Code/duplicateKey`` error; when `false` the last value wins.
    public var rejectDuplicateKeys: Bool
    /// The most nodes that aliases of one document may expand to in all; beyond it
    /// decoding stops with ``YAMLError/Code/limitExceeded``. Default 100,000.
    public var maxAliasExpansion: Int
    /// The deepest nesting of collections accepted. Default 512.
    public var maxDepth: Int

    /// Creates options; every parameter defaults as its property documents.
    public init(
      strict: Bool = true, rejectDuplicateKeys: Bool = true, maxAliasExpansion: Int = 100_000,
      maxDepth: Int = 512
    ) {
      self.strict = strict
      self.rejectDuplicateKeys = rejectDuplicateKeys
      self.maxAliasExpansion = maxAliasExpansion
      self.maxDepth = maxDepth
    }

    /// Strict decoding (unknown keys are errors), as Kubernetes' strict mode.
    public static let strict = Options()
    /// Lenient decoding: unknown keys are ignored and duplicate keys keep the last value.
    public static let lenient = Options(strict: false, rejectDuplicateKeys: false)
  }

  /// The options in force.
  public var options: Options
  /// Values handed to the decoded types through `Decoder.userInfo`.
  public var userInfo: [CodingUserInfoKey: any Sendable]

  /// Creates a decoder.
  public init(options: Options = .strict, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
    self.options = options
    self.userInfo = userInfo
  }

  /// Decodes a value from a stream that holds one document.
  ///
  /// An empty stream decodes as YAML `null` (so an optional type gives `nil`).
  /// - Parameters:
  ///   - type: The type to decode.
  ///   - yaml: YAML or JSON text.
  /// - Returns: The decoded value.
  /// - Throws: ``YAMLError``, with the coding path and the line and column of the problem;
  ///   ``YAMLError/Code/syntax`` when the stream holds more than one document.
  public func decode<T: Decodable>(_ type: T.Type, from yaml: String) throws -> T {
    try decode(type, from: Array(yaml.utf8))
  }

  /// Decodes a value from UTF-8 bytes that hold one YAML or JSON document.
  /// - Parameters:
  ///   - type: The type to decode.
  ///   - bytes: UTF-8 encoded YAML or JSON.
  /// - Returns: The decoded value.
  /// - Throws: ``YAMLError`` as ``decode(_:from:)-(_,String)`` does.
  public func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
    let source = SourceText(bytes)
    do {
      let parser = try makeParser(bytes)
      let root =
        try parser.nextDocument()
        ?? Node(
          content: .scalar(Scalar(text: "", resolved: .null)), mark: YAMLMark(line: 1, column: 1),
          weight: 1)
      if let extra = try parser.nextDocument() {
        throw YAMLError(.syntax, "expected one document, found another", mark: extra.mark)
      }
      return try decodeRoot(type, from: root)
    } catch var error as YAMLError {
      source.annotate(&error)
      throw error
    }
  }

  /// Decodes every document of a multi-document stream, skipping empty ones (a stream
  /// that ends with `---`, or a document that holds only comments).
  /// - Parameters:
  ///   - type: The type of every document; use an enum that switches on a field (as
  ///     MeshModel's `MeshResource` does on `kind`) for mixed streams.
  ///   - yaml: YAML or JSON text.
  /// - Returns: The decoded documents in stream order.
  /// - Throws: ``YAMLError`` whose ``YAMLError/documentIndex`` is the zero-based
  ///   position of the failing document in the stream.
  public func decodeAll<T: Decodable>(_ type: T.Type, from yaml: String) throws -> [T] {
    try decodeAll(type, from: Array(yaml.utf8))
  }

  /// Decodes every document of a multi-document stream of UTF-8 bytes, skipping empty ones.
  /// - Parameters:
  ///   - type: The type of every document.
  ///   - bytes: UTF-8 encoded YAML or JSON.
  /// - Returns: The decoded documents in stream order.
  /// - Throws: ``YAMLError`` with ``YAMLError/documentIndex`` set.
  public func decodeAll<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws
    -> [T]
  {
    var results: [T] = []
    try forEachDocument(in: bytes) { _, root, _ in
      results.append(try decodeRoot(type, from: root))
    }
    return results
  }

  /// Parses `bytes` document by document, skipping empty ones, and hands each document's
  /// index, root and the source (for error excerpts) to `body`. A YAMLError, the parser's
  /// or `body`'s, leaves with the index of its document and its source line.
  func forEachDocument(
    in bytes: some Collection<UInt8>, _ body: (Int, Node, SourceText) throws -> Void
  ) throws {
    let source = SourceText(bytes)
    var current = 0
    do {
      let stream = try makeParser(bytes)
      while true {
        current = stream.documentIndex
        guard let root = try stream.nextDocument() else { return }
        if !root.isNull { try body(current, root, source) }
      }
    } catch var error as YAMLError {
      if error.documentIndex == nil { error.documentIndex = current }
      source.annotate(&error)
      throw error
    }
  }

  func makeParser(_ bytes: some Collection<UInt8>) throws -> Parser {
    try Parser(
      bytes: bytes,
      limits: Parser.Limits(
        maxAliasExpansion: options.maxAliasExpansion, maxDepth: options.maxDepth,
        rejectDuplicateKeys: options.rejectDuplicateKeys))
  }

  func decodeRoot<T: Decodable>(_ type: T.Type, from root: Node) throws -> T {
    let context = DecodingContext(options: options, userInfo: userInfo)
    return try DecoderImpl(node: root, parent: nil, step: nil, context: context).unbox(
      root, as: type, step: nil)
  }
}

/// Finds the text of a line for error excerpts; built only when an error is thrown.
struct SourceText {
  let bytes: [UInt8]

  init(_ bytes: some Collection<UInt8>) {
    // Holding the array costs nothing when the caller passed one (copy on write).
    self.bytes = (bytes as? [UInt8]) ?? Array(bytes)
  }

  func annotate(_ error: inout YAMLError) {
    guard error.sourceLine == nil, let mark = error.mark else { return }
    var line = 1
    var start = 0
    var index = 0
    while index < bytes.count, line < mark.line {
      if bytes[index] == UInt8(ascii: "\n") {
        line += 1
        start = index + 1
      }
      index += 1
    }
    guard line == mark.line else { return }
    var end = start
    while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
      end += 1
    }
    // Long lines (minified JSON) are cut so an error stays readable.
    // Control characters are escaped (tabs kept, so the caret still lines up).
    let text = String(decoding: bytes[start..<min(end, start + 200)], as: UTF8.self)
    error.sourceLine = InputText.escapingControlCharacters(text, keepingLineBreaks: true)
  }
}
