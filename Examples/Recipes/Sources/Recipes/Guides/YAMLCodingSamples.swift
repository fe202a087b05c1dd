import YAMLCoding

// The samples of Docs/YAMLCoding.md, each the body of a function the recipes' tests run.

/// A route to a host, as a tool's own Codable type.
public struct Route: Codable, Sendable, Hashable {
  /// The destination host.
  public var host: String
  /// The share of the traffic, when split.
  public var weight: Int?

  /// A route; every parameter is the property of the same name.
  public init(host: String, weight: Int? = nil) {
    self.host = host
    self.weight = weight
  }
}

/// Decodes one route, a stream of them, and each document of a stream on its own.
/// - Parameters:
///   - text: One YAML document.
///   - streamText: Documents separated by `---`.
/// - Returns: The route of `text`, the routes of the stream, and each document's result.
/// - Throws: `YAMLError` for the first document that does not decode.
public func decodeRoutes(_ text: String, stream streamText: String) throws -> (
  one: Route, all: [Route], each: [YAMLDocument<Route>]
) {
  // snippet: yaml-decoding
  let decoder = YAMLDecoder()  // strict
  let one = try decoder.decode(Route.self, from: text)
  let all = try decoder.decodeAll(Route.self, from: streamText)  // skips empty documents
  let each = decoder.decodeEach(Route.self, from: Array(streamText.utf8))  // one per document
  // end snippet
  return (one, all, each)
}

/// Encodes one route as a document and several as a stream.
/// - Returns: The document and the stream.
/// - Throws: `YAMLError` when a value cannot be represented.
public func encodeRoutes(_ value: Route, _ values: [Route]) throws -> (
  yaml: String, stream: String
) {
  // snippet: yaml-encoding
  let yaml = try YAMLEncoder().encode(value)
  let stream = try YAMLEncoder().encode(documents: values)  // separated by ---
  // end snippet
  return (yaml, stream)
}
