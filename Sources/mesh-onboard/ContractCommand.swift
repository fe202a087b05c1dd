import EnvoyConfig
import Foundation

/// `mesh-onboard contract`: the sidecar's contract, for people and for scripts.
enum ContractCommand {
  static let help = """
    Usage: mesh-onboard contract [--output text|json]

    Prints the sidecar contract every default of mesh-onboard and MeshBridge follows:
    the user the proxy runs as, where the bundle is mounted, the bootstrap's and the
    certificate files' names, the proxy's ports and its health check. Scripts read it as
    JSON (--output json, keys as in SidecarContract) instead of repeating the values.

    Exit status: 0 on success, 2 on bad usage.
    """

  static func run(_ raw: [String]) -> Int32 {
    do {
      let arguments = try Arguments(raw, valued: ["--output"])
      try arguments.requireNoPositional()
      let output = try arguments.choice("--output", from: ["text", "json"], default: "text")
      let contract = SidecarContract.standard
      if output == "json" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(contract), as: UTF8.self))
      } else {
        print(text(contract), terminator: "")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard contract: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard contract: \(error)")
      return 1
    }
  }

  /// The contract as an aligned table.
  static func text(_ contract: SidecarContract) -> String {
    let check = contract.healthCheck
    let rows = [
      ("proxy user", "\(contract.proxyUser) (UID:GID)"),
      ("mount path", contract.mountPath),
      ("configuration", contract.configurationPath),
      ("certificates", contract.certificateDirectory.path),
      (
        "  SVID, key, bundle",
        "\(contract.certificateFile), \(contract.keyFile) (0600), \(contract.bundleFile)"
      ),
      ("  SDS files", "\(contract.sdsCertificateFile), \(contract.sdsValidationFile)"),
      ("admin port", "\(contract.adminPort) (127.0.0.1)"),
      ("outbound HTTP port", "\(contract.outboundHTTPPort)"),
      ("Prometheus port", "\(contract.prometheusPort) (/stats/prometheus)"),
      (
        "health check",
        "GET \(check.path) on the admin port: every \(check.interval) s, timeout \(check.timeout) s, \(check.retries) retries, start period \(check.startPeriod) s"
      ),
    ]
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { name, value in
      name + String(repeating: " ", count: width - name.count + 2) + value + "\n"
    }.joined()
  }
}
