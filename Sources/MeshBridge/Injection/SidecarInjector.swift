import ECSClient
import EnvoyConfig
import Foundation
import MeshPKI

/// Adds the mesh sidecar to an ECS Anywhere task definition: the sidecar container as
/// the ``contract`` has it (``SidecarContract/containerDefinition(image:)``: the proxy's
/// user, the bundle mounted read-only, a health check on the admin `/ready` endpoint, high
/// file limits), the bundle's host volume, and a dependency of every other container on
/// the sidecar being healthy, so applications start with the mesh reachable.
///
/// ```swift
/// let current = try await ecs.describeTaskDefinition(.init(taskDefinition: "orders")).taskDefinition!
/// let next = try SidecarInjector(bundleHostPath: "/var/lib/meshbridge/orders").inject(into: current)
/// let registered = try await ecs.registerTaskDefinition(next)   // a new revision
/// ```
public struct SidecarInjector: Sendable {
  /// The sidecar container's name; an existing one of that name is replaced.
  public static let containerName = "meshbridge-sidecar"
  /// The task volume holding the bundle.
  public static let volumeName = "meshbridge"

  /// Where the workload's bundle is on the ECS Anywhere host.
  public var bundleHostPath: String
  /// Where the sidecar sees it (the bundle's `BundleOptions.mountPath`); by default the
  /// contract's.
  public var mountPath: String
  /// The Envoy image.
  public var image: String
  /// The sidecar's admin port, which the health check probes; by default the contract's.
  public var adminPort: UInt32
  /// The user and group the sidecar runs as (the bundle's `BundleOptions.proxyUser`); by
  /// default the contract's, Istio's proxy.
  public var proxyUser: FileOwner

  /// Creates a value; every parameter is the property of the same name.
  public init(
    bundleHostPath: String, mountPath: String = SidecarContract.standard.mountPath,
    image: String = BundleOptions.defaultSidecarImage,
    adminPort: UInt32 = SidecarContract.standard.adminPort,
    proxyUser: FileOwner = SidecarContract.standard.proxyOwner
  ) {
    self.bundleHostPath = bundleHostPath
    self.mountPath = mountPath
    self.image = image
    self.adminPort = adminPort
    self.proxyUser = proxyUser
  }

  /// The contract the injected sidecar follows: ``SidecarContract/standard`` with this
  /// injector's mount path, admin port and user.
  public var contract: SidecarContract {
    var contract = SidecarContract.standard.with(proxy: proxyUser)
    contract.mountPath = mountPath
    contract.adminPort = adminPort
    return contract
  }

  /// The registration request of the next revision, with the sidecar.
  /// - Throws: ``InjectionError`` with ``InjectionError/Code/missingFamily``,
  ///   ``InjectionError/Code/noApplicationContainer``, or
  ///   ``InjectionError/Code/networkModeNotHost`` for a network mode other than `host` (the
  ///   sidecar and the application share the host's loopback; `bridge` would put them in
  ///   separate network namespaces, and `awsvpc` is not available to EXTERNAL tasks).
  public func inject(into definition: ECS.TaskDefinition) throws
    -> ECS.RegisterTaskDefinitionRequest
  {
    let name = definition.family ?? definition.taskDefinitionArn ?? "<unnamed>"
    guard let family = definition.family else {
      throw InjectionError(
        .missingFamily, taskDefinition: name, reason: "it has no family", field: "family")
    }
    let mode = definition.networkMode?.rawValue ?? "bridge"
    guard mode == "host" else {
      throw InjectionError(
        .networkModeNotHost, taskDefinition: name,
        reason:
          "its networkMode is \(mode); the sidecar needs host, to share the host's loopback with the application",
        field: "networkMode")
    }
    var containers = (definition.containerDefinitions ?? []).filter {
      $0.name != Self.containerName
    }
    guard !containers.isEmpty else {
      throw InjectionError(
        .noApplicationContainer, taskDefinition: name, reason: "it has no application container",
        field: "containerDefinitions")
    }
    for index in containers.indices {
      var dependencies = (containers[index].dependsOn ?? []).filter {
        $0.containerName != Self.containerName
      }
      dependencies.append(
        ECS.ContainerDependency(containerName: Self.containerName, condition: "HEALTHY"))
      containers[index].dependsOn = dependencies
    }
    let sidecar = contract.containerDefinition(image: image)
    var volumes = (definition.volumes ?? []).filter { $0.name != Self.volumeName }
    volumes.append(
      ECS.Volume(name: Self.volumeName, host: ECS.HostVolumeProperties(sourcePath: bundleHostPath)))
    var compatibilities = definition.requiresCompatibilities ?? []
    if !compatibilities.contains("EXTERNAL") { compatibilities.append("EXTERNAL") }

    var request = ECS.RegisterTaskDefinitionRequest(
      family: family, containerDefinitions: [sidecar] + containers)
    request.taskRoleArn = definition.taskRoleArn
    request.executionRoleArn = definition.executionRoleArn
    request.networkMode = definition.networkMode
    request.volumes = volumes
    request.placementConstraints = definition.placementConstraints
    request.requiresCompatibilities = compatibilities
    request.cpu = definition.cpu
    request.memory = definition.memory
    request.pidMode = definition.pidMode
    request.ipcMode = definition.ipcMode
    request.runtimePlatform = definition.runtimePlatform
    return request
  }
}
