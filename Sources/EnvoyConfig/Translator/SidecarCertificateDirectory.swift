import Foundation
internal import MeshSupport

/// A sidecar's certificate directory, as Envoy sees it: the SVID's chain, its key and the
/// trust bundle, and the two SDS files that name them, under the contract's file names
/// (``SidecarContract``).
///
/// The translator reads certificates from here (``SidecarOptions/certificateDirectory``):
/// every TLS context refers to the two SDS secrets (``certificateSecretConfig`` and
/// ``validationSecretConfig``), whose files Envoy watches, so certificates replaced by a
/// rename load without a restart. Onboarding bundles write the directory and their
/// rotation renews it (MeshBridge); a tool of its own writes the SDS files with
/// ``writeSDSFiles(at:)`` and the certificates with MeshPKI's `SVIDDirectory`, which
/// takes the SDS files along (``sdsFiles()``) so that all five are one set:
///
/// ```swift
/// let certificates = SidecarCertificateDirectory(path: "/srv/orders/certs")
/// try SVIDDirectory(path: certificates.path)
///   .write(svid, bundle: authority.bundle, additionalFiles: try certificates.sdsFiles())
/// let options = SidecarOptions(trustDomain: authority.trustDomain, certificateDirectory: certificates)
/// ```
///
/// | Member | File (``SidecarContract/standard``) |
/// | --- | --- |
/// | ``certificatePath`` | ``SidecarContract/certificateFile``: the chain, leaf first |
/// | ``keyPath`` | ``SidecarContract/keyFile``: the key, mode 0600 |
/// | ``bundlePath`` | ``SidecarContract/bundleFile``: the trust bundle |
/// | ``sdsCertificatePath`` | ``SidecarContract/sdsCertificateFile``: the secret ``certificateSecretName``, naming the chain and key |
/// | ``sdsValidationPath`` | ``SidecarContract/sdsValidationFile``: the secret ``validationSecretName``, naming the bundle |
///
/// A bundle mounted into a container is written on the host in one place and read by
/// Envoy in another: ``path`` is where Envoy reads it (the paths in the configuration and
/// the SDS files), and the writers take the host's location where it differs.
public struct SidecarCertificateDirectory: Sendable, Hashable {
  /// The directory, as Envoy sees it.
  public var path: String

  /// The certificate directory at `path`, as Envoy sees it.
  public init(path: String) {
    self.path = path
  }

  /// The SDS secret of the SVID's chain and key, which the translator's configurations
  /// present.
  public static let certificateSecretName = "default"
  /// The SDS secret of the trust bundle peers are validated against (Istio's name).
  public static let validationSecretName = "ROOTCA"

  private static let contract = SidecarContract.standard

  /// The SVID's chain, leaf first.
  public var certificatePath: String { file(Self.contract.certificateFile) }
  /// The SVID's private key.
  public var keyPath: String { file(Self.contract.keyFile) }
  /// The trust bundle.
  public var bundlePath: String { file(Self.contract.bundleFile) }
  /// The SDS file of the chain and key.
  public var sdsCertificatePath: String { file(Self.contract.sdsCertificateFile) }
  /// The SDS file of the trust bundle.
  public var sdsValidationPath: String { file(Self.contract.sdsValidationFile) }

  private func file(_ name: String) -> String { "\(path)/\(name)" }

  /// The contents of the SDS certificate file: the secret ``certificateSecretName``,
  /// with the chain and key from ``certificatePath`` and ``keyPath``.
  public var sdsCertificateFile: Envoy.SDSResourceFile {
    Envoy.SDSResourceFile(secrets: [
      Envoy.Secret(
        name: Self.certificateSecretName,
        tlsCertificate: Envoy.TLSCertificateConfig(
          certificateChain: .file(certificatePath), privateKey: .file(keyPath)))
    ])
  }

  /// The contents of the SDS validation file: the secret ``validationSecretName``, with
  /// the trust bundle from ``bundlePath``.
  public var sdsValidationFile: Envoy.SDSResourceFile {
    Envoy.SDSResourceFile(secrets: [
      Envoy.Secret(
        name: Self.validationSecretName,
        validationContext: Envoy.CertificateValidationContext(trustedCA: .file(bundlePath)))
    ])
  }

  /// How a TLS context asks for the SVID: the secret ``certificateSecretName`` from
  /// ``sdsCertificatePath``, reloaded when the directory changes.
  public var certificateSecretConfig: Envoy.SDSSecretConfig {
    Envoy.SDSSecretConfig(name: Self.certificateSecretName, sdsConfig: source(sdsCertificatePath))
  }

  /// How a TLS context asks for the trust bundle: the secret ``validationSecretName``
  /// from ``sdsValidationPath``, reloaded when the directory changes.
  public var validationSecretConfig: Envoy.SDSSecretConfig {
    Envoy.SDSSecretConfig(name: Self.validationSecretName, sdsConfig: source(sdsValidationPath))
  }

  /// A file Envoy reads again whenever something is moved into the directory (the
  /// rename that makes a new set of certificates current).
  private func source(_ file: String) -> Envoy.ConfigSource {
    .file(file, watchedDirectory: path)
  }

  /// The two SDS files, encoded, by file name: what MeshPKI's `SVIDDirectory` takes as
  /// its `additionalFiles`, so the SVID and the files naming it are written as one set.
  /// - Throws: `EncodingError` from ``EnvoyConfigEncoder``, which files of strings only, as
  ///   these are, never cause.
  public func sdsFiles() throws -> [String: [UInt8]] {
    let encoder = EnvoyConfigEncoder()
    return [
      Self.contract.sdsCertificateFile: Array(try encoder.json(sdsCertificateFile)),
      Self.contract.sdsValidationFile: Array(try encoder.json(sdsValidationFile)),
    ]
  }

  /// Writes the two SDS files (mode 0644) into the directory, creating it (0755) when it
  /// is missing. The directory's other files stay as they are.
  ///
  /// The files join the directory's current set of certificate files in one atomic step,
  /// under the directory's lock (the one MeshPKI's `SVIDDirectory` writers hold, waiting
  /// a minute at most): Envoy sees the old set or the new one, never a half-written file.
  /// - Parameter location: Where the directory is on this host, when that is not
  ///   ``path`` (a bundle written for a container that mounts it at ``path``).
  /// - Throws: ``EnvoyConfigError`` with ``EnvoyConfigError/Code/fileSystem`` or
  ///   ``EnvoyConfigError/Code/inUse``; the directory then holds what it held before. As
  ///   ``sdsFiles()`` does.
  public func writeSDSFiles(at location: String? = nil) throws {
    let directory = location ?? path
    let files = try sdsFiles().sorted { $0.key < $1.key }.map {
      AtomicFileSet.File(name: $0.key, contents: $0.value, mode: 0o644)
    }
    let set = AtomicFileSet(path: directory)
    do {
      try set.withLock { try set.publish(files) }
    } catch let error as FileSystemError {
      throw EnvoyConfigError(
        error.kind == .inUse ? .inUse : .fileSystem, path: directory, message: error.description)
    }
  }
}
