import EnvoyConfig
import MeshPKI

extension SidecarCertificateDirectory {
  /// Writes a workload's identity into the directory: the SVID's chain, its key (mode
  /// 0600, given to `keyOwner`), the trust bundle and the two SDS files naming them, as
  /// one set that replaces the previous one in one atomic step (MeshPKI's
  /// ``SVIDDirectory``, whose lock it holds). Envoy, watching the directory, loads the new
  /// certificates without a restart.
  /// - Parameters:
  ///   - svid: The SVID, with its private key.
  ///   - bundle: The trust bundle peers are verified with.
  ///   - keyOwner: Who the key is given to (the proxy's user, which needs root); nil
  ///     keeps it with whoever writes it.
  ///   - location: Where the directory is on this host, when that is not
  ///     ``SidecarCertificateDirectory/path`` (a bundle for a container that mounts it
  ///     there).
  /// - Throws: ``PKIError`` with ``PKIError/Code/fileSystem`` or ``PKIError/Code/inUse``;
  ///   the previous set is then still whole.
  public func write(
    _ svid: SVID, bundle: TrustBundle, keyOwner: FileOwner? = nil, at location: String? = nil
  ) throws {
    try svidDirectory(at: location, keyOwner: keyOwner)
      .write(svid, bundle: bundle, additionalFiles: try sdsFiles())
  }

  /// MeshPKI's view of the directory: the SVID, key and bundle files, read, renewed and
  /// replaced together with the SDS files beside them.
  func svidDirectory(at location: String? = nil, keyOwner: FileOwner? = nil) -> SVIDDirectory {
    SVIDDirectory(path: location ?? path, keyOwner: keyOwner)
  }
}
