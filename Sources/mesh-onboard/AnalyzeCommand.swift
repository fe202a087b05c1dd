import Foundation
import MeshModel
import MeshSupport
import YAMLCoding

/// `mesh-onboard analyze`: this SDK's `istioctl analyze`, over files.
enum AnalyzeCommand {
  static let help = """
    Usage: mesh-onboard analyze [--output log|json|yaml] [--suppress "CODE=Kind NAME"]...
                                [--failure-threshold Info|Warning|Error]
                                [--output-threshold Info|Warning|Error] [--list-analyzers]
                                PATH...

    Reads mesh resources and the Kubernetes objects the analyzers use (Namespace, Service,
    Pod, Secret, ConfigMap) from files, directories or standard input (-), runs every
    analyzer across them, and prints each finding as istioctl does:
      Error [IST0101] (VirtualService shop/reviews mesh.yaml:12) Referenced host not found: "reviews"

    Options:
      --output log|json|yaml     How findings are printed (default log).
      --suppress "CODE=Kind N"   Leave out a code for resources whose name.namespace
                                 matches N (* matches anything); repeatable. Resources
                                 can also carry galley.istio.io/analyze-suppress: CODE,...
      --failure-threshold LEVEL  The level from which findings fail the run (default Error).
      --output-threshold LEVEL   The level from which findings are printed (default Info).
      --list-analyzers           Print the analyzers and their codes, and exit.

    Exit status: 0 when no finding reaches the failure threshold, 79 when one does (as
    istioctl), 2 on bad usage or unreadable input.
    """

  static func run(_ raw: [String]) -> Int32 {
    do {
      let arguments = try Arguments(
        raw, valued: ["--output", "-o", "--failure-threshold", "--output-threshold"],
        repeated: ["--suppress"], flags: ["--list-analyzers", "-L"])
      let suppressions = try arguments.values("--suppress").map { text in
        guard let suppression = AnalysisSuppression(text) else {
          throw Arguments.UsageError(description: "--suppress takes \"CODE=Kind name.namespace\"")
        }
        return suppression
      }
      if arguments.flags.contains("--list-analyzers") || arguments.flags.contains("-L") {
        for analyzer in MeshAnalysis.analyzers {
          print("\(analyzer.name): \(analyzer.messageTypes.map(\.code).joined(separator: ", "))")
        }
        return 0
      }
      let output = arguments.options["--output"] ?? arguments.options["-o"] ?? "log"
      guard ["log", "json", "yaml"].contains(output) else {
        throw Arguments.UsageError(description: "--output takes log, json or yaml")
      }
      let failureThreshold = try level(arguments.options["--failure-threshold"], default: .error)
      let outputThreshold = try level(arguments.options["--output-threshold"], default: .info)
      guard !arguments.positional.isEmpty else {
        throw Arguments.UsageError(description: "no files to analyze")
      }
      let input: LoadedMesh
      do {
        input = try MeshLoader().load(paths: arguments.positional)
      } catch {
        printError("mesh-onboard analyze: \(error)")
        return 2
      }
      let findings =
        (MeshAnalysis.messages(for: input.issues) + MeshAnalysis.run(input.inventory))
        .filter { message in !suppressions.contains { $0.matches(message) } }
        .sorted(by: MeshAnalysis.order)
      let shown = findings.filter { $0.severity >= outputThreshold }
      switch output {
      case "json":
        try printJSON(shown)
      case "yaml":
        print(try YAMLEncoder().encode(shown), terminator: "")
      default:
        for message in shown { printText(message) }
      }
      if findings.contains(where: { $0.severity >= failureThreshold }) {
        printError(
          "Error: Analyzers found issues when analyzing \(plural(input.files.count, "file")).")
        return 79
      }
      if shown.isEmpty {
        printError(
          "✔ No validation issues found when analyzing \(plural(input.files.count, "file")).")
      }
      return 0
    } catch let error as Arguments.UsageError {
      printError("mesh-onboard analyze: \(error)\n\n\(help)")
      return 2
    } catch {
      printError("mesh-onboard analyze: \(error)")
      return 2
    }
  }

  private static func level(_ text: String?, default fallback: Severity) throws
    -> Severity
  {
    guard let text else { return fallback }
    guard
      let level = Severity.allCases.first(where: {
        $0.rawValue.lowercased() == text.lowercased()
      })
    else {
      throw Arguments.UsageError(description: "a threshold is Info, Warning or Error, not \(text)")
    }
    return level
  }
}
