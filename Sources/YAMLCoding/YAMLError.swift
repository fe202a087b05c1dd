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
  /// The kind of problem. Adding a code is an API change.
  public enum Code: String, Sendable, Hashable {
    /// libyaml rejected the text: it is not well-formed YAML.
    case syntax
    /// The input is not valid UTF-8 text.
    case invalidEncoding
    /// A value has another type than the one asked for.
    case typeMismatch
    /// A required key is absent.
    case keyNotFound
    /// A value is `null` where one is required, or a sequence ran out of items.
    case valueNotFound
    /// Strict decoding found a key that the type does not know.
    case unknownField
    /// A mapping holds the same key twice.
    case duplicateKey
    /// A number does not fit the type asked for.
    case numberOverflow
    /// Aliases expand to more nodes than ``YAMLDecoder/Options/maxAliasExpansion`` allows
    /// (a "billion laughs" document), or nesting is deeper than
    /// ``YAMLDecoder/Options/maxDepth``.
    case limitExceeded
    /// An alias names an anchor that was not defined before it.
    case undefinedAlias
    /// A node carries a tag this decoder does not resolve.
    case unsupportedTag
    /// A mapping key is not a scalar, or a merge key does not refer to mappings.
    case invalidKey
    /// The type's own decoding rejected the value (for example an unknown enum case).
    case dataCorrupted
    /// libyaml's emitter rejected the events produced while encoding.
    case emitter
    /// A value cannot be represented (for example a non-string-keyed map).
    case invalidValue
  }

  /// What went wrong.
  public var code: Code
  /// A sentence saying what was wrong, without the source text. A value it quotes is cut
  /// after 120 characters with a `…(N bytes)` marker, and control characters are escaped,
  /// so the message is safe to print and to log whatever the input holds.
  public var message: String
  /// The coding path, printed like `spec.http[0].route[1].weight`; empty at the root.
  public var path: String
  /// Where in the source the problem is, when known.
  public var mark: YAMLMark?
  /// The zero-based index of the document in a multi-document stream, when known.
  public var documentIndex: Int?
  /// The source line that ``mark`` points into, when the decoder had the source.
  public var sourceLine: String?

  /// Creates an error.
  public init(
    _ code: Code, _ message: String, path: String = "", mark: YAMLMark? = nil,
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
    text += "error: \(code.rawValue): "
    if !path.isEmpty { text += "\(path): " }
    return text + message
  }

  public var description: String {
    guard let sourceLine, let mark else { return summary }
    let caretIndent = String(repeating: " ", count: max(0, mark.column - 1))
    return "\(summary)\n    \(sourceLine)\n    \(caretIndent)^"
  }
}

/// Formats a coding path the way Kubernetes and Istio print field paths:
/// `spec.http[0].route[1].weight`.
package func formatCodingPath(_ path: [any CodingKey]) -> String {
  var text = ""
  for key in path {
    if let index = key.intValue,
      key.stringValue == "Index \(index)" || key.stringValue == String(index)
    {
      text += "[\(index)]"
    } else {
      if !text.isEmpty { text += "." }
      // A key is input: a huge or hostile one is cut and escaped.
      text += InputText.clipped(key.stringValue)
    }
  }
  return text
}
