import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard contract`: the sidecar contract for people and for scripts.
@Suite("mesh-onboard contract")
struct ContractCommandTests {
  @Test("JSON for scripts, with the contract's members as keys")
  func json() throws {
    let output = try ValidateCommandTests.run(["contract", "--output", "json"])

    let fields = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    #expect(output.status == 0, "\(output.stderr)")
    #expect(fields["proxyUserID"] as? Int == 1337 && fields["proxyGroupID"] as? Int == 1337)
    #expect(fields["mountPath"] as? String == "/etc/meshbridge")
    #expect(fields["configurationFile"] as? String == "envoy.yaml")
    #expect(fields["certificateFile"] as? String == "svid.pem")
    #expect(fields["bundleFile"] as? String == "bundle.pem")
    #expect(fields["adminPort"] as? Int == 15000)
    #expect((fields["healthCheck"] as? [String: Any])?["path"] as? String == "/ready")
  }

  @Test("a table for people; bad usage exits 2")
  func text() throws {
    let output = try ValidateCommandTests.run(["contract"])
    let bad = try ValidateCommandTests.run(["contract", "--output", "yaml"])

    #expect(output.status == 0)
    #expect(output.stdout.hasPrefix("proxy user           1337:1337 (UID:GID)\n"))
    #expect(output.stdout.contains("configuration        /etc/meshbridge/envoy.yaml\n"))
    #expect(output.stdout.contains("  SVID, key, bundle  svid.pem, svid.key (0600), bundle.pem\n"))
    #expect(bad.status == 2)
  }
}
