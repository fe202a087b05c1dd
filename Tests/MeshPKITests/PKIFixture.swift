import Foundation
import MeshIdentity
import MeshPKI
import MeshSupport
import MeshTestSupport

/// A CA hierarchy and SVIDs written to a temporary directory, for the peers to read.
final class PKIFixture {
  let directory: URL
  let root: CertificateAuthority
  let intermediate: CertificateAuthority

  init(trustDomain: String = "example.org", keyType: KeyType = .p256) throws {
    directory = try Peers.temporaryDirectory()
    root = try CertificateAuthority.createRoot(
      trustDomain: TrustDomain(trustDomain), keyType: keyType)
    intermediate = try root.issueIntermediate(keyType: keyType)
    try write(root.certificate.pemEncoded, "root.pem")
    try write(intermediate.certificate.pemEncoded, "intermediate.pem")
    try write(root.certificate.pemEncoded, "bundle.pem")
  }

  deinit {
    try? FileManager.default.removeItem(at: directory)
  }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  @discardableResult
  func write(_ text: String, _ name: String) throws -> String {
    try AtomicFile.write(text, to: path(name), mode: 0o644)
    return path(name)
  }

  /// Issues an SVID and writes `<name>.pem` (leaf), `<name>-chain.pem` (leaf first),
  /// `<name>-intermediates.pem` and `<name>.key`.
  @discardableResult
  func issue(_ id: String, name: String, keyType: KeyType = .p256) throws -> SVID {
    let svid = try intermediate.issueSVID(for: SPIFFEID(id), keyType: keyType)
    try write(svid.leaf.pemEncoded, "\(name).pem")
    try write(svid.chainPEM, "\(name)-chain.pem")
    try write(svid.chain.dropFirst().map(\.pemEncoded).joined(), "\(name)-intermediates.pem")
    try AtomicFile.write(
      try svid.privateKey?.pemEncoded() ?? "", to: path("\(name).key"), mode: 0o600)
    return svid
  }
}
