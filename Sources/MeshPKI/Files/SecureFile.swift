import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files whole or not at all: into a temporary file beside the target (created with
/// the final mode, so a key is never readable by others, not even briefly), flushed to
/// disk, then renamed over the target. On any failure the temporary file is removed.
public enum SecureFile {
  /// Writes `bytes` to `path` atomically.
  /// - Parameters:
  ///   - bytes: The contents.
  ///   - path: The file to create or replace.
  ///   - mode: Its permissions; 0600 (owner only) by default, as private keys need.
  /// - Throws: ``PKIError`` with ``PKIError/Code/fileSystem`` naming the path and the
  ///   system's reason; never the contents.
  public static func write(_ bytes: some Collection<UInt8>, to path: String, mode: mode_t = 0o600)
    throws
  {
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    var template = Array(
      ((directory.isEmpty ? "." : directory) + "/.\(name).tmp-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else { throw failure("create a temporary file for", path) }
    // mkstemp replaced the X's in place; the array still ends with its NUL.
    let temporary = String(nulTerminated: template)
    var committed = false
    defer {
      if !committed { unlink(temporary) }
    }
    do {
      defer { close(descriptor) }
      guard fchmod(descriptor, mode) == 0 else { throw failure("set the mode of", path) }
      let data = Array(bytes)
      var offset = 0
      while offset < data.count {
        let written = data[offset...].withUnsafeBytes {
          systemWrite(descriptor, $0.baseAddress, $0.count)
        }
        if written < 0 {
          if errno == EINTR { continue }
          throw failure("write", path)
        }
        offset += written
      }
      guard fsync(descriptor) == 0 else { throw failure("flush", path) }
    }
    guard rename(temporary, path) == 0 else { throw failure("rename the temporary file to", path) }
    committed = true
  }

  /// Writes text as UTF-8; see ``write(_:to:mode:)``.
  public static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
    try write(Array(text.utf8), to: path, mode: mode)
  }

  /// The C library's write(2), named apart from this type's own `write` methods.
  private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int)
    -> Int
  {
    #if canImport(Glibc)
      Glibc.write(descriptor, buffer, count)
    #else
      Darwin.write(descriptor, buffer, count)
    #endif
  }

  private static func failure(_ action: String, _ path: String) -> PKIError {
    PKIError(.fileSystem, "could not \(action) \(path): \(String(cString: strerror(errno)))")
  }
}
