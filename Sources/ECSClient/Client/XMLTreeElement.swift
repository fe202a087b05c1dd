internal import CMeshXML
import Foundation

/// An XML element read from an AWS answer: its name, its text, its child elements.
///
/// Read with libxml2 directly, the one place ECSClient parses XML (query-protocol answers
/// and XML error bodies). Not with Foundation's XMLParser: its glue over libxml2 traps on
/// element names that are not UTF-8, crashes on a processing instruction without data and
/// leaks on encoding errors (all found by the aws-error fuzz target), and these bodies
/// come from the network.
struct XMLTreeElement: Sendable, Hashable {
  /// The local name (`AssumeRoleResult`), without a namespace prefix.
  var name: String
  /// The text the element holds directly (its text and CDATA children), trimmed.
  var text: String
  /// The child elements, in document order.
  var children: [XMLTreeElement]

  /// The first child element named `name`.
  func child(_ name: String) -> XMLTreeElement? {
    children.first { $0.name == name }
  }

  /// The document's root element, or nil when the body is not well-formed XML (or does
  /// not start with `<`, or is larger than libxml2 takes).
  init?(parsing body: [UInt8]) {
    guard
      body.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        == UInt8(ascii: "<"), body.count <= Int(Int32.max)
    else {
      return nil
    }
    Self.initialised
    let document = body.withUnsafeBufferPointer { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        xmlReadMemory($0.baseAddress, Int32($0.count), nil, nil, CMeshXML_untrusted_options())
      }
    }
    guard let document else { return nil }
    defer { xmlFreeDoc(document) }
    guard let root = xmlDocGetRootElement(document) else { return nil }
    self = Self.build(root)
  }

  init(name: String, text: String, children: [XMLTreeElement]) {
    self.name = name
    self.text = text
    self.children = children
  }

  /// libxml2 must be initialised once before threads share it.
  private static let initialised: Void = xmlInitParser()

  /// The tree under `root`, built without recursion: a deeply nested document cannot
  /// exhaust the stack (libxml2 also stops at 256 levels unless told otherwise).
  private static func build(_ root: xmlNodePtr) -> XMLTreeElement {
    /// An element being built: its node, and the children finished so far.
    struct Open {
      var node: xmlNodePtr
      var element: XMLTreeElement
      var next: xmlNodePtr?
    }
    func open(_ node: xmlNodePtr) -> Open {
      let name = node.pointee.name.map { String(cString: $0) } ?? ""
      var text = ""
      var child = node.pointee.children
      while let current = child {
        if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
          let content = current.pointee.content
        {
          text += String(cString: content)
        }
        child = current.pointee.next
      }
      return Open(
        node: node,
        element: XMLTreeElement(
          name: name, text: text.trimmingCharacters(in: .whitespacesAndNewlines), children: []),
        next: node.pointee.children)
    }
    var stack = [open(root)]
    while true {
      let last = stack.count - 1
      if let next = stack[last].next {
        stack[last].next = next.pointee.next
        if next.pointee.type == XML_ELEMENT_NODE { stack.append(open(next)) }
        continue
      }
      let finished = stack.removeLast().element
      guard !stack.isEmpty else { return finished }
      stack[stack.count - 1].element.children.append(finished)
    }
  }

  /// The text of the first element named `name`, depth first, this one included.
  func firstText(named name: String) -> String? {
    var pending = [self]
    while let element = pending.popLast() {
      if element.name == name { return element.text }
      pending += element.children.reversed()
    }
    return nil
  }
}
