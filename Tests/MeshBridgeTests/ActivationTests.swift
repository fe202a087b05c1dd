import ECSClient
import Foundation
import MeshBridge
import MeshTestSupport
import Testing

/// ECS Anywhere activation through SSM (moto has no SSM activations: the suite's server
/// answers CreateActivation as SSM documents it).
@Suite(
  "ECS Anywhere activation",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct ActivationTests {
  static let code = "Ab12Cd34SecretActivationCode"

  static func activator(_ server: AWSTestServer) throws -> ECSAnywhereActivator {
    ECSAnywhereActivator(configuration: try DiscoveryTests.configuration(server))
  }

  @Test("the install command carries the activation; its description never the code")
  func activate() async throws {
    let server = try AWSTestServer(scenario: [
      "CreateActivation": [
        "ok": ["ActivationId": "9d8a1b2c-activation", "ActivationCode": Self.code]
      ]
    ])

    let activation = try await Self.activator(server).activate(
      cluster: "onprem-east", registrationLimit: 5)

    #expect(activation.installCommand.contains("--activation-code \"\(Self.code)\""))
    #expect(
      activation.installCommand.contains(
        "--cluster \"onprem-east\" --activation-id \"9d8a1b2c-activation\""))
    #expect(
      activation.installCommand.hasPrefix(
        "curl --proto \"https\" -o \"/tmp/ecs-anywhere-install.sh\""))
    #expect(!activation.description.contains(Self.code) && !"\(activation)".contains(Self.code))
    #expect(try server.calls()["CreateActivation"] == 1)
  }

  @Test("an answer without a code, and an SSM error, are typed errors")
  func failures() async throws {
    let empty = try AWSTestServer(scenario: ["CreateActivation": ["ok": ["ActivationId": "x"]]])
    let denied = try AWSTestServer(scenario: [
      "CreateActivation": [
        "status": 400, "code": "AccessDeniedException", "message": "not allowed",
      ]
    ])

    let missing = try await #require(throws: AWSError.self) {
      _ = try await Self.activator(empty).activate(cluster: "c")
    }
    let refused = try await #require(throws: AWSError.self) {
      _ = try await Self.activator(denied).activate(cluster: "c")
    }

    #expect(missing.errorCode == "MissingActivation")
    #expect(refused.errorCode == "AccessDeniedException" && refused.attempts == 1)
  }
}
