let usage = """
  Usage: mesh-onboard <command> [options]

  Commands:
    validate [--output text|json] [--lenient] PATH...
        Decode and validate Istio resources in YAML or JSON files, directories
        (every .yaml, .yml and .json file below them) or standard input (-), the way
        `istioctl validate` does. Prints each problem as
        file:line:column: path: message and exits 1 when any resource is invalid.

  Run `mesh-onboard <command> --help` for a command's options.
  """
