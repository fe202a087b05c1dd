import Foundation
import MeshSupport
import MeshTestSupport
import Testing

@Suite("InputReader")
struct InputReaderTests {
  /// A scratch directory with `files` (relative path: contents) in it.
  static func directory(_ files: [String: String]) throws -> URL {
    let directory = try Peers.temporaryDirectory()
    for (path, contents) in files {
      let url = directory.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try contents.write(to: url, atomically: true, encoding: .utf8)
    }
    return directory
  }

  @Test("a directory gives its YAML and JSON files at any depth, sorted by path, and nothing else")
  func directoryTree() throws {
    let directory = try Self.directory([
      "b.yaml": "b", "a/z.yml": "z", "a-b.json": "ab", "notes.txt": "skip", "a/c/d.yaml": "d",
    ])
    defer { try? FileManager.default.removeItem(at: directory) }

    let files = try InputReader().read([directory.path + "/"])

    #expect(
      files.map(\.name)
        == ["a-b.json", "a/c/d.yaml", "a/z.yml", "b.yaml"].map {
          directory.path + "/" + $0
        })
    #expect(files.map { String(decoding: $0.contents, as: UTF8.self) } == ["ab", "d", "z", "b"])
  }

  @Test("a UTF-8 byte-order mark is dropped; UTF-16 and UTF-32 ones are refused by name")
  func byteOrderMarks() throws {
    let stripped = try InputReader.text([0xEF, 0xBB, 0xBF, 0x61], name: "a.yaml")
    let plain = try InputReader.text([0x61, 0xEF, 0xBB, 0xBF], name: "a.yaml")
    let utf16 = #expect(throws: FileSystemError.self) {
      try InputReader.text([0xFF, 0xFE, 0x61, 0x00], name: "a.yaml")
    }
    let utf32 = #expect(throws: FileSystemError.self) {
      try InputReader.text([0x00, 0x00, 0xFE, 0xFF], name: "a.yaml")
    }

    #expect(stripped == [0x61])
    #expect(plain == [0x61, 0xEF, 0xBB, 0xBF])
    #expect(
      utf16?.description
        == "could not read a.yaml: it is UTF-16 text (it starts with a byte-order mark); save it as UTF-8"
    )
    #expect(utf16?.kind == .unsupportedEncoding)
    #expect(utf32?.description.contains("it is UTF-32 text") == true)
  }

  @Test("a missing file, a directory named as a file and a symbolic link loop say why")
  func reasons() throws {
    let directory = try Self.directory([:])
    defer { try? FileManager.default.removeItem(at: directory) }
    let loop = directory.appendingPathComponent("loop.yaml").path
    try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop.yaml")

    let missing = #expect(throws: FileSystemError.self) {
      try InputReader().read(path: directory.path + "/missing.yaml")
    }
    let directoryAsFile = #expect(throws: FileSystemError.self) {
      try InputReader().read(file: directory.path)
    }
    let looping = #expect(throws: FileSystemError.self) { try InputReader().read(path: loop) }

    #expect(
      missing?.description
        == "could not read \(directory.path)/missing.yaml: No such file or directory")
    #expect(missing?.errorNumber == ENOENT)
    #expect(directoryAsFile?.description == "could not read \(directory.path): it is a directory")
    #expect(directoryAsFile?.kind == .wrongType)
    #expect(looping?.description == "could not read \(loop): Too many levels of symbolic links")
  }

  @Test("a FIFO is refused at once, named or below a directory, instead of blocking")
  func fifo() throws {
    let directory = try Self.directory([:])
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("x.yaml").path
    #expect(mkfifo(fifo, 0o644) == 0)

    let named = #expect(throws: FileSystemError.self) { try InputReader().read(path: fifo) }
    let below = #expect(throws: FileSystemError.self) {
      try InputReader().read(path: directory.path)
    }

    #expect(
      named?.description
        == "could not read \(fifo): it is a FIFO, not a regular file (to read a pipe, give - and feed it to standard input)"
    )
    #expect(below?.description == "could not read \(fifo): it is a FIFO, not a regular file")
    #expect(below?.kind == .wrongType)
  }

  @Test("a symbolic link back up the tree is a loop, reported rather than followed forever")
  func directoryLoop() throws {
    let directory = try Self.directory(["a/b.yaml": "b"])
    defer { try? FileManager.default.removeItem(at: directory) }
    let link = directory.appendingPathComponent("a/up").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "..")

    let error = #expect(throws: FileSystemError.self) {
      try InputReader().read(path: directory.path)
    }

    #expect(
      error?.description
        == "could not read \(link): it leads back to a directory it is inside (a symbolic link loop)"
    )
  }

  @Test("input over the size limit is refused with the limit named")
  func sizeLimit() throws {
    let directory = try Self.directory(["big.yaml": String(repeating: "x", count: 2048)])
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("big.yaml").path

    let bytes = #expect(throws: FileSystemError.self) {
      try InputReader(maximumSize: 1000).read(path: path)
    }
    let fits = try InputReader(maximumSize: 2048).read(path: path)

    #expect(
      bytes?.description == "could not read \(path): it is larger than the 1000 bytes input limit")
    #expect(bytes?.kind == .tooLarge)
    #expect(fits.first?.contents.count == 2048)
    #expect(InputReader.defaultMaximumSize == 64 * 1024 * 1024)
  }
}
