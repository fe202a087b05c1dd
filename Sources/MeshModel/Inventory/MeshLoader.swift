internal import MeshSupport
import YAMLCoding

/// Reads a mesh from files, directories, standard input or bytes: the Istio kinds strictly
/// (and validated with Istio's rules), the Kubernetes kinds the analyzers use leniently,
/// `List`s item by item, and other kinds (Deployments, CRDs, ...) skipped or reported.
///
/// ```swift
/// let mesh = try MeshLoader().load(paths: ["manifests/"])
/// let report = mesh.check()           // validation and analysis, each problem once
/// let reviews = mesh.inventory.resource(VirtualServiceSpec.self, namespace: "shop", name: "reviews")
/// ```
public struct MeshLoader: Sendable {
  /// What to do with documents of kinds MeshModel does not model.
  public enum UnmodeledKinds: Sendable, Hashable {
    /// Leave them aside; they are listed in ``LoadedMesh/unmodeled``.
    case skip
    /// Report each as an error (`dataCorrupted` at its `kind`), as a strict reader of
    /// Istio resources would.
    case report
  }

  /// How Istio kinds are decoded: strictly (every unknown field an error) by default.
  public var options: YAMLDecoder.Options
  /// What to do with kinds MeshModel does not model.
  public var unmodeledKinds: UnmodeledKinds

  /// A loader; every parameter is the property of the same name.
  public init(options: YAMLDecoder.Options = .strict, unmodeledKinds: UnmodeledKinds = .skip) {
    self.options = options
    self.unmodeledKinds = unmodeledKinds
  }

  /// Loads the named files, the `.yaml`, `.yml` and `.json` files below named directories
  /// (in sorted order), and standard input for `-`.
  /// - Throws: ``MeshLoadError`` naming the input that cannot be read and why. A document
  ///   that does not decode is not thrown: it is an issue of the result.
  public func load(paths: [String]) throws(MeshLoadError) -> LoadedMesh {
    let files: [InputFile]
    do {
      files = try InputReader().read(paths)
    } catch let error as FileSystemError {
      throw MeshLoadError(error)
    } catch {
      throw MeshLoadError(.unreadable, path: paths.joined(separator: " "), reason: "\(error)")
    }
    var mesh = LoadedMesh()
    for file in files { mesh.append(load(file.contents, file: file.name)) }
    return mesh
  }

  /// Loads every document of `bytes`, read from `file` (the name problems are reported
  /// under).
  public func load(_ bytes: some Collection<UInt8>, file: String) -> LoadedMesh {
    var mesh = LoadedMesh()
    mesh.files = [file]
    var failedDocuments: [(index: Int, issue: LocatedIssue)] = []
    for document in YAMLDecoder(options: options).decodeEach(InventoryDocument.self, from: bytes) {
      func located(_ mark: YAMLMark) -> ResourceOrigin {
        ResourceOrigin(file: file, line: mark.line, column: mark.column)
      }
      let place = Place(
        file: file, documentIndex: document.index, sourceMap: document.sourceMap)
      switch document.result {
      case .failure(let error):
        failedDocuments.append(
          (document.index, place.issue(for: error, at: error.mark ?? document.mark)))
      case .success(.object(let value)):
        add(value, origin: located(document.mark), place: place, prefix: .root, to: &mesh)
      case .success(.ignored(let reference)):
        skip(reference, origin: located(document.mark), place: place, prefix: .root, to: &mesh)
      case .success(.list(let items)):
        for (position, item) in items.enumerated() {
          let prefix: YAMLPath = ["items", .index(position)]
          let mark = document.sourceMap?.mark(at: prefix) ?? document.mark
          switch item {
          case .success(.object(let value)):
            add(value, origin: located(mark), place: place, prefix: prefix, to: &mesh)
          case .success(.ignored(let reference)):
            skip(reference, origin: located(mark), place: place, prefix: prefix, to: &mesh)
          case .success(.list): break
          case .failure(let error):
            var issue = place.issue(for: error, at: error.mark ?? mark)
            issue.path = YAMLPath(prefix.components + error.path.components)
            mesh.issues.append(issue)
          }
        }
      }
    }
    if !failedDocuments.isEmpty {
      // Name the resources that failed, as far as a lenient reading gets.
      let lenient = YAMLDecoder(options: .lenient).decodeEach(YAMLNode.self, from: bytes)
      for (index, var issue) in failedDocuments {
        if let node = try? lenient.first(where: { $0.index == index })?.result.get(),
          let kind = node["kind"]?.stringValue
        {
          let metadata = node["metadata"]
          issue.resource = ResourceReference(
            kind: kind, namespace: metadata?["namespace"]?.stringValue ?? "default",
            name: metadata?["name"]?.stringValue ?? "")
        }
        mesh.issues.append(issue)
      }
      mesh.issues.sort { ($0.documentIndex, $0.mark.line) < ($1.documentIndex, $1.mark.line) }
    }
    return mesh
  }

  /// Where a document is, to locate its problems.
  private struct Place {
    var file: String
    var documentIndex: Int
    var sourceMap: YAMLSourceMap?

    func issue(for error: YAMLError, at mark: YAMLMark) -> LocatedIssue {
      LocatedIssue(
        file: file, mark: mark, documentIndex: documentIndex, path: error.path, severity: .error,
        code: .decoding(error.code), message: error.message)
    }
  }

