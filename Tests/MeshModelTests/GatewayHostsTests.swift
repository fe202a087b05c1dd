import MeshModel
import Testing

/// Gateway names and gateway server hosts as istiod reads them. The tables restate the
/// cases of istio/istio's own tests and doc comments (`pilot/pkg/model/config.go`
/// resolveGatewayName, `pkg/config/host` name.go SubsetOf and names.go Intersection and
/// NamesForNamespace, `pilot/pkg/model/gateway.go` sanitizeServerHostNamespace).
@Suite("Gateway names and hosts")
struct GatewayHostsTests {
  @Test(
    "A VirtualService's gateways entry resolves as istiod resolves it",
    arguments: [
      ("mesh", "mesh"),
      ("public", "shop/public"),
      ("./public", "shop/public"),
      ("edge/public", "edge/public"),
      ("public.edge", "edge/public"),
      ("public.edge.svc.cluster.local", "edge/public"),
      ("edge/mesh", "edge/mesh"),
      ("./mesh", "shop/mesh"),
    ])
  func resolvesGatewayNames(entry: String, resolved: String) {
    #expect(
      GatewayName(resolving: entry, virtualServiceNamespace: "shop")?.description == resolved)
  }

  @Test(
    "An entry that can name no Gateway resolves to nothing",
    arguments: ["", "/public", "edge/", "./", "a/b/c", ".edge", "public."])
  func rejectsGatewayNames(entry: String) {
    #expect(GatewayName(resolving: entry, virtualServiceNamespace: "shop") == nil)
  }

  @Test("The gateways of a VirtualService: mesh when none, resolved, without repeats")
  func bindings() {
    #expect(GatewayName.bindings(of: VirtualServiceSpec(), namespace: "shop") == [.mesh])
    #expect(
      GatewayName.bindings(of: VirtualServiceSpec(gateways: []), namespace: "shop") == [.mesh])
    #expect(
      GatewayName.bindings(
        of: VirtualServiceSpec(gateways: ["public", "shop/public", "mesh", "edge/", "edge/in"]),
        namespace: "shop")
        == [
          .gateway(namespace: "shop", name: "public"), .mesh,
          .gateway(namespace: "edge", name: "in"),
        ]
    )
  }

  @Test(
    "SubsetOf: whether every host of one name is a host of the other",
    arguments: [
      ("foo.com", "foo.com", true),
      ("foo.com", "bar.com", false),
      ("foo.com", "*.com", true),
      ("foo.com", "*", true),
      ("*.foo.com", "*.com", true),
      ("*.com", "*.foo.com", false),
      ("*.com", "*", true),
      ("*", "*.com", false),
      ("*", "*", true),
      ("foo.com", "*.foo.com", false),
      ("*.foo.com", "foo.com", false),
      ("*.foo.com", "*.foo.com", true),
    ])
  func subsetOf(name: String, other: String, isSubset: Bool) {
    #expect(HostName(name).isSubset(of: HostName(other)) == isSubset)
  }

  @Test(
    "Intersection keeps the more specific name of each pair, whichever side it is on",
    arguments: [
      (["foo.com", "bar.com"], ["*.com"], ["foo.com", "bar.com"]),
      (["*.com"], ["foo.com", "bar.com"], ["foo.com", "bar.com"]),
      (["foo.com", "*.net"], ["*.com", "bar.net"], ["foo.com", "bar.net"]),
      (["foo.com", "*.net"], ["*.bar.net"], ["*.bar.net"]),
      (["*.foo.com"], ["1.foo.com"], ["1.foo.com"]),
      (["1.foo.com"], ["*.foo.com"], ["1.foo.com"]),
      (["*.foo.com"], ["foo.com"], []),
      (["foo.com"], ["bar.com"], []),
      ([], ["bar.com"], []),
      (["*"], ["a.com", "*.b.com"], ["a.com", "*.b.com"]),
      (["a.com", "*.com"], ["a.com"], ["a.com"]),
      (["*.com", "*"], ["*.a.com"], ["*.a.com"]),
    ])
  func intersection(lhs: [String], rhs: [String], expected: [String]) {
    let result = HostName.intersection(lhs.map(HostName.init), rhs.map(HostName.init))
    #expect(result.map(\.value) == expected)
  }

  @Test(
    "A server host entry: ns/, ./ (the Gateway's namespace), */ and a bare host",
    arguments: [
      ("shop/foo.com", "shop/foo.com"),
      ("./foo.com", "edge/foo.com"),
      ("*/foo.com", "*/foo.com"),
      ("foo.com", "*/foo.com"),
      ("*", "*/*"),
      ("*/*", "*/*"),
      ("shop/*", "shop/*"),
      ("./*.foo.com", "edge/*.foo.com"),
    ])
  func parsesServerHosts(entry: String, parsed: String) {
    #expect(GatewayServerHost(parsing: entry, gatewayNamespace: "edge")?.description == parsed)
  }

  @Test(
    "A server host entry Gateway validation rejects parses to nothing",
    arguments: [
      "", "/foo.com", "shop/", "sh_op/foo.com", "~shop/foo.com", "shop/foo.*.com", "shop/a/b",
      "shop/-foo.com",
    ])
  func rejectsServerHosts(entry: String) {
    #expect(GatewayServerHost(parsing: entry, gatewayNamespace: "edge") == nil)
  }

  @Test(
    "*/* in a server's hosts stands for the whole list, a bare *, not; unparsable entries are left out"
  )
  func sanitisesServerHosts() {
    let everything = GatewayServerHost.parsing(
      ["shop/foo.com", "*/*", "./bar.com"], gatewayNamespace: "edge")
    #expect(everything.map(\.description) == ["*/*"])
    let some = GatewayServerHost.parsing(
      ["shop/foo.com", "/bad", "./bar.com", "baz.com"], gatewayNamespace: "edge")
    #expect(some.map(\.description) == ["shop/foo.com", "edge/bar.com", "*/baz.com"])
    // A bare `*` keeps the other entries: they can still give more specific names.
    let star = GatewayServerHost.parsing(["*", "shop/*.foo.com"], gatewayNamespace: "edge")
    #expect(star.map(\.description) == ["*/*", "shop/*.foo.com"])
    #expect(
      GatewayServerHost.servedHosts(
        star, virtualServiceNamespace: "shop", virtualServiceHosts: [HostName("*.com")]
      ).map(\.value) == ["*.com", "*.foo.com"])
  }

  @Test(
    "NamesForNamespace: the server hosts a VirtualService of a namespace may bind to",
    arguments: [
      (["ns1/foo.com", "ns2/bar.com"], "ns1", ["foo.com"]),
      (["ns1/foo.com", "ns2/bar.com"], "ns3", []),
      (["ns1/foo.com", "*/bar.com"], "ns1", ["foo.com", "bar.com"]),
      (["ns1/foo.com", "*/bar.com"], "ns3", ["bar.com"]),
      (["foo.com", "ns2/bar.com"], "ns2", ["foo.com", "bar.com"]),
      (["foo.com", "ns2/bar.com"], "ns3", ["foo.com"]),
      (["./foo.com", "ns2/bar.com"], "edge", ["foo.com"]),
      (["./foo.com"], "ns2", []),
    ])
  func visibleHosts(entries: [String], namespace: String, expected: [String]) {
    let hosts = GatewayServerHost.parsing(entries, gatewayNamespace: "edge")
    #expect(GatewayServerHost.hosts(hosts, visibleTo: namespace).map(\.value) == expected)
  }

  @Test(
    "The hosts a server serves for a VirtualService: visible server hosts intersected with its hosts",
    arguments: [
      (["shop/*.shop.com"], "shop", ["api.shop.com", "www.other.com"], ["api.shop.com"]),
      (["shop/*.shop.com"], "other", ["api.shop.com"], []),
      (["./api.shop.com"], "edge", ["*.shop.com"], ["api.shop.com"]),
      (["*/*"], "any", ["a.com", "*.b.com"], ["a.com", "*.b.com"]),
      (
        ["*.shop.com", "shop/admin.com"], "shop", ["*", "admin.com"], ["*.shop.com", "admin.com"]
      ),
      (["*.shop.com"], "shop", ["shop.com"], []),
    ])
  func servedHosts(entries: [String], namespace: String, vsHosts: [String], expected: [String]) {
    let served = GatewayServerHost.servedHosts(
      GatewayServerHost.parsing(entries, gatewayNamespace: "edge"),
      virtualServiceNamespace: namespace, virtualServiceHosts: vsHosts.map(HostName.init))
    #expect(served.map(\.value) == expected)
  }

  @Test("Inventory: the root VirtualServices bound to a gateway, by resolved name")
  func inventoryByGateway() {
    let loaded = MeshLoader().load(
      Array(
        """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: short, namespace: shop}
        spec: {hosts: [a.shop.com], gateways: [public], http: [{route: [{destination: {host: a}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: legacy, namespace: shop}
        spec: {hosts: [b.shop.com], gateways: [public.shop.svc.cluster.local], http: [{route: [{destination: {host: b}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: both, namespace: other}
        spec: {hosts: [c.shop.com], gateways: [shop/public, mesh], http: [{route: [{destination: {host: c}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: sidecars, namespace: shop}
        spec: {hosts: [d], http: [{route: [{destination: {host: d}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: delegate, namespace: shop}
        spec: {gateways: [public], http: [{route: [{destination: {host: e}}]}]}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: elsewhere, namespace: other}
        spec: {hosts: [f.shop.com], gateways: [public], http: [{route: [{destination: {host: f}}]}]}
        """.utf8), file: "mesh.yaml")
    #expect(loaded.decodingFailures.isEmpty, "\(loaded.decodingFailures)")
    let inventory = Inventory(loaded.objects)
    func names(_ gateway: GatewayName) -> [String] {
      inventory.virtualServices(boundTo: gateway).map {
        "\($0.metadata.namespace ?? "")/\($0.metadata.name ?? "")"
      }
    }

    #expect(
      names(.gateway(namespace: "shop", name: "public"))
        == ["other/both", "shop/legacy", "shop/short"])
    #expect(names(.gateway(namespace: "other", name: "public")) == ["other/elsewhere"])
    #expect(names(.mesh) == ["other/both", "shop/sidecars"])
    #expect(names(.gateway(namespace: "edge", name: "public")).isEmpty)
  }
}
