import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard sidecar` as an operator runs it, its output checked by Envoy itself.
@Suite("mesh-onboard sidecar")
struct SidecarCommandTests {
  static func run(_ arguments: [String], input: String = "") throws -> Peers.Output {
    try ValidateCommandTests.run(arguments, input: input)
  }

  static let mesh = ValidateCommandTests.examples.appendingPathComponent("mesh").path

  /// A certificate directory as the sidecar expects it, made with `mesh-onboard ca`.
  static func certificates(in directory: URL) throws -> String {
    let ca = directory.appendingPathComponent("ca").path
    let certs = directory.appendingPathComponent("certs").path
    #expect(try run(["ca", "init", "--dir", ca, "--trust-domain", "cluster.local"]).status == 0)
    #expect(
      try run([
        "ca", "issue", "--ca", ca, "--out", certs, "spiffe://cluster.local/ns/shop/sa/orders",
      ])
      .status == 0)
    return certs
  }

  @Test(
    "the example mesh's workload gets a static bootstrap Envoy accepts, and an xDS one",
    .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
  func staticAndXDS() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let certs = try Self.certificates(in: directory)

    let output = try Self.run([
      "sidecar", "--resources", Self.mesh, "--workload", "shop/orders-7f3c2a", "--certs", certs,
      "--write-sds",
    ])
    let xds = try Self.run([
      "sidecar", "--resources", Self.mesh, "--workload", "shop/orders-7f3c2a", "--certs", certs,
      "--xds-address", "istiod.istio-system.svc:15012", "--output", "json",
    ])

    #expect(output.status == 0, "\(output.stderr)")
    let sds = try String(contentsOfFile: "\(certs)/cert.json", encoding: .utf8)
    #expect(sds.contains(#""filename" : "\#(certs)/svid.key""#), "\(sds)")
    #expect(output.stdout.contains("name: outbound_http"))
    #expect(
      output.stderr.contains(
        "warning: Telemetry shop/mesh-default: spec.tracing[0].providers: spans need a collector"))
    #expect(output.stdout.contains("expression: response.code >= 400"))
    #expect(xds.status == 0 && xds.stdout.contains(#""ads_config""#), "\(xds.stderr)")
    for (name, text) in [("static.yaml", output.stdout), ("xds.json", xds.stdout)] {
      let path = directory.appendingPathComponent(name).path
      // The workload's own address is not this machine's: bind inbound to loopback.
      try text.replacingOccurrences(of: "address: 10.20.0.15", with: "address: 127.0.0.1")
        .write(toFile: path, atomically: true, encoding: .utf8)
      let validation = try Peers.validateEnvoy(configPath: path)
      #expect(
        validation.status == 0,
        "\(name): \(validation.stdout.suffix(800))\(validation.stderr.suffix(800))")
    }
  }

  @Test("an unknown workload and an untranslatable policy exit 1; bad usage exits 2")
  func failures() throws {
    let unknown = try Self.run(["sidecar", "--resources", Self.mesh, "--workload", "shop/nobody"])
    let custom = try Self.run(
      ["sidecar", "--resources", Self.mesh, "-", "--workload", "shop/orders-7f3c2a"],
      input: """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext, namespace: shop}
        spec: {action: CUSTOM, provider: {name: opa}, rules: [{}]}
        """)
    let noWorkload = try Self.run(["sidecar", "--resources", Self.mesh])
    let badName = try Self.run(["sidecar", "--resources", Self.mesh, "--workload", "orders"])
    let missing = try Self.run(["sidecar", "--resources", "/nonexistent", "--workload", "a/b"])

    #expect(unknown.status == 1 && unknown.stderr.contains("no WorkloadEntry shop/nobody"))
    #expect(
      custom.status == 1
        && custom.stderr.contains("AuthorizationPolicy shop/ext: spec.action: CUSTOM"),
      "\(custom.stderr)")
    #expect(noWorkload.status == 2 && noWorkload.stderr.contains("--workload is required"))
    #expect(badName.status == 2 && badName.stderr.contains("NAMESPACE/NAME"))
    #expect(missing.status == 2)
    #expect(
      missing.stderr
        == "mesh-onboard sidecar: could not read /nonexistent: No such file or directory\n")
  }
}