  /// Adds an object, and the validation issues of a mesh resource at their lines.
  private func add(
    _ value: InventoryObject.Value, origin: ResourceOrigin, place: Place, prefix: YAMLPath,
    to mesh: inout LoadedMesh
  ) {
    mesh.objects.append(InventoryObject(value, origin: origin))
    guard case .mesh(let resource) = value else { return }
    let found = resource.validate().map { issue in
      let path = YAMLPath(prefix.components + issue.path.components)
      return LocatedIssue(
        file: place.file,
        mark: place.sourceMap?.mark(at: path)
          ?? YAMLMark(line: origin.line, column: origin.column),
        documentIndex: place.documentIndex, path: path, severity: issue.severity,
        code: .validation(issue.code), message: issue.message, resource: resource.reference)
    }
    // Rules run field by field; readers expect file order.
    mesh.issues += found.enumerated().sorted { lhs, rhs in
      (lhs.element.mark.line, lhs.element.mark.column, lhs.offset)
        < (rhs.element.mark.line, rhs.element.mark.column, rhs.offset)
    }.map(\.element)
  }

  private func skip(
    _ reference: ResourceReference, origin: ResourceOrigin, place: Place, prefix: YAMLPath,
    to mesh: inout LoadedMesh
  ) {
    mesh.unmodeled.append(UnmodeledObject(reference: reference, origin: origin))
    guard unmodeledKinds == .report else { return }
    let known = MeshResource.knownKinds + Kubernetes.Object.knownKinds
    mesh.issues.append(
      LocatedIssue(
        file: place.file,
        mark: place.sourceMap?.mark(at: YAMLPath(prefix.components + ["kind"]))
          ?? YAMLMark(line: origin.line, column: origin.column),
        documentIndex: place.documentIndex, path: YAMLPath(prefix.components + ["kind"]),
        severity: .error, code: .decoding(.dataCorrupted),
        message:
          "unknown kind \"\(InputText.clipped(reference.kind))\"; known kinds: \(known.joined(separator: ", "))",
        resource: reference))
  }
}

/// A document of a kind MeshModel does not model, and where it was.
public struct UnmodeledObject: Sendable, Hashable {
  /// Its kind, namespace (when it names one) and name.
  public var reference: ResourceReference
  /// Where it was read.
  public var origin: ResourceOrigin
}

/// What a ``MeshLoader`` read: the objects, every problem found while decoding and
/// validating them (each at its file, line and field), and what it left aside.
public struct LoadedMesh: Sendable {
  /// The files read, in order (`-` for standard input).
  public var files: [String] = []
  /// The objects read, in the files' order (a `List`'s items in its place).
  public var objects: [InventoryObject] = []
  /// Documents that did not decode, and the validation issues of the resources that did,
  /// in file order.
  public var issues: [LocatedIssue] = []
  /// Documents of kinds MeshModel does not model.
  public var unmodeled: [UnmodeledObject] = []

  /// An empty mesh.
  public init() {}

  /// The issues of documents that did not decode (the others are validation issues of
  /// resources that did).
  public var decodingFailures: [LocatedIssue] {
    issues.filter {
      if case .decoding = $0.code { return true }
      return false
    }
  }

  /// Adds what another load read, after what this one holds.
  public mutating func append(_ other: LoadedMesh) {
    files += other.files
    objects += other.objects
    issues += other.issues
    unmodeled += other.unmodeled
  }

  /// The objects indexed for look-ups, analysis and translation.
  public var inventory: Inventory { Inventory(objects) }
}

/// An input that could not be read.
public struct MeshLoadError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Why. New codes may be added in any release: a `switch` over codes needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// The system could not open or read the path (missing, no permission, ...).
    public static let unreadable = Code("unreadable")
    /// The path is not a regular file or directory (a FIFO, a loop of links, a closed
    /// standard input).
    public static let notAFile = Code("notAFile")
    /// The input is larger than the reader's limit (64 MiB).
    public static let tooLarge = Code("tooLarge")
    /// The input is UTF-16 or UTF-32 text.
    public static let unsupportedEncoding = Code("unsupportedEncoding")

    /// The name.
    public var description: String { name }
  }

  /// Why the input could not be read.
  public var code: Code
  /// The path as given (`standard input` for `-`).
  public var path: String
  /// The system's reason, as `strerror` words it, or the loader's.
  public var reason: String

  /// Creates a value; every parameter is the property of the same name.
  public init(_ code: Code, path: String, reason: String) {
    self.code = code
    self.path = InputText.clipped(path)
    self.reason = reason
  }

  init(_ error: FileSystemError) {
    let code: Code =
      switch error.kind {
      case .wrongType: .notAFile
      case .tooLarge: .tooLarge
      case .unsupportedEncoding: .unsupportedEncoding
      case .system, .inUse: .unreadable
      }
    self.init(code, path: error.path, reason: error.reason)
  }

  /// `could not read <path>: <reason>`, as every file error of the SDK words it; the code
  /// is ``code``.
  public var description: String { "could not read \(path): \(reason)" }
}

/// One document of an inventory stream.
enum InventoryDocument: Decodable, Sendable {
  case object(InventoryObject.Value)
  case ignored(ResourceReference)
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
      let node = try YAMLNode(readingEveryKeyOf: decoder)
      let metadata = node["metadata"]
      self = .ignored(
        ResourceReference(
          kind: kind.isEmpty ? "<no kind>" : kind,
          namespace: metadata?["namespace"]?.stringValue,
          name: metadata?["name"]?.stringValue ?? ""))
    }
  }
}
