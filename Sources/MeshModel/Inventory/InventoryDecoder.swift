import YAMLCoding

/// Reads streams of YAML or JSON documents into inventory objects: the Istio kinds
/// strictly, the Kubernetes kinds the analyzers use leniently, `List`s item by item, and
/// other kinds (Deployments, CRDs, ...) counted and left aside.
public struct InventoryDecoder: Sendable {
  /// What one stream gave.
  public struct Result: Sendable {
    /// The objects read, in the stream's order (a `List`'s items in its place).
    public var objects: [InventoryObject] = []
    /// Documents that did not decode, with where and why.
    public var failures: [DecodeFailure] = []
    /// Kinds the inventory does not read, with how many documents had them.
    public var ignoredKinds: [String: Int] = [:]
  }

  /// A document that did not decode.
  public struct DecodeFailure: Sendable, Hashable, CustomStringConvertible {
    /// Where the document starts.
    public var origin: ResourceOrigin
    /// The resource as far as it could be read (`kind namespace/name`), when it could.
    public var reference: ResourceReference?
    /// Why it did not decode, with the place in the document when known.
    public var error: YAMLError

    /// `file:line: summary`, at the error's place when it has one, else the document's.
    public var description: String {
      "\(origin.file):\(error.mark?.description ?? "\(origin.line)"): \(error.summary)"
    }
  }

  private let options: YAMLDecoder.Options

  /// A decoder; Istio kinds are decoded with `options` (strict by default).
  public init(options: YAMLDecoder.Options = .strict) {
    self.options = options
  }

  /// Decodes every document of `bytes`, read from `file`.
  public func decode(_ bytes: some Collection<UInt8>, file: String) -> Result {
    var result = Result()
    var failedDocuments: [(index: Int, failure: DecodeFailure)] = []
    for document in YAMLDecoder(options: options).decodeEach(InventoryDocument.self, from: bytes) {
      let origin = ResourceOrigin(
        file: file, line: document.mark.line, column: document.mark.column)
      switch document.result {
      case .failure(let error):
        failedDocuments.append(
          (document.index, DecodeFailure(origin: origin, reference: nil, error: error)))
      case .success(.object(let value)):
        result.objects.append(InventoryObject(value, origin: origin))
      case .success(.ignored(let kind)):
        result.ignoredKinds[kind, default: 0] += 1
      case .success(.list(let items)):
        for (position, item) in items.enumerated() {
          let path: YAMLPath = ["items", .index(position)]
          let mark = document.sourceMap?.mark(at: path) ?? document.mark
          let itemOrigin = ResourceOrigin(file: file, line: mark.line, column: mark.column)
          switch item {
          case .success(.object(let value)):
            result.objects.append(InventoryObject(value, origin: itemOrigin))
          case .success(.ignored(let kind)): result.ignoredKinds[kind, default: 0] += 1
          case .success(.list): break
          case .failure(let error):
            result.failures.append(DecodeFailure(origin: itemOrigin, reference: nil, error: error))
          }
        }
      }
    }
    if !failedDocuments.isEmpty {
      // Name the resources that failed, as far as a lenient reading gets.
      let lenient = YAMLDecoder(options: .lenient).decodeEach(YAMLNode.self, from: bytes)
      for (index, var failure) in failedDocuments {
        if let node = try? lenient.first(where: { $0.index == index })?.result.get(),
          let kind = node["kind"]?.stringValue
        {
          let metadata = node["metadata"]
          failure.reference = ResourceReference(
            kind: kind, namespace: metadata?["namespace"]?.stringValue ?? "default",
            name: metadata?["name"]?.stringValue ?? "")
        }
        result.failures.append(failure)
      }
    }
    return result
  }
}

/// One document of an inventory stream.
enum InventoryDocument: Decodable, Sendable {
  case object(InventoryObject.Value)
  case ignored(String)
  case list([Result<InventoryDocument, YAMLError>])

  private enum CodingKeys: String, CodingKey {
    case kind, items
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? ""
    if MeshResource.knownKinds.contains(kind) {
      self = .object(.mesh(try MeshResource(from: decoder)))
    } else if Kubernetes.Object.knownKinds.contains(kind) {
      self = .object(.kubernetes(try Kubernetes.Object(from: decoder)))
    } else if kind == "List" {
      // The List's apiVersion and metadata are not used; they are read so a strict
      // decoder accepts them.
      let rest = try decoder.container(keyedBy: AnyCodingKey.self)
      for key in rest.allKeys where key.stringValue != "items" {
        _ = try rest.decode(YAMLNode.self, forKey: key)
      }
      var items: [Result<InventoryDocument, YAMLError>] = []
      if container.contains(.items) {
        var itemsContainer = try container.nestedUnkeyedContainer(forKey: .items)
        while !itemsContainer.isAtEnd {
          do {
            items.append(.success(try itemsContainer.decode(InventoryDocument.self)))
          } catch let error as YAMLError {
            items.append(.failure(error))
          }
        }
      }
      self = .list(items)
    } else {
      // Read whole, so that a strict decoder does not report its fields.
      _ = try YAMLNode(readingEveryKeyOf: decoder)
      self = .ignored(kind.isEmpty ? "<no kind>" : kind)
    }
  }
}
