/// What a sidecar container and its host agree on: the user the proxy runs as, where the
/// bundle is mounted, the names of the files in it, the proxy's ports and its health check.
///
/// This is the one place these values are written down. The translator's defaults
/// (``SidecarOptions``), the certificate directory (``SidecarCertificateDirectory``),
/// MeshBridge's onboarding bundles (`run-sidecar.sh`, the ECS container definition, the
/// README), its task-definition injector and rotation, and `mesh-onboard` (whose
/// `contract` command prints it for scripts) all read it.
///
/// | Member | ``standard`` | What it is |
/// | --- | --- | --- |
/// | ``proxyUserID``:``proxyGroupID`` | 1337:1337 | Istio's proxy user, which owns the key and which applications must not use |
/// | ``mountPath`` | `/etc/meshbridge` | where the container sees the bundle, read-only |
/// | ``configurationFile`` | `envoy.yaml` | the bootstrap, in the bundle's root |
/// | ``certificateFolder`` | `certs` | the SVID directory, in the bundle's root |
/// | ``certificateFile``, ``keyFile``, ``bundleFile`` | `svid.pem`, `svid.key`, `bundle.pem` | the chain (leaf first), its key (0600) and the trust bundle |
/// | ``sdsCertificateFile``, ``sdsValidationFile`` | `cert.json`, `ca.json` | the SDS files Envoy watches, naming the three above |
/// | ``adminPort`` | 15000 | the admin interface, on 127.0.0.1 |
/// | ``outboundHTTPPort`` | 15001 | the outbound HTTP listener |
/// | ``prometheusPort`` | 15090 | `/stats/prometheus` |
/// | ``healthCheck`` | `GET /ready` on the admin port | healthy once Envoy is initialized (every 10 s, 5 s timeout, 3 retries, 10 s start period) |
///
/// The ports and the proxy's user are Istio's, so a host that already runs Istio's
/// sidecars (or tooling that knows them) needs nothing new.
///
/// The SVID file names are also MeshPKI's (`SVIDDirectory.certificateFile`, `keyFile`,
/// `bundleFile`): MeshPKI owns an SVID directory's layout on disk, which `mesh-onboard ca
/// issue` writes with no sidecar in sight, and EnvoyConfig cannot import MeshPKI (neither
/// knows the other). The contract repeats the three names so the SDS files can name them,
/// and EnvoyConfig's tests (which see both modules) assert that they agree.
///
/// A sidecar that moves something (its mount path, ports, user or health check, as
/// `BundleOptions` and `SidecarInjector` allow) is described by a copy of ``standard``
/// with those members changed. The file names are fixed: the translator, the SDS files
/// and MeshPKI's SVID directory use them as they are. Encoded (JSON), the contract has
/// its members' names as keys; `mesh-onboard contract --output json` prints it.
public struct SidecarContract: Sendable, Hashable, Encodable {
  /// The user ID the proxy runs as, which owns the SVID's key.
  public var proxyUserID: UInt32
  /// The group ID the proxy runs as.
  public var proxyGroupID: UInt32
  /// Where the sidecar container sees the bundle (mounted read-only).
  public var mountPath: String
  /// The Envoy bootstrap's file name, in the bundle's root.
  public let configurationFile: String
  /// The certificate directory's name, in the bundle's root.
  public let certificateFolder: String
  /// The SVID's chain (leaf first), in the certificate directory.
  public let certificateFile: String
  /// The SVID's private key (mode 0600, owned by the proxy's user), in the certificate
  /// directory.
  public let keyFile: String
  /// The trust bundle, in the certificate directory.
  public let bundleFile: String
  /// The SDS file of the SVID and key (``SidecarCertificateDirectory/sdsCertificateFile``).
  public let sdsCertificateFile: String
  /// The SDS file of the trust bundle (``SidecarCertificateDirectory/sdsValidationFile``).
  public let sdsValidationFile: String
  /// The admin interface's port, on 127.0.0.1; the health check probes it.
  public var adminPort: UInt32
  /// The outbound HTTP listener's port.
  public var outboundHTTPPort: UInt32
  /// The `/stats/prometheus` listener's port.
  public var prometheusPort: UInt32
  /// How the host tells that the sidecar is up.
  public var healthCheck: HealthCheck

