import Foundation
import MeshIdentity
import MeshPKI

// PKIBenchmark issue N DIR   issue N P-256 leaf SVIDs (key generation, signing, PEM of the
//                            chain and the key); writes DIR/ca.pem, DIR/ca.key and
//                            DIR/chains.pem (one chain per SVID) for the verify runs
// PKIBenchmark verify DIR    verify every chain of DIR/chains.pem against DIR/root.pem
// Each prints `<name>_ms=<milliseconds> count=<n>`.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func run() throws {
  let arguments = CommandLine.arguments
  guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: PKIBenchmark issue N DIR | verify DIR\n".utf8))
    exit(2)
  }
  switch arguments[1] {
  case "issue":
    let count = Int(arguments[2]) ?? 10_000
    let directory = arguments[3]
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    // No URI name constraint: Python cryptography's verifier, the baseline, rejects them.
    let issuer = try root.issueIntermediate(constrainsNames: false)
    var chains = ""
    chains.reserveCapacity(count * 1600)
    var keys: [PrivateKey] = []
    keys.reserveCapacity(count)
    var start = ContinuousClock.now
    for index in 0..<count {
      let svid = try issuer.issueSVID(for: SPIFFEID("spiffe://example.org/ns/bench/sa/w\(index)"))
      chains += svid.chainPEM
      if let key = svid.privateKey { keys.append(key) }
    }
    let issueMilliseconds = milliseconds(since: start)
    // The key's PKCS#8 PEM, timed on its own, as the baseline does.
    start = ContinuousClock.now
    for key in keys { _ = try key.pemEncoded() }
    print(
      String(
        format: "issue_ms=%.1f key_pem_ms=%.1f count=%d", issueMilliseconds,
        milliseconds(since: start), count))
    try root.certificate.pemEncoded.write(
      toFile: "\(directory)/root.pem", atomically: true, encoding: .utf8)
    try issuer.certificate.pemEncoded.write(
      toFile: "\(directory)/ca.pem", atomically: true, encoding: .utf8)
    // A throwaway key in the scratch directory, for the baseline to read.
    let keyPEM = try issuer.privateKey.pemEncoded()
    guard
      FileManager.default.createFile(
        atPath: "\(directory)/ca.key", contents: Data(keyPEM.utf8),
        attributes: [.posixPermissions: 0o600])
    else { throw CocoaError(.fileWriteUnknown) }
    try chains.write(toFile: "\(directory)/chains.pem", atomically: true, encoding: .utf8)
  case "profile":
    // Where issuance time goes, step by step.
    let count = Int(arguments[2]) ?? 2000
    let root = try CertificateAuthority.createRoot(trustDomain: TrustDomain("example.org"))
    let id = try SPIFFEID("spiffe://example.org/ns/bench/sa/w")
    var start = ContinuousClock.now
    let keys = try (0..<count).map { _ in try PrivateKey(generating: .p256) }
    print(String(format: "keygen_ms=%.1f", milliseconds(since: start)))
    start = ContinuousClock.now
    let svids = try keys.map { try root.issueSVID(for: id, publicKey: $0.publicKey) }
    print(String(format: "sign_ms=%.1f", milliseconds(since: start)))
    start = ContinuousClock.now
    for key in keys { _ = try key.pemEncoded() }
    print(String(format: "key_pem_ms=%.1f", milliseconds(since: start)))
    start = ContinuousClock.now
    for svid in svids { _ = svid.chainPEM }
    print(String(format: "chain_pem_ms=%.1f", milliseconds(since: start)))
  case "verify":
    let directory = arguments[2]
    let root = try Certificate(
      pemEncoded: String(contentsOfFile: "\(directory)/root.pem", encoding: .utf8))
    let all = try Certificate.parseBundle(
      pemEncoded: String(contentsOfFile: "\(directory)/chains.pem", encoding: .utf8))
    // Chains are leaf + intermediate pairs.
    let chains = stride(from: 0, to: all.count - 1, by: 2).map { [all[$0], all[$0 + 1]] }
    let verifier = try SVIDVerifier(
      bundle: TrustBundle(trustDomain: TrustDomain("example.org"), x509Authorities: [root]))
    let now = Date()
    let start = ContinuousClock.now
    for chain in chains { _ = try verifier.verify(chain, at: now) }
    print(String(format: "verify_ms=%.1f count=%d", milliseconds(since: start), chains.count))
  default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
  }
}

do {
  try run()
} catch {
  FileHandle.standardError.write(Data("PKIBenchmark: \(error)\n".utf8))
  exit(1)
}
