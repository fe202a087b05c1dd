import Foundation
import MeshSupport
import MeshTestSupport
import Testing

@Suite("AtomicFile")
struct AtomicFileTests {
  static func mode(_ path: String) throws -> Int? {
    try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
  }

  @Test("a file is written whole with its mode and replaced in one step, nothing left beside it")
  func replaces() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("svid.key").path

    try AtomicFile.write("first", to: path, mode: 0o600)
    try AtomicFile.write("second", to: path, mode: 0o600)

    #expect(try Self.mode(path) == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["svid.key"])
  }

  @Test(
    "each file gets the mode it is given, whatever the umask", arguments: [0o600, 0o640, 0o644])
  func modePerFile(mode: Int) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("file").path
    let previous = umask(0o077)
    defer { umask(previous) }

    try AtomicFile.write(Array("contents".utf8), to: path, mode: mode_t(mode))

    #expect(try Self.mode(path) == mode)
  }

  @Test("missing parent directories are made with the directory mode; existing ones keep theirs")
  func makesParents() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o700], ofItemAtPath: directory.path)
    let path = directory.appendingPathComponent("shop/workloads/entry.yaml").path

    try AtomicFile.write("kind: WorkloadEntry\n", to: path, mode: 0o644, directoryMode: 0o750)

    #expect(try String(contentsOfFile: path, encoding: .utf8) == "kind: WorkloadEntry\n")
    #expect(try Self.mode(directory.appendingPathComponent("shop").path) == 0o750)
    #expect(try Self.mode(directory.appendingPathComponent("shop/workloads").path) == 0o750)
    #expect(try Self.mode(directory.path) == 0o700)
  }

  @Test("a write that cannot complete leaves nothing behind and names no contents")
  func failsCleanly() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // A directory where the file should go: the rename fails after the write.
    let target = directory.appendingPathComponent("svid.key")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)

    let error = #expect(throws: FileSystemError.self) {
      try AtomicFile.write("key material: secret", to: target.path, mode: 0o600)
    }

    #expect(
      error?.description.hasPrefix("could not rename the temporary file to \(target.path): ")
        == true)
    #expect(error?.description.contains("secret") == false)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["svid.key"])
  }

  @Test("a file in the way of a parent directory is an error naming it")
  func fileInTheWay() throws {
    let error = #expect(throws: FileSystemError.self) {
      try AtomicFile.write("text", to: "/dev/null/folder/file", mode: 0o644)
    }

    #expect(error?.description == "could not create the directory /dev/null: a file is in the way")
  }
}
