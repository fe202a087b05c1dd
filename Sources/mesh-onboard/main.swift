import Foundation

// mesh-onboard: the example executable that shows MeshBridge's flow. Each subcommand
// lives in a file of its own; this file only dispatches.

let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32

switch arguments.first {
case "validate":
  status = ValidateCommand.run(Array(arguments.dropFirst()))
case "ca":
  status = CACommand.run(Array(arguments.dropFirst()))
case "analyze":
  status = AnalyzeCommand.run(Array(arguments.dropFirst()))
case "hierarchy":
  status = HierarchyCommand.run(Array(arguments.dropFirst()))
case "discover":
  status = await DiscoverCommand.run(Array(arguments.dropFirst()))
case "bundle":
  status = await BundleCommand.run(Array(arguments.dropFirst()))
case "sidecar":
  status = SidecarCommand.run(Array(arguments.dropFirst()))
case "-h", "--help", "help":
  print(usage)
  status = 0
case nil:
  FileHandle.standardError.write(Data((usage + "\n").utf8))
  status = 2
default:
  FileHandle.standardError.write(
    Data("mesh-onboard: unknown command \"\(arguments[0])\"\n\n\(usage)\n".utf8))
  status = 2
}
exit(status)
