import ECSClient
import Foundation
internal import MeshSupport

/// moto's AWS server on 127.0.0.1 for a test: signatures checked, ECS Anywhere's on-prem
/// hosts and host ports as ECS has them, an IAM user's key to sign with, and an
/// ``AWSClientConfiguration`` pointing at it.
///
/// It runs the product's launcher (moto patched for what it lacks of ECS Anywhere:
/// SSM managed instances and their addresses, EXTERNAL task definitions and services,
/// host port bindings, `ListTasks` pages) with the Python interpreter that
/// ``Options/python`` names or that it finds. moto checks every request's signature but
/// the first three, which create the IAM user, its allow-all policy and its access key;
/// every call made with ``credentials`` is signed and checked, and a wrong secret gets
/// `SignatureDoesNotMatch`.
///
/// ```swift
/// try await MotoServer.withServer { moto in
///   _ = try await moto.seed(.example)
///   let ecs = ECS(configuration: moto.configuration)
///   let tasks = try await ecs.listTasks(.init(cluster: "onprem-east"))
/// }
/// ```
///
/// The server stops with ``stop()``, when the instance is released, at the end of
/// ``withServer(_:_:)``, and when the test process ends without stopping it (the launcher
/// watches its parent): moto and any process it started, never a stray server.
public final class MotoServer: Sendable {
  /// The server's base URL, `http://127.0.0.1:<port>`.
  public let endpoint: URL
  /// The region of ``configuration``.
  public let region: String
  /// The IAM user's access key (allowed every action), which every request must be
  /// signed with. Its description names the key id only.
  public let credentials: AWSCredentials
  /// A configuration for ECSClient's service clients (`ECS`, `SSM`, `STS`): ``region``,
  /// ``endpoint`` and ``credentials``, the rest at its defaults. Copy and change it for
  /// other retries or timeouts.
  public let configuration: AWSClientConfiguration
  /// The EC2 instances ``Options/ec2Instances`` asked for.
  public let ec2InstanceIDs: [String]
  /// The launcher's process ID (which leads the process group moto runs in), for
  /// diagnostics.
  public let processID: Int32
  private let launcher: MotoLauncher

  /// Starts moto and creates the IAM user and its key (and EC2 instances when asked for).
  ///
  /// - Parameter options: The interpreter, region, EC2 instances and start timeout.
  /// - Throws: ``MotoServerError``: `pythonNotFound` or `motoNotInstalled`, each saying
  ///   what is missing and how to install it; `launcherNotFound`, `didNotStart`,
  ///   `bootstrapFailed` or `invalidOptions`. `CancellationError` when the task is
  ///   cancelled (the server is stopped).
  public init(_ options: Options = Options()) async throws {
    try options.validate()
    let python = try Self.locatePython(explicit: options.python)
    let bootstrapScript = try MotoLauncher.resource("moto_bootstrap")
    let (launcher, endpoint) = try await Self.launch(python: python, options: options)
    let bootstrap = try await Self.bootstrap(
      python: python, script: bootstrapScript, endpoint: endpoint, options: options)
    self.launcher = launcher
    self.endpoint = endpoint
    region = options.region
    credentials = AWSCredentials(
      accessKeyID: bootstrap.key, secretAccessKey: bootstrap.secret)
    ec2InstanceIDs = bootstrap.instances
    processID = launcher.processID
    configuration = try AWSClientConfiguration(
      region: options.region, endpoint: endpoint,
      credentials: StaticCredentialsProvider(credentials))
  }

  deinit {
    launcher.stop()
  }

  /// Runs `body` with a server that is stopped when `body` returns or throws.
  ///
  /// - Parameters:
  ///   - options: As for ``init(_:)``.
  ///   - body: The test's work with the server.
  /// - Returns: What `body` returns.
  /// - Throws: What ``init(_:)`` throws, or what `body` throws.
  public static func withServer<Value: Sendable>(
    _ options: Options = Options(), _ body: (MotoServer) async throws -> Value
  ) async throws -> Value {
    let server = try await MotoServer(options)
    defer { server.stop() }
    return try await body(server)
  }

  /// Stops moto and every process it started, and returns once they have ended. Calling
  /// it again does nothing.
  public func stop() {
    launcher.stop()
  }

  /// Starts the launcher on a free port and waits until moto listens there.
  private static func launch(python: URL, options: Options) async throws -> (
    MotoLauncher, URL
  ) {
    // A port free when checked may be taken before moto binds it: another try or two.
    for attempt in 1...3 {
      guard let port = LoopbackPort.free(),
        let endpoint = URL(string: "http://127.0.0.1:\(port)")
      else {
        throw MotoServerError(
          .didNotStart, message: "no free port on 127.0.0.1 in \(LoopbackPort.range)")
      }
      let launcher = try MotoLauncher(python: python, port: port)
      if await launcher.waitUntilListening(timeout: options.startTimeout) {
        return (launcher, endpoint)
      }
      launcher.stop()
      let output = launcher.output
      if attempt < 3, output.contains("Address already in use") { continue }
      throw startFailure(python: python, output: output, ended: launcher.hasEnded)
    }
    throw MotoServerError(.didNotStart, message: "moto found no free port in three tries")
  }

  /// What the bootstrap prints.
  private struct Bootstrap: Decodable {
    var key: String
    var secret: String
    var instances: [String]
  }

  /// Creates the IAM user, its policy and key (the unsigned requests), then the EC2
  /// instances (signed with the key).
  private static func bootstrap(
    python: URL, script: URL, endpoint: URL, options: Options
  ) async throws -> Bootstrap {
    let (seconds, _) = options.startTimeout.components
    let result: ChildProcess.Result
    do {
      result = try await ChildProcess.run(
        python,
        arguments: [
          script.path, endpoint.absoluteString, options.region, String(options.ec2Instances),
        ],
        input: Data(), timeout: TimeInterval(max(seconds, 1)))
    } catch let failure as ChildProcess.Failure {
      throw MotoServerError(.bootstrapFailed, message: failure.description)
    }
    guard result.status == 0, !result.bySignal,
      let bootstrap = try? JSONDecoder().decode(Bootstrap.self, from: result.standardOutput)
    else {
      // What Python printed on its standard error (a traceback), never its output,
      // which holds the secret.
      let errors = String(decoding: result.standardError, as: UTF8.self)
      throw MotoServerError(
        .bootstrapFailed,
        message: "creating the IAM user and key on moto at \(endpoint.absoluteString) failed"
          + " (exit \(result.status)): \(errors.suffix(800))")
    }
    return bootstrap
  }

  /// The error for a launcher that did not say it was listening.
  private static func startFailure(python: URL, output: String, ended: Bool) -> MotoServerError {
    // The launcher's one line for an import that failed (see its header).
    if let marker = output.range(of: "missing-module: ") {
      let module = output[marker.upperBound...].prefix { !$0.isNewline }
      return MotoServerError(
        .motoNotInstalled,
        message: "\(python.path) cannot import \(module): moto's server is not installed for"
          + " that interpreter; install it with \(python.path) -m \(installCommand)")
    }
    return MotoServerError(
      .didNotStart,
      message: "moto (\(python.path)) "
        + (ended ? "exited before listening" : "did not start listening in time")
        + ": \(output.suffix(800))")
  }
}
