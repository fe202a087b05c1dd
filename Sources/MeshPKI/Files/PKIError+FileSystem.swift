internal import MeshSupport

extension PKIError {
  /// A file-system failure in this module's words: `inUse` when another writer holds the
  /// directory's lock, `fileSystem` otherwise.
  init(_ error: FileSystemError) {
    self.init(error.kind == .inUse ? .inUse : .fileSystem, error.description)
  }
}
