import Foundation
import MeshIdentity
import Testing

@Suite("Workload identities and the ways policies name peers")
struct WorkloadIdentityTests {
  @Test("a workload's SPIFFE ID and principal")
  func forms() throws {
    let orders = try WorkloadIdentity(
      trustDomain: TrustDomain("example.org"), namespace: "shop", serviceAccount: "orders")

    #expect(orders.spiffeID.uri == "spiffe://example.org/ns/shop/sa/orders")
    #expect(orders.principal == "example.org/ns/shop/sa/orders")
    #expect(try WorkloadIdentity(orders.spiffeID) == orders)
    #expect(
      try JSONDecoder().decode(WorkloadIdentity.self, from: JSONEncoder().encode(orders)) == orders)
  }

  @Test("names that cannot be path segments are refused with a code")
  func invalidNames() throws {
    let domain = try TrustDomain("example.org")

    let empty = #expect(throws: IdentityError.self) {
      try WorkloadIdentity(trustDomain: domain, namespace: "", serviceAccount: "orders")
    }
    let slash = #expect(throws: IdentityError.self) {
      try WorkloadIdentity(trustDomain: domain, namespace: "shop", serviceAccount: "a/b")
    }

    #expect(empty?.code == .invalidWorkloadName)
    #expect(slash?.code == .invalidWorkloadName)
    #expect(
      slash?.description
        == "IdentityError.invalidWorkloadName: path segment characters are limited to letters, numbers, dots, dashes, and underscores (\"a/b\")"
    )
  }

  @Test("a SPIFFE ID that is not /ns/<namespace>/sa/<name> is not a workload identity")
  func notAWorkload() throws {
    let error = #expect(throws: IdentityError.self) {
      try WorkloadIdentity(SPIFFEID("spiffe://example.org/web"))
    }

    #expect(error?.code == .notAWorkloadIdentity)
  }

  @Test("a trust domain written as a SPIFFE ID is refused with the offending text")
  func schemeInTrustDomain() throws {
    let error = #expect(throws: IdentityError.self) { try TrustDomain("spiffe://Example.org/") }

    #expect(error?.code == .invalidSPIFFEID)
    #expect(
      error?.description
        == "IdentityError.invalidSPIFFEID: trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores (\"spiffe://Example.org/\")"
    )
  }

  @Test("peer matches follow Istio's generators")
  func matches() throws {
    let domain = try TrustDomain("example.org")

    #expect(SPIFFEIDMatch.principal("*") == .any)
    #expect(SPIFFEIDMatch.principal("td/ns/a/sa/b") == .exact("spiffe://td/ns/a/sa/b"))
    #expect(SPIFFEIDMatch.principal("td/ns/a/*") == .prefix("spiffe://td/ns/a/"))
    #expect(SPIFFEIDMatch.principal("*/ns/a/sa/b") == .regex("spiffe://.*/ns/a/sa/b"))
    #expect(SPIFFEIDMatch.principal("*.local/ns/a") == .regex("spiffe://.*\\.local/ns/a"))
    #expect(SPIFFEIDMatch.namespace("shop") == .regex(".*/ns/shop/.*"))
    #expect(SPIFFEIDMatch.namespace("team-*") == .regex(".*/ns/team-.*/.*"))
    #expect(
      SPIFFEIDMatch.serviceAccount("orders", defaultNamespace: "shop")
        == .regex("spiffe://.+/ns/shop/(.+/|)sa/orders(/.+)?"))
    #expect(
      SPIFFEIDMatch.serviceAccount("ops/agent", defaultNamespace: "shop")
        == .regex("spiffe://.+/ns/ops/(.+/|)sa/agent(/.+)?"))
    #expect(SPIFFEIDMatch.members(of: domain) == .prefix("spiffe://example.org/"))
    #expect(SPIFFEIDMatch.uri(ofPrincipal: "td/ns/a/sa/b") == "spiffe://td/ns/a/sa/b")
    #expect(SPIFFEIDMatch.uri(ofPrincipal: "spiffe://td/x") == "spiffe://td/x")
  }
}
