import Foundation
import MeshSupport
import MeshTestSupport
import Testing

@Suite("FileLock")
struct FileLockTests {
  @Test("a second holder waits, then reports the target in use; the lock frees on release")
  func exclusive() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("target.lock").path

    var first: FileLock? = try FileLock(path: path, target: "target")
    let started = Date()
    let refused = #expect(throws: FileSystemError.self) {
      try FileLock(path: path, timeout: 0.2, target: "target")
    }
    let waited = Date().timeIntervalSince(started)
    first = nil
    let second = try FileLock(path: path, timeout: 0, target: "target")

    #expect(first == nil)
    #expect(refused?.kind == .inUse)
    #expect(
      refused?.description.hasPrefix("could not lock target: in use by another writer") == true)
    #expect(waited >= 0.2)
    #expect(second.path == path)
    #expect(FileManager.default.fileExists(atPath: path))
  }

  @Test("a lock file that cannot be created names the path and the system's reason")
  func unopenable() throws {
    let error = #expect(throws: FileSystemError.self) {
      try FileLock(path: "/nonexistent-dir/target.lock", target: "target")
    }

    #expect(
      error?.description
        == "could not open the lock file /nonexistent-dir/target.lock: No such file or directory")
  }
}
