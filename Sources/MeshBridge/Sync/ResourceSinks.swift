import Foundation
import MeshModel
internal import MeshSupport
import YAMLCoding

#if canImport(Glibc)
  import Glibc
#endif

/// Where a controller applies what changed between discoveries: a directory of files that
/// GitOps tooling picks up, or a Kubernetes cluster through kubectl.
///
/// ```swift
/// let sink = KubectlSink(arguments: ["--context", "mesh"])
/// for try await change in discovery.watch(cluster: "onprem-east", mapping: mapping) {
///   try await sink.apply(change)
/// }
/// ```
public protocol ResourceSink: Sendable {
  /// Creates or updates `change.added` and `change.changed`, deletes `change.removed`.
  func apply(_ change: ResourceDiff) async throws
}

/// A resource difference that could not be applied: what failed, on which target (a
/// file, a directory or a command), and why.
///
/// ```
/// SyncError.commandRejected: cannot apply the change to kubectl apply -f -: exited with status 1: error: unable to recognize …
/// ```
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// A file or directory of a ``ResourceDirectory`` could not be read, written or removed.
    public static let fileSystem = Code("fileSystem")
    /// A file of a ``ResourceDirectory`` does not hold mesh resources.
    public static let invalidResourceFile = Code("invalidResourceFile")
    /// The command (kubectl) is not on `PATH` or not executable.
    public static let commandNotFound = Code("commandNotFound")
    /// The command could not be started, or did not finish within its timeout.
    public static let commandFailed = Code("commandFailed")
    /// The command ran and exited with a status other than 0 (``SyncError/exitStatus``).
    public static let commandRejected = Code("commandRejected")

    /// The code's name.
    public var description: String { name }
  }

  /// What failed.
  public var code: Code
  /// The directory, file or command that failed.
  public var target: String
  /// Why, in words: the system's reason, or the command's status and error output.
  public var message: String
  /// The resource being written or removed (`WorkloadEntry shop/orders-1`), when one was.
  public var resource: String?
  /// The command's exit status, for ``Code/commandRejected``.
  public var exitStatus: Int32?

  /// Creates an error.
  ///
  /// - Parameters:
  ///   - code: What failed.
  ///   - target: The directory, file or command that failed.
  ///   - message: Why, in words; never a secret.
  ///   - resource: The resource being written or removed, when one was.
  ///   - exitStatus: The command's exit status, when it exited.
  public init(
    _ code: Code, target: String, message: String, resource: String? = nil,
    exitStatus: Int32? = nil
  ) {
    self.code = code
    self.target = target
    self.message = message
    self.resource = resource
    self.exitStatus = exitStatus
  }

  /// `SyncError.<code>: cannot apply the change to TARGET[ (RESOURCE)]: MESSAGE`.
  public var description: String {
    "SyncError.\(code): cannot apply the change to \(target)"
      + (resource.map { " (\($0))" } ?? "") + ": \(message)"
  }
}

/// `Kind namespace/name` of a resource, for messages.
func resourceName(_ resource: MeshResource) -> String {
  "\(resource.kind) \(resource.metadata.namespace ?? "")/\(resource.metadata.name ?? "")"
}

/// A directory that mirrors a set of mesh resources, one YAML file each, at
/// `NAMESPACE/KIND.NAME.yaml` (lower-case kind; Kubernetes names hold no `/`, kinds no
/// `.`). Each file is written whole (temporary file, then rename), so a reader never sees
/// half a resource. Files of other names in the directory are left alone.
public struct ResourceDirectory: ResourceSink {
  /// The directory.
  public let directory: URL

  /// A sink writing under `directory` (made when first written to).
  public init(_ directory: URL) {
    self.directory = directory
  }

  /// The file of `resource` in this directory.
  public func file(for resource: MeshResource) -> URL {
    directory
      .appendingPathComponent(resource.metadata.namespace ?? "default")
      .appendingPathComponent(
        "\(resource.kind.lowercased()).\(resource.metadata.name ?? "unnamed").yaml")
  }

  /// Writes the files of `change.added` and `change.changed`, removes those of
  /// `change.removed` (a file already gone is no error).
  /// - Throws: ``SyncError`` with code ``SyncError/Code/fileSystem``.
  public func apply(_ change: ResourceDiff) async throws {
    try write(change.added + change.changed)
    for resource in change.removed {
      let path = file(for: resource).path
      guard unlink(path) == 0 || errno == ENOENT else {
        throw SyncError(
          .fileSystem, target: path, message: String(cString: strerror(errno)),
          resource: resourceName(resource))
      }
    }
  }

