import ECSClient
import Foundation
import MeshBridge
import MeshModel
import YAMLCoding

/// `mesh-onboard discover`: a cluster's ECS Anywhere tasks as mesh resources.
enum DiscoverCommand {
  static let help = """
    Usage: mesh-onboard discover --cluster NAME [--cluster NAME]... [--namespace NS]
                                 [--domain DOMAIN] [--output yaml|json]
                                 [--region REGION] [--profile PROFILE] [--endpoint-url URL]

    Finds the cluster's ECS Anywhere instances (with their addresses from SSM), its
    RUNNING tasks of launch type EXTERNAL with their host ports, and its services, and
    prints a WorkloadEntry per task and a ServiceEntry per service as a YAML stream that
    `kubectl apply -f -` takes. Tasks left out are listed on standard error with why.

    Options:
      --cluster NAME       The cluster (repeatable).
      --namespace NS       The resources' namespace (default: the cluster's name).
      --domain DOMAIN      Service hosts are SERVICE.NAMESPACE.DOMAIN (default ecs.internal).
      --output yaml|json   The format (default yaml; json is a Kubernetes List).
      --region, --profile  As the AWS CLI's; credentials come from the SDKs' chain.
      --endpoint-url URL   Another ECS and SSM endpoint (a local test server).

    Exit status: 0 on success, 1 when AWS answers with an error, 2 on bad usage.
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw,
        valued: Set(["--namespace", "--domain", "--output"]).union(AWSOptions.names),
        repeated: ["--cluster"])
      let clusters = arguments.values("--cluster")
      guard !clusters.isEmpty else {
        throw Arguments.UsageError(description: "--cluster is required")
      }
      try arguments.requireNoPositional()
      let output = try arguments.choice("--output", from: ["yaml", "json"], default: "yaml")
      let discovery = ECSDiscovery(configuration: try AWSOptions.configuration(arguments))
      let mapping = MeshMapping(
        namespace: arguments.options["--namespace"],
        domain: arguments.options["--domain"] ?? "ecs.internal")
      var resources: [MeshResource] = []
      for cluster in clusters {
        let found = try await discovery.discover(cluster: cluster)
        for skipped in found.skipped { printError("skipped \(skipped)") }
        resources += mapping.resources(for: found)
        printError(
          "\(cluster): \(plural(found.tasks.count, "task")) on \(plural(found.instances.count, "instance")), \(plural(found.services.count, "service"))"
        )
      }
      if output == "json" {
        struct List: Encodable {
          let apiVersion = "v1"
          let kind = "List"
          var items: [MeshResource]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(
          try encoder.encode(List(items: resources)) + Data("\n".utf8))
      } else {
        print(try YAMLEncoder().encode(documents: resources), terminator: "")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard discover: \(error)\n\n\(help)")
      return 2
    } catch let error as AWSError where error.kind == .invalidRequest {
      printError("mesh-onboard discover: \(error)")
      return 2
    } catch {
      printError("mesh-onboard discover: \(error)")
      return 1
    }
  }
}

/// The AWS options the commands share: `--region`, `--profile`, `--endpoint-url`.
enum AWSOptions {
  /// The options' names.
  static let names: Set<String> = ["--region", "--profile", "--endpoint-url"]

  static func configuration(_ arguments: Arguments) throws -> AWSClientConfiguration {
    var environment = ProcessInfo.processInfo.environment
    if let profile = arguments.options["--profile"] { environment["AWS_PROFILE"] = profile }
    return try AWSClientConfiguration(
      region: arguments.options["--region"], endpoint: arguments.options["--endpoint-url"],
      environment: environment)
  }
}
