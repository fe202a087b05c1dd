internal import MeshSupport

/// A position in a YAML source, as a compiler prints it: one-based line and column.
public struct YAMLMark: Sendable, Hashable, CustomStringConvertible {
  /// The line, counting from 1.
  public var line: Int
  /// The column, counting from 1, in Unicode scalars as libyaml counts them.
  public var column: Int

  /// Creates a mark from one-based line and column numbers.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}

/// An error from decoding or encoding YAML: what went wrong, at which coding path and where
/// in the source.
///
/// Its ``description`` prints like a compiler diagnostic and is safe to log:
///
/// ```
/// 7:9: error: unknownField: spec.http[0].rout: unknown field "rout"
///     rout:
///     ^
/// ```
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of problem. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// libyaml rejected the text: it is not well-formed YAML.
    public static let syntax = Code("syntax")
    /// The input is not valid UTF-8 text.
    public static let invalidEncoding = Code("invalidEncoding")
    /// A value has another type than the one asked for.
    public static let typeMismatch = Code("typeMismatch")
    /// A required key is absent.
    public static let keyNotFound = Code("keyNotFound")
    /// A value is `null` where one is required, or a sequence ran out of items.
    public static let valueNotFound = Code("valueNotFound")
    /// Strict decoding found a key that the type does not know.
    public static let unknownField = Code("unknownField")
    /// A mapping holds the same key twice.
    public static let duplicateKey = Code("duplicateKey")
    /// A number does not fit the type asked for.
    public static let numberOverflow = Code("numberOverflow")
    /// Aliases expand to more nodes than ``YAMLDecoder/Options/maxAliasExpansion`` allows
    /// (a "billion laughs" document), or nesting is deeper than
    /// ``YAMLDecoder/Options/maxDepth``.
    public static let limitExceeded = Code("limitExceeded")
    /// An alias names an anchor that was not defined before it.
    public static let undefinedAlias = Code("undefinedAlias")
    /// A node carries a tag this decoder does not resolve.
    public static let unsupportedTag = Code("unsupportedTag")
    /// A mapping key is not a scalar, or a merge key does not refer to mappings.
    public static let invalidKey = Code("invalidKey")
    /// The type's own decoding rejected the value (for example an unknown enum case).
    public static let dataCorrupted = Code("dataCorrupted")
    /// libyaml's emitter rejected the events produced while encoding.
    public static let emitter = Code("emitter")
    /// A value cannot be represented (for example a non-string-keyed map).
    public static let invalidValue = Code("invalidValue")

    public var description: String { name }
  }

  /// What went wrong.
  public var code: Code
  /// A sentence saying what was wrong, without the source text. A value it quotes is cut
  /// after 120 characters with a `…(N bytes)` marker, and control characters are escaped,
  /// so the message is safe to print and to log whatever the input holds.
  public var message: String
  /// The coding path, printed like `spec.http[0].route[1].weight`; empty at the root.
  public var path: YAMLPath
  /// Where in the source the problem is, when known.
  public var mark: YAMLMark?
  /// The zero-based index of the document in a multi-document stream, when known.
  public var documentIndex: Int?
  /// The source line that ``mark`` points into, when the decoder had the source.
  public var sourceLine: String?

  /// Creates an error.
  public init(
    _ code: Code, _ message: String, path: YAMLPath = .root, mark: YAMLMark? = nil,
    documentIndex: Int? = nil, sourceLine: String? = nil
  ) {
    self.code = code
    // The one place every message passes: whatever a decoder or a type quoted from the
    // input, the error stays short and cannot drive a terminal.
    self.message = InputText.boundedMessage(message)
    self.path = path
    self.mark = mark
    self.documentIndex = documentIndex
    self.sourceLine = sourceLine
  }

  /// The error on one line, without the source excerpt: `3:7: error: code: path: message`.
  public var summary: String {
    var text = ""
    if let documentIndex { text += "document \(documentIndex + 1): " }
    if let mark { text += "\(mark): " }
    text += "error: \(code): "
    if !path.components.isEmpty { text += "\(path): " }
    return text + message
  }

  public var description: String {
    guard let sourceLine, let mark else { return summary }
    let caretIndent = String(repeating: " ", count: max(0, mark.column - 1))
    return "\(summary)\n    \(sourceLine)\n    \(caretIndent)^"
  }
}

extension YAMLPath {
  /// The path a coding path names: integer keys (sequence positions) become indices, every
  /// other key a mapping key.
  package init(codingPath: [any CodingKey]) {
    self.init(
      codingPath.map { key in
        if let index = key.intValue,
          key.stringValue == "Index \(index)" || key.stringValue == String(index)
        {
          return .index(index)
        }
        return .key(key.stringValue)
      })
  }
}
