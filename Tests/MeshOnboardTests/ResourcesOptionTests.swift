import Foundation
import MeshTestSupport
import Testing

/// `--resources` of sidecar, bundle, demo and view: read by MeshModel's one loader, so a
/// document that does not decode stops the command at its file and line (exit 2, before
/// anything is discovered or written), and kinds the mesh does not model are left aside.
@Suite("mesh-onboard --resources")
struct ResourcesOptionTests {
  /// A WorkloadEntry with a misspelt field: the unknown field is at line 4, column 27.
  static let misspelt = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: task, namespace: shop}
    spec: {address: 10.0.0.1, adress: 10.0.0.2}

    """

  /// Each command that reads `--resources`, given the file and a scratch directory; no
  /// AWS call is made, because the resources are read first.
  static let commands: [(name: String, arguments: @Sendable (String, URL) -> [String])] = [
    ("sidecar", { file, _ in ["sidecar", "--resources", file, "--workload", "shop/task"] }),
    ("view", { file, _ in ["view", "--resources", file, "--output", "dot", "--window", "0"] }),
    (
      "bundle",
      { file, directory in
        [
          "bundle", "--cluster", "east", "--task", "t1", "--ca",
          directory.appendingPathComponent("ca").path,
          "--out", directory.appendingPathComponent("out").path, "--resources", file,
          "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9",
        ]
      }
    ),
    (
      "demo",
      { file, directory in
        [
          "demo", "--cluster", "east", "--out", directory.appendingPathComponent("out").path,
          "--resources", file, "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9",
        ]
      }
    ),
  ]

  @Test(
    "a document that does not decode exits 2 naming its file and line, and writes nothing",
    arguments: commands.map(\.name))
  func undecodable(command: String) throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("resources.yaml")
    try Data(Self.misspelt.utf8).write(to: file)
    let ca = directory.appendingPathComponent("ca").path
    let initialized = try ValidateCommandTests.run([
      "ca", "init", "--dir", ca, "--trust-domain", "example.org",
    ])
    #expect(initialized.status == 0, "\(initialized.stderr)")
    let arguments = try #require(Self.commands.first { $0.name == command }).arguments

    let output = try Peers.run(
      Peers.meshOnboard, arguments: arguments(file.path, directory),
      environment: DiscoverCommandTests.environment)

    #expect(output.status == 2)
    #expect(
      output.stderr
        == "mesh-onboard \(command): \(file.path):4:27: spec.adress: unknown field \"adress\"\n")
    #expect(output.stdout.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
  }

  @Test("kinds the mesh does not model are skipped: the sidecar is the same with a CronJob")
  func unmodeledKindsSkipped() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let deployment = directory.appendingPathComponent("cronjob.yaml")
    try Data(
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: orders, namespace: shop}
      spec: {schedule: "@daily"}

      """.utf8
    ).write(to: deployment)
    let sidecar = [
      "sidecar", "--workload", "shop/orders-7f3c2a", "--resources", SidecarCommandTests.mesh,
    ]

    let alone = try ValidateCommandTests.run(sidecar)
    let beside = try ValidateCommandTests.run(sidecar + [deployment.path])

    #expect(alone.status == 0, "\(alone.stderr)")
    #expect(beside.status == 0, "\(beside.stderr)")
    #expect(beside.stdout == alone.stdout)
    #expect(beside.stdout.contains("orders"))
  }
}
