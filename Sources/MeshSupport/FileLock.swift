import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive advisory lock (`flock(2)`) on a lock file, held while this object lives.
///
/// Every writer of one target (a CA directory, an SVID directory, a bundle) takes the
/// target's lock before it reads, cleans or replaces anything there, so two writers never
/// interleave and a writer that finds an interrupted write's leftovers knows that no live
/// writer owns them: the kernel drops a lock when its holder exits, however it exits.
///
/// The lock file itself stays: removing it would let a waiter lock a file that a newcomer
/// no longer sees.
package final class FileLock {
  /// How long a writer waits for another one by default before it reports the target in use.
  package static let defaultTimeout: TimeInterval = 60

  private let descriptor: Int32
  /// The lock file.
  package let path: String

  /// Takes the lock at `path`, creating the file (mode 0644) when it is missing.
  /// - Parameters:
  ///   - path: The lock file.
  ///   - timeout: How long to wait while another process holds it; 0 tries once.
  ///   - target: What the lock protects, named in the "in use" error.
  /// - Throws: ``FileSystemError`` of kind `inUse` when the lock is still held after
  ///   `timeout`, of kind `system` when the file cannot be opened or locked.
  package init(path: String, timeout: TimeInterval = defaultTimeout, target: String) throws {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw FileSystemError.system("open the lock file", path) }
    let deadline = Date().addingTimeInterval(timeout)
    var pause: useconds_t = 1_000
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      let code = errno
      if code == EINTR { continue }
      guard code == EWOULDBLOCK, Date() < deadline else {
        close(descriptor)
        if code == EWOULDBLOCK {
          throw FileSystemError(
            .inUse, action: "lock", path: target,
            reason: "in use by another writer (lock \(path) held for over \(Int(timeout)) s)")
        }
        throw FileSystemError.system("lock", path, errno: code)
      }
      usleep(pause)
      pause = min(pause * 2, 50_000)
    }
    self.descriptor = descriptor
    self.path = path
  }

  deinit {
    // Closing the last descriptor of the open file releases the lock.
    close(descriptor)
  }

  /// Runs `body` while holding the lock at `path`.
  /// - Throws: What ``init(path:timeout:target:)`` throws, and what `body` throws.
  package static func withLock<Result>(
    at path: String, timeout: TimeInterval = defaultTimeout, target: String,
    _ body: () throws -> Result
  ) throws -> Result {
    let lock = try FileLock(path: path, timeout: timeout, target: target)
    defer { withExtendedLifetime(lock) {} }
    return try body()
  }
}
