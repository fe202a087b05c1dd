import YAMLCoding

extension Kubernetes {
  /// The Kubernetes kinds the analyzers look at beside the mesh resources, so that a mesh
  /// spanning Kubernetes and ECS Anywhere is analyzed as one.
  ///
  /// They decode leniently (only the fields analysis needs are read; the rest of a real
  /// manifest is accepted as it is), unlike the Istio kinds, which decode strictly.
  public enum Object: Decodable, Sendable, Hashable {
    /// A `Namespace`: where `istio-injection` and `istio.io/rev` labels select injection.
    case namespace(Namespace)
    /// A `Service`: the host name and ports a route or destination rule names.
    case service(Service)
    /// A `Pod`: the workload a sidecar runs beside, picked by labels.
    case pod(Pod)
    /// A `Deployment` (`apps/v1`): the pods it makes, as its template describes them.
    case deployment(Deployment)
    /// A `Secret`: the credentials a gateway's TLS `credentialName` refers to.
    case secret(Secret)
    /// A `ConfigMap`, such as Istio's mesh configuration.
    case configMap(ConfigMap)

    /// The kinds (core `v1`, and `apps/v1` for Deployment).
    public static let knownKinds = [
      "Namespace", "Service", "Pod", "Deployment", "Secret", "ConfigMap",
    ]

