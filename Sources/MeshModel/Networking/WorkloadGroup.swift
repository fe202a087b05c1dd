/// The spec of a WorkloadGroup: a template for WorkloadEntries that register themselves.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `WorkloadGroup`.
public struct WorkloadGroupSpec: Codable, Sendable, Hashable {
  /// Labels and annotations given to the generated WorkloadEntries.
  public var metadata: WorkloadGroupMetadata?
  /// Template for the generated WorkloadEntries.
  public var template: WorkloadEntrySpec
  /// Readiness check run by the proxy.
  public var probe: ReadinessProbe?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    metadata: WorkloadGroupMetadata? = nil,
    template: WorkloadEntrySpec,
    probe: ReadinessProbe? = nil
  ) {
    self.metadata = metadata
    self.template = template
    self.probe = probe
  }
}

/// Labels and annotations for generated WorkloadEntries.
public struct WorkloadGroupMetadata: Codable, Sendable, Hashable {
  /// Labels.
  public var labels: [String: String]?
  /// Annotations.
  public var annotations: [String: String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    labels: [String: String]? = nil,
    annotations: [String: String]? = nil
  ) {
    self.labels = labels
    self.annotations = annotations
  }
}

/// A readiness check run by the workload's proxy; exactly one of `httpGet`, `tcpSocket`, `exec`, `grpc`.
public struct ReadinessProbe: Codable, Sendable, Hashable {
  /// Seconds before the first check.
  public var initialDelaySeconds: Int32?
  /// Seconds before a check times out.
  public var timeoutSeconds: Int32?
  /// Seconds between checks.
  public var periodSeconds: Int32?
  /// Successes in a row to become ready.
  public var successThreshold: Int32?
  /// Failures in a row to become unready.
  public var failureThreshold: Int32?
  /// An HTTP GET check.
  public var httpGet: HTTPHealthCheckConfig?
  /// A TCP connect check.
  public var tcpSocket: TCPHealthCheckConfig?
  /// A command run on the host.
  public var exec: ExecHealthCheckConfig?
  /// A gRPC health check.
  public var grpc: GRPCHealthCheckConfig?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    initialDelaySeconds: Int32? = nil,
    timeoutSeconds: Int32? = nil,
    periodSeconds: Int32? = nil,
    successThreshold: Int32? = nil,
    failureThreshold: Int32? = nil,
    httpGet: HTTPHealthCheckConfig? = nil,
    tcpSocket: TCPHealthCheckConfig? = nil,
    exec: ExecHealthCheckConfig? = nil,
    grpc: GRPCHealthCheckConfig? = nil
  ) {
    self.initialDelaySeconds = initialDelaySeconds
    self.timeoutSeconds = timeoutSeconds
    self.periodSeconds = periodSeconds
    self.successThreshold = successThreshold
    self.failureThreshold = failureThreshold
    self.httpGet = httpGet
    self.tcpSocket = tcpSocket
    self.exec = exec
    self.grpc = grpc
  }
}

/// An HTTP GET readiness check.
public struct HTTPHealthCheckConfig: Codable, Sendable, Hashable {
  /// The path requested.
  public var path: String?
  /// The port.
  public var port: UInt32
  /// The host; the workload's address when empty.
  public var host: String?
  /// `HTTP` or `HTTPS`.
  public var scheme: String?
  /// Headers sent.
  public var httpHeaders: [HTTPHeader]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    path: String? = nil,
    port: UInt32,
    host: String? = nil,
    scheme: String? = nil,
    httpHeaders: [HTTPHeader]? = nil
  ) {
    self.path = path
    self.port = port
    self.host = host
    self.scheme = scheme
    self.httpHeaders = httpHeaders
  }
}

/// A header of a readiness check.
public struct HTTPHeader: Codable, Sendable, Hashable {
  /// The header's name.
  public var name: String?
  /// The header's value.
  public var value: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    value: String? = nil
  ) {
    self.name = name
    self.value = value
  }
}

/// A TCP connect readiness check.
public struct TCPHealthCheckConfig: Codable, Sendable, Hashable {
  /// The host; localhost when empty.
  public var host: String?
  /// The port.
  public var port: UInt32

  /// Creates a value; every parameter is the property of the same name.
  public init(
    host: String? = nil,
    port: UInt32
  ) {
    self.host = host
    self.port = port
  }
}

/// A command run as a readiness check.
public struct ExecHealthCheckConfig: Codable, Sendable, Hashable {
  /// The command and its arguments.
  public var command: [String]

  /// Creates a value; every parameter is the property of the same name.
  public init(
    command: [String]
  ) {
    self.command = command
  }
}

/// A gRPC health-check readiness check.
public struct GRPCHealthCheckConfig: Codable, Sendable, Hashable {
  /// The port.
  public var port: UInt32?
  /// The service name checked.
  public var service: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    port: UInt32? = nil,
    service: String? = nil
  ) {
    self.port = port
    self.service = service
  }
}
