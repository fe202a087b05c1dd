import Foundation
import MeshModel
import MeshTestSupport
import Testing
import YAMLCoding

/// The one loader (files, directories, Lists, kinds it does not model) and the one report
/// of validation and analysis.
@Suite("Loading a mesh and checking it")
struct MeshLoaderTests {
  static let istio = """
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: reviews, namespace: shop}
    spec:
      hosts: [reviews]
      http:
      - route:
        - destination: {host: ratings}
          weight: -5
    ---
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: reviews, namespace: shop}
    spec:
      hosts: [reviews.shop.svc.cluster.local]
      location: MESH_INTERNAL
      resolution: STATIC
      ports: [{number: 9080, name: http, protocol: HTTP}]
      endpoints: [{address: 10.0.0.9}]

    """

  static let kubernetes = """
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: reviews, namespace: shop}
    spec: {schedule: "@daily"}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: details, namespace: shop}
    spec:
      selector: {app: details}
      ports: [{port: 9080, name: http}]

    """

  /// A Kubernetes List (as `kubectl get -o json` prints) holding a copy of the
  /// ServiceEntry above and a Namespace.
  static let list = """
    {"apiVersion": "v1", "kind": "List", "metadata": {},
     "items": [
      {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
       "metadata": {"name": "reviews", "namespace": "shop"},
       "spec": {"hosts": ["reviews.shop.svc.cluster.local"], "location": "MESH_INTERNAL",
                "resolution": "STATIC", "ports": [{"number": 9080, "name": "http", "protocol": "HTTP"}],
                "endpoints": [{"address": "10.0.0.9"}]}},
      {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}
     ]}

    """

  static func directory() throws -> URL {
    let directory = try Peers.temporaryDirectory()
    let nested = directory.appendingPathComponent("more")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try Data(istio.utf8).write(to: directory.appendingPathComponent("istio.yaml"))
    try Data(kubernetes.utf8).write(to: directory.appendingPathComponent("apps.yml"))
    try Data(list.utf8).write(to: nested.appendingPathComponent("list.json"))
    try Data("not read".utf8).write(to: directory.appendingPathComponent("notes.txt"))
    return directory
  }

  @Test("a directory of mixed manifests: files in order, Lists item by item, unmodeled kinds aside")
  func loadsDirectory() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let mesh = try MeshLoader().load(paths: [directory.path])

