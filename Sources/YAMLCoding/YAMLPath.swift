internal import MeshSupport

/// A path to a value in a document: `spec.http[0].route[1].weight`.
///
/// Validation reports problems at a path; ``YAMLSourceMap`` turns a path back into the
/// line and column it came from.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
  /// One step of a path: a mapping key or a sequence index.
  public enum Component: Sendable, Hashable {
    /// A mapping's key; printed after a dot, or quoted in brackets when it isn't a plain name.
    case key(String)
    /// A sequence's index, from 0; printed in brackets.
    case index(Int)
  }

  /// The steps, from the document's root.
  public var components: [Component]

  /// Creates a path from its steps.
  public init(_ components: [Component] = []) {
    self.components = components
  }

  public init(arrayLiteral elements: Component...) {
    components = elements
  }

  /// The empty path: the document's root.
  public static let root = YAMLPath()

  /// This path extended by a mapping key.
  public static func / (path: YAMLPath, key: String) -> YAMLPath {
    YAMLPath(path.components + [.key(key)])
  }

  /// This path extended by a sequence index.
  public static func / (path: YAMLPath, index: Int) -> YAMLPath {
    YAMLPath(path.components + [.index(index)])
  }

  /// Printed as Kubernetes prints field paths: keys joined by dots, indices in brackets,
  /// and keys that are not plain names (label names with dots or slashes, port numbers)
  /// quoted in brackets.
  public var description: String {
    var text = ""
    for component in components {
      switch component {
      case .index(let index):
        text += "[\(index)]"
      case .key(let key):
        // Keys are input: a huge or hostile one is cut and escaped.
        if !Self.isPlainName(key) {
          text += "[\(InputText.quoted(key))]"
        } else {
          if !text.isEmpty { text += "." }
          text += InputText.clipped(key)
        }
      }
    }
    return text
  }

  /// Letters, digits, `_`, `-` and `@`, not starting with a digit.
  private static func isPlainName(_ key: String) -> Bool {
    guard let first = key.first, !first.isNumber else { return false }
    return key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "@" }
  }
}

/// Where each value of one parsed document came from, so problems found later (by
/// validation, say) can be reported at a line and column.
public struct YAMLSourceMap: Sendable {
  let root: Node

  /// The position of the value at `path`: the key's position for a mapping entry, the
  /// item's for a sequence index. When the path leads past what the document holds (a
  /// missing field), the position of the deepest value that exists.
  public func mark(at path: YAMLPath) -> YAMLMark {
    var node = root
    var mark = root.mark
    for component in path.components {
      switch (component, node.content) {
      case (.key(let key), .mapping(let pairs)):
        guard let pair = pairs.first(where: { $0.key == key }) else { return mark }
        mark = pair.keyMark
        node = pair.value
      case (.index(let index), .sequence(let items)):
        guard items.indices.contains(index) else { return mark }
        node = items[index]
        mark = node.mark
      default:
        return mark
      }
    }
    return mark
  }
}

extension Node {
  /// The node that a coding path below this node leads to, if it exists.
  func descendant(at path: ArraySlice<any CodingKey>) -> Node? {
    var node = self
    for key in path {
      switch node.content {
      case .mapping(let pairs):
        guard let pair = pairs.first(where: { $0.key == key.stringValue }) else { return nil }
        node = pair.value
      case .sequence(let items):
        guard let index = key.intValue, items.indices.contains(index) else { return nil }
        node = items[index]
      case .scalar:
        return nil
      }
    }
    return node
  }
}

extension YAMLPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
  public init(stringLiteral value: String) { self = .key(value) }
  public init(integerLiteral value: Int) { self = .index(value) }
}
