import Foundation
import MeshTestSupport
import Testing

/// Hostile but honest input to every command that reads files: what used to crash (a
/// closed or directory standard input), pass silently (an unreadable entry below a
/// directory), or flood or drive the terminal (a huge value, control characters).
@Suite("mesh-onboard input robustness")
struct InputRobustnessTests {
  /// Each command that reads `-`, with what it prints before its errors.
  static let readers: [(arguments: [String], prefix: String)] = [
    (["validate", "-"], "mesh-onboard"),
    (["analyze", "-"], "mesh-onboard analyze"),
    (["hierarchy", "-"], "mesh-onboard hierarchy"),
    (["sidecar", "--resources", "-", "--workload", "shop/task"], "mesh-onboard sidecar"),
    (["view", "--resources", "-"], "mesh-onboard view"),
  ]

  /// Runs mesh-onboard through `sh`, whose `setup` redirects standard input first.
  static func runWithStandardInput(_ setup: String, _ arguments: [String]) throws -> Peers.Output {
    try Peers.run(
      URL(fileURLWithPath: "/bin/sh"),
      arguments: ["-c", "\(setup); exec \"$0\" \"$@\"", Peers.meshOnboard.path] + arguments)
  }

  static let workloadEntry = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: task, namespace: shop}
    spec: {address: 10.0.0.1}

    """

  @Test("a closed standard input is an input error (exit 2), not a crash", arguments: readers)
  func closedStandardInput(arguments: [String], prefix: String) throws {
    let output = try Self.runWithStandardInput("exec <&-", arguments)

    #expect(output.status == 2)
    #expect(output.stderr == "\(prefix): could not read standard input: it is closed\n")
    #expect(output.stdout.isEmpty)
  }

  @Test("a directory as standard input is an input error (exit 2), not a crash", arguments: readers)
  func directoryStandardInput(arguments: [String], prefix: String) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }

    let output = try Self.runWithStandardInput("exec <'\(directory.path)'", arguments)

    #expect(output.status == 2)
    #expect(output.stderr == "\(prefix): could not read standard input: it is a directory\n")
  }

  @Test("an entry below a directory that cannot be read fails the run and is named")
  func unreadableEntries() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let manager = FileManager.default
    try Self.workloadEntry.write(
      to: directory.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
    let dangling = directory.appendingPathComponent("dangling")
    let looping = directory.appendingPathComponent("looping")
    let fifo = directory.appendingPathComponent("nested/x.yaml")
    try manager.createDirectory(
      at: fifo.deletingLastPathComponent(), withIntermediateDirectories: true)

    try manager.createSymbolicLink(atPath: dangling.path, withDestinationPath: "nowhere")
    let danglingRun = try ValidateCommandTests.run(["validate", directory.path])
    try manager.removeItem(at: dangling)
    try manager.createSymbolicLink(atPath: looping.path, withDestinationPath: "looping")
    let loopingRun = try ValidateCommandTests.run(["analyze", directory.path])
    try manager.removeItem(at: looping)
    #expect(mkfifo(fifo.path, 0o644) == 0)
    let fifoRun = try ValidateCommandTests.run(["validate", directory.path])
    let fifoNamed = try ValidateCommandTests.run(["validate", fifo.path])
    try manager.removeItem(at: fifo)
    let clean = try ValidateCommandTests.run(["validate", directory.path])

    #expect(danglingRun.status == 2)
    #expect(
      danglingRun.stderr
        == "mesh-onboard: could not read \(dangling.path): No such file or directory\n")
    #expect(loopingRun.status == 2)
    #expect(
      loopingRun.stderr
        == "mesh-onboard analyze: could not read \(looping.path): Too many levels of symbolic links\n"
    )
    #expect(fifoRun.status == 2)
    #expect(
      fifoRun.stderr
        == "mesh-onboard: could not read \(fifo.path): it is a FIFO, not a regular file\n")
    #expect(fifoNamed.status == 2)
    #expect(
      fifoNamed.stderr
        == "mesh-onboard: could not read \(fifo.path): it is a FIFO, not a regular file (to read a pipe, give - and feed it to standard input)\n"
    )
    #expect(clean.status == 0 && clean.stderr == "1 resource in 1 file: valid\n")
  }

  @Test("a file that starts with a UTF-8 byte-order mark is valid")
  func byteOrderMark() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("bom.yaml")
    try (Data([0xEF, 0xBB, 0xBF]) + Data(Self.workloadEntry.utf8)).write(to: file)

    let named = try ValidateCommandTests.run(["validate", file.path])
    let piped = try Peers.run(
      Peers.meshOnboard, arguments: ["analyze", "-"],
      input: Data([0xEF, 0xBB, 0xBF]) + Data(Self.workloadEntry.utf8))

    #expect(named.status == 0)
    #expect(named.stderr == "1 resource in 1 file: valid\n")
    #expect(piped.status == 0, "\(piped.stdout)\(piped.stderr)")
  }

  @Test("a 50 MB value is quoted cut, with its size, not echoed whole")
  func hugeValue() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("huge.yaml")
    let value = String(repeating: "x", count: 50 * 1024 * 1024)
    try """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: task, namespace: shop, labels: {app: "\(value)"}}
    spec: {address: 10.0.0.1}
    """.write(to: file, atomically: true, encoding: .utf8)

    let output = try ValidateCommandTests.run(["validate", file.path])

    #expect(output.status == 1)
    #expect(
      output.stdout
        == "\(file.path):3:50: metadata.labels.app: invalid tag value: \"\(String(repeating: "x", count: 120))…(52428800 bytes)\"\n"
    )
    #expect(output.stderr == "1 resource in 1 file: 1 error, 0 warnings\n")
  }

  @Test("control characters from YAML are escaped in validate's and analyze's text output")
  func controlCharacters() throws {
    // YAML's own escapes put ESC (a colour change), a C1 CSI and BEL into a name and a key.
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: WorkloadEntry
      metadata: {name: "t\\e[31mred\\u009b\\a", namespace: shop}
      spec: {address: 10.0.0.1, "bo\\egus": 1}

      """

    let validated = try Peers.run(
      Peers.meshOnboard, arguments: ["validate", "-"], input: Data(yaml.utf8))
    let analyzed = try Peers.run(
      Peers.meshOnboard, arguments: ["analyze", "-"], input: Data(yaml.utf8))

    #expect(validated.status == 1)
    #expect(
      validated.stdout == "-:4:27: spec[\"bo\\u{1B}gus\"]: unknown field \"bo\\u{1B}gus\"\n")
    #expect(analyzed.status == 79)
    #expect(
      analyzed.stdout
        == "Error [IST0106] (WorkloadEntry shop/t\\u{1B}[31mred\\u{9B}\\u{7} -:4) Schema validation error: document 1: 4:27: error: unknownField: spec[\"bo\\u{1B}gus\"]: unknown field \"bo\\u{1B}gus\"\n"
    )
    for output in [validated, analyzed] {
      #expect(!(output.stdout + output.stderr).unicodeScalars.contains { $0.value == 0x1B })
    }
  }

  @Test("hierarchy validates what it renders: an invalid namespace exits 1 and prints no resource")
  func hierarchyInvalidNamespace() throws {
    let organization = """
      apiVersion: meshbridge.io/v1alpha1
      kind: Organization
      metadata: {name: acme}
      spec:
        tenants:
        - name: retail
          workspaces:
          - {name: empty, namespaces: [""]}
          - {name: shouting, namespaces: [Shop_NS]}

      """

    let output = try Peers.run(
      Peers.meshOnboard, arguments: ["hierarchy", "-"], input: Data(organization.utf8))

    #expect(output.status == 1)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr == """
        PeerAuthentication /default: error: metadata.namespace: invalid namespace "": must be a lowercase RFC 1123 label
        PeerAuthentication Shop_NS/default: error: metadata.namespace: invalid namespace "Shop_NS": must be a lowercase RFC 1123 label
        mesh-onboard hierarchy: the rendered resources are not valid: 2 errors in 2 resources

        """)
  }

  @Test("hierarchy validates what it renders: a name that makes an invalid label value exits 1")
  func hierarchyInvalidLabel() throws {
    let organization = """
      apiVersion: meshbridge.io/v1alpha1
      kind: Organization
      metadata: {name: acme}
      spec:
        tenants: [{name: "retail shop!", workspaces: [{name: web, namespaces: [shop]}]}]

      """

    let output = try Peers.run(
      Peers.meshOnboard, arguments: ["hierarchy", "-"], input: Data(organization.utf8))

    #expect(output.status == 1)
    #expect(output.stdout.isEmpty)
    #expect(
      output.stderr == """
        PeerAuthentication shop/default: error: metadata.labels["meshbridge.io/tenant"]: invalid tag value: "retail shop!"
        mesh-onboard hierarchy: the rendered resources are not valid: 1 error in 1 resource

        """)
  }

  @Test("inject --file names the file and the reason, not a Foundation error dump")
  func injectFile() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let notJSON = directory.appendingPathComponent("task.json")
    let wrongType = directory.appendingPathComponent("wrong.json")
    try "nope".write(to: notJSON, atomically: true, encoding: .utf8)
    try #"{"containerDefinitions": 3}"#.write(to: wrongType, atomically: true, encoding: .utf8)

    let runs = try [directory, notJSON, wrongType].map {
      try ValidateCommandTests.run(["inject", "--file", $0.path, "--bundle-path", "/b"])
    }

    #expect(runs.map(\.status) == [2, 2, 2])
    #expect(
      runs.map(\.stderr) == [
        "mesh-onboard inject: could not read \(directory.path): it is a directory\n",
        "mesh-onboard inject: \(notJSON.path): not a task definition: The given data was not valid JSON.\n",
        "mesh-onboard inject: \(wrongType.path): not a task definition: containerDefinitions: expected Array<Any>\n",
      ])
  }
}
