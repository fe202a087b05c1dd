internal import CMeshSSL
import Foundation
import MeshIdentity
internal import Synchronization

/// Owns one X509. Certificates are never modified after they are built or parsed, and
/// OpenSSL 3 allows concurrent reads of an X509 (its cached extension data is computed
/// under a lock).
final class CertificateBox: @unchecked Sendable {
  // @unchecked: only for `pointer`, which is immutable, and the certificate is only read
  // after init (concurrent reads are safe, see above).
  let pointer: OpaquePointer
  private let cachedPEM = Mutex<String?>(nil)

  init(takingOwnershipOf pointer: OpaquePointer) {
    self.pointer = pointer
  }

  deinit {
    X509_free(pointer)
  }

  /// The PEM encoding, made once: a CA's certificate goes into every chain it issues.
  var pemEncoded: String {
    cachedPEM.withLock { cachedPEM in
      if let cachedPEM { return cachedPEM }
      guard let bio = try? MemoryBIO(), PEM_write_bio_X509(bio.pointer, pointer) == 1 else {
        OpenSSLErrors.clear()
        return ""
      }
      let pem = bio.string
      cachedPEM = pem
      return pem
    }
  }
}

/// An X.509 certificate, parsed by OpenSSL.
///
/// ```swift
/// let chain = try Certificate.parseBundle(pemEncoded: pemText)   // leaf first
/// print(chain[0].uriSANs, chain[0].notAfter, chain[0].isCA)
/// ```
public struct Certificate: Sendable, Hashable, CustomStringConvertible {
  let box: CertificateBox

  init(box: CertificateBox) {
    self.box = box
  }

