import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshBridgeTesting
import MeshIdentity
import MeshModel
import MeshPKI
import Recipes
import Testing

/// The samples of Docs/GettingStarted.md, run as the guide shows them, with PyYAML,
/// openssl, envoy and moto as the oracles.
struct GettingStartedSamplesTests {
  static let brokenMesh = URL(fileURLWithPath: exampleMesh).deletingLastPathComponent()
    .appendingPathComponent("broken-mesh").path

  @Test("the example mesh has no issue, the broken one has its weights at their line")
  func readCheckWrite() async throws {
    let clean = try readCheckAndWrite(paths: [exampleMesh])
    #expect(clean.issues.isEmpty, "\(clean.issues)")
    let broken = try readCheckAndWrite(paths: [Self.brokenMesh])
    #expect(
      broken.issues.contains {
        "\($0)".contains("broken.yaml:19:7: spec.http[0].route[1].weight")
      }, "\(broken.issues)")

    // The WorkloadEntry as YAML that PyYAML reads to the same object.
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let read = try await run(
      python,
      [
        "-c",
        "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.argv[1]), sort_keys=True))",
        clean.workloadEntryYAML,
      ])
    #expect(read.status == 0, "\(read.output)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String: Any])
    #expect(object["kind"] as? String == "WorkloadEntry")
    #expect(object["apiVersion"] as? String == "networking.istio.io/v1")
    let spec = try #require(object["spec"] as? [String: Any])
    #expect(spec["address"] as? String == "10.20.0.15")
    #expect((spec["ports"] as? [String: Int])?["http"] == 31080)
    #expect(spec["serviceAccount"] as? String == "orders")
  }

  @Test("strict validation reports a kind the mesh does not model at its kind")
  func validateStrictlyReportsKinds() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try """
    apiVersion: networking.istio.io/v1
    kind: VirtualServce
    metadata: {name: orders, namespace: shop}
    spec: {hosts: [orders]}

    """.write(
      to: directory.appendingPathComponent("typo.yaml"), atomically: true, encoding: .utf8)
    let issues = try validateStrictly(paths: [directory.path])
    #expect(issues.count == 1)
    #expect(
      issues.first.map { "\($0)" }?.contains("typo.yaml:2:1: kind: unknown kind \"VirtualServce\"")
        == true, "\(issues)")
    // Skipped by default: the loose loader finds nothing.
    #expect(try readCheckAndWrite(paths: [directory.path]).issues.isEmpty)
    #expect(try !validateStrictly(paths: [Self.brokenMesh]).isEmpty)
  }

  @Test(
    "the SVID in its directory verifies with openssl against the bundle",
    .enabled(if: Peers.available(Peers.openssl), Peers.missing("openssl")))
  func issueIdentitySample() async throws {
    let openssl = try Peers.require(Peers.openssl, "openssl")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let svidDirectory = directory.appendingPathComponent("orders").path

    let proven = try issueIdentity(into: svidDirectory)

    #expect(proven.description == "spiffe://shop.example/ns/shop/sa/orders")
    let svid = "\(svidDirectory)/svid.pem"
    let verified = try await run(
      openssl, ["verify", "-CAfile", "\(svidDirectory)/bundle.pem", "-untrusted", svid, svid])
    #expect(verified.status == 0, "\(verified.output)")
    let text = try await run(openssl, ["x509", "-in", svid, "-noout", "-ext", "subjectAltName"])
    #expect(text.output.contains("URI:spiffe://shop.example/ns/shop/sa/orders"), "\(text.output)")
    // The set is published through a link; the key file is the one it points to.
    let key = URL(fileURLWithPath: "\(svidDirectory)/svid.key").resolvingSymlinksInPath().path
    let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }

  @Test(
    "the example mesh's orders bootstrap is one Envoy accepts",
    .enabled(if: Peers.available(Peers.envoy), Peers.missing("envoy")))
  func sidecarBootstrap() async throws {
    let envoy = try Peers.require(Peers.envoy, "envoy")
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }

    let domain = try TrustDomain("shop.example")
    let authority = try CertificateAuthority.createRoot(trustDomain: domain)
    let certificates = SidecarCertificateDirectory(
      path: directory.appendingPathComponent("certs").path)
    try certificates.write(
      try authority.issueSVID(for: domain.id(path: "/ns/shop/sa/orders")),
      bundle: authority.bundle)

    let bootstrap = try sidecarBootstrapYAML(
      for: "orders-7f3c2a", in: "shop", meshPaths: [exampleMesh], trustDomain: domain,
      certificates: certificates)

    let file = directory.appendingPathComponent("envoy.yaml")
    try bootstrap.yaml.write(to: file, atomically: true, encoding: .utf8)
    let validated = try await run(envoy, ["--mode", "validate", "-c", file.path])
    #expect(validated.status == 0, "\(validated.output)")
    #expect(bootstrap.yaml.contains("spiffe://shop.example/ns/shop/sa/orders"))
    #expect(throws: SidecarRecipeError.self) {
      try sidecarBootstrapYAML(
        for: "nobody", in: "shop", meshPaths: [exampleMesh], trustDomain: domain,
        certificates: certificates)
    }
  }

  @Test(
    "the paginator lists every container instance of a seeded cluster",
    .enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python with moto")))
  func listContainerInstances() async throws {
    _ = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    try await MotoServer.withServer { moto in
      _ = try await moto.seed(.example)
      let arns = try await containerInstanceARNs(
        in: "onprem-east", configuration: moto.configuration)
      #expect(arns.count == ECSAnywhereCluster.example.hosts.count)
      #expect(arns.allSatisfy { $0.contains(":container-instance/onprem-east/") }, "\(arns)")
    }
  }
}
