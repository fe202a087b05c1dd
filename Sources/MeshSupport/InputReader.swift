#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One input read whole: a file named on the command line, a file below a named
/// directory, or standard input.
package struct InputFile: Sendable, Hashable {
  /// The name to print: the path as given, a path below a named directory, or `-` for
  /// standard input.
  package var name: String
  /// The bytes, without a leading UTF-8 byte-order mark.
  package var contents: [UInt8]

  package init(name: String, contents: [UInt8]) {
    self.name = name
    self.contents = contents
  }
}

/// Reads what a command is given as input, and says why when it cannot.
///
/// The one reader every command-line input path uses, so that each reports a failure
/// the same way: the path and the system's reason (`strerror`), or a reason of its own
/// for a directory where a file belongs, a FIFO, socket or device (refused: reading one
/// can block forever), a closed standard input, or input over ``maximumSize``.
///
/// - A path names a file, or a directory whose YAML and JSON files (`.yaml`, `.yml`,
///   `.json`, at any depth, in sorted order of their paths) are read; `-` names standard
///   input. Anything below a named directory that cannot be read or examined (a dangling
///   or looping symbolic link, an unreadable subdirectory, a FIFO named `x.yaml`) is an
///   error: skipping it would let a broken file pass unnoticed.
/// - A UTF-8 byte-order mark at the start is dropped (editors on Windows write one);
///   a UTF-16 or UTF-32 one is an error, since everything downstream reads UTF-8.
/// - Reading uses `open`/`fstat`/`read` directly: Foundation's
///   `FileHandle.readDataToEndOfFile()` traps when standard input is closed or is a
///   directory, and `FileManager` reports no reason at all.
package struct InputReader: Sendable {
  /// The default limit on one input: 64 MiB, far above any mesh's configuration and far
  /// below what would exhaust a small host's memory once parsed.
  package static let defaultMaximumSize = 64 * 1024 * 1024

  /// The largest input, in bytes, read from one file or from standard input.
  package var maximumSize: Int
  /// The file-name endings read below a directory.
  package var extensions: [String]

  package init(
    maximumSize: Int = defaultMaximumSize, extensions: [String] = [".yaml", ".yml", ".json"]
  ) {
    self.maximumSize = maximumSize
    self.extensions = extensions
  }

  /// Reads each path in turn: `-` as standard input, a directory as its YAML and JSON
  /// files, anything else as one file.
  /// - Throws: ``FileSystemError`` for the first input that cannot be read, naming it.
  package func read(_ paths: [String]) throws -> [InputFile] {
    var files: [InputFile] = []
    for path in paths { files += try read(path: path) }
    return files
  }

  /// Reads one path: `-` as standard input, a directory as its YAML and JSON files,
  /// anything else as one file.
  /// - Throws: ``FileSystemError`` naming the path and the reason.
  package func read(path: String) throws -> [InputFile] {
    if path == "-" { return [try readStandardInput()] }
    var info = stat()
    guard stat(path, &info) == 0 else { throw FileSystemError.system("read", path) }
    if info.st_mode & S_IFMT == S_IFDIR { return try readDirectory(path) }
    return [try readFile(path)]
  }

  /// Reads one input that must be a single file: `-` as standard input, anything else
  /// as a regular file (a directory is an error).
  /// - Throws: ``FileSystemError`` naming the path and the reason.
  package func read(file path: String) throws -> InputFile {
    path == "-" ? try readStandardInput() : try readFile(path)
  }

  /// Reads one regular file.
  /// - Throws: ``FileSystemError``: `system` when the file cannot be opened or read,
  ///   `wrongType` when it is not a regular file, `tooLarge` over ``maximumSize``,
  ///   `unsupportedEncoding` for UTF-16 or UTF-32 text.
  package func readFile(_ path: String) throws -> InputFile {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever, before
    // fstat could tell it is one. It changes nothing for a regular file.
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    guard descriptor >= 0 else { throw FileSystemError.system("read", path) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw FileSystemError.system("read", path) }
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG else {
      let reason =
        type == S_IFDIR
        ? "it is a directory"
        : "it is \(Self.describe(type)), not a regular file (to read a pipe, give - and feed it to standard input)"
      throw FileSystemError(.wrongType, action: "read", path: path, reason: reason)
    }
    guard Int(info.st_size) <= maximumSize else { throw tooLarge(path) }
    let bytes = try readAll(descriptor, name: path, expected: Int(info.st_size))
    return InputFile(name: path, contents: try Self.text(bytes, name: path))
  }

  /// Reads standard input to its end.
  /// - Throws: ``FileSystemError``: `wrongType` when standard input is closed or is a
  ///   directory, `system` when reading fails, `tooLarge` over ``maximumSize``,
  ///   `unsupportedEncoding` for UTF-16 or UTF-32 text.
  package func readStandardInput() throws -> InputFile {
    let name = "standard input"
    if StandardInput.wasClosed {
      throw FileSystemError(
        .wrongType, action: "read", path: name, reason: "it is closed", errorNumber: EBADF)
    }
    var info = stat()
    guard fstat(STDIN_FILENO, &info) == 0 else {
      let code = errno
      guard code == EBADF else { throw FileSystemError.system("read", name, errno: code) }
      throw FileSystemError(
        .wrongType, action: "read", path: name, reason: "it is closed", errorNumber: code)
    }
    if info.st_mode & S_IFMT == S_IFDIR {
      throw FileSystemError(
        .wrongType, action: "read", path: name, reason: "it is a directory", errorNumber: EISDIR)
    }
    let expected = info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
    let bytes = try readAll(STDIN_FILENO, name: name, expected: expected)
    return InputFile(name: "-", contents: try Self.text(bytes, name: name))
  }

  /// Reads the YAML and JSON files below a directory, at any depth, sorted by their
  /// paths below it so output is stable.
  /// - Throws: ``FileSystemError`` for the first entry that cannot be listed, examined or
  ///   read, and for a directory that leads back to one it is inside (a link loop).
  package func readDirectory(_ path: String) throws -> [InputFile] {
    var found: [String] = []
    try walk(path, relative: "", ancestors: [], into: &found)
    let prefix = path.hasSuffix("/") ? path : path + "/"
    return try found.sorted().map { try readFile(prefix + $0) }
  }

  /// A directory's identity, to tell when a symbolic link leads back up the tree.
  private struct DirectoryID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private func walk(
    _ path: String, relative: String, ancestors: [DirectoryID], into found: inout [String]
  ) throws {
    var info = stat()
    guard stat(path, &info) == 0 else { throw FileSystemError.system("read", path) }
    let id = DirectoryID(
      device: UInt64(truncatingIfNeeded: info.st_dev),
      inode: UInt64(truncatingIfNeeded: info.st_ino))
    if ancestors.contains(id) {
      throw FileSystemError(
        .wrongType, action: "read", path: path,
        reason: "it leads back to a directory it is inside (a symbolic link loop)",
        errorNumber: ELOOP)
    }
    for name in try SystemDirectory.entries(path) {
      let full = path.hasSuffix("/") ? path + name : path + "/" + name
      let relativeName = relative.isEmpty ? name : relative + "/" + name
      var entry = stat()
      // stat, not lstat: a link to a file or directory is followed, and one that leads
      // nowhere (dangling, or a loop: ELOOP) is reported rather than passed over.
      guard stat(full, &entry) == 0 else { throw FileSystemError.system("read", full) }
      let type = entry.st_mode & S_IFMT
      let wanted = extensions.contains { name.hasSuffix($0) }
      if type == S_IFDIR {
        try walk(full, relative: relativeName, ancestors: ancestors + [id], into: &found)
      } else if type == S_IFREG {
        if wanted { found.append(relativeName) }
      } else if wanted {
        throw FileSystemError(
          .wrongType, action: "read", path: full,
          reason: "it is \(Self.describe(type)), not a regular file")
      }
    }
  }

  /// Reads a descriptor to its end, failing as soon as it holds more than
  /// ``maximumSize`` bytes (a file that grows, or an endless pipe).
  private func readAll(_ descriptor: Int32, name: String, expected: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(min(max(expected, 0), maximumSize) + 1)
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = chunk.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress, buffer.count)
      }
      if count == 0 { return bytes }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK {
          // A descriptor left non-blocking by whoever passed it (a shell, a parent
          // process): wait until it has something, rather than fail or spin.
          var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
          _ = poll(&poller, 1, -1)
          continue
        }
        if code == EISDIR {
          throw FileSystemError(
            .wrongType, action: "read", path: name, reason: "it is a directory", errorNumber: code)
        }
        throw FileSystemError.system("read", name, errno: code)
      }
      guard bytes.count + count <= maximumSize else { throw tooLarge(name) }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }

  private func tooLarge(_ name: String) -> FileSystemError {
    let limit =
      maximumSize % (1024 * 1024) == 0
      ? "\(maximumSize / (1024 * 1024)) MiB" : "\(maximumSize) bytes"
    return FileSystemError(
      .tooLarge, action: "read", path: name, reason: "it is larger than the \(limit) input limit")
  }

  /// The bytes of a UTF-8 text without its byte-order mark.
  /// - Throws: ``FileSystemError`` of kind `unsupportedEncoding` when a UTF-16 or UTF-32
  ///   byte-order mark shows the text is not UTF-8.
  package static func text(_ bytes: [UInt8], name: String) throws -> [UInt8] {
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
    let marks: [(bytes: [UInt8], encoding: String)] = [
      ([0x00, 0x00, 0xFE, 0xFF], "UTF-32"), ([0xFF, 0xFE, 0x00, 0x00], "UTF-32"),
      ([0xFE, 0xFF], "UTF-16"), ([0xFF, 0xFE], "UTF-16"),
    ]
    if let mark = marks.first(where: { bytes.starts(with: $0.bytes) }) {
      throw FileSystemError(
        .unsupportedEncoding, action: "read", path: name,
        reason: "it is \(mark.encoding) text (it starts with a byte-order mark); save it as UTF-8")
    }
    return bytes
  }

  private static func describe(_ type: mode_t) -> String {
    switch type {
    case S_IFIFO: "a FIFO"
    case S_IFSOCK: "a socket"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFLNK: "a symbolic link"
    default: "a file of an unknown type"
    }
  }
}

/// Standard input as the process found it.
package enum StandardInput {
  /// Whether descriptor 0 was closed when this was first asked; an executable asks first
  /// thing. A closed descriptor 0 is the lowest free one, so the next descriptor the
  /// process opens (Dispatch's own, once async code runs, or a file's) would become it
  /// and be read as if it were standard input; /dev/null takes the place instead, and
  /// the reader reports standard input closed.
  package static let wasClosed: Bool = {
    guard fcntl(STDIN_FILENO, F_GETFD) == -1, errno == EBADF else { return false }
    let placeholder = open("/dev/null", O_RDONLY)
    // Another thread may have taken descriptor 0 first; then there is nothing to hold.
    if placeholder > STDIN_FILENO { close(placeholder) }
    return true
  }()
}

/// read(2), which the reader's own `read` methods hide inside the type.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  read(descriptor, buffer, count)
}
