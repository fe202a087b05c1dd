import EnvoyConfig
import Foundation
import MeshTestSupport
import Testing

/// Envoy 1.40 itself as the oracle for the typed API: every configuration must load.
@Suite(
  "Envoy accepts the typed configuration",
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
struct EnvoyValidateTests {
  @Test("a bootstrap using every part of the API passes envoy --mode validate, as YAML and JSON")
  func validateEverything() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try SampleConfigs.writeCertificateDirectory(in: directory)
    let bootstrap = SampleConfigs.everything(
      directory: directory, adminPort: 15000, ports: [15006, 15001, 15002])
    let yamlPath = directory.appendingPathComponent("envoy.yaml")
    let jsonPath = directory.appendingPathComponent("envoy.json")
    try EnvoyConfigEncoder().yaml(bootstrap).write(to: yamlPath, atomically: true, encoding: .utf8)
    try EnvoyConfigEncoder().json(bootstrap).write(to: jsonPath)

    for path in [yamlPath, jsonPath] {
      let result = try Peers.validateEnvoy(configPath: path.path)
      #expect(result.status == 0, "\(path.lastPathComponent): \(result.stdout)\(result.stderr)")
      #expect(result.stdout.contains("OK"), "\(result.stdout)")
    }
  }
}