    #expect(
      mesh.files == ["apps.yml", "istio.yaml", "more/list.json"].map { "\(directory.path)/\($0)" })
    #expect(
      mesh.objects.map(\.reference.description) == [
        "Service shop/details", "VirtualService shop/reviews", "ServiceEntry shop/reviews",
        "ServiceEntry shop/reviews", "Namespace shop",
      ])
    #expect(
      mesh.unmodeled.map(\.reference)
        == [ResourceReference(kind: "CronJob", namespace: "shop", name: "reviews")])
    #expect(mesh.unmodeled.first?.origin.line == 1)
    // The List's first item starts on its own line of the JSON file.
    #expect(mesh.objects[3].origin?.line == 3)
    #expect(mesh.decodingFailures.isEmpty)

    let inventory = mesh.inventory
    #expect(
      inventory.resource(VirtualServiceSpec.self, namespace: "shop", name: "reviews")?.spec.hosts
        == ["reviews"])
    #expect(inventory.resource(DestinationRuleSpec.self, namespace: "shop", name: "reviews") == nil)
  }

  @Test("validation issues are located exactly as MeshResourceDecoder.validate locates them")
  func validationMatchesDecoder() throws {
    let loaded = MeshLoader().load(Array(Self.istio.utf8), file: "istio.yaml")
    let decoded = MeshResourceDecoder().validate(Array(Self.istio.utf8), file: "istio.yaml")

    #expect(!loaded.issues.isEmpty)
    #expect(loaded.issues == decoded.issues)
    let weight = try #require(loaded.issues.first { $0.path.description.hasSuffix("weight") })
    #expect(weight.severity == .error)
    #expect(weight.mark.line == 9)
    #expect(
      weight.resource
        == ResourceReference(kind: "VirtualService", namespace: "shop", name: "reviews"))
  }

  @Test("the report: each problem once, at its line; analysis findings; duplicates; Codable")
  func report() throws {
    let directory = try Self.directory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let report = try MeshLoader().load(paths: [directory.path]).check()
    let istioFile = "\(directory.path)/istio.yaml"

    // The weight is a validation error at its field; IST0106 does not say it again.
    let weight = report.findings.filter { $0.path?.hasSuffix("weight") == true }
    #expect(weight.count == 1)
    #expect(weight.first?.file == istioFile && weight.first?.line == 9)
    #expect(weight.first?.level == .error)
    #expect(!report.findings.contains { $0.code == "IST0106" })
    // ratings is no service of the mesh: istioctl's IST0101, at the VirtualService.
    let missing = try #require(report.findings.first { $0.code == "IST0101" })
    #expect(missing.file == istioFile && missing.line == 1 && missing.message.contains("ratings"))
    // The ServiceEntry copied into the List: both copies, each naming the other's place.
    let duplicates = report.findings.filter { $0.code == "MB0004" }
    #expect(duplicates.count == 2)
    #expect(duplicates.allSatisfy { $0.resource?.description == "ServiceEntry shop/reviews" })
    #expect(duplicates.contains { $0.file == istioFile && $0.message.contains("list.json:3") })
    #expect(report.hasFindings(atLeast: .error))
    #expect(report.objectCount == 5 && report.files.count == 3)

    let json = try JSONEncoder().encode(report)
    #expect(try JSONDecoder().decode(MeshReport.self, from: json) == report)
  }

  @Test("kinds it does not model can be reported, at their kind")
  func reportsUnmodeledKinds() throws {
    let mesh = MeshLoader(unmodeledKinds: .report).load(
      Array(Self.kubernetes.utf8), file: "apps.yml")
    let issue = try #require(mesh.issues.first)
    #expect(mesh.issues.count == 1)
    #expect(issue.code == .decoding(.dataCorrupted) && issue.path.description == "kind")
    #expect(issue.mark.line == 2 && issue.message.contains("\"CronJob\""))
    #expect(mesh.objects.count == 1)
  }

  @Test("inputs that cannot be read are a typed error naming the path")
  func unreadableInput() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let missing = directory.appendingPathComponent("nowhere.yaml").path
    #expect {
      try MeshLoader().load(paths: [missing])
    } throws: { error in
      (error as? MeshLoadError)?.code == .unreadable && "\(error)".contains(missing)
    }
    let fifo = directory.appendingPathComponent("pipe.yaml").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect {
      try MeshLoader().load(paths: [fifo])
    } throws: { error in
      (error as? MeshLoadError)?.code == .notAFile
    }
  }

  @Test("a document that does not decode is an issue with its resource; the others load")
  func decodingFailure() throws {
    let text = """
      apiVersion: networking.istio.io/v1
      kind: DestinationRule
      metadata: {name: broken, namespace: shop}
      spec: {host: reviews, trafficPolicy: {loadBalancr: {simple: RANDOM}}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop}
      """
    let mesh = MeshLoader().load(Array(text.utf8), file: "dr.yaml")
    let failure = try #require(mesh.decodingFailures.first)
    #expect(mesh.decodingFailures.count == 1)
    #expect(failure.code == .decoding(.unknownField) && failure.mark.line == 4)
    #expect(failure.resource?.description == "DestinationRule shop/broken")
    #expect(mesh.objects.map(\.kind) == ["Namespace"])
  }
}

/// What tools that need the whole mesh ask of a load: every document decoded, the mesh
/// resources alone, and strict readers' errors for kinds and Lists that are not what they
/// claim.
@Suite("A loaded mesh for tools that need all of it")
struct LoadedMeshRequirementTests {
  static let broken = """
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: task, namespace: shop}
    spec: {address: 10.0.0.1, adress: 10.0.0.2}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: details, namespace: shop}
    ---
    apiVersion: networking.istio.io/v1
    kind: WorkloadEntry
    metadata: {name: other, namespace: shop}
    spec: {address: 10.0.0.3, ports: {http: 0}}

    """