  /// Reads one DER certificate.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding``, also for trailing bytes.
  public init(derEncoded der: some Collection<UInt8>) throws {
    OpenSSLErrors.clear()
    let bytes = Array(der)
    var consumed = 0
    let certificate: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
      var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
      let parsed = d2i_X509(nil, &cursor, buffer.count)
      if let cursor, let base = buffer.baseAddress { consumed = cursor - base }
      return parsed
    }
    guard let certificate else {
      throw OpenSSLErrors.error(.invalidEncoding, "the DER input is not a certificate")
    }
    box = CertificateBox(takingOwnershipOf: certificate)
    guard consumed == bytes.count else {
      throw PKIError(
        .invalidEncoding, "\(bytes.count - consumed) bytes follow the certificate's DER")
    }
  }

  /// Reads the first certificate of a PEM text.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` when there is none.
  public init(pemEncoded pem: String) throws {
    guard let first = try Self.parseBundle(pemEncoded: pem).first else {
      throw PKIError(.invalidEncoding, "no certificate in the PEM input")
    }
    self = first
  }

  /// Reads every `CERTIFICATE` block of a PEM text, in order (a chain is leaf first).
  /// Text between blocks is ignored; a block that does not parse is an error.
  /// - Throws: ``PKIError`` with ``PKIError/Code/invalidEncoding`` naming the block.
  public static func parseBundle(pemEncoded pem: String) throws -> [Certificate] {
    // OpenSSL reads the blocks one after the other from one buffer; text between blocks
    // and blocks of other types are skipped.
    let blocks = pem.components(separatedBy: "-----BEGIN CERTIFICATE-----").count - 1
    guard blocks > 0 else { return [] }
    OpenSSLErrors.clear()
    let bio = try MemoryBIO(reading: pem.utf8)
    var certificates: [Certificate] = []
    certificates.reserveCapacity(blocks)
    while certificates.count < blocks {
      guard let certificate = PEM_read_bio_X509(bio.pointer, nil, { _, _, _, _ in 0 }, nil) else {
        throw OpenSSLErrors.error(
          .invalidEncoding, "certificate \(certificates.count) of the PEM input does not parse")
      }
      certificates.append(Certificate(box: CertificateBox(takingOwnershipOf: certificate)))
    }
    return certificates
  }

  // MARK: Encodings

  /// The DER encoding.
  public var derEncoded: [UInt8] {
    var buffer: UnsafeMutablePointer<UInt8>?
    let length = i2d_X509(box.pointer, &buffer)
    guard length > 0, let buffer else { return [] }
    defer { CMeshSSL_OPENSSL_free(buffer) }
    return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
  }

  /// The PEM encoding, one `CERTIFICATE` block.
  public var pemEncoded: String { box.pemEncoded }

  // MARK: Names, serial, validity

  /// The subject as RFC 2253 text (`CN=a,O=b`).
  public var subject: String { Self.text(of: X509_get_subject_name(box.pointer)) }

  /// The issuer as RFC 2253 text.
  public var issuer: String { Self.text(of: X509_get_issuer_name(box.pointer)) }

  /// The serial number, lower-case hex without leading zeros.
  public var serialNumber: String {
    guard let serial = X509_get0_serialNumber(box.pointer),
      let number = ASN1_INTEGER_to_BN(serial, nil)
    else { return "" }
    defer { BN_free(number) }
    guard let hex = BN_bn2hex(number) else { return "" }
    defer { CMeshSSL_OPENSSL_free(hex) }
    let digits = String(cString: hex).lowercased().drop { $0 == "0" }
    return digits.isEmpty ? "0" : String(digits)
  }

  /// The start of the validity period.
  public var notBefore: Date { Self.date(of: X509_get0_notBefore(box.pointer)) }

  /// The end of the validity period.
  public var notAfter: Date { Self.date(of: X509_get0_notAfter(box.pointer)) }

  /// Whether `date` is within the validity period.
  public func isValid(at date: Date) -> Bool { notBefore <= date && date <= notAfter }

  // MARK: Extensions

  /// URI subject alternative names (a SPIFFE ID for an X509-SVID).
  public var uriSANs: [String] { subjectAlternativeNames(ofType: GEN_URI) }

  /// DNS subject alternative names.
  public var dnsSANs: [String] { subjectAlternativeNames(ofType: GEN_DNS) }

  /// IP address subject alternative names, as text (`10.0.0.1`, `::1`).
  public var ipSANs: [String] {
    subjectAlternativeNameStrings(ofType: GEN_IPADD).compactMap(IPAddressText.format)
  }

  /// The SPIFFE ID of the single URI SAN, if there is exactly one and it is valid.
  public var spiffeID: SPIFFEID? {
    let uris = uriSANs
    guard uris.count == 1 else { return nil }
    return try? SPIFFEID(uris[0])
  }

  /// The key usage bits; empty when the extension is absent.
  public var keyUsage: KeyUsage {
    let flags = X509_get_extension_flags(box.pointer)
    guard flags & UInt32(EXFLAG_KUSAGE) != 0 else { return [] }
    return KeyUsage(rawValue: X509_get_key_usage(box.pointer))
  }

  /// The extended key usages; empty when the extension is absent.
  public var extendedKeyUsage: Set<ExtendedKeyUsage> {
    let flags = X509_get_extension_flags(box.pointer)
    guard flags & UInt32(EXFLAG_XKUSAGE) != 0 else { return [] }
    let bits = X509_get_extended_key_usage(box.pointer)
    var usages: Set<ExtendedKeyUsage> = []
    if bits & UInt32(XKU_SSL_SERVER) != 0 { usages.insert(.serverAuth) }
    if bits & UInt32(XKU_SSL_CLIENT) != 0 { usages.insert(.clientAuth) }
    if bits & UInt32(XKU_CODE_SIGN) != 0 { usages.insert(.codeSigning) }
    if bits & UInt32(XKU_SMIME) != 0 { usages.insert(.emailProtection) }
    if bits & UInt32(XKU_TIMESTAMP) != 0 { usages.insert(.timeStamping) }
    if bits & UInt32(XKU_OCSP_SIGN) != 0 { usages.insert(.ocspSigning) }
    return usages
  }

  /// Whether basic constraints mark this certificate as a CA.
  public var isCA: Bool {
    X509_get_extension_flags(box.pointer) & UInt32(EXFLAG_CA) != 0
  }

  /// The CA's path length constraint, if it has one.
  public var pathLengthConstraint: Int? {
    let length = X509_get_pathlen(box.pointer)
    return length >= 0 ? length : nil
  }

  /// The subject key identifier, lower-case hex.
  public var subjectKeyIdentifier: String? {
    Optional(X509_get0_subject_key_id(box.pointer)).flatMap { $0 }.map(Self.hex)
  }

  /// The authority key identifier's key id, lower-case hex.
  public var authorityKeyIdentifier: String? {
    Optional(X509_get0_authority_key_id(box.pointer)).flatMap { $0 }.map(Self.hex)
  }

  /// Whether the certificate is self-issued and its signature verifies with its own key.
  public var isSelfSigned: Bool { isIssued(by: self) }

  /// Whether `issuer` issued this certificate: the issuer's subject is this certificate's
  /// issuer, the key identifiers agree, the issuer's key usage allows certificate signing,
  /// and this certificate's signature verifies with the issuer's key. (OpenSSL's
  /// `X509_check_issued` compares the names and identifiers only; the signature is
  /// checked apart.)
  func isIssued(by issuer: Certificate) -> Bool {
    defer { OpenSSLErrors.clear() }
    guard X509_check_issued(issuer.box.pointer, box.pointer) == X509_V_OK,
      let key = try? issuer.publicKey
    else { return false }
    return X509_verify(box.pointer, key.box.pointer) == 1
  }

  /// The subject's first organisation (O) attribute, when it has one.
  var subjectOrganization: String? {
    guard let name = X509_get_subject_name(box.pointer) else { return nil }
    let index = X509_NAME_get_index_by_NID(name, NID_organizationName, -1)
    guard index >= 0, let entry = X509_NAME_get_entry(name, index),
      let data = X509_NAME_ENTRY_get_data(entry)
    else { return nil }
    var buffer: UnsafeMutablePointer<UInt8>?
    let length = ASN1_STRING_to_UTF8(&buffer, data)
    guard length >= 0, let buffer else {
      OpenSSLErrors.clear()
      return nil
    }
    defer { CMeshSSL_OPENSSL_free(buffer) }
    return String(decoding: UnsafeBufferPointer(start: buffer, count: Int(length)), as: UTF8.self)
  }

  /// The certificate's public key.
  public var publicKey: PublicKey {
    get throws {
      if let key = X509_get_pubkey(box.pointer) {
        return try PublicKey(box: KeyBox(takingOwnershipOf: key))
      }
      // A leaf this module just built holds its key only encoded: read it from there.
      OpenSSLErrors.clear()
      var buffer: UnsafeMutablePointer<UInt8>?
      let length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(box.pointer), &buffer)
      guard length > 0, let buffer else {
        throw OpenSSLErrors.error(.unsupportedKey, "the certificate's public key cannot be read")
      }
      defer { CMeshSSL_OPENSSL_free(buffer) }
      return try PublicKey(derEncoded: UnsafeBufferPointer(start: buffer, count: Int(length)))
    }
  }

  /// Whether `key` is the private half of this certificate's public key.
  public func matches(_ key: PrivateKey) -> Bool {
    (try? publicKey) == key.publicKey
  }

  /// The same certificate parsed from its DER, so that OpenSSL holds its decoded key.
  var reparsed: Certificate {
    (try? Certificate(derEncoded: derEncoded)) ?? self
  }

  /// Whether OpenSSL holds the decoded public key (false for a leaf built by this module
  /// until it is parsed again).
  var hasDecodedPublicKey: Bool {
    let decoded = X509_get0_pubkey(box.pointer) != nil
    OpenSSLErrors.clear()
    return decoded
  }

  /// `certificate (subject)`, for messages.
  public var description: String { "Certificate(\(subject), serial \(serialNumber))" }

  public static func == (lhs: Certificate, rhs: Certificate) -> Bool {
    X509_cmp(lhs.box.pointer, rhs.box.pointer) == 0
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(derEncoded)
  }

  // MARK: Helpers

  private func subjectAlternativeNameStrings(ofType type: Int32) -> [[UInt8]] {
    guard let raw = X509_get_ext_d2i(box.pointer, NID_subject_alt_name, nil, nil) else { return [] }
    let names = OpaquePointer(raw)
    defer { CMeshSSL_GENERAL_NAMES_free(names) }
    return GeneralNames.strings(in: names, ofType: type)
  }

  private func subjectAlternativeNames(ofType type: Int32) -> [String] {
    subjectAlternativeNameStrings(ofType: type).map { String(decoding: $0, as: UTF8.self) }
  }

  static func text(of name: OpaquePointer?) -> String {
    guard let name, let bio = try? MemoryBIO() else { return "" }
    guard X509_NAME_print_ex(bio.pointer, name, 0, CMeshSSL_XN_FLAG_RFC2253()) >= 0 else {
      return ""
    }
    return bio.string
  }

  static func date(of time: UnsafePointer<ASN1_TIME>?) -> Date {
    guard let time else { return .distantPast }
    var parts = tm()
    guard ASN1_TIME_to_tm(time, &parts) == 1 else { return .distantPast }
    return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
  }

  static func hex(_ string: UnsafePointer<ASN1_STRING>) -> String {
    let length = Int(ASN1_STRING_length(string))
    guard let data = ASN1_STRING_get0_data(string), length > 0 else { return "" }
    return UnsafeBufferPointer(start: data, count: length).map { String(format: "%02x", $0) }
      .joined()
  }
}

