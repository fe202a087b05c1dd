import ECSClient
import EnvoyConfig
import MeshPKI

extension SidecarContract {
  /// The proxy's user and group, as MeshPKI gives the SVID's key to them.
  public var proxyOwner: FileOwner { FileOwner(userID: proxyUserID, groupID: proxyGroupID) }

  /// A copy whose proxy runs as `owner`.
  public func with(proxy owner: FileOwner) -> SidecarContract {
    var contract = self
    contract.proxyUserID = owner.userID
    contract.proxyGroupID = owner.groupID
    return contract
  }

  /// The sidecar as a container of an ECS Anywhere task definition, everything from the
  /// contract: it runs as the proxy's user, sees the bundle read-only at the mount path
  /// (task volume ``SidecarInjector/volumeName``), starts Envoy on the bundle's
  /// configuration, and is healthy once Envoy's admin `/ready` answers 200.
  ///
  /// Both the bundle's `ecs-container.json` and ``SidecarInjector`` use it; encoded with
  /// `JSONEncoder` it has AWS's field names (`mountPoints`, `healthCheck`, …), as the shapes'
  /// own `Codable` gives them.
  /// - Parameter image: The Envoy image.
  /// - Returns: The container definition, named ``SidecarInjector/containerName``.
  public func containerDefinition(image: String) -> ECS.ContainerDefinition {
    var sidecar = ECS.ContainerDefinition(name: SidecarInjector.containerName, image: image)
    sidecar.essential = true
    // ECS wants container memory when the task sets none; Envoy's sidecar runs in less.
    sidecar.memoryReservation = 128
    sidecar.user = proxyUser
    sidecar.command = ["-c", configurationPath, "--disable-hot-restart"]
    sidecar.mountPoints = [
      ECS.MountPoint(
        sourceVolume: SidecarInjector.volumeName, containerPath: mountPath, readOnly: true)
    ]
    sidecar.healthCheck = ECS.HealthCheck(
      command: ["CMD-SHELL", healthCheck.shellCommand(port: adminPort)],
      interval: healthCheck.interval, timeout: healthCheck.timeout, retries: healthCheck.retries,
      startPeriod: healthCheck.startPeriod)
    sidecar.ulimits = [ECS.Ulimit(name: "nofile", softLimit: 1_048_576, hardLimit: 1_048_576)]
    sidecar.logConfiguration = ECS.LogConfiguration(logDriver: "json-file")
    return sidecar
  }
}
