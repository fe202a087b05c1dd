import Foundation
import MeshSupport

// mesh-onboard: the example executable that shows MeshBridge's flow. Each subcommand
// lives in a file of its own; this file only dispatches.

// Before anything opens a descriptor: a closed standard input must not be mistaken for
// whatever file would be opened as descriptor 0 next.
_ = StandardInput.wasClosed

let arguments = Array(CommandLine.arguments.dropFirst())
let commandArguments = Array(arguments.dropFirst())
let status: Int32

// The commands with one help text answer -h and --help here; `ca` and `validate` read
// their own arguments.
let helps = [
  "analyze": AnalyzeCommand.help, "hierarchy": HierarchyCommand.help,
  "discover": DiscoverCommand.help, "bundle": BundleCommand.help, "sidecar": SidecarCommand.help,
  "rotate": RotateCommand.help, "activate": ActivateCommand.help, "inject": InjectCommand.help,
  "demo": DemoCommand.help, "view": ViewCommand.help, "contract": ContractCommand.help,
]
if let command = arguments.first, let help = helps[command],
  commandArguments.contains("-h") || commandArguments.contains("--help")
{
  print(help)
  exit(0)
}

switch arguments.first {
case "validate":
  status = ValidateCommand.run(commandArguments)
case "ca":
  status = CACommand.run(commandArguments)
case "analyze":
  status = AnalyzeCommand.run(commandArguments)
case "hierarchy":
  status = HierarchyCommand.run(commandArguments)
case "discover":
  status = await DiscoverCommand.run(commandArguments)
case "bundle":
  status = await BundleCommand.run(commandArguments)
case "inject":
  status = await InjectCommand.run(commandArguments)
case "rotate":
  status = RotateCommand.run(commandArguments)
case "activate":
  status = await ActivateCommand.run(commandArguments)
case "demo":
  status = await DemoCommand.run(commandArguments)
case "sidecar":
  status = SidecarCommand.run(commandArguments)
case "view":
  status = await ViewCommand.run(commandArguments)
case "contract":
  status = ContractCommand.run(commandArguments)
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
