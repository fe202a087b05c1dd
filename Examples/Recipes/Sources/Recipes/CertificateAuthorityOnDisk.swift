import Foundation
import MeshIdentity
import MeshPKI

/// A mesh CA kept on disk, as `mesh-onboard ca` keeps it: created once, loaded by every
/// later run (checked: the key is the certificate's, the chain ends in a self-signed root),
/// issuing and renewing workloads' SVIDs into their own directories.
public struct CertificateAuthorityOnDisk {
  /// The directory the CA lives in (`ca.pem`, `ca.key` mode 0600, `ca-settings.json`).
  public var caDirectory: String

  /// A CA in `caDirectory`; nothing is read or written until a method runs.
  public init(caDirectory: String) {
    self.caDirectory = caDirectory
  }

  /// The CA in the directory, created there with a root and an intermediate that signs
  /// SVIDs the first time. The root's key stays only in memory: an intermediate on disk
  /// whose key leaks can be replaced without replacing every workload's trust bundle.
  /// - Throws: `IdentityError` for a malformed trust domain, `PKIError` naming the file
  ///   at fault when the directory holds something that is not a usable CA.
  public func loadOrCreate(trustDomain: String) throws -> CertificateAuthority {
    // snippet: ca-load-or-create
    let directory = CADirectory(path: caDirectory)
    if !directory.exists {
      let root = try CertificateAuthority.createRoot(trustDomain: try TrustDomain(trustDomain))
      try directory.write(try root.issueIntermediate())  // ca.pem holds the chain to the root
    }
    let authority = try directory.load()
    // end snippet
    return authority
  }

  /// Issues an SVID for a workload into `svidDirectory` (`svid.pem`, `key.pem` mode
  /// 0600, `bundle.pem`), replacing what was there in one atomic step.
  /// - Returns: The SPIFFE ID issued.
  public func issue(
    namespace: String, serviceAccount: String, into svidDirectory: String,
    with authority: CertificateAuthority
  ) throws -> SPIFFEID {
    // snippet: ca-issue
    let identity = try WorkloadIdentity(
      trustDomain: authority.trustDomain, namespace: namespace, serviceAccount: serviceAccount)
    let svid = try authority.issueSVID(for: identity.spiffeID)
    try SVIDDirectory(path: svidDirectory).write(svid, bundle: authority.bundle)
    // end snippet
    return svid.spiffeID
  }

  /// Signs a workload's certificate signing request (its key never leaves it), refusing
  /// one that asks for any identity but the expected one.
  /// - Returns: The SVID's chain as PEM, leaf first, for the workload.
  /// - Throws: `PKIError` with `.spiffeIDMismatch` when the request asks for another
  ///   identity, `.invalidCSRSignature` when it is not signed by its key.
  public func sign(
    requestPEM: String, expecting identity: WorkloadIdentity, with authority: CertificateAuthority
  ) throws -> String {
    // snippet: ca-sign-request
    let request = try CertificateSigningRequest(pemEncoded: requestPEM)
    let svid = try authority.issueSVID(for: request, expecting: identity.spiffeID)
    // end snippet
    return svid.chainPEM
  }

  /// Renews the SVID in `svidDirectory` with a new key, as a timer would, and verifies
  /// the result against the CA's trust bundle as a peer does in a TLS handshake.
  /// - Returns: The SPIFFE ID the renewed SVID proves.
  /// - Throws: `PKIError` when the directory holds no SVID of this CA or the renewed
  ///   chain does not verify.
  public func renewAndVerify(svidDirectory: String, with authority: CertificateAuthority)
    throws -> SPIFFEID
  {
    // snippet: ca-renew-verify
    let renewed = try SVIDDirectory(path: svidDirectory).renew(with: authority)
    let verifier = try SVIDVerifier(bundle: authority.bundle)
    let proven = try verifier.verify(renewed.chain)  // spiffe://…/ns/shop/sa/orders
    // end snippet
    return proven
  }
}
