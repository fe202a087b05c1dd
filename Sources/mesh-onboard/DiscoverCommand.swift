import ECSClient
import Foundation
import MeshBridge
import MeshModel
import YAMLCoding

/// `mesh-onboard discover`: a cluster's ECS Anywhere tasks as mesh resources.
enum DiscoverCommand {
  static let help = """
    Usage: mesh-onboard discover --cluster NAME [--cluster NAME]... [--namespace NS]
                                 [--domain DOMAIN] [--output yaml|json|text]
                                 [--watch SECONDS [--to DIR | --kubectl] [--kubectl-path PATH]
                                  [--kubectl-arg ARG]...]
                                 [--region REGION] [--profile PROFILE] [--endpoint-url URL]
                                 [--timeout SECONDS] [--connect-timeout SECONDS]

    Finds the cluster's ECS Anywhere instances (with their addresses from SSM), its
    RUNNING tasks of launch type EXTERNAL with their host ports, and its services, and
    prints a WorkloadEntry per task and a ServiceEntry per service as a YAML stream that
    `kubectl apply -f -` takes. Tasks left out, and container instances that are not
    ECS Anywhere instances (EC2 ones), are listed on standard error with a reason code:
      skipped ARN [noHostPort]: no container has a host port binding (...)

    With --watch, discovery repeats every SECONDS and each change is applied as it comes:
    printed (everything first, then what was added, changed or removed), kept in a
    directory with --to, or applied to Kubernetes with --kubectl. Throttling, server
    errors, timeouts and dropped connections are waited out with backoff (doubling from
    SECONDS up to 300 seconds), and each failed round is told on standard error with its
    cause and the wait before the next round. It runs until stopped (Ctrl-C) or AWS
    refuses for good.

    Options:
      --cluster NAME       The cluster (repeatable; --watch takes one).
      --namespace NS       The resources' namespace (default: the cluster's name).
      --domain DOMAIN      Service hosts are SERVICE.NAMESPACE.DOMAIN (default ecs.internal).
      --output FORMAT      yaml (default), json (a Kubernetes List; with --watch one JSON
                           object of added, changed and removed per line) or text (a table).
      --watch SECONDS      Keep discovering, every SECONDS.
      --to DIR             With --watch: keep DIR/NAMESPACE/KIND.NAME.yaml equal to the
                           cluster's resources (files of resources gone are deleted).
      --kubectl            With --watch: `kubectl apply` what was added or changed,
                           `kubectl delete` what was removed.
      --kubectl-path PATH  The kubectl to run (default: kubectl on PATH).
      --kubectl-arg ARG    An argument for every kubectl run, such as --context=NAME
                           (repeatable).
    \(AWSOptions.help)

    Exit status: 0 on success, 1 when AWS answers with an error, a call times out or a
    change cannot be applied, 2 on bad usage (a malformed --endpoint-url included).
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw,
        valued: Set(["--namespace", "--domain", "--output", "--watch", "--to", "--kubectl-path"])
          .union(AWSOptions.names),
        repeated: ["--cluster", "--kubectl-arg"], flags: ["--kubectl"])
      let clusters = arguments.values("--cluster")
      guard !clusters.isEmpty else {
        throw Arguments.UsageError(description: "--cluster is required")
      }
      try arguments.requireNoPositional()
      let output = try arguments.choice(
        "--output", from: ["yaml", "json", "text"], default: "yaml")
      let discovery = ECSDiscovery(configuration: try AWSOptions.configuration(arguments))
      let mapping = MeshMapping(
        namespace: arguments.options["--namespace"],
        domain: arguments.options["--domain"] ?? "ecs.internal")
      if arguments.options["--watch"] != nil {
        return try await watch(arguments, clusters, discovery, mapping, output)
      }
      for option in ["--to", "--kubectl-path"] where arguments.options[option] != nil {
        throw Arguments.UsageError(description: "\(option) goes with --watch")
      }
      if arguments.flags.contains("--kubectl") {
        throw Arguments.UsageError(description: "--kubectl goes with --watch")
      }
      var resources: [MeshResource] = []
      for cluster in clusters {
        let found = try await discovery.discover(cluster: cluster)
        for skipped in found.skippedInstances { printError("skipped instance \(skipped)") }
        for skipped in found.skipped { printError("skipped \(skipped)") }
        resources += mapping.resources(for: found)
        printError(
          "\(cluster): \(plural(found.tasks.count, "task")) on \(plural(found.instances.count, "instance")), \(plural(found.services.count, "service"))"
        )
      }
      switch output {
      case "json": try printJSON(KubernetesList(items: resources))
      case "text": print(table(resources), terminator: "")
      default: print(try YAMLEncoder().encode(documents: resources), terminator: "")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard discover: \(error)\n\n\(help)")
      return 2
    } catch let error as AWSError where error.code == .invalidRequest {
      printError("mesh-onboard discover: \(error)")
      return 2
    } catch {
      printError("mesh-onboard discover: \(error)")
      return 1
    }
  }

  /// `--watch`: every change, applied to the chosen sink or printed.
  private static func watch(
    _ arguments: Arguments, _ clusters: [String], _ discovery: ECSDiscovery,
    _ mapping: MeshMapping, _ output: String
  ) async throws -> Int32 {
    let interval = try arguments.seconds("--watch", default: 0)
    guard interval > 0 else {
      throw Arguments.UsageError(description: "--watch takes a positive number of seconds")
    }
    guard clusters.count == 1 else {
      throw Arguments.UsageError(description: "--watch takes one --cluster; run one per cluster")
    }
    let kubectl = arguments.flags.contains("--kubectl")
    let directory = arguments.options["--to"].map { ResourceDirectory(URL(fileURLWithPath: $0)) }
    if kubectl && directory != nil {
      throw Arguments.UsageError(description: "--to and --kubectl exclude each other")
    }
    let sink = KubectlSink(
      executable: arguments.options["--kubectl-path"] ?? "kubectl",
      arguments: arguments.values("--kubectl-arg"))
    var first = true
    let changes = discovery.watch(cluster: clusters[0], mapping: mapping, interval: interval) {
      // Each failed round is told, so a watch that cannot reach AWS is never silent.
      printError("\($0)")
    }
    for try await change in changes {
      var applied = change
      if let directory {
        // The first change holds everything: the directory drops what is no longer there.
        if first {
          applied = try await directory.synchronize(to: change.added)
        } else {
          try await directory.apply(change)
        }
      } else if kubectl {
        try await sink.apply(change)
      } else {
        try printChange(change, output)
      }
      printError(
        "\(clusters[0]): \(applied.added.count) added, \(applied.changed.count) changed, \(applied.removed.count) removed"
      )
      first = false
    }
    return 0
  }

  /// One change on standard output, flushed at once so a pipe's reader sees it.
  private static func printChange(_ change: ResourceDiff, _ output: String) throws {
    switch output {
    case "json":
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      FileHandle.standardOutput.write(try encoder.encode(change) + Data("\n".utf8))
    case "text":
      var lines = ""
      for (mark, resources) in [("+", change.added), ("~", change.changed), ("-", change.removed)] {
        for resource in resources {
          lines += "\(mark) \(reference(resource))\n"
        }
      }
      FileHandle.standardOutput.write(Data(lines.utf8))
    default:
      // Removed resources travel as comments: a YAML stream cannot say "delete".
      var text = try YAMLEncoder().encode(documents: change.added + change.changed)
      for resource in change.removed {
        text += "# removed: \(reference(resource))\n"
      }
      FileHandle.standardOutput.write(Data(text.utf8))
    }
  }

  /// `WorkloadEntry shop/orders-1f3c2a`.
  private static func reference(_ resource: MeshResource) -> String {
    "\(resource.kind) \(resource.metadata.namespace ?? "")/\(resource.metadata.name ?? "")"
  }

  /// The resources as a table: kind, namespace, name, and what locates them.
  static func table(_ resources: [MeshResource]) -> String {
    var rows = [["KIND", "NAMESPACE", "NAME", "ADDRESS/HOSTS", "PORTS"]]
    for resource in resources {
      var row = [resource.kind, resource.metadata.namespace ?? "", resource.metadata.name ?? ""]
      switch resource {
      case .workloadEntry(let entry):
        row.append(entry.spec.address ?? "")
        row.append(
          (entry.spec.ports ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: ","))
      case .serviceEntry(let entry):
        row.append(entry.spec.hosts.joined(separator: ","))
        row.append(
          (entry.spec.ports ?? []).map { "\($0.name)=\($0.number)" }.joined(separator: ","))
      default:
        row += ["", ""]
      }
      rows.append(row)
    }
    let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      zip(row, widths).map { cell, width in
        cell.padding(toLength: width, withPad: " ", startingAt: 0)
      }
      .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n") + "\n"
  }
}

/// A Kubernetes `List` of mesh resources, as `kubectl apply -f` takes in JSON.
struct KubernetesList: Encodable {
  let apiVersion = "v1"
  let kind = "List"
  var items: [MeshResource]
}

/// Pretty, sorted JSON on standard output.
func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
}
