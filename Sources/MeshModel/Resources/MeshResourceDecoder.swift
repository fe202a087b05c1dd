import YAMLCoding

/// Reads mixed streams of mesh resources from YAML or JSON.
///
/// A stream holds resources separated by `---`, and may hold Kubernetes `List` documents
/// (`apiVersion: v1`, `kind: List`, `items: [...]`), as `kubectl get -o yaml` prints them;
/// their items are read as resources of their own.
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

  /// Decodes every resource of a stream.
  /// - Parameter text: YAML documents separated by `---`, or JSON.
  /// - Returns: The resources in stream order; empty documents are skipped and `List`
  ///   documents contribute their items.
  /// - Throws: ``YAMLCoding/YAMLError`` for the first resource that does not decode.
  public func decode(_ text: String) throws -> [MeshResource] {
    try decode(Array(text.utf8))
  }

  /// Decodes every resource of a UTF-8 stream.
  /// - Parameter bytes: YAML documents separated by `---`, or JSON.
  /// - Returns: The resources in stream order.
  /// - Throws: ``YAMLCoding/YAMLError`` for the first resource that does not decode.
  public func decode(_ bytes: some Collection<UInt8>) throws -> [MeshResource] {
    try YAMLDecoder(options: options).decodeAll(StreamDocument.self, from: bytes).flatMap {
      document -> [MeshResource] in
      switch document {
      case .resource(let resource): return [resource]
      case .list(let items): return try items.map { try $0.get() }
      }
    }
  }

  /// Decodes each resource on its own, so that every bad one is reported, and keeps each
  /// document's source map for reporting validation problems at their lines.
  /// - Parameter bytes: YAML documents separated by `---`, or JSON.
  /// - Returns: One element per resource: per non-empty document, or per item of a `List`.
  public func decodeEach(_ bytes: some Collection<UInt8>) -> [DecodedResource] {
    YAMLDecoder(options: options).decodeEach(StreamDocument.self, from: bytes).flatMap {
      document -> [DecodedResource] in
      switch document.result {
      case .failure(let error):
        return [
          DecodedResource(
            documentIndex: document.index, path: .root, mark: document.mark,
            result: .failure(error),
            sourceMap: document.sourceMap)
        ]
      case .success(.resource(let resource)):
        return [
          DecodedResource(
            documentIndex: document.index, path: .root, mark: document.mark,
            result: .success(resource), sourceMap: document.sourceMap)
        ]
      case .success(.list(let items)):
        return items.enumerated().map { index, item in
          let path: YAMLPath = ["items", .index(index)]
          return DecodedResource(
            documentIndex: document.index, path: path,
            mark: document.sourceMap?.mark(at: path) ?? document.mark, result: item,
            sourceMap: document.sourceMap)
        }
      }
    }
  }
}

/// One resource of a stream, decoded on its own.
public struct DecodedResource: Sendable {
  /// The zero-based position of its document in the stream.
  public var documentIndex: Int
  /// Where the resource sits in its document: the root, or `items[i]` of a `List`.
  public var path: YAMLPath
  /// Where the resource starts.
  public var mark: YAMLMark
  /// The resource, or the error that decoding it threw.
  public var result: Result<MeshResource, YAMLError>
  /// Positions of the document's values; `nil` when the document could not be parsed.
  public var sourceMap: YAMLSourceMap?

  /// The position of a field given by a path within the resource (`spec.hosts[0]`).
  public func mark(at fieldPath: YAMLPath) -> YAMLMark {
    sourceMap?.mark(at: YAMLPath(path.components + fieldPath.components)) ?? mark
  }
}

/// A document of a stream: one resource, or a Kubernetes `List` of them.
enum StreamDocument: Decodable, Sendable {
  case resource(MeshResource)
  /// Items that did not decode keep their error, so the others can still be checked.
  case list([Result<MeshResource, YAMLError>])

  private enum CodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, items
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    guard try container.decodeIfPresent(String.self, forKey: .kind) == "List" else {
      self = .resource(try MeshResource(from: decoder))
      return
    }
    let apiVersion = try container.decode(String.self, forKey: .apiVersion)
    guard apiVersion == "v1" else {
      throw DecodingError.dataCorruptedError(
        forKey: .apiVersion, in: container,
        debugDescription: "a List is apiVersion v1, not \(apiVersion)")
    }
    _ = try container.decodeIfPresent(YAMLNode.self, forKey: .metadata)
    var items: [Result<MeshResource, YAMLError>] = []
    if container.contains(.items) {
      var itemsContainer = try container.nestedUnkeyedContainer(forKey: .items)
      while !itemsContainer.isAtEnd {
        do {
          items.append(.success(try itemsContainer.decode(MeshResource.self)))
        } catch let error as YAMLError {
          // YAMLDecoder moves past a failed item, so the rest are still read.
          items.append(.failure(error))
        }
      }
    }
    self = .list(items)
  }
}
