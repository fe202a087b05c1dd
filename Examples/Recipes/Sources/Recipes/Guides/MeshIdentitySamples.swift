import MeshIdentity

// The samples of Docs/MeshIdentity.md, each the body of a function the recipes' tests run.

/// A workload's identity from its trust domain, namespace and service account, and back
/// from its SPIFFE ID.
/// - Returns: Whether the identity's SPIFFE ID is the one parsed, its principal in Istio's
///   policies, and the identity read back from the SPIFFE ID.
/// - Throws: `IdentityError` for a malformed name.
public func workloadIdentitySample() throws -> (
  sameID: Bool, principal: String, fromID: WorkloadIdentity
) {
  // snippet: workload-identity
  let domain = try TrustDomain("example.org")
  let id = try SPIFFEID("spiffe://example.org/ns/shop/sa/orders")
  let orders = try WorkloadIdentity(
    trustDomain: domain, namespace: "shop", serviceAccount: "orders")
  let sameID = orders.spiffeID == id  // true
  let principal = orders.principal  // "example.org/ns/shop/sa/orders"
  let fromID = try WorkloadIdentity(id)  // its path must be /ns/<ns>/sa/<sa>
  // end snippet
  return (sameID, principal, fromID)
}
