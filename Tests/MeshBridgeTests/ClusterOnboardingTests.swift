import ECSClient
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// A whole cluster onboarded at once, on moto through the project's ECS Anywhere launcher;
/// every bundle's configuration checked by Envoy.
@Suite(
  "Onboarding a cluster",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
struct ClusterOnboardingTests {
  /// moto with a cluster of two on-prem hosts, and three tasks of two services.
  static func cluster() async throws -> (MotoServer, AWSClientConfiguration) {
    let moto = try MotoServer(instances: 0, ecsAnywhere: true)
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: moto.endpointURL,
      credentials: StaticCredentialsProvider(
        AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey)))
    let ecs = ECS(configuration: configuration)
    _ = try await ecs.createCluster(.init(clusterName: "onprem-east"))
    for host in 0..<2 {
      _ = try await ecs.registerContainerInstance(
        .init(
          cluster: "onprem-east",
          instanceIdentityDocument:
            #"{"instanceId":"mi-0\#(host)aa51c2e9f07d3b","ipAddress":"10.20.0.\#(host + 15)"}"#))
    }
    for (family, port, count) in [("orders", 8080, 2), ("payments", 9090, 1)] {
      var app = ECS.ContainerDefinition(name: "app", image: "shop/\(family):1")
      app.memory = 64
      app.portMappings = [
        ECS.PortMapping(containerPort: port, hostPort: 0, name: "http", appProtocol: "http")
      ]
      _ = try await ecs.registerTaskDefinition(
        .init(
          family: family, containerDefinitions: [app], networkMode: "bridge",
          requiresCompatibilities: ["EXTERNAL"]))
      _ = try await ecs.runTask(
        .init(
          taskDefinition: family, cluster: "onprem-east", count: count,
          group: "service:\(family)", launchType: .external))
    }
    return (moto, configuration)
  }

  static func onboarding(
    _ configuration: AWSClientConfiguration, resources: [MeshResource] = []
  ) throws -> ClusterOnboarding {
    ClusterOnboarding(
      discovery: ECSDiscovery(configuration: configuration),
      mapping: MeshMapping(namespace: "shop"),
      authority: try CertificateAuthority.createRoot(trustDomain: TrustDomain("cluster.local")),
      resources: resources, options: BundleOptions(mountPath: nil))
  }

  @Test("resources, a bundle per task with ports apart on a shared host, each accepted by Envoy")
  func onboard() async throws {
    let (moto, configuration) = try await Self.cluster()
    defer { _ = moto }
    let output = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: output) }
    // A file of a workload gone since an earlier run.
    let stale = output.appendingPathComponent("resources/shop/workloadentry.orders-0ld000.yaml")
    try FileManager.default.createDirectory(
      at: stale.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(
      "apiVersion: networking.istio.io/v1\nkind: WorkloadEntry\nmetadata: {name: orders-0ld000, namespace: shop}\nspec: {address: 10.20.0.99}\n"
        .utf8
    ).write(to: stale)

    let report = try await Self.onboarding(configuration).onboard(
      cluster: "onprem-east", into: output)

    #expect(report.resources.filter { $0.kind == "WorkloadEntry" }.count == 3)
    #expect(report.written.removed.map { $0.metadata.name } == ["orders-0ld000"])
    #expect(!FileManager.default.fileExists(atPath: stale.path))
    #expect(report.analysis.isEmpty, "\(report.analysis)")
    #expect(report.failed.isEmpty && report.bundles.count == 3)
    // On each host, the k-th sidecar's ports are 100·k above the defaults.
    let byHost = Dictionary(grouping: report.bundles) { $0.entry.spec.address ?? "" }
    for (host, workloads) in byHost {
      let expected: [UInt32] = (0..<UInt32(workloads.count)).map { 15000 + 100 * $0 }
      let adminPorts = workloads.map(\.sidecar.adminPort).sorted()
      #expect(adminPorts == expected, "\(host)")
      #expect(
        Set(workloads.map(\.sidecar.outboundHTTPPort)).count == workloads.count
          && Set(workloads.compactMap(\.sidecar.prometheusPort)).count == workloads.count)
    }
    for workload in report.bundles {
      #expect(workload.taskArn.map { report.discovery.tasks.map(\.taskArn).contains($0) } == true)
      #expect(try BundleManifest.read(from: workload.bundle) == workload.manifest)
      let checked = try Peers.validateEnvoy(
        configPath: workload.bundle.appendingPathComponent("envoy.yaml").path)
      #expect(checked.status == 0, "\(workload.bundle.lastPathComponent): \(checked.stderr)")
    }
  }

  @Test("one machine: every sidecar's ports apart, not only on a shared host")
  func oneMachine() async throws {
    let (moto, configuration) = try await Self.cluster()
    defer { _ = moto }
    let output = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: output) }
    var onboarding = try Self.onboarding(configuration)
    onboarding.oneMachine = true

    let report = try await onboarding.onboard(cluster: "onprem-east", into: output)

    #expect(report.bundles.map(\.sidecar.adminPort).sorted() == [15000, 15100, 15200])
    #expect(report.bundles.compactMap(\.sidecar.prometheusPort).sorted() == [15090, 15190, 15290])
  }

  @Test("an invalid mesh resource stops onboarding before anything is written")
  func invalid() async throws {
    let (moto, configuration) = try await Self.cluster()
    defer { _ = moto }
    let output = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: output) }
    let policy = try MeshResourceDecoder().decode(
      """
      apiVersion: security.istio.io/v1
      kind: PeerAuthentication
      metadata: {name: strict, namespace: shop}
      spec:
        selector: {matchLabels: {app: orders}}
        mtls: {mode: STRICT}
        portLevelMtls: {"0": {mode: DISABLE}}
      """)

    let error = try await #require(throws: OnboardingError.self) {
      try await Self.onboarding(configuration, resources: policy).onboard(
        cluster: "onprem-east", into: output)
    }

    #expect(error.code == .invalidResources && error.cluster == "onprem-east")
    #expect(error.problems.map(\.resource) == ["PeerAuthentication shop/strict"])
    #expect(
      "\(error)".hasPrefix(
        "OnboardingError.invalidResources: the mesh resources of onprem-east are not valid:\n  PeerAuthentication shop/strict: "
      ))
    #expect(try FileManager.default.contentsOfDirectory(atPath: output.path).isEmpty)
  }
}
