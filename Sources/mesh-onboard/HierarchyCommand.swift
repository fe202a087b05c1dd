import Foundation
import MeshModel
import MeshSupport
import YAMLCoding

/// `mesh-onboard hierarchy`: an organization's hierarchy rendered to Istio resources.
enum HierarchyCommand {
  static let help = """
    Usage: mesh-onboard hierarchy [--output yaml|json] FILE

    Reads an Organization (meshbridge.io/v1alpha1: tenants, workspaces and their groups,
    with settings as defaults or mandates), enforces every mandate, and prints the Istio
    resources of every workspace namespace: the groups' resources, and the
    PeerAuthentication, AuthorizationPolicies and Sidecar the settings stand for.

    Every rendered resource is validated as `mesh-onboard validate` does; problems are
    printed on standard error, and with an error (an invalid namespace or label value,
    say) no resource is printed.

    Exit status: 0 on success, 1 when a child weakens a mandate, the structure is wrong
    (the message names the part and the level) or a rendered resource is invalid, 2 on
    bad usage or unreadable input (FILE may be - for standard input).
    """

  static func run(_ raw: [String]) -> Int32 {
    do {
      let arguments = try Arguments(raw, valued: ["--output", "-o"])
      let output = arguments.options["--output"] ?? arguments.options["-o"] ?? "yaml"
      guard ["yaml", "json"].contains(output) else {
        throw Arguments.UsageError(description: "--output takes yaml or json")
      }
      guard arguments.positional.count == 1 else {
        throw Arguments.UsageError(description: "give one organization file")
      }
      let organization: Organization
      let file: InputFile
      do {
        file = try InputReader().read(file: arguments.positional[0])
      } catch {
        printError("mesh-onboard hierarchy: \(error)")
        return 2
      }
      do {
        organization = try YAMLDecoder().decode(Organization.self, from: file.contents)
      } catch {
        printError("mesh-onboard hierarchy: \(file.name): \(error)")
        return 2
      }
      let resolution = try HierarchyResolver.resolve(organization)
      // What validate would reject is not printed: `hierarchy | kubectl apply -f -` must
      // not apply half a hierarchy, nor exit 0 on one.
      let problems = resolution.validate()
      for (resource, issues) in problems {
        for issue in issues { printError("\(resource.displayName): \(issue)") }
      }
      let errors = problems.flatMap(\.issues).filter { $0.severity == .error }.count
      if errors > 0 {
        printError(
          "mesh-onboard hierarchy: the rendered resources are not valid: \(plural(errors, "error")) in \(plural(problems.count, "resource"))"
        )
        return 1
      }
      if output == "json" {
        try printJSON(KubernetesList(items: resolution.resources))
      } else {
        print(try YAMLEncoder().encode(documents: resolution.resources), terminator: "")
      }
      printError(
        "\(plural(resolution.resources.count, "resource")) for \(plural(resolution.workspaces.count, "workspace"))"
      )
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard hierarchy: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard hierarchy: \(error)")
      return 1
    }
  }
}