/// Reads GENERAL_NAMES stacks (certificate and CSR SANs).
enum GeneralNames {
  static func strings(in names: OpaquePointer, ofType type: Int32) -> [[UInt8]] {
    var result: [[UInt8]] = []
    for index in 0..<CMeshSSL_sk_GENERAL_NAME_num(names) {
      guard let name = CMeshSSL_sk_GENERAL_NAME_value(names, index),
        CMeshSSL_GENERAL_NAME_type(name) == type,
        let string = CMeshSSL_GENERAL_NAME_string(name)
      else { continue }
      let length = Int(ASN1_STRING_length(string))
      guard let data = ASN1_STRING_get0_data(string) else { continue }
      result.append(Array(UnsafeBufferPointer(start: data, count: length)))
    }
    return result
  }
}

/// IP address octets as text, through the C library's inet_ntop.
enum IPAddressText {
  static func format(_ octets: [UInt8]) -> String? {
    let family: Int32
    switch octets.count {
    case 4: family = AF_INET
    case 16: family = AF_INET6
    default: return nil
    }
    var buffer = [CChar](repeating: 0, count: 64)
    let result = octets.withUnsafeBytes {
      inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count))
    }
    return result == nil ? nil : String(nulTerminated: buffer)
  }
}

/// Key usage bits, as OpenSSL reports them (KU_* values).
public struct KeyUsage: OptionSet, Sendable, Hashable, CustomStringConvertible {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// Signatures other than on certificates and CRLs, such as a TLS handshake's.
  public static let digitalSignature = KeyUsage(rawValue: UInt32(KU_DIGITAL_SIGNATURE))
  /// Content commitment: signatures the signer cannot later deny (RFC 5280's `contentCommitment`).
  public static let nonRepudiation = KeyUsage(rawValue: UInt32(KU_NON_REPUDIATION))
  /// Encrypting keys with the public key, as RSA key transport does.
  public static let keyEncipherment = KeyUsage(rawValue: UInt32(KU_KEY_ENCIPHERMENT))
  /// Encrypting data other than keys directly with the public key.
  public static let dataEncipherment = KeyUsage(rawValue: UInt32(KU_DATA_ENCIPHERMENT))
  /// Key agreement, such as static (EC)DH.
  public static let keyAgreement = KeyUsage(rawValue: UInt32(KU_KEY_AGREEMENT))
  /// Signing certificates: a certificate authority's key.
  public static let keyCertSign = KeyUsage(rawValue: UInt32(KU_KEY_CERT_SIGN))
  /// Signing certificate revocation lists.
  public static let cRLSign = KeyUsage(rawValue: UInt32(KU_CRL_SIGN))

  public var description: String {
    let names: [(KeyUsage, String)] = [
      (.digitalSignature, "digitalSignature"), (.nonRepudiation, "nonRepudiation"),
      (.keyEncipherment, "keyEncipherment"), (.dataEncipherment, "dataEncipherment"),
      (.keyAgreement, "keyAgreement"), (.keyCertSign, "keyCertSign"), (.cRLSign, "cRLSign"),
    ]
    return names.filter { contains($0.0) }.map(\.1).joined(separator: ", ")
  }
}

/// Extended key usages MeshPKI reads.
public enum ExtendedKeyUsage: String, Sendable, Hashable, CaseIterable {
  /// `id-kp-serverAuth`: the certificate may identify a TLS server.
  case serverAuth
  /// `id-kp-clientAuth`: the certificate may identify a TLS client.
  case clientAuth
  /// `id-kp-codeSigning`: the key may sign executable code.
  case codeSigning
  /// `id-kp-emailProtection`: the key may sign or encrypt email (S/MIME).
  case emailProtection
  /// `id-kp-timeStamping`: the key may sign trusted timestamps.
  case timeStamping
  /// `id-kp-OCSPSigning`: the key may sign OCSP responses.
  case ocspSigning
}
