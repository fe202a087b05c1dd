/// An HTTP request as SigV4 sees it.
public struct SignableRequest: Sendable, Hashable {
  /// The method, upper case.
  public var method: String
  /// The path as it appears in the URL (percent-encoding included); `/` when empty.
  public var path: String
  /// Query parameters, decoded, in any order.
  public var query: [(name: String, value: String)]
  /// Header fields in order; names in any case, repeated names allowed.
  public var headers: [(name: String, value: String)]
  /// The body.
  public var body: [UInt8]

  /// Creates a request.
  public init(
    method: String, path: String = "/", query: [(name: String, value: String)] = [],
    headers: [(name: String, value: String)] = [], body: [UInt8] = []
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The first value of a header, by case-insensitive name.
  public func header(_ name: String) -> String? {
    let lower = name.lowercased()
    return headers.first { $0.name.lowercased() == lower }?.value
  }

  public static func == (lhs: SignableRequest, rhs: SignableRequest) -> Bool {
    lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
      && lhs.query.elementsEqual(rhs.query, by: ==)
      && lhs.headers.elementsEqual(rhs.headers, by: ==)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(method)
    hasher.combine(path)
    hasher.combine(body)
    for item in query {
      hasher.combine(item.name)
      hasher.combine(item.value)
    }
    for header in headers {
      hasher.combine(header.name)
      hasher.combine(header.value)
    }
  }
}
