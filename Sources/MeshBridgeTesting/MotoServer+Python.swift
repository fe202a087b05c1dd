import Foundation
internal import MeshSupport

extension MotoServer {
  /// The moto release the launcher patches and the project tests with (Scripts/bootstrap
  /// pins the same one).
  public static let motoVersion = "5.2.1"

  /// The command that installs moto's server into a Python environment.
  public static let installCommand = #"pip install "moto[server]==\#(motoVersion)""#

  /// The interpreter to run moto with: `explicit` when given, else the first of
  /// `MESHBRIDGE_PYTHON`, `.venv/bin/python` in `directory`, `python3` on `PATH`.
  /// - Throws: ``MotoServerError`` `pythonNotFound` naming what was looked at; an explicit
  ///   interpreter or `MESHBRIDGE_PYTHON` that is not an executable file is an error,
  ///   never a reason to look elsewhere.
  static func locatePython(
    explicit: URL?, environment: [String: String] = ProcessInfo.processInfo.environment,
    directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  ) throws -> URL {
    let hint =
      "MotoServer runs moto's server with Python 3: \(installCommand) into a virtual"
      + " environment (python3 -m venv .venv; .venv/bin/\(installCommand)) and run the tests"
      + " from its directory, or set MESHBRIDGE_PYTHON or MotoServer.Options.python to its"
      + " interpreter"
    if let explicit {
      guard isExecutable(explicit.path) else {
        throw MotoServerError(
          .pythonNotFound,
          message: "no Python interpreter at \(explicit.path) (Options.python); \(hint)")
      }
      return explicit
    }
    if let variable = environment["MESHBRIDGE_PYTHON"], !variable.isEmpty {
      guard isExecutable(variable) else {
        throw MotoServerError(
          .pythonNotFound,
          message: "no Python interpreter at \(variable) (MESHBRIDGE_PYTHON); \(hint)")
      }
      return URL(fileURLWithPath: variable)
    }
    let venv = directory.appendingPathComponent(".venv/bin/python")
    if isExecutable(venv.path) { return venv }
    if let python3 = try? ChildProcess.locate("python3") { return python3 }
    throw MotoServerError(
      .pythonNotFound,
      message: "no MESHBRIDGE_PYTHON, no \(venv.path) and no python3 on PATH; \(hint)")
  }

  private static func isExecutable(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      && !isDirectory.boolValue && FileManager.default.isExecutableFile(atPath: path)
  }
}
