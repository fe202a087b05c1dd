import Foundation
internal import MeshSupport

/// Writes files whole or not at all: into a temporary file beside the target (created with
/// the final mode, so a key is never readable by others, not even briefly), flushed to
/// disk, then renamed over the target. On any failure the temporary file is removed.
///
/// Files that must change together (a key and its certificate) go through
/// ``SVIDDirectory`` and ``CADirectory`` instead, which replace them in one step.
public enum SecureFile {
  /// Writes `bytes` to `path` atomically.
  /// - Parameters:
  ///   - bytes: The contents.
  ///   - path: The file to create or replace.
  ///   - mode: Its permissions, exactly, whatever the umask; 0600 (owner only) by default,
  ///     as private keys need.
  /// - Throws: ``PKIError`` with ``PKIError/Code/fileSystem`` naming the path and the
  ///   system's reason; never the contents.
  public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o600)
    throws
  {
    do {
      try AtomicFile.write(bytes, to: path, mode: mode)
    } catch let error as FileSystemError {
      throw PKIError(error)
    }
  }

  /// Writes text as UTF-8; see ``write(_:to:mode:)``.
  public static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
    try write(Array(text.utf8), to: path, mode: mode)
  }
}

extension PKIError {
  /// A file-system failure in this module's words.
  init(_ error: FileSystemError) {
    self.init(error.kind == .inUse ? .inUse : .fileSystem, error.description)
  }
}
