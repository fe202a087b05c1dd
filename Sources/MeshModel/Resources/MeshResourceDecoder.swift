import YAMLCoding

/// Reads mixed streams of mesh resources from YAML or JSON.
///
/// Decoding is strict by default, like Kubernetes' strict mode: an unknown field, an
/// unknown kind or a wrong `apiVersion` is a ``YAMLCoding/YAMLError`` naming the document,
/// path, line and column.
public struct MeshResourceDecoder: Sendable {
  /// The YAML decoder's options; strict by default.
  public var options: YAMLDecoder.Options

  /// Creates a decoder.
  public init(options: YAMLDecoder.Options = .strict) {
    self.options = options
  }

  /// Decodes every document of a stream.
  /// - Parameter text: YAML documents separated by `---`, or JSON.
  /// - Returns: The resources in stream order; empty documents are skipped.
  /// - Throws: ``YAMLCoding/YAMLError`` for the first document that does not decode.
  public func decode(_ text: String) throws -> [MeshResource] {
    try YAMLDecoder(options: options).decodeAll(MeshResource.self, from: text)
  }

  /// Decodes every document of a UTF-8 stream.
  /// - Parameter bytes: YAML documents separated by `---`, or JSON.
  /// - Returns: The resources in stream order.
  /// - Throws: ``YAMLCoding/YAMLError`` for the first document that does not decode.
  public func decode(_ bytes: some Collection<UInt8>) throws -> [MeshResource] {
    try YAMLDecoder(options: options).decodeAll(MeshResource.self, from: bytes)
  }

  /// Decodes each document on its own, so that every bad document is reported, and
  /// keeps each document's source map for reporting validation problems at their lines.
  /// - Parameter bytes: YAML documents separated by `---`, or JSON.
  /// - Returns: One element per non-empty document.
  public func decodeEach(_ bytes: some Collection<UInt8>) -> [YAMLDocument<MeshResource>] {
    YAMLDecoder(options: options).decodeEach(MeshResource.self, from: bytes)
  }
}