  @Test("requireDecoded throws every decoding failure at its line, with the first file named")
  func requireDecodedThrows() throws {
    var mesh = MeshLoader().load(Array(Self.broken.utf8), file: "a.yaml")
    mesh.append(MeshLoader().load(Array("kind: [".utf8), file: "b.yaml"))

    let error = try #require(throws: MeshLoadError.self) { try mesh.requireDecoded() }

    #expect(error.code == .undecodable)
    #expect(error.path == "a.yaml")
    #expect(error.reason == "2 documents do not decode")
    #expect(error.failures == mesh.decodingFailures)
    #expect(
      error.description == """
        a.yaml:4:27: spec.adress: unknown field "adress"
        b.yaml:2:1: did not find expected node content while parsing a flow node
        """)
  }

  @Test("requireDecoded does not throw for validation issues alone; resources leave Kubernetes out")
  func validationIssuesDoNotThrow() throws {
    let text = Self.broken.replacingOccurrences(of: ", adress: 10.0.0.2", with: "")
    let mesh = MeshLoader().load(Array(text.utf8), file: "a.yaml")

    try mesh.requireDecoded()

    // The port 0 is a validation error, which requireDecoded leaves to `issues`.
    #expect(mesh.issues.map(\.code) == [.validation(.invalidValue)])
    #expect(mesh.objects.map(\.kind) == ["WorkloadEntry", "Service", "WorkloadEntry"])
    #expect(
      mesh.resources.map(\.reference.description) == [
        "WorkloadEntry shop/task", "WorkloadEntry shop/other",
      ])
  }

  @Test("a document without a kind: skipped as <no kind>, or reported as a missing field")
  func missingKind() throws {
    let text = """
      apiVersion: v1
      metadata: {name: nameless}
      ---
      apiVersion: v1
      kind: List
      items:
      - {apiVersion: v1, metadata: {name: item}}

      """

    let skipped = MeshLoader().load(Array(text.utf8), file: "k.yaml")
    let reported = MeshLoader(unmodeledKinds: .report).load(Array(text.utf8), file: "k.yaml")

    #expect(skipped.issues.isEmpty)
    #expect(skipped.unmodeled.map(\.reference.kind) == ["<no kind>", "<no kind>"])
    #expect(
      reported.issues.map(\.description) == [
        #"k.yaml:1:1: missing required field "kind""#,
        #"k.yaml:7:3: items[0]: missing required field "kind""#,
      ])
    #expect(reported.issues.allSatisfy { $0.code == .decoding(.keyNotFound) })
  }

  @Test("a List that is not core v1 does not decode, as MeshResourceDecoder has it")
  func listAPIVersion() throws {
    let text = """
      apiVersion: v2
      kind: List
      items: [{apiVersion: v1, kind: Namespace, metadata: {name: shop}}]
      ---
      kind: List
      items: []

      """

    let loaded = MeshLoader().load(Array(text.utf8), file: "l.yaml")
    let decoded = MeshResourceDecoder().validate(Array(text.utf8), file: "l.yaml")

    #expect(loaded.objects.isEmpty)
    #expect(
      loaded.issues.map(\.description) == [
        "l.yaml:1:13: apiVersion: a List is apiVersion v1, not v2",
        #"l.yaml:5:1: missing required field "apiVersion""#,
      ])
    #expect(loaded.issues.map(\.description) == decoded.issues.map(\.description))
  }
}

/// Deployments are read as the analyzers need them: selector, replicas and the pod
/// template, whose pods live in the deployment's namespace.
struct DeploymentDecodingTests {
  @Test("a Deployment's selector, replicas and pod template")
  func deployment() throws {
    let yaml = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: reviews, namespace: shop, labels: {app: reviews}}
      spec:
        replicas: 3
        selector: {matchLabels: {app: reviews, version: v2}}
        template:
          metadata:
            labels: {app: reviews, version: v2}
            annotations: {sidecar.istio.io/inject: "true"}
          spec:
            serviceAccountName: bookinfo-reviews
            containers: [{name: reviews, image: "reviews:2", securityContext: {runAsUser: 1337}}]
        strategy: {type: RollingUpdate}

      """
    let mesh = MeshLoader().load(Array(yaml.utf8), file: "reviews.yaml")

    #expect(mesh.issues.isEmpty, "\(mesh.issues)")
    guard case .kubernetes(.deployment(let deployment))? = mesh.objects.first?.value else {
      Issue.record("not read as a Deployment: \(mesh.objects)")
      return
    }
    #expect(deployment.metadata.name == "reviews")
    #expect(deployment.replicas == 3)
    #expect(deployment.selector == ["app": "reviews", "version": "v2"])
    #expect(deployment.template.metadata.namespace == "shop")
    #expect(deployment.template.metadata.labels == ["app": "reviews", "version": "v2"])
    #expect(deployment.template.metadata.annotations?["sidecar.istio.io/inject"] == "true")
    #expect(deployment.template.serviceAccountName == "bookinfo-reviews")
    #expect(
      deployment.template.containers == [
        .init(name: "reviews", image: "reviews:2", runAsUser: 1337)
      ])
    #expect(mesh.objects.first?.reference.description == "Deployment shop/reviews")
  }
}
