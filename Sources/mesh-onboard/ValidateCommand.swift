import Foundation
import MeshModel
import MeshSupport
import YAMLCoding

/// `mesh-onboard validate`: this SDK's `istioctl validate`.
enum ValidateCommand {
  static let help = """
    Usage: mesh-onboard validate [--output text|json] [--lenient] PATH...

    Decodes every document of the given files (YAML or JSON; - for standard input;
    directories are searched for .yaml, .yml and .json files; Kubernetes Lists item by
    item) strictly, validates each Istio resource with Istio's rules and prints every
    problem as
      file:line:column: path: message
    The Kubernetes kinds analyze reads (Namespace, Service, Pod, Secret, ConfigMap) are
    accepted as they are; any other kind is an error at its kind. Warnings are printed
    too but do not fail the run.

    Options:
      --output text|json  How problems are printed (default text).
      --lenient           Ignore unknown fields instead of reporting them.

    Exit status: 0 when every resource is valid, 1 when any is not, 2 on bad usage or
    unreadable input.
    """

  static func run(_ arguments: [String]) -> Int32 {
    var output = "text"
    var options = YAMLDecoder.Options.strict
    var paths: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      switch argument {
      case "-h", "--help":
        print(help)
        return 0
      case "--lenient":
        options = .lenient
      case "--output", "-o":
        index += 1
        guard index < arguments.count, ["text", "json"].contains(arguments[index]) else {
          return usageError("--output takes text or json")
        }
        output = arguments[index]
      default:
        if argument.hasPrefix("-") && argument != "-" {
          return usageError("unknown option \(argument)")
        }
        paths.append(argument)
      }
      index += 1
    }
    if paths.isEmpty { return usageError("no files to validate") }

    // Other kinds are reported, not skipped: a misspelt kind must not pass as valid.
    let mesh: LoadedMesh
    do {
      mesh = try MeshLoader(options: options, unmodeledKinds: .report).load(paths: paths)
    } catch {
      printError("mesh-onboard: \(error)")
      return 2
    }
    let issues = mesh.issues
    let errors = issues.filter { $0.severity == .error }.count
    let warnings = issues.count - errors
    switch output {
    case "json":
      printJSON(issues)
    default:
      for issue in issues { printText(issue) }
    }
    let counted =
      "\(plural(mesh.objects.count, "resource")) in \(plural(mesh.files.count, "file"))"
    let summary =
      errors == 0
      ? "\(counted): valid" + (warnings > 0 ? " (\(plural(warnings, "warning")))" : "")
      : "\(counted): \(plural(errors, "error")), \(plural(warnings, "warning"))"
    // Problems on stdout first, then the summary on stderr, also when both are piped.
    fflush(nil)
    FileHandle.standardError.write(Data((summary + "\n").utf8))
    return errors == 0 ? 0 : 1
  }

  private static func printJSON(_ issues: [LocatedIssue]) {
    struct Entry: Encodable {
      var file: String
      var line: Int
      var column: Int
      var document: Int
      var path: String
      var level: String
      var code: String
      var message: String
      var resource: String?
    }
    let entries = issues.map {
      Entry(
        file: $0.file, line: $0.mark.line, column: $0.mark.column, document: $0.documentIndex,
        path: $0.path.description, level: $0.severity.description, code: $0.code.description,
        message: $0.message, resource: $0.resource?.description)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    if let data = try? encoder.encode(entries) { print(String(decoding: data, as: UTF8.self)) }
  }

  private static func usageError(_ message: String) -> Int32 {
    FileHandle.standardError.write(Data("mesh-onboard validate: \(message)\n\n\(help)\n".utf8))
    return 2
  }
}
