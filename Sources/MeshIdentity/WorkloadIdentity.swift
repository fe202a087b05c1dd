/// The identity Istio gives a workload: its service account in its namespace, in the
/// mesh's trust domain, as the SPIFFE ID `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`.
///
/// ```swift
/// let orders = try WorkloadIdentity(
///   trustDomain: TrustDomain("example.org"), namespace: "shop", serviceAccount: "orders")
/// orders.spiffeID.uri   // "spiffe://example.org/ns/shop/sa/orders"
/// orders.principal      // "example.org/ns/shop/sa/orders", as AuthorizationPolicy writes it
/// ```
public struct WorkloadIdentity: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
  /// The trust domain.
  public let trustDomain: TrustDomain
  /// The namespace.
  public let namespace: String
  /// The service account.
  public let serviceAccount: String

  /// Creates the identity of `serviceAccount` in `namespace`.
  /// - Throws: ``IdentityError`` with ``IdentityError/Code/invalidWorkloadName`` when the
  ///   namespace or service account cannot be a segment of a SPIFFE ID's path.
  public init(trustDomain: TrustDomain, namespace: String, serviceAccount: String) throws {
    try SPIFFEIDRules.checkSegment(namespace, code: .invalidWorkloadName)
    try SPIFFEIDRules.checkSegment(serviceAccount, code: .invalidWorkloadName)
    self.trustDomain = trustDomain
    self.namespace = namespace
    self.serviceAccount = serviceAccount
  }

  /// Reads a workload identity from its SPIFFE ID.
  /// - Throws: ``IdentityError`` with ``IdentityError/Code/notAWorkloadIdentity`` when the
  ///   path is not exactly `/ns/<namespace>/sa/<service account>`.
  public init(_ id: SPIFFEID) throws {
    let segments = id.path.split(separator: "/", omittingEmptySubsequences: false)
    guard segments.count == 5, segments[0].isEmpty, segments[1] == "ns", segments[3] == "sa"
    else {
      throw IdentityError(
        .notAWorkloadIdentity, "the path is not /ns/<namespace>/sa/<service account>",
        input: id.uri)
    }
    // The segments passed SPIFFE's path rules already.
    self.trustDomain = id.trustDomain
    self.namespace = String(segments[2])
    self.serviceAccount = String(segments[4])
  }

  /// `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`.
  public var spiffeID: SPIFFEID {
    SPIFFEID(trustDomain: trustDomain, validatedPath: "/ns/\(namespace)/sa/\(serviceAccount)")
  }

  /// The identity as Istio's AuthorizationPolicy principals write it, the SPIFFE ID without
  /// its scheme: `<trust domain>/ns/<namespace>/sa/<service account>`.
  public var principal: String { "\(trustDomain.name)/ns/\(namespace)/sa/\(serviceAccount)" }

  /// The same workload in another trust domain (an alias of this one).
  public func inTrustDomain(_ other: TrustDomain) -> WorkloadIdentity {
    WorkloadIdentity(validated: other, namespace: namespace, serviceAccount: serviceAccount)
  }

  private init(validated trustDomain: TrustDomain, namespace: String, serviceAccount: String) {
    self.trustDomain = trustDomain
    self.namespace = namespace
    self.serviceAccount = serviceAccount
  }

  public var description: String { spiffeID.uri }

  public static func < (lhs: WorkloadIdentity, rhs: WorkloadIdentity) -> Bool {
    lhs.spiffeID < rhs.spiffeID
  }

  /// Decodes the SPIFFE ID string.
  public init(from decoder: any Decoder) throws {
    try self.init(try SPIFFEID(from: decoder))
  }

  /// Encodes the SPIFFE ID string.
  public func encode(to encoder: any Encoder) throws { try spiffeID.encode(to: encoder) }
}
