import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI
import MeshTestSupport
import Testing

/// Bundles and injected task definitions follow the sidecar contract: the container
/// definition is a typed `ECS.ContainerDefinition` with the contract's user, mount and
/// health check, and the health check works against a real Envoy.
@Suite("Bundles and injection follow the sidecar contract")
struct BundleContractTests {
  let contract = SidecarContract.standard

  /// Writes the bundle of the fixture's workload with `options` into a new directory.
  static func bundle(
    options: BundleOptions, workload: ((inout SidecarWorkload) throws -> Void)? = nil
  )
    throws -> (directory: URL, bundle: URL, authority: CertificateAuthority)
  {
    let (directory, resources, authority) = try BundleTests.fixture()
    var sidecar = try BundleTests.workload(resources)
    try workload?(&sidecar)
    let bundle = directory.appendingPathComponent("orders")
    try OnboardingBundle.write(
      for: sidecar, resources: resources, authority: authority, to: bundle, options: options)
    return (directory, bundle, authority)
  }

  @Test(
    "ecs-container.json decodes as ECS.ContainerDefinition with the contract's user, mount and health check"
  )
  func containerDefinition() throws {
    var options = BundleOptions()
    options.sidecar.accessLogPath = nil
    let (directory, bundle, _) = try Self.bundle(options: options)
    defer { try? FileManager.default.removeItem(at: directory) }
    let data = try Data(contentsOf: bundle.appendingPathComponent("ecs-container.json"))

    let container = try JSONDecoder().decode(ECS.ContainerDefinition.self, from: data)
    let fields = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

    #expect(container == contract.containerDefinition(image: BundleOptions.defaultSidecarImage))
    #expect(options.contract(bundleDirectory: bundle.path) == contract)
    #expect(container.name == SidecarInjector.containerName && container.essential == true)
    #expect(container.user == "1337:1337")
    #expect(container.command == ["-c", "/etc/meshbridge/envoy.yaml", "--disable-hot-restart"])
    #expect(
      container.mountPoints == [
        ECS.MountPoint(sourceVolume: "meshbridge", containerPath: "/etc/meshbridge", readOnly: true)
      ])
    #expect(
      container.healthCheck
        == ECS.HealthCheck(
          command: [
            "CMD-SHELL",
            #"bash -c 'exec 3<>/dev/tcp/127.0.0.1/15000 && printf "GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" >&3 && read -r _ status _ <&3 && [ "$status" = 200 ]'"#,
          ], interval: 10, timeout: 5, retries: 3, startPeriod: 10))
    // AWS's field names, as RegisterTaskDefinition takes them.
    #expect(
      fields.keys.sorted() == [
        "command", "essential", "healthCheck", "image", "logConfiguration", "memoryReservation",
        "mountPoints", "name", "ulimits", "user",
      ])
    // The injector adds the very same container.
    let injected = try SidecarInjector(bundleHostPath: "/var/lib/meshbridge/orders")
      .inject(into: WatchAndInjectionTests.definition())
    #expect(injected.containerDefinitions.first == container)
  }

  @Test("the bundle's configuration, SDS files and run script name the contract's paths")
  func bundleUsesTheContract() throws {
    var options = BundleOptions()
    options.sidecar.accessLogPath = nil
    let (directory, bundle, _) = try Self.bundle(options: options)
    defer { try? FileManager.default.removeItem(at: directory) }
    let text = { (path: String) throws -> String in
      try String(contentsOf: bundle.appendingPathComponent(path), encoding: .utf8)
    }
    let certs = contract.certificateFolder

    let configuration = try text(contract.configurationFile)
    let certificate = try text("\(certs)/\(contract.sdsCertificateFile)")
    let validation = try text("\(certs)/\(contract.sdsValidationFile)")
    let script = try text("run-sidecar.sh")
    let manifest = try BundleManifest.read(from: bundle)

    #expect(configuration.contains("path: /etc/meshbridge/certs/cert.json"))
    #expect(configuration.contains("port_value: 15000"))
    #expect(certificate.contains("\"/etc/meshbridge/certs/svid.pem\""))
    #expect(certificate.contains("\"/etc/meshbridge/certs/svid.key\""))
    #expect(validation.contains("\"/etc/meshbridge/certs/bundle.pem\""))
    #expect(script.contains("--network host --user 1337:1337 --restart unless-stopped"))
    #expect(script.contains(#"--volume "$bundle:/etc/meshbridge:ro""#))
    #expect(script.contains(" -c /etc/meshbridge/envoy.yaml --disable-hot-restart"))
    #expect(
      Set(manifest.files.map(\.path)).isSuperset(
        of: [contract.configurationFile]
          + [
            contract.certificateFile, contract.keyFile, contract.bundleFile,
            contract.sdsCertificateFile, contract.sdsValidationFile,
          ].map { "\(certs)/\($0)" }))
    #expect(BundleOptions.istioProxyUser == contract.proxyOwner)
    #expect(BundleOptions().mountPath == contract.mountPath)
  }

  @Test("a bundle that moves ports, mount and user has a contract saying so, in every file")
  func movedContract() throws {
    var options = BundleOptions(
      mountPath: "/srv/mesh",
      sidecar: SidecarOptions(adminPort: 15100, prometheusPort: 15190, outboundHTTPPort: 15101),
      proxyUser: FileOwner(userID: 1400, groupID: 1401))
    options.sidecar.accessLogPath = nil
    let (directory, bundle, _) = try Self.bundle(options: options)
    defer { try? FileManager.default.removeItem(at: directory) }

    let container = try JSONDecoder().decode(
      ECS.ContainerDefinition.self,
      from: Data(contentsOf: bundle.appendingPathComponent("ecs-container.json")))
    let moved = options.contract(bundleDirectory: bundle.path)

    #expect(moved.mountPath == "/srv/mesh" && moved.proxyUser == "1400:1401")
    #expect(moved.adminPort == 15100 && moved.outboundHTTPPort == 15101)
    #expect(container == moved.containerDefinition(image: options.sidecarImage))
    #expect(container.healthCheck?.command.last?.contains("/dev/tcp/127.0.0.1/15100") == true)
    #expect(
      SidecarInjector(
        bundleHostPath: "/var/lib/meshbridge/orders", mountPath: "/srv/mesh", adminPort: 15100,
        proxyUser: FileOwner(userID: 1400, groupID: 1401)
      ).contract.containerDefinition(image: options.sidecarImage) == container)
  }

  @Test(
    "the health check passes once the bundle's Envoy is ready, and fails when it is gone",
    .enabled(if: Peers.envoyAvailableOrRequired, Comment(rawValue: Peers.missingEnvoyReason)))
  func healthCheckAgainstEnvoy() async throws {
    let admin = UInt32(try Peers.freeLoopbackPort())
    var options = BundleTests.options(
      adminPort: admin, outboundPort: UInt32(try Peers.freeLoopbackPort()))
    // The sidecar runs as this process's user here, and reads the key.
    options.proxyUser = FileOwner(userID: getuid(), groupID: getgid())
    let (directory, bundle, _) = try Self.bundle(options: options) { workload in
      workload.entry.spec.ports = ["http": UInt32(try Peers.freeLoopbackPort())]
      workload.applicationPorts = [:]
    }
    defer { try? FileManager.default.removeItem(at: directory) }
    let container = try JSONDecoder().decode(
      ECS.ContainerDefinition.self,
      from: Data(contentsOf: bundle.appendingPathComponent("ecs-container.json")))
    let check = try #require(container.healthCheck?.command)
    #expect(check.first == "CMD-SHELL" && check.count == 2)
    let shell = URL(fileURLWithPath: "/bin/sh")
    let envoy = try await EnvoyProcess(
      configPath: bundle.appendingPathComponent(contract.configurationFile).path,
      adminPort: UInt16(admin))

    let healthy = try Peers.run(shell, arguments: ["-c", check[1]], timeout: 20)
    envoy.stop()
    let gone = try Peers.run(shell, arguments: ["-c", check[1]], timeout: 20)

    #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
    #expect(gone.status != 0)
  }

  @Test("bundle errors carry a code, the path and the field at fault")
  func bundleErrorCodes() throws {
    let (root, resources, authority) = try BundleTests.fixture()
    defer { try? FileManager.default.removeItem(at: root) }
    let target = root.appendingPathComponent("orders")
    var options = BundleTests.options()
    options.trustDomain = try TrustDomain("other.org")
    var badAccount = try BundleTests.workload(resources)
    badAccount.entry.spec.serviceAccount = "orders/admin"

    let mismatch = #expect(throws: BundleError.self) {
      try OnboardingBundle.write(
        for: try BundleTests.workload(resources), resources: resources, authority: authority,
        to: target, options: options)
    }
    let identity = #expect(throws: BundleError.self) {
      try OnboardingBundle.write(
        for: badAccount, resources: resources, authority: authority, to: target,
        options: BundleTests.options())
    }
    let manifest = #expect(throws: BundleError.self) { try BundleManifest.read(from: target) }

    #expect(mismatch?.code == .trustDomainMismatch && mismatch?.field == "trustDomain")
    #expect(
      mismatch?.description
        == "BundleError.trustDomainMismatch: \(target.path): the bundle's trust domain other.org is not the CA's (example.org); a CA issues SVIDs in its own trust domain only (field trustDomain)"
    )
    #expect(identity?.code == .invalidWorkloadIdentity)
    #expect(identity?.field == "spec.serviceAccount")
    #expect(
      identity?.description.hasPrefix(
        "BundleError.invalidWorkloadIdentity: \(target.path): the workload has no valid identity: ")
        == true)
    #expect(manifest?.code == .unreadableManifest)
    #expect(
      manifest?.description
        == "BundleError.unreadableManifest: \(target.path)/manifest.json: manifest.json is missing or unreadable"
    )
    #expect(!FileManager.default.fileExists(atPath: target.path))
  }

  @Test("injection errors carry a code, the task definition and the field at fault")
  func injectionErrorCodes() throws {
    let injector = SidecarInjector(bundleHostPath: "/var/lib/meshbridge/orders")
    var noFamily = try WatchAndInjectionTests.definition()
    noFamily.family = nil
    noFamily.taskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:3"
    var onlySidecar = try WatchAndInjectionTests.definition()
    onlySidecar.containerDefinitions = [contract.containerDefinition(image: "envoy")]

    let bridge = #expect(throws: InjectionError.self) {
      try injector.inject(into: WatchAndInjectionTests.definition(networkMode: "bridge"))
    }
    let family = #expect(throws: InjectionError.self) { try injector.inject(into: noFamily) }
    let empty = #expect(throws: InjectionError.self) { try injector.inject(into: onlySidecar) }

    #expect(
      bridge?.description
        == "InjectionError.networkModeNotHost: orders: its networkMode is bridge; the sidecar needs host, to share the host's loopback with the application (field networkMode)"
    )
    #expect(bridge?.code == .networkModeNotHost)
    #expect(family?.code == .missingFamily && family?.field == "family")
    #expect(
      family?.description
        == "InjectionError.missingFamily: arn:aws:ecs:us-east-1:123456789012:task-definition/orders:3: it has no family (field family)"
    )
    #expect(empty?.code == .noApplicationContainer && empty?.field == "containerDefinitions")
  }
}
