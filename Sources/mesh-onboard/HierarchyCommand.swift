import Foundation
import MeshModel
import YAMLCoding

/// `mesh-onboard hierarchy`: an organization's hierarchy rendered to Istio resources.
enum HierarchyCommand {
  static let help = """
    Usage: mesh-onboard hierarchy [--output yaml|json] FILE

    Reads an Organization (meshbridge.io/v1alpha1: tenants, workspaces and their groups,
    with settings as defaults or mandates), enforces every mandate, and prints the Istio
    resources of every workspace namespace: the groups' resources, and the
    PeerAuthentication, AuthorizationPolicies and Sidecar the settings stand for.

    Exit status: 0 on success, 1 when a child weakens a mandate or the structure is
    wrong (the message names the part and the level), 2 on bad usage or unreadable input.
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
      do {
        let file = try InputFile.collect(arguments.positional)[0]
        organization = try YAMLDecoder().decode(Organization.self, from: file.contents)
      } catch {
        printError("mesh-onboard hierarchy: \(arguments.positional[0]): \(error)")
        return 2
      }
      let resolution = try HierarchyResolver.resolve(organization)
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