    /// Reads an object from a manifest, by its `kind`, reading only the fields analysis needs.
    ///
    /// - Parameter decoder: A decoder holding one manifest's mapping.
    /// - Throws: `DecodingError` when the document is not a mapping or its `kind` is none of
    ///   ``knownKinds``.
    public init(from decoder: any Decoder) throws {
      let node = try YAMLNode(readingEveryKeyOf: decoder)
      let metadata = try ObjectMeta.lenient(node["metadata"])
      switch node["kind"]?.stringValue {
      case "Namespace": self = .namespace(Namespace(metadata: metadata))
      case "Service": self = .service(Service(metadata: metadata, spec: node["spec"]))
      case "Pod": self = .pod(Pod(metadata: metadata, spec: node["spec"]))
      case "Deployment":
        self = .deployment(try Deployment(metadata: metadata, spec: node["spec"]))
      case "Secret":
        self = .secret(
          Secret(
            metadata: metadata, type: node["type"]?.stringValue,
            keys: Set(node["data"]?.objectKeys ?? []).union(node["stringData"]?.objectKeys ?? [])))
      case "ConfigMap":
        var data: [String: String] = [:]
        if case .object(let values)? = node["data"] {
          for (key, value) in values { data[key] = value.stringValue }
        }
        self = .configMap(ConfigMap(metadata: metadata, data: data))
      case let kind:
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "not a Kubernetes kind the inventory reads: \(kind ?? "none")"))
      }
    }

    /// The kind, such as `Pod`.
    public var kind: String {
      switch self {
      case .namespace: "Namespace"
      case .service: "Service"
      case .pod: "Pod"
      case .deployment: "Deployment"
      case .secret: "Secret"
      case .configMap: "ConfigMap"
      }
    }

    /// The object's metadata.
    public var metadata: ObjectMeta {
      switch self {
      case .namespace(let object): object.metadata
      case .service(let object): object.metadata
      case .pod(let object): object.metadata
      case .deployment(let object): object.metadata
      case .secret(let object): object.metadata
      case .configMap(let object): object.metadata
      }
    }
  }

  /// A Kubernetes Namespace.
  public struct Namespace: Sendable, Hashable {
    /// The namespace's name and labels (the injection labels among them).
    public var metadata: ObjectMeta

    /// Creates a value; every parameter is the property of the same name.
    public init(metadata: ObjectMeta) {
      self.metadata = metadata
    }
  }

  /// A Kubernetes Service: the pods its selector picks, behind its ports.
  public struct Service: Sendable, Hashable {
    /// One service port.
    public struct Port: Sendable, Hashable {
      /// The port's name; Istio infers the protocol from a prefix such as `http-` or `grpc-`.
      public var name: String?
      /// The port the service listens on.
      public var port: UInt32
      /// The pod port, by number or by container port name.
      public var targetPort: String?
      /// The transport protocol: `TCP` (the default), `UDP` or `SCTP`.
      public var `protocol`: String?
      /// The application protocol (`http`, `grpc`, …), which Istio prefers to the port's name.
      public var appProtocol: String?

      /// Creates a value; every parameter is the property of the same name.
      public init(
        name: String? = nil, port: UInt32, targetPort: String? = nil, protocol: String? = nil,
        appProtocol: String? = nil
      ) {
        self.name = name
        self.port = port
        self.targetPort = targetPort
        self.protocol = `protocol`
        self.appProtocol = appProtocol
      }
    }

    /// The service's name and namespace, which make its host name.
    public var metadata: ObjectMeta
    /// The labels a pod must have to be behind the service; empty when it selects none.
    public var selector: [String: String]
    /// The ports the service exposes.
    public var ports: [Port]

    /// Creates a value; every parameter is the property of the same name.
    public init(metadata: ObjectMeta, selector: [String: String] = [:], ports: [Port] = []) {
      self.metadata = metadata
      self.selector = selector
      self.ports = ports
    }

    init(metadata: ObjectMeta, spec: YAMLNode?) {
      self.metadata = metadata
      selector = spec?["selector"]?.stringMap ?? [:]
      ports = (spec?["ports"]?.arrayValue ?? []).compactMap { port in
        guard let number = port["port"]?.intValue else { return nil }
        return Port(
          name: port["name"]?.stringValue, port: UInt32(clamping: number),
          targetPort: port["targetPort"]?.scalarText, protocol: port["protocol"]?.stringValue,
          appProtocol: port["appProtocol"]?.stringValue)
      }
    }

    /// The service's host name in the mesh: `name.namespace.svc.<domain>`.
    public func host(clusterDomain: String = "cluster.local") -> String {
      "\(metadata.name ?? "").\(metadata.namespace ?? "default").svc.\(clusterDomain)"
    }
  }

  /// A Kubernetes Pod: its labels and what its containers run as.
  public struct Pod: Sendable, Hashable {
    /// One container.
    public struct Container: Sendable, Hashable {
      /// The container's name, unique in its pod (`istio-proxy` for the sidecar).
      public var name: String
      /// The image the container runs.
      public var image: String?
      /// The container's `securityContext.runAsUser`, which overrides the pod's.
      public var runAsUser: Int?

      /// Creates a value; every parameter is the property of the same name.
      public init(name: String, image: String? = nil, runAsUser: Int? = nil) {
        self.name = name
        self.image = image
        self.runAsUser = runAsUser
      }
    }

    /// The pod's name, namespace, labels (what selectors match) and annotations.
    public var metadata: ObjectMeta
    /// The service account the pod runs as, which makes its workload identity.
    public var serviceAccountName: String?
    /// The pod-level `securityContext.runAsUser`.
    public var runAsUser: Int?
    /// The pod's containers, the sidecar among them once injected.
    public var containers: [Container]

    /// Creates a value; every parameter is the property of the same name.
    public init(
      metadata: ObjectMeta, serviceAccountName: String? = nil, runAsUser: Int? = nil,
      containers: [Container] = []
    ) {
      self.metadata = metadata
      self.serviceAccountName = serviceAccountName
      self.runAsUser = runAsUser
      self.containers = containers
    }

    init(metadata: ObjectMeta, spec: YAMLNode?) {
      self.metadata = metadata
      serviceAccountName = spec?["serviceAccountName"]?.stringValue
      runAsUser = spec?["securityContext"]?["runAsUser"]?.intValue
      containers = (spec?["containers"]?.arrayValue ?? []).map { container in
        Container(
          name: container["name"]?.stringValue ?? "", image: container["image"]?.stringValue,
          runAsUser: container["securityContext"]?["runAsUser"]?.intValue)
      }
    }
  }

  /// A Kubernetes Deployment: which pods it owns (its selector) and what they are (its
  /// pod template, with the template's labels and annotations as the pods' metadata).
  public struct Deployment: Sendable, Hashable {
    /// The deployment's name, namespace, labels and annotations.
    public var metadata: ObjectMeta
    /// How many pods it keeps running; nil when the manifest leaves it to the default (1).
    public var replicas: Int?
    /// `spec.selector.matchLabels`: the labels of the pods it owns.
    public var selector: [String: String]
    /// The pods it makes: the template's labels and annotations (in the deployment's
    /// namespace), service account and containers.
    public var template: Pod

    /// Creates a value; every parameter is the property of the same name.
    public init(
      metadata: ObjectMeta, replicas: Int? = nil, selector: [String: String] = [:],
      template: Pod
    ) {
      self.metadata = metadata
      self.replicas = replicas
      self.selector = selector
      self.template = template
    }

    init(metadata: ObjectMeta, spec: YAMLNode?) throws {
      self.metadata = metadata
      replicas = spec?["replicas"]?.intValue
      var selector: [String: String] = [:]
      if case .object(let labels)? = spec?["selector"]?["matchLabels"] {
        for (key, value) in labels { selector[key] = value.stringValue }
      }
      self.selector = selector
      var podMetadata = try ObjectMeta.lenient(spec?["template"]?["metadata"])
      podMetadata.namespace = podMetadata.namespace ?? metadata.namespace
      template = Pod(metadata: podMetadata, spec: spec?["template"]?["spec"])
    }
  }

  /// A Kubernetes Secret: its type and the names of its keys (never their values).
  public struct Secret: Sendable, Hashable {
    /// The secret's name and namespace.
    public var metadata: ObjectMeta
    /// The secret's type, such as `kubernetes.io/tls`.
    public var type: String?
    /// The names of the keys in `data` and `stringData`, such as `tls.crt` and `tls.key`.
    public var keys: Set<String>

    /// Creates a value; every parameter is the property of the same name.
    public init(metadata: ObjectMeta, type: String? = nil, keys: Set<String> = []) {
      self.metadata = metadata
      self.type = type
      self.keys = keys
    }
  }

  /// A Kubernetes ConfigMap; Istio's mesh configuration is one (`istio` in the root
  /// namespace, its `mesh` key).
  public struct ConfigMap: Sendable, Hashable {
    /// The config map's name and namespace.
    public var metadata: ObjectMeta
    /// The config map's entries, by key.
    public var data: [String: String]

    /// Creates a value; every parameter is the property of the same name.
    public init(metadata: ObjectMeta, data: [String: String] = [:]) {
      self.metadata = metadata
      self.data = data
    }
  }
}

