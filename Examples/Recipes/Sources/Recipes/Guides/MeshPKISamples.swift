import Foundation
import MeshIdentity
import MeshPKI

// The samples of Docs/MeshPKI.md.

/// A key's PEM forms, plain and encrypted, and its fingerprint.
public struct KeyForms: Sendable {
  /// The key as PKCS#8 PEM.
  public var pem: String
  /// The key as encrypted PKCS#8 PEM.
  public var encryptedPEM: String
  /// The key read back from `encryptedPEM`.
  public var reloaded: PrivateKey
  /// The SHA-256 of the key's SubjectPublicKeyInfo, hex.
  public var fingerprint: String
}

/// Makes a P-256 key and writes it as PEM, plain and encrypted with `passphrase`, and
/// reads the encrypted form back.
/// - Throws: `PKIError` when OpenSSL cannot make or read the key.
public func makeKey(passphrase: String) throws -> KeyForms {
  // snippet: pki-keys
  let key = try PrivateKey(generating: .p256)  // .p384, .ed25519, .rsa2048/3072/4096
  let pem = try key.pemEncoded()  // PKCS#8
  let locked = try key.pemEncoded(passphrase: passphrase)  // encrypted PKCS#8 (AES-256-CBC)
  let again = try PrivateKey(pemEncoded: locked, passphrase: passphrase)
  print(key.publicKey.fingerprint)  // SHA-256 of the SubjectPublicKeyInfo
  // end snippet
  return KeyForms(
    pem: pem, encryptedPEM: locked, reloaded: again, fingerprint: key.publicKey.fingerprint)
}

/// The SPIFFE ID of the `orders` service account of the `shop` namespace.
/// - Throws: `IdentityError` for a malformed trust domain.
public func ordersSPIFFEID(trustDomain: String) throws -> SPIFFEID {
  // snippet: pki-spiffe-id
  let domain = try TrustDomain(trustDomain)  // "example.org"
  let id = try domain.id(path: "/ns/shop/sa/orders")
  // end snippet
  return id
}

/// What ``issueChain(for:csrPEM:)`` issued.
public struct IssuedChain: Sendable {
  /// The self-signed root.
  public var root: CertificateAuthority
  /// The intermediate the root signed, which signs the SVIDs.
  public var issuing: CertificateAuthority
  /// An SVID with a key made by the CA.
  public var svid: SVID
  /// An SVID for the CSR's key, which never left the workload.
  public var fromCSR: SVID
}

/// Creates a root and an intermediate for the ID's trust domain and issues two SVIDs for
/// the ID: one with a key made here, one for a workload's CSR.
/// - Throws: `PKIError` `spiffeIDMismatch` when the CSR asks for another ID.
public func issueChain(for id: SPIFFEID, csrPEM: String) throws -> IssuedChain {
  let domain = id.trustDomain
  // snippet: pki-issue
  let root = try CertificateAuthority.createRoot(trustDomain: domain)  // 24h, P-256
  let issuing = try root.issueIntermediate()  // pathlen 0, name-constrained
  let svid = try issuing.issueSVID(for: id)  // 1h, key made here
  let fromCSR = try issuing.issueSVID(
    for: CertificateSigningRequest(pemEncoded: csrPEM), expecting: id)  // the ID it must ask for
  // end snippet
  return IssuedChain(root: root, issuing: issuing, svid: svid, fromCSR: fromCSR)
}

/// Renews an SVID with a new key, the host proving it holds the current one.
/// - Returns: The new SVID, with its new key.
/// - Throws: `PKIError` when the CA did not issue the SVID or the identity changed.
public func renewWithProof(_ currentSVID: SVID, at ca: CertificateAuthority) throws -> SVID {
  // snippet: pki-renewal-request
  // On the host: a new key of the current one's type (or `newKey:` a key of your choice)
  let request = try RenewalRequest(renewing: currentSVID)
  // At the CA:
  let renewed = try ca.renew(request)
  // end snippet
  return renewed
}

