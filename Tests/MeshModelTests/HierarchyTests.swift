import Foundation
import MeshModel
import MeshTestSupport
import Testing
import YAMLCoding

/// The multi-tenant hierarchy: settings pass down as defaults and mandates, a child that
/// weakens a mandate is an error naming both, and the result is Istio resources that
/// validate and that Istio's CRD schemas accept.
@Suite("Multi-tenant hierarchy")
struct HierarchyTests {
  static func example() throws -> Organization {
    let text = try String(
      contentsOf: Peers.packageRoot.appendingPathComponent("Examples/hierarchy/acme.yaml"),
      encoding: .utf8)
    return try YAMLDecoder().decode(Organization.self, from: text)
  }

  static func organization(_ spec: String) throws -> Organization {
    try YAMLDecoder().decode(
      Organization.self,
      from:
        "apiVersion: meshbridge.io/v1alpha1\nkind: Organization\nmetadata: {name: acme}\nspec:\n"
        + spec)
  }

  static func error(_ spec: String) throws -> HierarchyError? {
    do {
      _ = try HierarchyResolver.resolve(try organization(spec))
      return nil
    } catch let error as HierarchyError {
      return error
    }
  }

  @Test("settings pass down: mandates everywhere, defaults where children set nothing")
  func resolveExample() throws {
    let resolution = try HierarchyResolver.resolve(try Self.example())
    let workspaces = Dictionary(uniqueKeysWithValues: resolution.workspaces.map { ($0.path, $0) })

    #expect(workspaces["acme/retail/shop"]?.mtlsMode == .strict)
    #expect(workspaces["acme/retail/shop"]?.authorizationMode == .workspaceOnly)
    #expect(workspaces["acme/retail/shop"]?.allowedHosts == ["*.acme.example", "api.stripe.com"])
    #expect(workspaces["acme/retail/warehouse"]?.authorizationMode == .denyByDefault)
    #expect(workspaces["acme/platform/monitoring"]?.authorizationMode == .allowAll)
    #expect(workspaces["acme/platform/monitoring"]?.allowedHosts == nil)

    let shop = resolution.resources(in: "shop").map { "\($0.kind)/\($0.metadata.name ?? "")" }
    #expect(
      shop == [
        "AuthorizationPolicy/monitoring", "AuthorizationPolicy/workspace-callers",
        "PeerAuthentication/default", "ServiceEntry/orders", "ServiceEntry/stripe",
        "Sidecar/default", "VirtualService/orders",
      ])
    guard
      case .sidecar(let sidecar)? = resolution.resources(in: "shop-data").first(where: {
        $0.kind == "Sidecar"
      })
    else {
      Issue.record("no Sidecar in shop-data")
      return
    }
    #expect(sidecar.spec.egress?.first?.hosts == ["./*", "*/*.acme.example", "*/api.stripe.com"])
    #expect(sidecar.spec.outboundTrafficPolicy?.mode == .registryOnly)
    guard
      case .authorizationPolicy(let callers)? = resolution.resources(in: "shop").first(where: {
        $0.metadata.name == "workspace-callers"
      })
    else { return }
    #expect(callers.spec.rules?.first?.from?.first?.source?.namespaces == ["shop", "shop-data"])
    guard
      case .authorizationPolicy(let nothing)? = resolution.resources(in: "warehouse").first(where: {
        $0.kind == "AuthorizationPolicy"
      })
    else {
      Issue.record("no allow-nothing policy in warehouse")
      return
    }
    #expect(nothing.metadata.name == "allow-nothing" && nothing.spec == AuthorizationPolicySpec())
    #expect(
      resolution.resources.allSatisfy {
        $0.metadata.labels?[HierarchyResolver.organizationLabel] == "acme"
      })
    #expect(
      resolution.resources.first { $0.metadata.name == "stripe" }?.metadata.namespace == "shop")
    #expect(resolution.resources.flatMap { $0.validate() }.filter { $0.severity == .error }.isEmpty)
  }

  @Test(
    "the rendered resources pass Istio's CRD schemas",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func schemas() throws {
    let resources = try HierarchyResolver.resolve(try Self.example()).resources
    let yaml = try YAMLEncoder().encode(documents: resources)
    let crds = Fixtures.istio.appendingPathComponent("customresourcedefinitions.gen.yaml").path

    let output = try Peers.runPython(
      CRDSchemaTests.script, input: Data(yaml.utf8), arguments: [crds])

    #expect(output.status == 0 && output.stdout.isEmpty, "\(output.stdout)\(output.stderr)")
    #expect(output.stderr.contains("validated \(resources.count)"))
  }

  @Test("a child weakening a mandate is an error naming both, at every level")
  func weakenedMandates() throws {
    let tenant = try #require(
      try Self.error(
        """
          mandates: {mtlsMode: STRICT}
          tenants:
          - name: retail
            mandates: {mtlsMode: PERMISSIVE}
            workspaces: [{name: shop, namespaces: [shop]}]
        """))
    #expect(tenant.code == .weakensMandate)
    #expect(tenant.child == "Tenant acme/retail" && tenant.parent == "Organization acme")
    #expect(
      tenant.message == "its mandates set mtlsMode PERMISSIVE, weaker than the mandated STRICT")
    #expect(
      tenant.description
        == "HierarchyError.weakensMandate: Tenant acme/retail: its mandates set mtlsMode PERMISSIVE, weaker than the mandated STRICT (mandated by Organization acme)"
    )

    let workspace = try #require(
      try Self.error(
        """
          tenants:
          - name: retail
            mandates: {authorizationMode: WORKSPACE_ONLY}
            workspaces: [{name: shop, namespaces: [shop], settings: {authorizationMode: ALLOW_ALL}}]
        """))
    #expect(
      workspace.child == "Workspace acme/retail/shop" && workspace.parent == "Tenant acme/retail")

    let hosts = try #require(
      try Self.error(
        """
          mandates: {allowedHosts: ["*.acme.example"]}
          tenants:
          - name: retail
            defaults: {allowedHosts: ["*.acme.example", "*.evil.example"]}
            workspaces: [{name: shop, namespaces: [shop]}]
        """))
    #expect(
      hosts.message.contains("allow host *.evil.example") && hosts.parent == "Organization acme")
  }

  @Test("a workspace resource weakening a mandate is an error naming it and the mandate's level")
  func resourcesAgainstMandates() throws {
    let peer = try #require(
      try Self.error(
        """
          mandates: {mtlsMode: STRICT}
          tenants:
          - name: retail
            workspaces:
            - name: shop
              namespaces: [shop]
              groups:
                security:
                  resources:
                  - apiVersion: security.istio.io/v1
                    kind: PeerAuthentication
                    metadata: {name: legacy}
                    spec: {selector: {matchLabels: {app: legacy}}, portLevelMtls: {"8080": {mode: DISABLE}}}
        """))
    #expect(peer.child == "PeerAuthentication shop/legacy in Workspace acme/retail/shop")
    #expect(peer.parent == "Organization acme" && peer.message.contains("DISABLE"))

    let egress = try #require(
      try Self.error(
        """
          tenants:
          - name: retail
            mandates: {allowedHosts: [api.stripe.com]}
            workspaces:
            - name: shop
              namespaces: [shop]
              groups:
                traffic:
                  resources:
                  - apiVersion: networking.istio.io/v1
                    kind: ServiceEntry
                    metadata: {name: pastebin}
                    spec: {hosts: [pastebin.com], resolution: DNS, ports: [{number: 443, name: tls, protocol: TLS}]}
        """))
    #expect(egress.parent == "Tenant acme/retail" && egress.message.contains("pastebin.com"))

    let open = try #require(
      try Self.error(
        """
          mandates: {authorizationMode: WORKSPACE_ONLY}
          tenants:
          - name: retail
            workspaces:
            - name: shop
              namespaces: [shop]
              groups:
                security:
                  resources:
                  - apiVersion: security.istio.io/v1
                    kind: AuthorizationPolicy
                    metadata: {name: everyone}
                    spec: {rules: [{to: [{operation: {methods: [GET]}}]}]}
        """))
    #expect(
      open.message
        == "rule 0 allows callers from anywhere, but authorizationMode WORKSPACE_ONLY is mandated")
  }

  @Test("an inherited default weaker than a lower mandate gives way to the mandate")
  func mandateOverridesInheritedDefault() throws {
    let resolution = try HierarchyResolver.resolve(
      try Self.organization(
        """
          defaults: {mtlsMode: PERMISSIVE}
          tenants:
          - name: retail
            mandates: {mtlsMode: STRICT}
            workspaces: [{name: shop, namespaces: [shop]}]
        """))
    #expect(resolution.workspaces.first?.mtlsMode == .strict)
  }

  @Test("structure errors: wrong group, foreign namespace, a namespace claimed twice, duplicates")
  func structure() throws {
    let wrongGroup = try Self.error(
      """
        tenants:
        - name: retail
          workspaces:
          - name: shop
            namespaces: [shop]
            groups:
              security:
                resources:
                - {apiVersion: networking.istio.io/v1, kind: Gateway, metadata: {name: edge}, spec: {servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}}
      """)
    let foreign = try Self.error(
      """
        tenants:
        - name: retail
          workspaces:
          - name: shop
            namespaces: [shop]
            groups:
              traffic:
                resources:
                - {apiVersion: networking.istio.io/v1, kind: ServiceEntry, metadata: {name: x, namespace: other}, spec: {hosts: [x.acme.example], ports: [{number: 80, name: http}], resolution: DNS}}
      """)
    let twice = try Self.error(
      """
        tenants:
        - {name: a, workspaces: [{name: one, namespaces: [shared]}]}
        - {name: b, workspaces: [{name: two, namespaces: [shared]}]}
      """)
    let duplicate = try Self.error(
      """
        tenants:
        - name: retail
          workspaces:
          - name: shop
            namespaces: [shop]
            groups:
              security:
                resources:
                - {apiVersion: security.istio.io/v1, kind: AuthorizationPolicy, metadata: {name: workspace-callers}, spec: {}}
          defaults: {authorizationMode: WORKSPACE_ONLY}
      """)

    #expect(
      wrongGroup?.code == .wrongGroup
        && wrongGroup?.child == "Gateway edge in the security group of Workspace acme/retail/shop")
    #expect(foreign?.code == .namespaceOutsideWorkspace)
    #expect(
      twice?.code == .namespaceClaimedTwice
        && twice?.message == "namespace shared already belongs to Workspace acme/a/one")
    #expect(duplicate?.code == .duplicateResource)
  }

  @Test("the hierarchy's YAML round-trips, and a wrong apiVersion is named")
  func codable() throws {
    let organization = try Self.example()
    let yaml = try YAMLEncoder().encode(organization)

    #expect(try YAMLDecoder().decode(Organization.self, from: yaml) == organization)
    #expect(throws: YAMLError.self) {
      try YAMLDecoder().decode(
        Organization.self,
        from:
          "apiVersion: meshbridge.io/v2\nkind: Organization\nmetadata: {name: x}\nspec: {tenants: []}\n"
      )
    }
  }
}
