#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file-system operation that failed: what was tried, on which path, and the system's
/// reason. Each product module turns it into its own error (``PKIError``'s `fileSystem`,
/// MeshBridge's `BundleError`), so it never appears in a public signature.
package struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Why the operation failed, for callers that react to some failures.
  package enum Kind: Sendable, Hashable {
    /// The system refused or failed the operation; `errorNumber` says why.
    case system
    /// Another writer holds the target's lock and did not let go in time.
    case inUse
    /// The path is not what the operation needs (a directory for a file, a FIFO, a loop,
    /// a closed standard input).
    case wrongType
    /// The input is larger than the reader's limit.
    case tooLarge
    /// The input is text in an encoding other than UTF-8 (it has a UTF-16 or UTF-32
    /// byte-order mark).
    case unsupportedEncoding
  }

  package var kind: Kind
  /// What was being done, as a verb phrase: "create", "write", "rename … to".
  package var action: String
  /// The path it was done to.
  package var path: String
  /// The system's reason, as `strerror` words it, or this module's.
  package var reason: String
  /// `errno` when the system reported the failure.
  package var errorNumber: Int32?

  package init(
    _ kind: Kind = .system, action: String, path: String, reason: String,
    errorNumber: Int32? = nil
  ) {
    self.kind = kind
    self.action = action
    self.path = path
    self.reason = reason
    self.errorNumber = errorNumber
  }

  /// The failure of a system call that just set `errno`.
  package static func system(_ action: String, _ path: String, errno code: Int32 = errno)
    -> FileSystemError
  {
    FileSystemError(
      action: action, path: path, reason: String(cString: strerror(code)), errorNumber: code)
  }

  package var description: String { "could not \(action) \(path): \(reason)" }
}
