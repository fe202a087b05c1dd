import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import MeshSupport

/// `mesh-onboard sidecar`: one workload's Envoy bootstrap from mesh resources.
enum SidecarCommand {
  private static let contract = SidecarContract.standard

  static let help = """
    Usage: mesh-onboard sidecar --resources PATH... --workload NAMESPACE/NAME
                                [--certs DIR] [--write-sds] [--trust-domain TD]
                                [--xds-address HOST:PORT] [--output yaml|json]

    Prints the Envoy bootstrap for the WorkloadEntry NAMESPACE/NAME: a complete static
    configuration (listeners, routes, clusters, mTLS and RBAC from the resources), or,
    with --xds-address, a bootstrap that takes its configuration from istiod over ADS.
    What the resources say that the configuration cannot carry is printed on standard
    error as a warning.

    Options:
      --resources PATH    Files or directories of mesh resources (repeatable; - for
                          standard input). Kinds MeshModel does not model (a
                          Deployment) are skipped; a document that does not decode
                          is an error naming its file and line.
      --workload NS/NAME  The WorkloadEntry to configure the sidecar for.
      --certs DIR         The directory of \(contract.certificateFile), \(contract.keyFile), \(contract.bundleFile) and the SDS
                          files \(contract.sdsCertificateFile) and \(contract.sdsValidationFile) (default \(contract.certificateDirectory.path)).
      --write-sds         Also write DIR/\(contract.sdsCertificateFile) and DIR/\(contract.sdsValidationFile), naming the SVID,
                          key and bundle files there (atomically).
      --trust-domain TD   The SPIFFE trust domain (default cluster.local).
      --xds-address H:P   istiod's address; makes an xDS bootstrap.
      --output yaml|json  The format (default yaml).

    Exit status: 0 on success, 1 when the resources cannot be translated, 2 on bad usage
    or unreadable input.
    """

  static func run(_ raw: [String]) -> Int32 {
    do {
      let (paths, rest) = splitResources(raw)
      let arguments = try Arguments(
        rest, valued: ["--workload", "--certs", "--trust-domain", "--xds-address", "--output"],
        flags: ["--write-sds"])
      guard !paths.isEmpty else {
        throw Arguments.UsageError(description: "--resources is required")
      }
      try arguments.requireNoPositional()
      let output = try arguments.choice("--output", from: ["yaml", "json"], default: "yaml")
      let workloadName = try arguments.required("--workload")
      let parts = workloadName.split(separator: "/").map(String.init)
      guard parts.count == 2 else {
        throw Arguments.UsageError(
          description: "--workload takes NAMESPACE/NAME, not \(workloadName)")
      }
      let inventory: Inventory
      do {
        let mesh = try MeshLoader().load(paths: paths)
        try mesh.requireDecoded()
        inventory = mesh.inventory
      } catch {
        printError("mesh-onboard sidecar: \(error)")
        return 2
      }
      guard
        let entry = inventory.resource(WorkloadEntrySpec.self, namespace: parts[0], name: parts[1])
      else {
        printError("mesh-onboard sidecar: no WorkloadEntry \(workloadName) in the resources")
        return 1
      }
      let translator = SidecarTranslator(
        inventory: inventory,
        options: SidecarOptions(
          trustDomain: try arguments.trustDomainOrClusterLocal("--trust-domain"),
          certificateDirectory: arguments.options["--certs"].map(SidecarCertificateDirectory.init)
            ?? contract.certificateDirectory))
      let workload = SidecarWorkload(entry: entry)
      if arguments.flags.contains("--write-sds") {
        try translator.options.certificateDirectory.writeSDSFiles()
      }
      let result =
        try arguments.options["--xds-address"].map {
          try translator.xdsBootstrap(for: workload, discoveryAddress: $0)
        } ?? translator.staticBootstrap(for: workload)
      for warning in result.warnings { printError("warning: \(warning)") }
      let encoder = EnvoyConfigEncoder()
      if output == "json" {
        FileHandle.standardOutput.write(try encoder.json(result.bootstrap))
      } else {
        print(try encoder.yaml(result.bootstrap), terminator: "")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard sidecar: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard sidecar: \(error)")
      return 1
    }
  }

  /// The values of every `--resources` (each may be followed by several paths, up to the
  /// next option), and the other arguments.
  private static func splitResources(_ arguments: [String]) -> (paths: [String], rest: [String]) {
    var paths: [String] = []
    var rest: [String] = []
    var collecting = false
    for argument in arguments {
      if argument == "--resources" {
        collecting = true
      } else if collecting && (!argument.hasPrefix("-") || argument == "-") {
        paths.append(argument)
      } else {
        collecting = false
        rest.append(argument)
      }
    }
    return (paths, rest)
  }
}
