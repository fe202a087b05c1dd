/// The `Code` and `Message` of a query-protocol XML error (`<ErrorResponse><Errors><Error>`),
/// read through ``XMLTreeElement`` (libxml2, never Foundation's XMLParser: this body comes
/// from the network).
struct XMLErrorBody {
  let code: String
  let message: String?
  let requestID: String?

  init?(_ body: [UInt8]) {
    guard let root = XMLTreeElement(parsing: body), let code = root.firstText(named: "Code") else {
      return nil
    }
    self.code = code
    message = root.firstText(named: "Message")
    requestID = root.firstText(named: "RequestId") ?? root.firstText(named: "RequestID")
  }
}
