import MeshModel

/// What changed between two sets of mesh resources (two discoveries' mappings), so a
/// controller applies only that.
public struct ResourceDiff: Sendable, Hashable, Codable {
  /// The resources only `new` has.
  public var added: [MeshResource]
  /// The resources both have that differ, as they are in `new`.
  public var changed: [MeshResource]
  /// The removed resources as they were.
  public var removed: [MeshResource]

  /// Whether nothing was added, changed or removed.
  public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

  /// The difference from `old` to `new`, resources matched by kind, namespace and name.
  public init(from old: [MeshResource], to new: [MeshResource]) {
    func key(_ resource: MeshResource) -> String {
      "\(resource.kind)/\(resource.metadata.namespace ?? "")/\(resource.metadata.name ?? "")"
    }
    let before = Dictionary(old.map { (key($0), $0) }) { first, _ in first }
    let after = Dictionary(new.map { (key($0), $0) }) { first, _ in first }
    added = new.filter { before[key($0)] == nil }
    changed = new.filter { resource in before[key(resource)].map { $0 != resource } ?? false }
    removed = old.filter { after[key($0)] == nil }
  }
}
