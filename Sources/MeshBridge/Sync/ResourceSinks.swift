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

/// A resource difference that could not be applied: which target, and why.
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The directory, file or command that failed.
  public var target: String
  public var reason: String

  public init(target: String, reason: String) {
    self.target = target
    self.reason = reason
  }

  public var description: String { "cannot apply the change to \(target): \(reason)" }
}

/// A directory that mirrors a set of mesh resources, one YAML file each, at
/// `NAMESPACE/KIND.NAME.yaml` (lower-case kind; Kubernetes names hold no `/`, kinds no
/// `.`). Each file is written whole (temporary file, then rename), so a reader never sees
/// half a resource. Files of other names in the directory are left alone.
public struct ResourceDirectory: ResourceSink {
  public let directory: URL

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

  public func apply(_ change: ResourceDiff) async throws {
    try write(change.added + change.changed)
    for resource in change.removed {
      let path = file(for: resource).path
      guard unlink(path) == 0 || errno == ENOENT else {
        throw SyncError(target: path, reason: String(cString: strerror(errno)))
      }
    }
  }

  /// Makes the directory hold exactly `resources`: writes each, and deletes the files of
  /// the layout whose resource is not among them (left from an earlier run, say). Returns
  /// what changed on disk.
  @discardableResult
  public func synchronize(to resources: [MeshResource]) async throws -> ResourceDiff {
    let change = ResourceDiff(from: try stored(), to: resources)
    try await apply(change)
    return change
  }

  /// The resources the directory's files hold now.
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
          throw SyncError(target: url.path, reason: error.reason)
        }
        do {
          resources += try MeshResourceDecoder().decode(file.contents)
        } catch {
          throw SyncError(target: url.path, reason: "not a mesh resource file (\(error))")
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
        throw SyncError(target: url.path, reason: "\(error)")
      }
      do {
        // Watchers (a GitOps agent, `kubectl apply -f DIR`) see each file whole.
        try AtomicFile.write(text, to: url.path, mode: 0o644)
      } catch let error as FileSystemError {
        throw SyncError(target: url.path, reason: error.description)
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

  public init(executable: String = "kubectl", arguments: [String] = [], timeout: TimeInterval = 120)
  {
    self.executable = executable
    self.arguments = arguments
    self.timeout = timeout
  }

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
    let result: ChildProcess.Result
    do {
      result = try await ChildProcess.run(
        try ChildProcess.locate(executable), arguments: arguments + verb, input: Data(input.utf8),
        timeout: timeout)
    } catch let error as ChildProcess.Failure {
      throw SyncError(target: command, reason: error.description)
    }
    guard result.status == 0 else {
      let message = String(decoding: result.standardError, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      throw SyncError(
        target: command,
        reason: "exited with status \(result.status)"
          + (message.isEmpty ? "" : ": \(String(message.prefix(2_000)))"))
    }
  }
}