  /// Makes the directory hold exactly `resources`: writes each, and deletes the files of
  /// the layout whose resource is not among them (left from an earlier run, say). Returns
  /// what changed on disk.
  /// - Throws: ``SyncError`` (``SyncError/Code/fileSystem``,
  ///   ``SyncError/Code/invalidResourceFile``).
  @discardableResult
  public func synchronize(to resources: [MeshResource]) async throws -> ResourceDiff {
    let change = ResourceDiff(from: try stored(), to: resources)
    try await apply(change)
    return change
  }

  /// The resources the directory's files hold now.
  /// - Throws: ``SyncError`` (``SyncError/Code/fileSystem``,
  ///   ``SyncError/Code/invalidResourceFile``) naming the file.
  public func stored() throws -> [MeshResource] {
    let manager = FileManager.default
    let namespaces = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
    var resources: [MeshResource] = []
    for namespace in namespaces.sorted() where !namespace.hasPrefix(".") {
      let folder = directory.appendingPathComponent(namespace)
      let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".yaml") && !name.hasPrefix(".") {
        let url = folder.appendingPathComponent(name)
        let file: InputFile
        do {
          file = try InputReader().readFile(url.path)
        } catch let error as FileSystemError {
          throw SyncError(.fileSystem, target: url.path, message: error.reason)
        }
        do {
          resources += try MeshResourceDecoder().decode(file.contents)
        } catch {
          throw SyncError(
            .invalidResourceFile, target: url.path, message: "not a mesh resource file (\(error))")
        }
      }
    }
    return resources
  }

  private func write(_ resources: [MeshResource]) throws {
    for resource in resources {
      let url = file(for: resource)
      let text: String
      do {
        text = try YAMLEncoder().encode(resource)
      } catch {
        throw SyncError(
          .fileSystem, target: url.path, message: "\(error)", resource: resourceName(resource))
      }
      do {
        // Watchers (a GitOps agent, `kubectl apply -f DIR`) see each file whole.
        try AtomicFile.write(text, to: url.path, mode: 0o644)
      } catch let error as FileSystemError {
        throw SyncError(
          .fileSystem, target: url.path, message: error.description,
          resource: resourceName(resource))
      }
    }
  }
}

/// A Kubernetes cluster reached with kubectl: `kubectl apply -f -` for what was added or
/// changed, `kubectl delete --ignore-not-found -f -` for what was removed, each given the
/// resources as one YAML stream on standard input.
public struct KubectlSink: ResourceSink {
  /// The kubectl executable; by default the first `kubectl` on `PATH`.
  public var executable: String
  /// Arguments before the verb, such as `--context NAME` or `--kubeconfig FILE`.
  public var arguments: [String]
  /// How long one kubectl run may take before it is stopped.
  public var timeout: TimeInterval

  /// A sink running `executable` with `arguments`, each run stopped after `timeout` seconds.
  public init(executable: String = "kubectl", arguments: [String] = [], timeout: TimeInterval = 120)
  {
    self.executable = executable
    self.arguments = arguments
    self.timeout = timeout
  }

  /// Runs `kubectl apply` for what was added or changed, then `kubectl delete` for what
  /// was removed.
  /// - Throws: ``SyncError`` with code ``SyncError/Code/commandNotFound``,
  ///   ``SyncError/Code/commandFailed`` or ``SyncError/Code/commandRejected``.
  public func apply(_ change: ResourceDiff) async throws {
    let applied = change.added + change.changed
    if !applied.isEmpty {
      try await run(["apply", "-f", "-"], applied)
    }
    if !change.removed.isEmpty {
      try await run(["delete", "--ignore-not-found", "-f", "-"], change.removed)
    }
  }

  private func run(_ verb: [String], _ resources: [MeshResource]) async throws {
    let input = try YAMLEncoder().encode(documents: resources)
    let command = ([executable] + arguments + verb).joined(separator: " ")
    let located: URL
    do {
      located = try ChildProcess.locate(executable)
    } catch let error as ChildProcess.Failure {
      throw SyncError(.commandNotFound, target: command, message: error.description)
    }
    let result: ChildProcess.Result
    do {
      result = try await ChildProcess.run(
        located, arguments: arguments + verb, input: Data(input.utf8), timeout: timeout)
    } catch let error as ChildProcess.Failure {
      throw SyncError(.commandFailed, target: command, message: error.description)
    }
    guard result.status == 0 else {
      let message = String(decoding: result.standardError, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      throw SyncError(
        .commandRejected, target: command,
        message: "exited with status \(result.status)"
          + (message.isEmpty ? "" : ": \(String(message.prefix(2_000)))"),
        exitStatus: result.status)
    }
  }
}
