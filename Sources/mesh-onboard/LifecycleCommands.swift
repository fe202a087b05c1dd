import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshPKI
import MeshSupport

/// `mesh-onboard rotate`: renews the SVIDs of every bundle in a directory that is due.
enum RotateCommand {
  static let help = """
    Usage: mesh-onboard rotate --ca DIR --bundles DIR [--fraction 0.5] [--ttl 1h]

    Renews the SVID of each bundle under --bundles (written by `mesh-onboard bundle`)
    that has used --fraction of its lifetime, from the current SVID (proof of
    possession of its key), with the CA in --ca. The new key and chain replace the old
    ones by rename; running sidecars serve them without a restart. Run it from cron or a
    systemd timer well within the SVID lifetime.

    Exit status: 0 when every bundle is rotated or not due, 1 when any fails, 2 on bad
    usage.
    """

  static func run(_ raw: [String]) -> Int32 {
    do {
      let arguments = try Arguments(raw, valued: ["--ca", "--bundles", "--fraction", "--ttl"])
      try arguments.requireNoPositional()
      let fractionText = arguments.options["--fraction"] ?? "0.5"
      guard let fraction = Double(fractionText), (0...1).contains(fraction) else {
        throw Arguments.UsageError(description: "--fraction takes a number from 0 to 1")
      }
      let authority = try CACommand.loadCA(try arguments.required("--ca"))
      let rotation = BundleRotation(
        fraction: fraction,
        lifetime: try arguments.duration("--ttl", default: CertificateAuthority.DefaultTTL.svid))
      let results = rotation.rotateAll(
        in: URL(fileURLWithPath: try arguments.required("--bundles")), authority: authority)
      var failed = false
      for (name, result) in results.sorted(by: { $0.key < $1.key }) {
        switch result {
        case .success(.renewed(let notAfter)): print("\(name): renewed, valid until \(notAfter)")
        case .success(.notDue(let renewAt)): print("\(name): not due until \(renewAt)")
        case .failure(let error):
          failed = true
          printError("\(name): \(error)")
        }
      }
      return failed ? 1 : 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard rotate: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard rotate: \(error)")
      return 1
    }
  }
}

/// `mesh-onboard activate`: an SSM activation for ECS Anywhere hosts.
enum ActivateCommand {
  static let help = """
    Usage: mesh-onboard activate --cluster NAME [--role ROLE] [--count N]
                                 [--region R] [--profile P] [--endpoint-url URL]
                                 [--timeout SECONDS] [--connect-timeout SECONDS]

    Creates an SSM activation for N hosts (1 by default) that assume ROLE
    (ecsAnywhereRole by default), and prints the command that installs the agents on a
    host and registers it in the cluster. The activation code in that command is a
    secret: it is printed once, on standard output, and nowhere else.

    AWS options:
    \(AWSOptions.help)

    Exit status: 0 on success, 1 when AWS answers with an error or a call times out, 2 on
    bad usage (a malformed --endpoint-url included).
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw, valued: Set(["--cluster", "--role", "--count"]).union(AWSOptions.names))
      try arguments.requireNoPositional()
      let cluster = try arguments.required("--cluster")
      guard let count = Int(arguments.options["--count"] ?? "1"), count > 0 else {
        throw Arguments.UsageError(description: "--count takes a positive number")
      }
      let activation = try await ECSAnywhereActivator(
        configuration: try AWSOptions.configuration(arguments)
      ).activate(
        cluster: cluster, role: arguments.options["--role"] ?? "ecsAnywhereRole",
        registrationLimit: count)
      printError("created \(activation) for \(plural(count, "host")); run on each host:")
      print(activation.installCommand)
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard activate: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard activate: \(error)")
      return 1
    }
  }
}

/// `mesh-onboard inject`: a task definition with the mesh sidecar added.
enum InjectCommand {
  static let help = """
    Usage: mesh-onboard inject (--task-definition FAMILY[:REVISION]|ARN | --file FILE)
                               --bundle-path HOSTPATH [--mount-path PATH] [--admin-port N]
                               [--proxy-user UID:GID] [--register] [--region R]
                               [--profile P] [--endpoint-url URL]
                               [--timeout SECONDS] [--connect-timeout SECONDS]

