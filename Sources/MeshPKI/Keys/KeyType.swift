/// The key algorithms MeshPKI generates and accepts.
public enum KeyType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  /// ECDSA on NIST P-256 with SHA-256: the default, as SPIRE's.
  case p256
  /// ECDSA on NIST P-384 with SHA-384.
  case p384
  /// Ed25519.
  case ed25519
  /// RSA 2048 with SHA-256.
  case rsa2048
  /// RSA 3072 with SHA-256.
  case rsa3072
  /// RSA 4096 with SHA-256.
  case rsa4096

  public var description: String { rawValue }

  /// Whether this is an RSA key (X509-SVIDs then also carry keyEncipherment).
  public var isRSA: Bool { self == .rsa2048 || self == .rsa3072 || self == .rsa4096 }

  var rsaBits: Int32? {
    switch self {
    case .rsa2048: 2048
    case .rsa3072: 3072
    case .rsa4096: 4096
    default: nil
    }
  }

  var curveName: String? {
    switch self {
    case .p256: "P-256"
    case .p384: "P-384"
    default: nil
    }
  }
}
