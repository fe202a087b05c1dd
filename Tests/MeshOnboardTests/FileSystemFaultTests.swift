import Foundation
import MeshPKI
import MeshTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Writers on a file system that fails them: full, then read-only (a small tmpfs this
/// test mounts, which needs root; CI runs as root). Each failure is an error that says
/// why, and the identity on disk stays whole and usable.
@Suite(
  "Full and read-only disks",
  .serialized,
  .enabled(
    if: getuid() == 0 || Peers.isCI,
    "mounts a tmpfs, which needs root; CI=true makes this a failure"))
struct FileSystemFaultTests {
  static func run(_ arguments: [String]) throws -> Peers.Output {
    try CrashConsistencyTests.run(arguments)
  }

  static func command(_ arguments: [String]) throws {
    let output = try Peers.run(
      URL(fileURLWithPath: arguments[0]), arguments: Array(arguments.dropFirst()))
    try #require(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stderr)")
  }

  /// Mounts a tmpfs of `size` at a new directory, runs `body`, and unmounts it.
  static func withTmpfs(size: String, _ body: (String) throws -> Void) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try command([
      "/bin/mount", "-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", directory.path,
    ])
    defer { _ = try? Peers.run(URL(fileURLWithPath: "/bin/umount"), arguments: [directory.path]) }
    try body(directory.path)
  }

  /// Fills the file system of `directory` to the last byte.
  static func fill(_ directory: String) {
    let descriptor = open("\(directory)/filler", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let block = [UInt8](repeating: 0, count: 4096)
    while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
    close(descriptor)
  }

  @Test("a full disk fails each writer with the system's reason and leaves the old identity whole")
  func diskFull() throws {
    try Self.withTmpfs(size: "1m") { root in
      #expect(
        try Self.run(["ca", "init", "--dir", "\(root)/ca", "--trust-domain", "example.org"]).status
          == 0)
      let issue = [
        "ca", "issue", "--ca", "\(root)/ca", "--out", "\(root)/web", "spiffe://example.org/web",
      ]
      #expect(try Self.run(issue).status == 0)
      let before = try SVIDDirectory(path: "\(root)/web").load()
      Self.fill(root)

      let renew = try Self.run(["ca", "renew", "--ca", "\(root)/ca", "--svid", "\(root)/web"])
      let other = try Self.run([
        "ca", "issue", "--ca", "\(root)/ca", "--out", "\(root)/api", "spiffe://example.org/api",
      ])
      let ca = try Self.run(["ca", "init", "--dir", "\(root)/ca2", "--trust-domain", "example.org"])
      let after = try SVIDDirectory(path: "\(root)/web").load()

      for output in [renew, other, ca] {
        #expect(output.status == 1)
        #expect(output.stderr.contains("No space left on device"), "\(output.stderr)")
      }
      #expect(after.leaf == before.leaf && after.privateKey != nil)
      #expect(!SVIDDirectory(path: "\(root)/api").exists)
      #expect(!CADirectory(path: "\(root)/ca2").exists)
      #expect(
        try CrashConsistencyTests.leftovers(
          in: "\(root)/web", expected: ["svid.pem", "svid.key", "bundle.pem"]
        ).isEmpty)

      // Room again: renewal works from what was kept.
      unlink("\(root)/filler")
      let renewed = try Self.run(["ca", "renew", "--ca", "\(root)/ca", "--svid", "\(root)/web"])
      #expect(renewed.status == 0, "\(renewed.stderr)")
    }
  }

  @Test("a read-only disk fails renewal with the system's reason; the SVID stays as it was")
  func readOnly() throws {
    try Self.withTmpfs(size: "1m") { root in
      #expect(
        try Self.run(["ca", "init", "--dir", "\(root)/ca", "--trust-domain", "example.org"]).status
          == 0)
      #expect(
        try Self.run([
          "ca", "issue", "--ca", "\(root)/ca", "--out", "\(root)/web", "spiffe://example.org/web",
        ]).status == 0)
      let before = try SVIDDirectory(path: "\(root)/web").load()
      try Self.command(["/bin/mount", "-o", "remount,ro", root])

      let renew = try Self.run(["ca", "renew", "--ca", "\(root)/ca", "--svid", "\(root)/web"])
      let after = try SVIDDirectory(path: "\(root)/web").load()

      #expect(renew.status == 1)
      #expect(renew.stderr.contains("Read-only file system"), "\(renew.stderr)")
      #expect(after.leaf == before.leaf)
    }
  }
}
