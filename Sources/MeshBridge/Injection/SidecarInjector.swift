import ECSClient
import Foundation

/// Why a task definition cannot take the sidecar.
public struct InjectionError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The task definition family, or the ARN when it has no family.
  public var taskDefinition: String
  public var reason: String

  /// Creates a value; every parameter is the property of the same name.
  public init(taskDefinition: String, reason: String) {
    self.taskDefinition = taskDefinition
    self.reason = reason
  }

  public var description: String { "cannot add the mesh sidecar to \(taskDefinition): \(reason)" }
}

/// Adds the mesh sidecar to an ECS Anywhere task definition: the sidecar container
/// (user 1337, the bundle mounted read-only, a health check on its admin port, high file
/// limits), the bundle's host volume, and a dependency of every other container on the
/// sidecar being healthy, so applications start with the mesh reachable.
///
/// ```swift
/// let current = try await ecs.describeTaskDefinition(.init(taskDefinition: "orders")).taskDefinition!
/// let next = try SidecarInjector(bundleHostPath: "/etc/meshbridge/orders").inject(into: current)
/// let registered = try await ecs.registerTaskDefinition(next)   // a new revision
/// ```
public struct SidecarInjector: Sendable {
  /// The sidecar container's name; an existing one of that name is replaced.
  public static let containerName = "meshbridge-sidecar"
  /// The task volume holding the bundle.
  public static let volumeName = "meshbridge"

  /// Where the workload's bundle is on the ECS Anywhere host.
  public var bundleHostPath: String
  /// Where the sidecar sees it (the bundle's `BundleOptions.mountPath`).
  public var mountPath: String
  public var image: String
  /// The sidecar's admin port, which the health check probes.
  public var adminPort: UInt32

  /// Creates a value; every parameter is the property of the same name.
  public init(
    bundleHostPath: String, mountPath: String = "/etc/meshbridge",
    image: String = "envoyproxy/envoy:v1.40.0", adminPort: UInt32 = 15000
  ) {
    self.bundleHostPath = bundleHostPath
    self.mountPath = mountPath
    self.image = image
    self.adminPort = adminPort
  }

  /// The registration request of the next revision, with the sidecar.
  /// - Throws: ``InjectionError`` when the definition has no family or containers, or a
  ///   network mode other than `host` (the sidecar and the application share the host's
  ///   loopback; `bridge` would put them in separate network namespaces, and `awsvpc` is
  ///   not available to EXTERNAL tasks).
  public func inject(into definition: ECS.TaskDefinition) throws
    -> ECS.RegisterTaskDefinitionRequest
  {
    let name = definition.family ?? definition.taskDefinitionArn ?? "<unnamed>"
    guard let family = definition.family else {
      throw InjectionError(taskDefinition: name, reason: "it has no family")
    }
    let mode = definition.networkMode?.rawValue ?? "bridge"
    guard mode == "host" else {
      throw InjectionError(
        taskDefinition: name,
        reason:
          "its networkMode is \(mode); the sidecar needs host, to share the host's loopback with the application"
      )
    }
    var containers = (definition.containerDefinitions ?? []).filter {
      $0.name != Self.containerName
    }
    guard !containers.isEmpty else {
      throw InjectionError(taskDefinition: name, reason: "it has no application container")
    }
    for index in containers.indices {
      var dependencies = (containers[index].dependsOn ?? []).filter {
        $0.containerName != Self.containerName
      }
      dependencies.append(
        ECS.ContainerDependency(containerName: Self.containerName, condition: "HEALTHY"))
      containers[index].dependsOn = dependencies
    }
    var sidecar = ECS.ContainerDefinition(name: Self.containerName, image: image)
    sidecar.essential = true
    // ECS wants container memory when the task sets none; Envoy's sidecar runs in less.
    sidecar.memoryReservation = 128
    sidecar.user = "1337:1337"
    sidecar.command = ["-c", "\(mountPath)/envoy.yaml", "--disable-hot-restart"]
    sidecar.mountPoints = [
      ECS.MountPoint(sourceVolume: Self.volumeName, containerPath: mountPath, readOnly: true)
    ]
    sidecar.healthCheck = ECS.HealthCheck(
      command: ["CMD-SHELL", "bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(adminPort)'"],
      interval: 10, timeout: 5, retries: 3, startPeriod: 10)
    sidecar.ulimits = [ECS.Ulimit(name: "nofile", softLimit: 1_048_576, hardLimit: 1_048_576)]
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
