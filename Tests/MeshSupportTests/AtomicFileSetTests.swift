import Foundation
import MeshSupport
import MeshTestSupport
import Testing

@Suite("AtomicFileSet")
struct AtomicFileSetTests {
  static func file(_ name: String, _ text: String, mode: mode_t = 0o644) -> AtomicFileSet.File {
    AtomicFileSet.File(name: name, contents: Array(text.utf8), mode: mode)
  }

  static func text(_ set: AtomicFileSet, _ name: String) throws -> String {
    String(decoding: try set.read(name), as: UTF8.self)
  }

  static func entries(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  @Test("a set is published behind ..data: links, one generation, modes exact, nothing else")
  func publish() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let set = AtomicFileSet(path: directory.appendingPathComponent("certs").path)

    try set.withLock {
      try set.publish([
        Self.file("svid.pem", "chain 1"), Self.file("svid.key", "key 1", mode: 0o600),
      ])
    }
    try set.withLock {
      try set.publish([
        Self.file("svid.pem", "chain 2"), Self.file("svid.key", "key 2", mode: 0o600),
      ])
    }
    let names = try Self.entries(URL(fileURLWithPath: set.path))
    let generations = names.filter { $0.hasPrefix("..") && $0 != "..data" && $0 != "..lock" }
    let link = try FileManager.default.destinationOfSymbolicLink(atPath: "\(set.path)/svid.key")

    #expect(try Self.text(set, "svid.pem") == "chain 2")
    #expect(try String(contentsOfFile: "\(set.path)/svid.key", encoding: .utf8) == "key 2")
    #expect(link == "..data/svid.key")
    #expect(generations.count == 1)
    #expect(names.filter { !$0.hasPrefix("..") } == ["svid.key", "svid.pem"])
    #expect(try set.attributes(of: "svid.key").mode == 0o600)
    #expect(try set.attributes(of: "svid.pem").mode == 0o644)
  }

  @Test("files not named are carried over; retired ones go, links and all")
  func carryAndRetire() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let set = AtomicFileSet(path: directory.path)
    try set.publish([
      Self.file("svid.pem", "chain 1"), Self.file("svid.key", "key 1", mode: 0o600),
      Self.file("bundle.pem", "roots"),
    ])

    try set.publish([Self.file("svid.pem", "chain 2")], retiring: ["svid.key"])

    #expect(try Self.text(set, "svid.pem") == "chain 2")
    #expect(try Self.text(set, "bundle.pem") == "roots")
    #expect(!set.contains("svid.key"))
    #expect(!FileManager.default.fileExists(atPath: "\(set.path)/svid.key"))
    #expect(
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(set.path)/svid.key")) == nil)
  }

  @Test("plain files written before generations become links; other files are left alone")
  func adoptsPlainFiles() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try AtomicFile.write(Array("old key".utf8), to: "\(directory.path)/svid.key", mode: 0o600)
    try AtomicFile.write(Array("old chain".utf8), to: "\(directory.path)/svid.pem", mode: 0o644)
    try AtomicFile.write(Array("mine".utf8), to: "\(directory.path)/notes.txt", mode: 0o644)
    let set = AtomicFileSet(path: directory.path)

    try set.publish([
      Self.file("svid.pem", "new chain"), Self.file("svid.key", "new key", mode: 0o600),
    ])
    let names = try Self.entries(directory)

    #expect(try Self.text(set, "svid.pem") == "new chain")
    #expect(try String(contentsOfFile: "\(directory.path)/svid.key", encoding: .utf8) == "new key")
    #expect(try set.attributes(of: "svid.key").mode == 0o600)
    #expect(names.filter { $0.hasPrefix("..") && $0 != "..data" && $0 != "..lock" }.count == 1)
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: "\(directory.path)/svid.key")
        == "..data/svid.key")
    // A file outside the set is left as it is.
    #expect(
      (try FileManager.default.attributesOfItem(atPath: "\(directory.path)/notes.txt")[.type]
        as? FileAttributeType) == .typeRegular)
  }

  @Test("what interrupted writers left goes: stale generations, a half-made link, temporary keys")
  func removesLeftovers() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let set = AtomicFileSet(path: directory.path)
    try set.publish([Self.file("svid.pem", "chain 1")])
    let manager = FileManager.default
    try manager.createDirectory(
      atPath: "\(directory.path)/..2026_01_01_00_00_00.killed", withIntermediateDirectories: false)
    try Data("half".utf8).write(
      to: directory.appendingPathComponent("..2026_01_01_00_00_00.killed/svid.key"))
    try manager.createSymbolicLink(
      atPath: "\(directory.path)/..data_tmp", withDestinationPath: "..2026_01_01_00_00_00.killed")
    try Data("secret".utf8).write(to: directory.appendingPathComponent(".svid.key.tmp-Ab12Cd"))
    try manager.createSymbolicLink(
      atPath: "\(directory.path)/.svid.pem.link-123", withDestinationPath: "..data/svid.pem")

    try set.withLock { try set.removeLeftovers() }
    let names = try Self.entries(directory)

    #expect(names.count == 4, "\(names)")
    #expect(names.contains("..data") && names.contains("..lock") && names.contains("svid.pem"))
    #expect(try Self.text(set, "svid.pem") == "chain 1")
  }

  @Test("a write that fails leaves the old set current and no new generation")
  func failedWrite() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let set = AtomicFileSet(path: directory.path)
    try set.publish([Self.file("svid.pem", "chain 1")])

    // A name with a slash cannot be created inside the generation.
    let error = #expect(throws: FileSystemError.self) {
      try set.publish([Self.file("svid.pem", "chain 2"), Self.file("missing/svid.key", "k")])
    }
    let names = try Self.entries(directory)

    #expect(error?.description.contains("No such file or directory") == true)
    #expect(try Self.text(set, "svid.pem") == "chain 1")
    #expect(names.filter { $0.hasPrefix("..") && $0 != "..data" }.count == 1, "\(names)")
  }
}
