import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Who is to own a file written for another user, such as a key the sidecar proxy's user
/// must read. Each product module has its public spelling of it.
package typealias FileOwnerIDs = (userID: UInt32, groupID: UInt32)

/// Files written whole or not at all, with the mode (and owner) they must have from the
/// first byte, whatever the process's umask: the one file writer of the package, for a
/// private key as for a YAML file or an HTML page.
package enum AtomicFile {
  /// Writes `bytes` to `path` atomically and durably.
  ///
  /// The directories above `path` that are missing are made first (each with
  /// `directoryMode`). The bytes go into a temporary file beside the target, created with
  /// the final mode (a key is never readable by others, not even briefly) and owner,
  /// flushed to disk, then renamed over the target; the directory is flushed last, so the
  /// new file is still there after a crash. A reader sees the old file or the new one,
  /// never part of either. On failure the temporary file goes.
  /// - Parameters:
  ///   - bytes: The contents.
  ///   - path: The file to create or replace.
  ///   - mode: Its permissions, exactly (0600 for a private key, 0644 for what others
  ///     read).
  ///   - owner: Who is to own it; nil for whoever runs this process.
  ///   - directoryMode: The mode of each directory made for it; existing ones keep theirs.
  /// - Throws: ``FileSystemError`` naming the path and the system's reason; never the
  ///   contents.
  package static func write(
    _ bytes: some Collection<UInt8>, to path: String, mode: mode_t, owner: FileOwnerIDs? = nil,
    directoryMode: mode_t = 0o755
  ) throws {
    let parent = (path as NSString).deletingLastPathComponent
    let directory = parent.isEmpty ? "." : parent
    let name = (path as NSString).lastPathComponent
    try makeDirectory(directory, mode: directoryMode)
    var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkstemp($0) } ?? -1
    }
    guard descriptor >= 0 else { throw FileSystemError.system("create a temporary file for", path) }
    // mkstemp replaced the X's in place; the array still ends with its NUL.
    let temporary = String(
      decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var committed = false
    defer {
      if !committed { unlink(temporary) }
    }
    do {
      defer { close(descriptor) }
      try fill(descriptor, with: bytes, mode: mode, owner: owner, path: path)
    }
    guard rename(temporary, path) == 0 else {
      throw FileSystemError.system("rename the temporary file to", path)
    }
    committed = true
    try syncDirectory(directory)
  }

  /// Writes `text` as UTF-8; see ``write(_:to:mode:owner:directoryMode:)``.
  package static func write(
    _ text: String, to path: String, mode: mode_t, owner: FileOwnerIDs? = nil,
    directoryMode: mode_t = 0o755
  ) throws {
    try write(text.utf8, to: path, mode: mode, owner: owner, directoryMode: directoryMode)
  }

  /// Creates `path`, which must not exist, with `bytes`, `mode` and `owner`, flushed to
  /// disk. For files in a directory no reader sees yet (a new generation, a staging
  /// folder), where a rename per file would buy nothing.
  /// - Throws: ``FileSystemError``; the half-written file is removed.
  package static func create(
    _ bytes: some Collection<UInt8>, at path: String, mode: mode_t, owner: FileOwnerIDs? = nil
  ) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw FileSystemError.system("create", path) }
    do {
      defer { close(descriptor) }
      try fill(descriptor, with: bytes, mode: mode, owner: owner, path: path)
    } catch {
      unlink(path)
      throw error
    }
  }

  /// Creates `path` and the directories above it that are missing, each with `mode`
  /// exactly (mkdir's mode is masked by the umask; a later chmod is not). An existing
  /// directory keeps its mode.
  /// - Throws: ``FileSystemError`` when a directory cannot be made or a file is in the way.
  package static func makeDirectory(_ path: String, mode: mode_t) throws {
    var status = stat()
    if stat(path, &status) == 0 {
      guard status.st_mode & S_IFMT == S_IFDIR else {
        throw FileSystemError(
          .wrongType, action: "create the directory", path: path, reason: "a file is in the way")
      }
      return
    }
    let parent = (path as NSString).deletingLastPathComponent
    if !parent.isEmpty, parent != path, parent != "/" { try makeDirectory(parent, mode: mode) }
    guard mkdir(path, mode) == 0 || errno == EEXIST else {
      throw FileSystemError.system("create the directory", path)
    }
    guard chmod(path, mode) == 0 else { throw FileSystemError.system("set the mode of", path) }
  }

  /// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`), so that a
  /// directory replaced by another is never missing, not even for an instant.
  /// - Returns: false when the system or file system cannot exchange (the caller then
  ///   falls back to two renames).
  /// - Throws: ``FileSystemError`` for any other failure.
  package static func exchange(_ first: String, _ second: String) throws -> Bool {
    #if os(Linux)
      // Glibc declares renameat2 only for _GNU_SOURCE, which Swift's Glibc module is
      // not built with; the C library exports it all the same.
      typealias RenameAt2 =
        @convention(c) (
          Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32
        ) -> Int32
      guard let renameat2 = SystemDirectory.libraryFunction("renameat2", as: RenameAt2.self)
      else { return false }
      let renameExchange: UInt32 = 1 << 1
      if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return true }
      if errno == ENOSYS || errno == EINVAL { return false }
      throw FileSystemError.system("exchange \(first) with", second)
    #else
      return false
    #endif
  }

  /// Flushes a directory's entries (a rename or a new file in it) to disk.
  package static func syncDirectory(_ path: String) throws {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileSystemError.system("open the directory", path) }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else { throw FileSystemError.system("flush the directory", path) }
  }

  private static func fill(
    _ descriptor: Int32, with bytes: some Collection<UInt8>, mode: mode_t, owner: FileOwnerIDs?,
    path: String
  ) throws {
    // The mode and owner come first, before a byte is written. Only a change of owner
    // needs root; giving a file to whoever writes it is a no-op left out.
    if let owner, owner.userID != geteuid() || owner.groupID != getegid(),
      fchown(descriptor, owner.userID, owner.groupID) != 0
    {
      throw FileSystemError.system(
        "set the owner (user \(owner.userID), group \(owner.groupID); only root can) of", path)
    }
    guard fchmod(descriptor, mode) == 0 else {
      throw FileSystemError.system("set the mode of", path)
    }
    let data = Array(bytes)
    var offset = 0
    while offset < data.count {
      let written = data[offset...].withUnsafeBytes {
        systemWrite(descriptor, $0.baseAddress, $0.count)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw FileSystemError.system("write", path)
      }
      offset += written
    }
    guard fsync(descriptor) == 0 else { throw FileSystemError.system("flush", path) }
  }

  /// The C library's write(2), named apart from this type's own `write`.
  private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int)
    -> Int
  {
    #if canImport(Glibc)
      Glibc.write(descriptor, buffer, count)
    #else
      Darwin.write(descriptor, buffer, count)
    #endif
  }
}
