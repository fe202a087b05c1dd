import YAMLCoding

/// The spec of one kind of mesh resource: which API group and kind it belongs to.
///
/// Each Istio kind's spec conforms (``VirtualServiceSpec``, ``DestinationRuleSpec``, ...);
/// ``Resource`` wraps a spec with `apiVersion`, `kind` and `metadata`.
public protocol ResourceSpec: Codable, Sendable, Hashable {
  /// The API group, such as `networking.istio.io`.
  static var group: String { get }
  /// The kind, such as `VirtualService`.
  static var kind: String { get }
  /// The API versions that serve the kind, preferred first.
  static var servedVersions: [String] { get }
}

/// A mesh resource as Kubernetes stores it: `apiVersion`, `kind`, `metadata` and `spec`.
///
/// ```swift
/// let route = VirtualService(
///     metadata: ObjectMeta(name: "reviews", namespace: "bookinfo"),
///     spec: VirtualServiceSpec(hosts: ["reviews"], http: [HTTPRoute(route: [
///         HTTPRouteDestination(destination: Destination(host: "reviews", subset: "v1"))
///     ])]))
/// ```
///
/// Decoding checks that `kind` matches and that `apiVersion` names the kind's group and a
/// served version (`v1`, and the older `v1beta1`/`v1alpha3` Istio still serves).
public struct Resource<Spec: ResourceSpec>: Codable, Sendable, Hashable {
  /// `group/version`; the group's preferred version by default.
  public var apiVersion: String
  /// The name, namespace, labels and annotations.
  public var metadata: ObjectMeta
  /// The kind's configuration.
  public var spec: Spec
  /// Status written by the control plane, kept as it was read.
  public var status: YAMLNode?

  /// The kind, such as `VirtualService`.
  public var kind: String { Spec.kind }

  /// Creates a resource at the preferred API version unless another is given.
  public init(
    apiVersion: String = Spec.group + "/" + (Spec.servedVersions.first ?? "v1"),
    metadata: ObjectMeta,
    spec: Spec, status: YAMLNode? = nil
  ) {
    self.apiVersion = apiVersion
    self.metadata = metadata
    self.spec = spec
    self.status = status
  }

  enum CodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, spec, status
  }

  /// Decodes a resource, checking `apiVersion` and `kind`.
  /// - Throws: `DecodingError.dataCorrupted` at `apiVersion` or `kind` when they do not
  ///   name this kind; the decoder's errors for the rest.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try container.decode(String.self, forKey: .kind)
    guard kind == Spec.kind else {
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: container, debugDescription: "expected kind \(Spec.kind), found \(kind)")
    }
    apiVersion = try container.decode(String.self, forKey: .apiVersion)
    guard Self.servesAPIVersion(apiVersion) else {
      throw DecodingError.dataCorruptedError(
        forKey: .apiVersion, in: container,
        debugDescription: "\(Spec.kind) is served as "
          + Spec.servedVersions.map { "\(Spec.group)/\($0)" }.joined(separator: ", ")
          + ", not \(apiVersion)")
    }
    metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    spec = try container.decode(Spec.self, forKey: .spec)
    status = try container.decodeIfPresent(YAMLNode.self, forKey: .status)
  }

  /// Encodes `apiVersion`, `kind`, `metadata`, `spec` and `status` in that order.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(apiVersion, forKey: .apiVersion)
    try container.encode(Spec.kind, forKey: .kind)
    try container.encode(metadata, forKey: .metadata)
    try container.encode(spec, forKey: .spec)
    try container.encodeIfPresent(status, forKey: .status)
  }

  /// Whether `apiVersion` is `group/version` for this kind's group and a served version.
  public static func servesAPIVersion(_ apiVersion: String) -> Bool {
    guard let slash = apiVersion.lastIndex(of: "/") else { return false }
    return apiVersion[..<slash] == Spec.group
      && Spec.servedVersions.contains(String(apiVersion[apiVersion.index(after: slash)...]))
  }
}