extension ObjectMeta {
  /// The metadata fields analysis reads, from any object's `metadata`.
  static func lenient(_ node: YAMLNode?) throws -> ObjectMeta {
    ObjectMeta(
      name: node?["name"]?.stringValue, namespace: node?["namespace"]?.stringValue,
      labels: node?["labels"]?.stringMap, annotations: node?["annotations"]?.stringMap)
  }
}

/// A coding key for any name, to read every key of a mapping.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

extension YAMLNode {
  /// The mapping `decoder` holds, read key by key through a keyed container, so that a
  /// strict decoder counts every key as read (this kind's fields are read leniently).
  init(readingEveryKeyOf decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    var values: [String: YAMLNode] = [:]
    for key in container.allKeys {
      values[key.stringValue] = try container.decode(YAMLNode.self, forKey: key)
    }
    self = .object(values)
  }

  var arrayValue: [YAMLNode]? {
    if case .array(let values) = self { return values }
    return nil
  }

  var intValue: Int? {
    switch self {
    case .int(let value): value
    case .string(let text): Int(text)
    default: nil
    }
  }

  /// A scalar as text: strings as they are, numbers in decimal.
  var scalarText: String? {
    switch self {
    case .string(let text): text
    case .int(let value): String(value)
    default: nil
    }
  }

  var objectKeys: [String]? {
    if case .object(let values) = self { return Array(values.keys) }
    return nil
  }

  /// A mapping of strings (labels, selectors); other values are left out.
  var stringMap: [String: String]? {
    guard case .object(let values) = self else { return nil }
    return values.compactMapValues(\.scalarText)
  }
}
