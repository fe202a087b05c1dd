import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshSupport

/// `mesh-onboard demo`: a whole cluster onboarded in one go, each step told as it happens.
enum DemoCommand {
  private static let contract = SidecarContract.standard

  static let help = """
    Usage: mesh-onboard demo --cluster NAME --out DIR [--ca DIR] [--trust-domain DOMAIN]
                             [--namespace NS] [--domain DOMAIN] [--resources PATH]...
                             [--envoy PATH] [--local] [--proxy-user UID:GID]
                             [--region R] [--profile P] [--endpoint-url URL]
                             [--timeout SECONDS] [--connect-timeout SECONDS]

    Onboards every ECS Anywhere task of the cluster and says what it does: discovers the
    cluster, writes its WorkloadEntries and ServiceEntries to DIR/resources (validated,
    and analyzed with the resources of --resources), creates the mesh CA in DIR/ca unless
    --ca names one, writes an onboarding bundle per workload to DIR/bundles/NAME, checks
    each sidecar configuration with Envoy when --envoy names it, and ends with what the
    operator does next on each host.

    Options:
      --ca DIR             An existing CA (ca.pem and ca.key, as `ca init` writes them).
      --trust-domain D     The trust domain of a CA created here (default cluster.local).
      --resources PATH     The mesh's own resources (routing, security): files,
                           directories or - (standard input), repeatable. Kinds
                           MeshModel does not model are skipped; a document that does
                           not decode is an error naming its file and line.
      --envoy PATH         An envoy binary to validate every bundle's configuration with.
      --local              The sidecars will all run on this machine (a demo): each reads
                           its bundle where it is written, and every one gets ports of
                           its own (not only those sharing a host).
      --proxy-user U:G     The user the sidecars run as, who owns their keys (default
                           \(contract.proxyUser); only root can give files to another user).
    \(AWSOptions.help)

    Sidecars that share a host get ports 100 apart: admin \(contract.adminPort), outbound \(contract.outboundHTTPPort) and
    Prometheus \(contract.prometheusPort) for the first workload of a host (by name), \(contract.adminPort + 100), \(contract.outboundHTTPPort + 100) and \(contract.prometheusPort + 100)
    for the second, and so on. Bundles are mounted at \(contract.mountPath) unless --local;
    `mesh-onboard contract` prints the sidecar's contract.

    Exit status: 0 when every workload has a bundle (and Envoy accepts each), 1 when a
    step fails (an AWS call timing out included), 2 on bad usage (a malformed
    --endpoint-url included) or unreadable input.
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw,
        valued: Set([
          "--cluster", "--out", "--ca", "--trust-domain", "--namespace", "--domain", "--envoy",
          "--proxy-user",
        ]).union(AWSOptions.names), repeated: ["--resources"], flags: ["--local"])
      try arguments.requireNoPositional()
      let cluster = try arguments.required("--cluster")
      let output = URL(fileURLWithPath: try arguments.required("--out"))
      let proxyUser = try arguments.owner("--proxy-user") ?? contract.proxyOwner
      let local = arguments.flags.contains("--local")
      // Before the CA step, which may create one: bad AWS options change nothing on disk.
      let configuration = try AWSOptions.configuration(arguments)
      let given: [MeshResource]
      do {
        let mesh = try MeshLoader().load(paths: arguments.values("--resources"))
        try mesh.requireDecoded()
        given = mesh.resources
      } catch {
        printError("mesh-onboard demo: \(error)")
        return 2
      }
      let caDirectory = arguments.options["--ca"] ?? output.appendingPathComponent("ca").path
      step("Mesh CA in \(caDirectory)")
      let authority = try certificateAuthority(arguments, directory: caDirectory)
      print("trust domain \(authority.trustDomain), valid until \(authority.certificate.notAfter)")
      let options = BundleOptions(
        mountPath: local ? nil : contract.mountPath, proxyUser: proxyUser)
      let onboarding = ClusterOnboarding(
        discovery: ECSDiscovery(configuration: configuration),
        mapping: MeshMapping(
          namespace: arguments.options["--namespace"],
          domain: arguments.options["--domain"] ?? "ecs.internal"),
        authority: authority, resources: given, options: options, oneMachine: local)

      step("Discovering \(cluster)")
      let report = try await onboarding.onboard(cluster: cluster, into: output)
      let found = report.discovery
      print(
        "\(plural(found.tasks.count, "task")) on \(plural(found.instances.count, "instance")), \(plural(found.services.count, "service"))"
      )
      for instance in found.instances {
        print(
          "  \(instance.managedInstanceID)  \(instance.hostname ?? "")  \(instance.address ?? "")")
      }
      for skipped in found.skippedInstances { print("  skipped instance \(skipped)") }
      for skipped in found.skipped { print("  skipped \(skipped)") }

      step("Mesh resources in \(output.path)/resources")
      print(DiscoverCommand.table(report.resources), terminator: "")
      let written = report.written
      print(
        "valid; \(written.added.count) added, \(written.changed.count) changed, \(written.removed.count) removed on disk"
      )
      if report.analysis.isEmpty {
        print("no analysis messages")
      } else {
        for message in report.analysis { print(message) }
      }

      step("Onboarding bundles in \(output.path)/bundles")
      for workload in report.bundles {
        let manifest = workload.manifest
        print("  \(manifest.workload)  \(manifest.spiffeID)  until \(manifest.notAfter)")
      }
      for (name, reason) in report.failed.sorted(by: { $0.key < $1.key }) {
        print("  \(name): no bundle: \(reason)")
      }

      var accepted = true
      if let envoy = arguments.options["--envoy"] {
        step("Envoy checks every sidecar configuration")
        for workload in report.bundles {
          let validation = try await OnboardingBundle.validate(
            workload.bundle, options: options,
            with: EnvoyValidator(executable: URL(fileURLWithPath: envoy), timeout: .seconds(120)))
          print("  \(workload.bundle.lastPathComponent): \(validation)")
          accepted = accepted && validation.isAccepted
        }
      }

      step("Next")
      print(nextSteps(report, output: output, caDirectory: caDirectory, local: local))
      return report.failed.isEmpty && accepted ? 0 : 1
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard demo: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard demo: \(error)")
      return 1
    }
  }

  private static func step(_ title: String) {
    print("\n== \(title)")
  }

  /// The CA of `--ca`, or the one in DIR/ca, created there the first time.
  private static func certificateAuthority(_ arguments: Arguments, directory: String) throws
    -> CertificateAuthority
  {
    if arguments.options["--ca"] != nil {
      if arguments.options["--trust-domain"] != nil {
        throw Arguments.UsageError(description: "--trust-domain is for a CA created here, not --ca")
      }
      return try CACommand.loadCA(directory)
    }
    if CADirectory(path: directory).exists {
      return try CACommand.loadCA(directory)
    }
    let authority = try CertificateAuthority.createRoot(
      trustDomain: try arguments.trustDomainOrClusterLocal("--trust-domain"))
    try CADirectory(path: directory).write(authority)
    print("created (ca.pem, and ca.key readable by its owner only)")
    return authority
  }

  /// What the operator does with the bundles.
  private static func nextSteps(
    _ report: OnboardingReport, output: URL, caDirectory: String, local: Bool
  ) -> String {
    let instances = Dictionary(
      report.discovery.instances.map { ($0.containerInstanceArn, $0) },
      uniquingKeysWith: { a, _ in a })
    let tasks = Dictionary(
      report.discovery.tasks.map { ($0.taskArn, $0) }, uniquingKeysWith: { a, _ in a })
    var lines: [String] = []
    var adminPorts: [String: Set<UInt32>] = [:]
    for workload in report.bundles {
      let task = workload.taskArn.flatMap { tasks[$0] }
      let host = task.flatMap { instances[$0.containerInstanceArn] }
      let name = workload.bundle.lastPathComponent
      if local {
        lines.append(
          "envoy -c \(workload.bundle.appendingPathComponent(contract.configurationFile).path)   # \(task?.family ?? name)"
        )
        continue
      }
      lines.append(
        "on \(host?.hostname ?? host?.managedInstanceID ?? "its host") (\(host?.address ?? "")): copy \(workload.bundle.path) to /var/lib/meshbridge/\(task?.family ?? name), then run its run-sidecar.sh or let ECS start it once injected"
      )
      if let family = task?.family {
        adminPorts[family, default: []].insert(workload.sidecar.adminPort)
      }
    }
    // A task definition serves every task of its family: each host keeps the bundle of the
    // task it runs at the family's path, and the health check probes one admin port.
    for (family, ports) in adminPorts.sorted(by: { $0.key < $1.key }) {
      let inject =
        "mesh-onboard inject --task-definition \(family) --bundle-path /var/lib/meshbridge/\(family) --register"
      if ports.count == 1, let port = ports.first {
        lines.append(inject + (port == SidecarOptions().adminPort ? "" : " --admin-port \(port)"))
      } else {
        lines.append(
          "# \(family)'s tasks share hosts with other sidecars at different admin ports (\(ports.sorted().map(String.init).joined(separator: ", "))): run them with run-sidecar.sh rather than injecting"
        )
      }
    }
    lines.append(
      "mesh-onboard rotate --ca \(caDirectory) --bundles \(output.path)/bundles   # from a timer, every 10 minutes"
    )
    lines.append(
      "mesh-onboard discover --cluster \(report.discovery.cluster) --watch 30 --to \(output.path)/resources"
    )
    return lines.joined(separator: "\n")
  }
}
