/// A parsed YAML node with its position: what the decoder walks. Aliases are resolved
/// to copies of their anchored node (arrays share storage, so a copy is cheap).
struct Node: Sendable {
  indirect enum Content: Sendable {
    case scalar(Scalar)
    case sequence([Node])
    case mapping([Pair])
  }

  var content: Content
  var mark: YAMLMark
  /// Nodes in this subtree, counting what aliases expand to; bounds alias bombs.
  var weight: Int

  var kindDescription: String {
    switch content {
    case .scalar(let scalar): scalar.resolved.kindDescription
    case .sequence: "a sequence"
    case .mapping: "a mapping"
    }
  }

  var isNull: Bool {
    if case .scalar(let scalar) = content, case .null = scalar.resolved { return true }
    return false
  }
}

/// One key and value of a mapping. Keys are scalars; their text is what types look up.
struct Pair: Sendable {
  var key: String
  var keyMark: YAMLMark
  var value: Node
}

/// A scalar's text and what the YAML 1.2 core schema (or an explicit tag) makes of it.
struct Scalar: Sendable {
  enum Resolved: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer
    case float
    case string

    var kindDescription: String {
      switch self {
      case .null: "null"
      case .bool: "a boolean"
      case .integer: "an integer"
      case .float: "a floating-point number"
      case .string: "a string"
      }
    }
  }

  var text: String
  var resolved: Resolved
  /// Whether the scalar was written plain (unquoted, untagged): only a plain `<<` is a
  /// merge key.
  var isPlain = false
}
