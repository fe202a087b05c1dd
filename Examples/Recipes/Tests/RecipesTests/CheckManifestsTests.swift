import Foundation
import MeshModel
import Recipes
import Testing

/// The validate-and-analyze recipe on a directory of mixed manifests holding one problem
/// of each kind the report carries.
struct CheckManifestsTests {
  static let apps = """
    apiVersion: v1
    kind: Namespace
    metadata: {name: shop, labels: {istio-injection: enabled}}
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: orders, namespace: shop}
    spec:
      selector: {matchLabels: {app: orders}}
      template:
        metadata: {labels: {app: orders, version: v1}}
        spec: {containers: [{name: orders, image: "shop/orders:1"}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: orders, namespace: shop}
    spec:
      selector: {app: orders}
      ports: [{name: http, port: 8080}]
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings, namespace: shop}
    data: {mode: fast}
    ---
    apiVersion: cert-manager.io/v1
    kind: Certificate
    metadata: {name: orders-tls, namespace: shop}
    spec: {secretName: orders-tls, dnsNames: [orders.shop.example]}

    """

  static let routes = """
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: orders, namespace: shop}
    spec:
      hosts: [orders]
      http:
      - route:
        - destination: {host: orders}
          weight: 80
        - destination: {host: payments}
          weight: 20
    ---
    apiVersion: networking.istio.io/v1
    kind: DestinationRule
    metadata: {name: orders, namespace: shop}
    spec:
      host: orders
      trafficPolicy:
        connectionPool:
          http: {maxRetries: -1}

    """

  static let again = """
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: orders, namespace: shop}
    spec:
      hosts: [orders]
      http:
      - route:
        - destination: {host: orders}

    """

  @Test("every problem once, at its file and line; kinds the SDK does not model left out")
  func mixedDirectory() throws {
    let root = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("team/routes"), withIntermediateDirectories: true)
    try Self.apps.write(
      to: root.appendingPathComponent("apps.yaml"), atomically: true, encoding: .utf8)
    try Self.routes.write(
      to: root.appendingPathComponent("team/routes/orders.yaml"), atomically: true,
      encoding: .utf8)
    try Self.again.write(
      to: root.appendingPathComponent("team/orders-copy.yml"), atomically: true, encoding: .utf8)

    let report = try checkManifests(at: [root.path])

    #expect(report.files.count == 3)
    #expect(report.objectCount == 7)
    let codes = report.findings.map(\.code)
    // The route to a host nothing serves, at the VirtualService's file.
    let missingHost = try #require(report.findings.first { $0.code == "IST0101" })
    #expect(missingHost.file?.hasSuffix("team/routes/orders.yaml") == true)
    #expect(missingHost.level == .error)
    // A negative retry count: Istio's validation, at the field's line, reported once.
    let negative = try #require(report.findings.first { $0.path?.contains("maxRetries") == true })
    #expect(negative.line == 20)
    #expect(negative.level == .error)
    #expect(!codes.contains("IST0106"))
    // The second VirtualService orders in shop.
    #expect(codes.contains("MB0004"))
    // The Deployment, Service and Namespace are read; the Certificate is not checked.
    #expect(!report.findings.contains { $0.resource?.kind == "Certificate" })
    #expect(!report.findings.contains { $0.resource?.kind == "Deployment" })
    #expect(report.hasFindings(atLeast: .error))

    let decoded = try JSONDecoder().decode(MeshReport.self, from: try reportJSON(report))
    #expect(decoded == report)
  }

  @Test("the example mesh has no errors")
  func exampleMeshIsClean() throws {
    let report = try checkManifests(at: [exampleMesh])
    #expect(report.objectCount > 10)
    #expect(!report.hasFindings(atLeast: .error), "\(report.findings)")
  }

  @Test("a path that cannot be read is MeshLoadError naming it")
  func unreadable() throws {
    let error = try #require(throws: MeshLoadError.self) {
      try checkManifests(at: ["/nonexistent/manifests"])
    }
    #expect(error.path == "/nonexistent/manifests")
  }
}