/// A CA's bundle as a SPIFFE bundle document, and a verifier that trusts it and a
/// federated trust domain's bundle document.
/// - Parameters:
///   - root: The local CA.
///   - federatedDomain: The other trust domain.
///   - data: Its SPIFFE bundle document, as its bundle endpoint serves it.
/// - Throws: `PKIError` when the document is not a valid bundle.
public func federate(
  _ root: CertificateAuthority, with federatedDomain: String, bundleDocument data: [UInt8]
) throws -> (json: [UInt8], verifier: SVIDVerifier) {
  // snippet: pki-bundles
  let bundle = root.bundle  // TrustBundle: trust domain + roots
  let json = try bundle.spiffeBundleJSON()  // SPIFFE bundle format (JWK Set)
  let federated = try TrustBundle(
    trustDomain: TrustDomain(federatedDomain), spiffeBundleJSON: data)  // "bank.example"
  let verifier = try SVIDVerifier(bundles: TrustBundleSet([bundle, federated]))
  // end snippet
  return (json, verifier)
}

/// The SPIFFE ID a chain proves against a trust bundle now.
/// - Throws: `PKIError` naming the rule the chain breaks.
public func provenID(of chain: [Certificate], trusting bundle: TrustBundle) throws -> SPIFFEID {
  // snippet: pki-verify
  let id = try SVIDVerifier(bundle: bundle).verify(chain, at: Date())
  // end snippet
  return id
}

/// What ``storeIdentity(_:authority:in:keyOwner:)`` read back.
public struct StoredIdentity: Sendable {
  /// The SVID as loaded from its directory.
  public var current: SVID
  /// The SVID renewed in place.
  public var renewed: SVID
  /// The CA as loaded from its directory.
  public var loaded: CertificateAuthority
}

/// Writes an SVID and its CA into directories under `directory` (`web`, `ca`), loads
/// both back and renews the SVID in place.
/// - Parameter keyOwner: Who gets the SVID's key (giving it away needs root).
/// - Throws: `PKIError` `alreadyExists` when `ca` holds a CA already.
public func storeIdentity(
  _ svid: SVID, authority issuing: CertificateAuthority, in directory: URL, keyOwner: FileOwner
) throws -> StoredIdentity {
  let ca = issuing
  let web = directory.appendingPathComponent("web").path
  let caPath = directory.appendingPathComponent("ca").path
  // snippet: pki-directories
  // keyOwner: FileOwner(userID: 1337, groupID: 1337), the proxy's user, say
  let storage = SVIDDirectory(path: web, keyOwner: keyOwner)
  try storage.write(svid, bundle: ca.bundle)  // svid.pem, svid.key, bundle.pem
  let current = try storage.load()  // chain and key of one generation
  let renewed = try storage.renew(with: ca)  // new key, proof of possession, in place

  let caFiles = CADirectory(path: caPath)  // ca.pem, ca.key, ca-settings.json
  try caFiles.write(issuing)  // refuses to replace a CA: alreadyExists
  let loaded = try caFiles.load()  // the same CA: chain, key, names
  // end snippet
  return StoredIdentity(current: current, renewed: renewed, loaded: loaded)
}

/// Whether a chain verifies at `date`; an expired (or not yet valid) one is reported as
/// due for renewal.
/// - Returns: false when the chain is out of its validity at `date`.
/// - Throws: `PKIError` for any other reason the chain is refused.
public func isCurrent(_ chain: [Certificate], verifier: SVIDVerifier, at date: Date = Date())
  throws -> Bool
{
  // snippet: pki-error-codes
  do {
    _ = try verifier.verify(chain, at: date)
  } catch let error as PKIError {
    switch error.code {
    case .expired, .notYetValid:
      print("renew:", error)
      return false
    default: throw error
    }
  }
  // end snippet
  return true
}
