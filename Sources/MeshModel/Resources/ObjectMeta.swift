import YAMLCoding

/// Kubernetes object metadata: the name, namespace, labels and annotations every mesh
/// resource carries, plus the server-set fields that `kubectl get -o yaml` prints, so such
/// output decodes strictly.
public struct ObjectMeta: Codable, Sendable, Hashable {
  /// The resource's name, unique per kind and namespace; a DNS-1123 subdomain.
  public var name: String?
  /// A prefix the API server completes to a unique name.
  public var generateName: String?
  /// The namespace; the reader's default namespace when absent.
  public var namespace: String?
  /// Identifying labels.
  public var labels: [String: String]?
  /// Non-identifying annotations.
  public var annotations: [String: String]?
  /// Set by the API server: the object's unique id.
  public var uid: String?
  /// Set by the API server: the object's version, for optimistic concurrency.
  public var resourceVersion: String?
  /// Set by the API server: the spec's generation.
  public var generation: Int64?
  /// Set by the API server: when the object was created (RFC 3339).
  public var creationTimestamp: String?
  /// Set by the API server: when deletion was requested (RFC 3339).
  public var deletionTimestamp: String?
  /// Finalizers that must run before deletion.
  public var finalizers: [String]?
  /// Objects that own this one.
  public var ownerReferences: [YAMLNode]?
  /// Set by the API server: which manager owns which fields.
  public var managedFields: [YAMLNode]?

  /// Creates metadata; every parameter is the property of the same name.
  public init(
    name: String? = nil,
    namespace: String? = nil,
    labels: [String: String]? = nil,
    annotations: [String: String]? = nil,
    generateName: String? = nil,
    uid: String? = nil,
    resourceVersion: String? = nil,
    generation: Int64? = nil,
    creationTimestamp: String? = nil,
    deletionTimestamp: String? = nil,
    finalizers: [String]? = nil,
    ownerReferences: [YAMLNode]? = nil,
    managedFields: [YAMLNode]? = nil
  ) {
    self.name = name
    self.generateName = generateName
    self.namespace = namespace
    self.labels = labels
    self.annotations = annotations
    self.uid = uid
    self.resourceVersion = resourceVersion
    self.generation = generation
    self.creationTimestamp = creationTimestamp
    self.deletionTimestamp = deletionTimestamp
    self.finalizers = finalizers
    self.ownerReferences = ownerReferences
    self.managedFields = managedFields
  }

  enum CodingKeys: String, CodingKey {
    case name, generateName, namespace, labels, annotations, uid, resourceVersion, generation
    case creationTimestamp, deletionTimestamp, finalizers, ownerReferences, managedFields
  }
}
