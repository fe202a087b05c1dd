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
    /// Report each as an error (`dataCorrupted` at its `kind`; `keyNotFound` at the
    /// document for one without a `kind`), as a strict reader of Istio resources would:
    /// a misspelt kind is then an error, not a document quietly left aside. They are
    /// listed in ``LoadedMesh/unmodeled`` too.
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
    let start = YAMLMark(line: origin.line, column: origin.column)
    guard reference.kind != InventoryDocument.noKind else {
      // Worded as the decoder words any missing field, at the document it is missing from.
      mesh.issues.append(
        LocatedIssue(
          file: place.file, mark: start, documentIndex: place.documentIndex, path: prefix,
          severity: .error, code: .decoding(.keyNotFound),
          message: "missing required field \"kind\""))
      return
    }
    let known = MeshResource.knownKinds + Kubernetes.Object.knownKinds
    mesh.issues.append(
      LocatedIssue(
        file: place.file,
        mark: place.sourceMap?.mark(at: YAMLPath(prefix.components + ["kind"])) ?? start,
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

  /// The mesh resources among the objects, in the order read (the Kubernetes objects left
  /// out), for APIs that take resources, such as a bundle's or a cluster onboarding's.
  public var resources: [MeshResource] {
    objects.compactMap {
      guard case .mesh(let resource) = $0.value else { return nil }
      return resource
    }
  }

  /// Throws unless every document decoded, for tools that must not work from part of a
  /// mesh: a sidecar made without the routes of a file that did not decode would be
  /// wrong without saying so. Validation issues do not throw; ``issues`` holds them.
  ///
  /// ```swift
  /// let mesh = try MeshLoader().load(paths: ["manifests/"])
  /// try mesh.requireDecoded()
  /// let translator = SidecarTranslator(inventory: mesh.inventory)
  /// ```
  /// - Throws: ``MeshLoadError`` with code ``MeshLoadError/Code/undecodable``, naming the
  ///   first file at fault and holding every failure in
  ///   ``MeshLoadError/failures``.
  public func requireDecoded() throws(MeshLoadError) {
    let failures = decodingFailures
    guard let first = failures.first else { return }
    throw MeshLoadError(
      .undecodable, path: first.file,
      reason: failures.count == 1
        ? "a document does not decode" : "\(failures.count) documents do not decode",
      failures: failures)
  }
}

/// An input that could not be read, or (from ``LoadedMesh/requireDecoded()``) documents
/// that did not decode.
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
    /// Documents were read but did not decode (YAML syntax, an unknown field, a wrong
    /// type); ``MeshLoadError/failures`` holds each at its file and line.
    public static let undecodable = Code("undecodable")

    /// The name.
    public var description: String { name }
  }

  /// Why the input could not be read.
  public var code: Code
  /// The path as given (`standard input` for `-`).
  public var path: String
  /// The system's reason, as `strerror` words it, or the loader's.
  public var reason: String
  /// For ``Code/undecodable``, the documents that did not decode, each at its file, line
  /// and field; empty for the other codes.
  public var failures: [LocatedIssue]

  /// Creates a value; every parameter is the property of the same name.
  public init(_ code: Code, path: String, reason: String, failures: [LocatedIssue] = []) {
    self.code = code
    self.path = InputText.clipped(path)
    self.reason = reason
    self.failures = failures
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
  /// is ``code``. For ``Code/undecodable``, each failure on a line of its own
  /// (`file:line:column: path: message`), as `mesh-onboard validate` prints them.
  public var description: String {
    guard failures.isEmpty else { return failures.map(\.description).joined(separator: "\n") }
    return "could not read \(path): \(reason)"
  }
}

/// One document of an inventory stream.
enum InventoryDocument: Decodable, Sendable {
  case object(InventoryObject.Value)
  case ignored(ResourceReference)
  case list([Result<InventoryDocument, YAMLError>])

  /// The kind an ignored document without one (or with an empty one) is listed under.
  static let noKind = "<no kind>"

  private enum CodingKeys: String, CodingKey {
    case apiVersion, kind, items
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? ""
    if MeshResource.knownKinds.contains(kind) {
      self = .object(.mesh(try MeshResource(from: decoder)))
    } else if Kubernetes.Object.knownKinds.contains(kind) {
      self = .object(.kubernetes(try Kubernetes.Object(from: decoder)))
    } else if kind == "List" {
      // kubectl's List is core v1; another apiVersion is not a List it would apply.
      let apiVersion = try container.decode(String.self, forKey: .apiVersion)
      guard apiVersion == "v1" else {
        throw DecodingError.dataCorruptedError(
          forKey: .apiVersion, in: container,
          debugDescription: "a List is apiVersion v1, not \(InputText.clipped(apiVersion))")
      }
      // The List's metadata is not used; it is read so a strict decoder accepts it.
      let rest = try decoder.container(keyedBy: AnyCodingKey.self)
      for key in rest.allKeys where !["apiVersion", "items"].contains(key.stringValue) {
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
          kind: kind.isEmpty ? Self.noKind : kind,
          namespace: metadata?["namespace"]?.stringValue,
          name: metadata?["name"]?.stringValue ?? ""))
    }
  }
}