    Adds the mesh sidecar to an ECS Anywhere task definition (read from ECS, or from a
    JSON file as DescribeTaskDefinition or `aws ecs describe-task-definition` prints it):
    the sidecar container (running as --proxy-user, \(SidecarContract.standard.proxyUser) by default; the bundle at
    HOSTPATH mounted read-only at --mount-path, \(SidecarContract.standard.mountPath) by default; a health
    check), the bundle volume, and every other container depending on the sidecar being
    healthy (the check asks the admin port's \(SidecarContract.standard.healthCheck.path), \(SidecarContract.standard.adminPort) unless the bundle
    moved it: give the same --admin-port). Prints the RegisterTaskDefinition request as
    JSON, or, with --register, registers it and prints the new revision's ARN.

    AWS options (used with --task-definition or --register):
    \(AWSOptions.help)

    Exit status: 0 on success, 1 when the definition cannot take the sidecar (the
    reason says why: it needs networkMode host) or AWS answers with an error or a call
    times out, 2 on bad usage (a malformed --endpoint-url included) or unreadable input.
    """

  static func run(_ raw: [String]) async -> Int32 {
    do {
      let arguments = try Arguments(
        raw,
        valued: Set([
          "--task-definition", "--file", "--bundle-path", "--mount-path", "--admin-port",
          "--proxy-user",
        ])
        .union(AWSOptions.names), flags: ["--register"])
      try arguments.requireNoPositional()
      var injector = SidecarInjector(
        bundleHostPath: try arguments.required("--bundle-path"),
        mountPath: arguments.options["--mount-path"] ?? SidecarContract.standard.mountPath)
      injector.adminPort = try arguments.port("--admin-port") ?? injector.adminPort
      injector.proxyUser = try arguments.owner("--proxy-user") ?? injector.proxyUser
      let needsECS = arguments.options["--file"] == nil || arguments.flags.contains("--register")
      let ecs = needsECS ? ECS(configuration: try AWSOptions.configuration(arguments)) : nil
      let definition: ECS.TaskDefinition
      if let file = arguments.options["--file"] {
        let data: Data
        do {
          data = Data(try InputReader().read(file: file).contents)
        } catch {
          printError("mesh-onboard inject: \(error)")
          return 2
        }
        do {
          // Either the bare definition or DescribeTaskDefinition's answer around it.
          if let wrapped = try? JSONDecoder().decode(
            ECS.DescribeTaskDefinitionResponse.self, from: data),
            let inner = wrapped.taskDefinition
          {
            definition = inner
          } else {
            definition = try JSONDecoder().decode(ECS.TaskDefinition.self, from: data)
          }
        } catch {
          printError(
            "mesh-onboard inject: \(file): not a task definition: \(describeDecoding(error))")
          return 2
        }
      } else if let name = arguments.options["--task-definition"], let ecs {
        guard
          let described = try await ecs.describeTaskDefinition(.init(taskDefinition: name))
            .taskDefinition
        else {
          throw InjectionError(
            .notFound, taskDefinition: name, reason: "ECS returned no definition")
        }
        definition = described
      } else {
        throw Arguments.UsageError(description: "give --task-definition or --file")
      }
      let request = try injector.inject(into: definition)
      if arguments.flags.contains("--register"), let ecs {
        let registered = try await ecs.registerTaskDefinition(request)
        print(registered.taskDefinition?.taskDefinitionArn ?? "registered")
      } else {
        try printJSON(request)
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard inject: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard inject: \(error)")
      return 1
    }
  }
}

/// A Foundation decoding error (JSONDecoder's) as one line naming the field and the
/// problem, instead of the enum dump `DecodingError` prints as.
private func describeDecoding(_ error: any Error) -> String {
  guard let error = error as? DecodingError else { return "\(error)" }
  func field(_ path: [any CodingKey]) -> String {
    path.isEmpty ? "" : path.map(\.stringValue).joined(separator: ".") + ": "
  }
  let text: String
  switch error {
  case .dataCorrupted(let context):
    // JSONSerialization's own words (line and column) sit in the underlying error.
    let detail = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"]
    text = field(context.codingPath) + context.debugDescription + (detail.map { " (\($0))" } ?? "")
  case .keyNotFound(let key, let context):
    text = field(context.codingPath) + "missing field \"\(key.stringValue)\""
  case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
    text = field(context.codingPath) + "expected \(type)"
  @unknown default:
    text = "\(error)"
  }
  return InputText.boundedMessage(text)
}
