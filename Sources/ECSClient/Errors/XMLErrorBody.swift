internal import CMeshXML
import Foundation

/// The `Code` and `Message` of a query-protocol XML error (`<ErrorResponse><Errors><Error>`),
/// read with libxml2 directly. Not with Foundation's XMLParser: its glue over libxml2 traps
/// on element names that are not UTF-8, crashes on a processing instruction without data
/// and leaks on encoding errors (all found by the aws-error fuzz target), and this body
/// comes from the network.
struct XMLErrorBody {
  let code: String
  let message: String?
  let requestID: String?

  /// libxml2 must be initialised once before threads share it.
  private static let initialised: Void = xmlInitParser()

  init?(_ body: [UInt8]) {
    guard
      body.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        == UInt8(ascii: "<"), body.count <= Int(Int32.max)
    else {
      return nil
    }
    Self.initialised
    let document = body.withUnsafeBufferPointer { bytes in
      bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
        xmlReadMemory($0, Int32(bytes.count), nil, nil, CMeshXML_untrusted_options())
      }
    }
    guard let document else { return nil }
    defer { xmlFreeDoc(document) }
    var values: [String: String] = [:]
    Self.collect(xmlDocGetRootElement(document), into: &values)
    guard let code = values["Code"] else { return nil }
    self.code = code
    message = values["Message"]
    requestID = values["RequestId"] ?? values["RequestID"]
  }

  /// The text of the first `Code`, `Message` and `RequestId` elements, depth first. The
  /// walk is iterative: a deeply nested document cannot exhaust the stack.
  private static func collect(_ root: xmlNodePtr?, into values: inout [String: String]) {
    var pending: [xmlNodePtr] = root.map { [$0] } ?? []
    while let node = pending.popLast() {
      guard node.pointee.type == XML_ELEMENT_NODE else { continue }
      let name = node.pointee.name.map { String(cString: $0) } ?? ""
      if ["Code", "Message", "RequestId", "RequestID"].contains(name), values[name] == nil,
        let content = xmlNodeGetContent(node)
      {
        values[name] = String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
        CMeshXML_free(content)
      }
      // Children pushed last-first, so that the first child is visited first.
      var children: [xmlNodePtr] = []
      var child = node.pointee.children
      while let current = child {
        children.append(current)
        child = current.pointee.next
      }
      pending += children.reversed()
    }
  }
}