  /// Creates a contract; every parameter is the property of the same name. Others start
  /// from ``standard``.
  private init(
    proxyUserID: UInt32, proxyGroupID: UInt32, mountPath: String, configurationFile: String,
    certificateFolder: String, certificateFile: String, keyFile: String, bundleFile: String,
    sdsCertificateFile: String, sdsValidationFile: String, adminPort: UInt32,
    outboundHTTPPort: UInt32, prometheusPort: UInt32, healthCheck: HealthCheck
  ) {
    self.proxyUserID = proxyUserID
    self.proxyGroupID = proxyGroupID
    self.mountPath = mountPath
    self.configurationFile = configurationFile
    self.certificateFolder = certificateFolder
    self.certificateFile = certificateFile
    self.keyFile = keyFile
    self.bundleFile = bundleFile
    self.sdsCertificateFile = sdsCertificateFile
    self.sdsValidationFile = sdsValidationFile
    self.adminPort = adminPort
    self.outboundHTTPPort = outboundHTTPPort
    self.prometheusPort = prometheusPort
    self.healthCheck = healthCheck
  }

  /// The contract every default of this package follows: Istio's proxy user and ports,
  /// the bundle at `/etc/meshbridge`.
  public static let standard = SidecarContract(
    proxyUserID: 1337, proxyGroupID: 1337, mountPath: "/etc/meshbridge",
    configurationFile: "envoy.yaml", certificateFolder: "certs", certificateFile: "svid.pem",
    keyFile: "svid.key", bundleFile: "bundle.pem", sdsCertificateFile: "cert.json",
    sdsValidationFile: "ca.json", adminPort: 15000, outboundHTTPPort: 15001,
    prometheusPort: 15090,
    healthCheck: HealthCheck(path: "/ready", interval: 10, timeout: 5, retries: 3, startPeriod: 10))

  /// The proxy's user and group as Docker's `--user` and ECS's `user` take them (`UID:GID`).
  public var proxyUser: String { "\(proxyUserID):\(proxyGroupID)" }

  /// The certificate directory as the container sees it (`/etc/meshbridge/certs`).
  public var certificateDirectory: SidecarCertificateDirectory {
    certificateDirectory(under: mountPath)
  }

  /// The bootstrap's path as the container sees it (`/etc/meshbridge/envoy.yaml`).
  public var configurationPath: String { "\(mountPath)/\(configurationFile)" }

  /// The certificate directory of a bundle whose root is `root`.
  public func certificateDirectory(under root: String) -> SidecarCertificateDirectory {
    SidecarCertificateDirectory(path: "\(root)/\(certificateFolder)")
  }

  /// The SDS files' names, certificate first.
  public var sdsFiles: [String] { [sdsCertificateFile, sdsValidationFile] }

  /// A copy with the ports of `options` (a sidecar that moved them, so that several share
  /// a host); the Prometheus port stays when `options` has none.
  public func with(ports options: SidecarOptions) -> SidecarContract {
    var contract = self
    contract.adminPort = options.adminPort
    contract.outboundHTTPPort = options.outboundHTTPPort
    contract.prometheusPort = options.prometheusPort ?? prometheusPort
    return contract
  }

  /// The health check: an HTTP request to an admin endpoint that answers 200 once Envoy
  /// has initialized (its listeners and clusters are ready), 503 before.
  public struct HealthCheck: Sendable, Hashable, Encodable {
    /// The admin endpoint probed (`/ready`).
    public var path: String
    /// Seconds between checks.
    public var interval: Int
    /// Seconds a check may take.
    public var timeout: Int
    /// Failed checks in a row that make the sidecar unhealthy.
    public var retries: Int
    /// Seconds after start during which failures do not count.
    public var startPeriod: Int

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String, interval: Int, timeout: Int, retries: Int, startPeriod: Int) {
      self.path = path
      self.interval = interval
      self.timeout = timeout
      self.retries = retries
      self.startPeriod = startPeriod
    }

    /// The check as a shell command (Docker's and ECS's `CMD-SHELL`), for an Envoy image
    /// with bash and no HTTP client: one HTTP/1.1 request to ``path`` on `127.0.0.1:port`
    /// through bash's `/dev/tcp`, succeeding when the status is 200.
    /// - Parameter port: The admin port.
    public func shellCommand(port: UInt32) -> String {
      let request = "GET \(path) HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n"
      return
        "bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(port) && printf \"\(request)\" >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]'"
    }
  }
}
