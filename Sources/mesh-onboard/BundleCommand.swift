import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshSupport

/// `mesh-onboard bundle`: one ECS Anywhere task's onboarding bundle.
enum BundleCommand {
  private static let contract = SidecarContract.standard

  static let help = """
    Usage: mesh-onboard bundle --cluster NAME --task ARN|ID --ca DIR --out DIR
                               [--resources PATH]... [--namespace NS] [--domain DOMAIN]
                               [--mount-path PATH] [--admin-port N] [--outbound-port N]
                               [--prometheus-port N] [--proxy-user UID:GID]
                               [--region R] [--profile P]
                               [--endpoint-url URL] [--timeout SECONDS]
                               [--connect-timeout SECONDS]

    Discovers the cluster, finds the task's WorkloadEntry, and writes its onboarding
    bundle to DIR (whole or not at all): the Envoy sidecar configuration made from the
    discovered resources plus those of --resources (files, directories or -; kinds
    MeshModel does not model are skipped, a document that does not decode is an error
    naming its file and line), an SVID from the CA in --ca (its
    ca.pem and ca.key, as `mesh-onboard ca init` writes them) with its key (0600) and the
    trust bundle, a docker run script, an ECS container definition, a README and a
    manifest of every file's SHA-256. The port options move the sidecar's admin (\(contract.adminPort)),
    outbound HTTP (\(contract.outboundHTTPPort)) and Prometheus (\(contract.prometheusPort)) listeners, for several sidecars on one
    host. The sidecar sees the bundle at --mount-path (default \(contract.mountPath)) and runs
    as --proxy-user (Istio's \(contract.proxyUser) by default), which owns the key; giving it to
    another user needs root, so as another user give your own UID:GID for a sidecar that
    runs as you. `mesh-onboard contract` prints these defaults.

    AWS options:
    \(AWSOptions.help)

    Exit status: 0 on success, 1 when discovery (a call timing out included), translation
    or issuing fails, 2 on bad usage (a malformed --endpoint-url included) or unreadable
    input.
    """

  /// The sidecar's ports from the options, `SidecarOptions`' defaults otherwise.
  private static func sidecarOptions(_ arguments: Arguments) throws -> SidecarOptions {
    var options = SidecarOptions()
    options.adminPort = try arguments.port("--admin-port") ?? options.adminPort
    options.outboundHTTPPort = try arguments.port("--outbound-port") ?? options.outboundHTTPPort
    options.prometheusPort = try arguments.port("--prometheus-port") ?? options.prometheusPort
    return options
  }

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw,
        valued: Set([
          "--cluster", "--task", "--ca", "--out", "--namespace", "--domain", "--mount-path",
          "--proxy-user",
          "--admin-port", "--outbound-port", "--prometheus-port",
        ]).union(AWSOptions.names), repeated: ["--resources"])
      try arguments.requireNoPositional()
      let cluster = try arguments.required("--cluster")
      let task = try arguments.required("--task")
      let caDirectory = try arguments.required("--ca")
      let output = try arguments.required("--out")
      let proxyUser = try arguments.owner("--proxy-user") ?? contract.proxyOwner
      let authority: CertificateAuthority
      let extra: [MeshResource]
      do {
        authority = try CACommand.loadCA(caDirectory)
        let mesh = try MeshLoader().load(paths: arguments.values("--resources"))
        try mesh.requireDecoded()
        extra = mesh.resources
      } catch {
        printError("mesh-onboard bundle: \(error)")
        return 2
      }
      let found = try await ECSDiscovery(configuration: try AWSOptions.configuration(arguments))
        .discover(cluster: cluster)
      let discovered = MeshMapping(
        namespace: arguments.options["--namespace"],
        domain: arguments.options["--domain"] ?? "ecs.internal"
      ).resources(for: found)
      guard
        let entry = discovered.lazy.compactMap({ resource -> WorkloadEntry? in
          guard case .workloadEntry(let entry) = resource,
            let arn = entry.metadata.annotations?["ecs.amazonaws.com/task-arn"],
            arn == task || arn.hasSuffix("/\(task)")
          else { return nil }
          return entry
        }).first
      else {
        let reason = found.skipped.first { $0.taskArn == task || $0.taskArn.hasSuffix("/\(task)") }
        printError(
          "mesh-onboard bundle: task \(task) is not a workload of \(cluster)"
            + (reason.map { ": \($0.message) [\($0.reason)]" } ?? ""))
        return 1
      }
      let manifest = try OnboardingBundle.write(
        for: SidecarWorkload(entry: entry), resources: discovered + extra, authority: authority,
        to: URL(fileURLWithPath: output),
        options: BundleOptions(
          mountPath: arguments.options["--mount-path"] ?? contract.mountPath,
          sidecar: try sidecarOptions(arguments),
          proxyUser: proxyUser))
      print(
        "wrote \(output) for \(manifest.workload) (\(manifest.spiffeID), \(plural(manifest.files.count, "file")) and manifest.json)"
      )
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard bundle: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard bundle: \(error)")
      return 1
    }
  }
}
