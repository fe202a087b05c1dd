internal import MeshSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension PKIError {
  /// A file-system failure in this module's words, naming the path: `inUse` when another
  /// writer holds the directory's lock, `missingFile` when the file is not there,
  /// `fileSystem` otherwise.
  init(_ error: FileSystemError) {
    let code: Code =
      switch error.kind {
      case .inUse: .inUse
      case .system where error.errorNumber == ENOENT: .missingFile
      default: .fileSystem
      }
    self.init(code, error.description, file: error.path)
  }
}

/// Runs `body`, turning file-system failures into ``PKIError``.
func pkiErrors<Result>(_ body: () throws -> Result) throws -> Result {
  do {
    return try body()
  } catch let error as FileSystemError {
    throw PKIError(error)
  }
}

/// Runs `body`, naming `file` in the ``PKIError`` it throws when the error names no file
/// yet: the PEM that did not parse, the key that does not match.
func attributing<Result>(to file: String, _ body: () throws -> Result) throws -> Result {
  do {
    return try body()
  } catch var error as PKIError {
    if error.file == nil { error.file = file }
    throw error
  }
}

/// Refuses a private key that others than its owner may read or write, as ssh does.
func checkPrivate(_ set: AtomicFileSet, _ name: String) throws {
  let mode = try set.attributes(of: name).mode
  guard mode & 0o077 == 0 else {
    throw PKIError(
      .insecureKeyFile,
      "\(set.path)/\(name) is open to others (mode \(String(mode, radix: 8))); a private key must be 0600 (chmod 600 it)",
      file: "\(set.path)/\(name)")
  }
}
