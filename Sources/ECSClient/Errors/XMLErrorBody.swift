import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The `Code` and `Message` of a query-protocol XML error (`<ErrorResponse><Errors><Error>`),
/// read with Foundation's XML parser.
struct XMLErrorBody {
  let code: String
  let message: String?
  let requestID: String?

  init?(_ body: [UInt8]) {
    guard
      body.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
        == UInt8(ascii: "<")
    else {
      return nil
    }
    // Foundation's XMLParser traps on element names that are not UTF-8 (and leaks on some
    // encoding errors), and this body comes from the network: only valid UTF-8 goes in.
    // Found by the aws-error fuzz target.
    guard String(validating: body, as: UTF8.self) != nil else { return nil }
    let collector = Collector()
    let parser = XMLParser(data: Data(body))
    parser.delegate = collector
    guard parser.parse(), let code = collector.values["Code"] else { return nil }
    self.code = code
    message = collector.values["Message"]
    requestID = collector.values["RequestId"] ?? collector.values["RequestID"]
  }

  /// Keeps the text of the first `Code`, `Message` and `RequestId` elements.
  private final class Collector: NSObject, XMLParserDelegate {
    var values: [String: String] = [:]
    private var current: String?
    private var text = ""

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      current = elementName
      text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      text += string
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName: String?
    ) {
      if ["Code", "Message", "RequestId", "RequestID"].contains(elementName)
        && values[elementName] == nil
      {
        values[elementName] = text.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      current = nil
    }
  }
}
