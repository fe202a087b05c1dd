import MeshIdentity
import Testing

/// Principals rewritten into the mesh's trust domains: the cases of Istio's
/// `pilot/pkg/security/trustdomain` tests (TestReplaceTrustDomainAliases), whose expected
/// output is what istiod puts into a sidecar's RBAC filter.
@Suite("Trust domain aliases rewrite principals as Istio does")
struct MeshTrustDomainsTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var local: String
    var aliases: [String]
    var principals: [String]
    var expected: [String]
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "no aliases, cluster.local mesh", local: "cluster.local", aliases: [],
      principals: ["cluster.local/ns/foo/sa/bar"], expected: ["cluster.local/ns/foo/sa/bar"]),
    Case(
      name: "any principal", local: "cluster.local", aliases: [], principals: ["*"],
      expected: ["*"]),
    Case(
      name: "any trust domain", local: "cluster.local", aliases: [],
      principals: ["*/ns/foo/sa/bar"], expected: ["*/ns/foo/sa/bar"]),
    Case(
      name: "one alias, one principal", local: "td2", aliases: ["td1"],
      principals: ["td1/ns/foo/sa/bar"], expected: ["td2/ns/foo/sa/bar", "td1/ns/foo/sa/bar"]),
    Case(
      name: "one alias, two principals", local: "td1", aliases: ["cluster.local"],
      principals: ["cluster.local/ns/foo/sa/bar", "cluster.local/ns/yyy/sa/zzz"],
      expected: [
        "td1/ns/foo/sa/bar", "cluster.local/ns/foo/sa/bar", "td1/ns/yyy/sa/zzz",
        "cluster.local/ns/yyy/sa/zzz",
      ]),
    Case(
      name: "wildcards stay as written", local: "td1", aliases: ["cluster.local"],
      principals: ["*/ns/foo/sa/bar", "*sa/zzz", "*"],
      expected: ["*/ns/foo/sa/bar", "*sa/zzz", "*"]),
    Case(
      name: "two aliases, two principals", local: "td2", aliases: ["td1", "cluster.local"],
      principals: ["cluster.local/ns/foo/sa/bar", "td1/ns/yyy/sa/zzz"],
      expected: [
        "td2/ns/foo/sa/bar", "td1/ns/foo/sa/bar", "cluster.local/ns/foo/sa/bar",
        "td2/ns/yyy/sa/zzz", "td1/ns/yyy/sa/zzz", "cluster.local/ns/yyy/sa/zzz",
      ]),
    Case(
      name: "a * prefix in the principal's trust domain", local: "td2",
      aliases: ["foo-td1", "cluster.local"], principals: ["*-td1/ns/foo/sa/bar"],
      expected: ["td2/ns/foo/sa/bar", "*-td1/ns/foo/sa/bar", "cluster.local/ns/foo/sa/bar"]),
    Case(
      name: "another mesh's principal is kept", local: "td1", aliases: ["td2"],
      principals: ["some-td/ns/foo/sa/bar"], expected: ["some-td/ns/foo/sa/bar"]),
    Case(
      name: "a principal in an alias", local: "td1", aliases: ["td2", "some-td"],
      principals: ["some-td/ns/foo/sa/bar"],
      expected: ["td1/ns/foo/sa/bar", "td2/ns/foo/sa/bar", "some-td/ns/foo/sa/bar"]),
    Case(
      name: "one of two principals in an alias", local: "new-td", aliases: ["td2", "td3"],
      principals: ["td1/ns/some-ns/sa/some-sa", "td2/ns/foo/sa/bar"],
      expected: [
        "td1/ns/some-ns/sa/some-sa", "new-td/ns/foo/sa/bar", "td2/ns/foo/sa/bar",
        "td3/ns/foo/sa/bar",
      ]),
    Case(
      name: "an empty trust domain", local: "new-td", aliases: ["td2", "td3"],
      principals: ["/ns/some-ns/sa/some-sa"], expected: ["/ns/some-ns/sa/some-sa"]),
    Case(
      name: "a pattern matching every trust domain appears once", local: "new-td",
      aliases: ["old-td"], principals: ["*-td/ns/some-ns/sa/some-sa"],
      expected: ["*-td/ns/some-ns/sa/some-sa"]),
    // The case Istio's handling exists for: policies written for cluster.local keep
    // working in a mesh with its own trust domain.
    Case(
      name: "cluster.local stands for the mesh's trust domain", local: "example.org",
      aliases: [], principals: ["cluster.local/ns/shop/sa/orders"],
      expected: ["example.org/ns/shop/sa/orders"]),
  ]

  @Test("rewrites principals", arguments: cases)
  func rewrites(_ testCase: Case) throws {
    let trustDomains = MeshTrustDomains(
      local: try TrustDomain(testCase.local), aliases: try testCase.aliases.map(TrustDomain.init))

    let rewritten = trustDomains.principals(for: testCase.principals)

    #expect(rewritten == testCase.expected)
  }

  @Test("a workload's identity in each trust domain, the local one first")
  func identities() throws {
    let trustDomains = MeshTrustDomains(
      local: try TrustDomain("new.org"), aliases: [try TrustDomain("old.org"), .clusterLocal])
    let orders = try WorkloadIdentity(
      trustDomain: TrustDomain("new.org"), namespace: "shop", serviceAccount: "orders")

    let uris = trustDomains.identities(of: orders).map(\.spiffeID.uri)

    #expect(
      uris == [
        "spiffe://new.org/ns/shop/sa/orders", "spiffe://old.org/ns/shop/sa/orders",
        "spiffe://cluster.local/ns/shop/sa/orders",
      ])
  }
}
