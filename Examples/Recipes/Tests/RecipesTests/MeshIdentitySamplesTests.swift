import MeshIdentity
import Recipes
import Testing

/// The sample of Docs/MeshIdentity.md: the identity, its principal and the way back.
struct MeshIdentitySamplesTests {
  @Test("the identity is the SPIFFE ID's, and the SPIFFE ID gives it back")
  func identity() throws {
    let sample = try workloadIdentitySample()
    #expect(sample.sameID)
    #expect(sample.principal == "example.org/ns/shop/sa/orders")
    #expect(sample.fromID.namespace == "shop")
    #expect(sample.fromID.serviceAccount == "orders")
    #expect(sample.fromID.trustDomain.name == "example.org")
  }
}
