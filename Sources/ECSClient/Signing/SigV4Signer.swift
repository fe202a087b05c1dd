import Foundation

/// AWS Signature Version 4: signs requests in the `Authorization` header or in presigned
/// URLs, exactly as the AWS SDKs do (and as AWS's two SigV4 test suites and botocore's
/// `SigV4Auth` check).
///
/// ```swift
/// let signer = SigV4Signer(service: "ecs", region: "us-east-1")
/// let signed = signer.sign(request, credentials: credentials, date: Date())
/// ```
///
/// Signing keys (the HMAC chain over date, region and service) are cached per day, so a
/// signature costs two HMACs and two SHA-256 hashes.
public struct SigV4Signer: Sendable {
  /// What `x-amz-content-sha256` and the canonical request's payload hash say.
  public enum PayloadSigning: Sendable, Hashable {
    /// The SHA-256 of the body, not sent as a header (the AWS JSON services' way).
    case signed
    /// The SHA-256 of the body, also sent as `x-amz-content-sha256`.
    case signedWithHeader
    /// `UNSIGNED-PAYLOAD`, sent as `x-amz-content-sha256`.
    case unsigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: the body goes as chunks signed with
    /// ``SigV4Signer/signChunk(_:previousSignature:credentials:date:)``.
    case streaming
  }

  /// The signing parts of a signed request, for inspection and tests.
  public struct Signature: Sendable, Hashable {
    /// The canonical request (not secret: it holds no key).
    public var canonicalRequest: String
    /// The string to sign.
    public var stringToSign: String
    /// The signature, lower-case hex.
    public var signature: String
    /// The signed header names, `;`-joined.
    public var signedHeaders: String
    /// `date/region/service/aws4_request`.
    public var scope: String
  }

  /// The service's signing name (`ecs`, `ssm`).
  public let service: String
  /// The region (`us-east-1`).
  public let region: String
  /// Whether to remove dot segments and repeated slashes from paths (all services but S3).
  public var normalizesPath: Bool
  private let keyCache: SigningKeyCache

  /// Creates a signer.
  public init(service: String, region: String, normalizesPath: Bool = true) {
    self.service = service
    self.region = region
    self.normalizesPath = normalizesPath
    keyCache = SigningKeyCache()
  }

  // MARK: Header signing

  /// Signs a request: adds `X-Amz-Date`, `X-Amz-Security-Token` for temporary credentials,
  /// `x-amz-content-sha256` when the payload option sends it, and `Authorization`.
  /// - Parameters:
  ///   - request: The request; a `Host` header must be present.
  ///   - credentials: The credentials.
  ///   - date: The signing time.
  ///   - payload: How the payload is hashed.
  ///   - signsSessionToken: Whether the session token is signed (true) or only added
  ///     after signing (some services want that).
  /// - Returns: The signed request and the signing parts.
  public func sign(
    _ request: SignableRequest, credentials: AWSCredentials, date: Date = Date(),
    payload: PayloadSigning = .signed,
    signsSessionToken: Bool = true
  ) -> (request: SignableRequest, signature: Signature) {
    let time = AmzTime(date)
    var signed = request
    signed.headers.removeAll {
      Self.equalsIgnoringASCIICase($0.name, "x-amz-date")
        || Self.equalsIgnoringASCIICase($0.name, "authorization")
    }
    signed.headers.append(("X-Amz-Date", time.timestamp))
    if let token = credentials.sessionToken, signsSessionToken {
      signed.headers.append(("X-Amz-Security-Token", token))
    }
    let payloadHash = Self.payloadHash(request.body, payload)
    if payload != .signed { signed.headers.append(("X-Amz-Content-Sha256", payloadHash)) }
    let signature = computeSignature(
      signed, queryItems: signed.query, payloadHash: payloadHash, time: time,
      credentials: credentials)
    signed.headers.append(
      (
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(signature.scope), "
          + "SignedHeaders=\(signature.signedHeaders), Signature=\(signature.signature)"
      ))
    if let token = credentials.sessionToken, !signsSessionToken {
      signed.headers.append(("X-Amz-Security-Token", token))
    }
    return (signed, signature)
  }

  // MARK: Presigning

  /// Presigns a request: the signature goes in the query, valid for `expires` seconds.
  /// - Returns: The query parameters to add (decoded) and the signing parts.
  public func presign(
    _ request: SignableRequest, credentials: AWSCredentials, date: Date = Date(),
    expires: Int = 3600,
    payload: PayloadSigning = .signed, signsSessionToken: Bool = true
  ) -> (query: [(name: String, value: String)], signature: Signature) {
    let time = AmzTime(date)
    var added: [(name: String, value: String)] = [
      ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
      (
        "X-Amz-Credential",
        "\(credentials.accessKeyID)/\(time.day)/\(region)/\(service)/aws4_request"
      ),
      ("X-Amz-Date", time.timestamp),
      ("X-Amz-Expires", String(expires)),
    ]
    var unsignedRequest = request
    unsignedRequest.headers.removeAll { Self.equalsIgnoringASCIICase($0.name, "authorization") }
    let signedHeaderNames = Self.canonicalHeaders(unsignedRequest.headers).names
    added.append(("X-Amz-SignedHeaders", signedHeaderNames))
    if let token = credentials.sessionToken, signsSessionToken {
      added.append(("X-Amz-Security-Token", token))
    }
    let payloadHash =
      payload == .signed ? Self.payloadHash(request.body, .signed) : Self.unsignedPayload
    let signature = computeSignature(
      unsignedRequest, queryItems: request.query + added, payloadHash: payloadHash, time: time,
      credentials: credentials)
    added.append(("X-Amz-Signature", signature.signature))
    if let token = credentials.sessionToken, !signsSessionToken {
      added.append(("X-Amz-Security-Token", token))
    }
    return (added, signature)
  }

  // MARK: Streaming chunks

  /// The signature of one chunk of a streaming payload, chained to the previous one (the
  /// request's seed signature for the first chunk).
  public func signChunk(
    _ chunk: [UInt8], previousSignature: String, credentials: AWSCredentials, date: Date
  ) -> String {
    let time = AmzTime(date)
    let stringToSign = [
      "AWS4-HMAC-SHA256-PAYLOAD", time.timestamp, "\(time.day)/\(region)/\(service)/aws4_request",
      previousSignature, Self.emptyPayloadHash, Crypto.hex(Crypto.sha256(chunk)),
    ].joined(separator: "\n")
    let key = keyCache.key(
      for: credentials.secretAccessKey, day: time.day, region: region, service: service)
    var message = stringToSign
    return Crypto.hex(message.withUTF8 { key.authenticate(UnsafeRawBufferPointer($0)) })
  }

  // MARK: Canonicalisation

  /// Percent-encodes a query name or value as SigV4 does (RFC 3986 unreserved kept).
  public static func encode(_ text: String) -> String {
    URIEncoding.encode(text)
  }

  static let unsignedPayload = "UNSIGNED-PAYLOAD"
  static let streamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
  static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

  static func payloadHash(_ body: [UInt8], _ payload: PayloadSigning) -> String {
    switch payload {
    case .signed, .signedWithHeader:
      body.isEmpty ? emptyPayloadHash : Crypto.hex(Crypto.sha256(body))
    case .unsigned: unsignedPayload
    case .streaming: streamingPayload
    }
  }

  private func computeSignature(
    _ request: SignableRequest, queryItems: [(name: String, value: String)], payloadHash: String,
    time: AmzTime, credentials: AWSCredentials
  ) -> Signature {
    let headers = Self.canonicalHeaderBytes(request.headers)
    var canonical = [UInt8]()
    canonical.reserveCapacity(256 + headers.block.count)
    canonical.append(contentsOf: Self.asciiUppercased(request.method).utf8)
    canonical.append(0x0A)
    canonical.append(contentsOf: Self.canonicalURI(request.path, normalizing: normalizesPath).utf8)
    canonical.append(0x0A)
    if !queryItems.isEmpty { canonical.append(contentsOf: Self.canonicalQuery(queryItems).utf8) }
    canonical.append(0x0A)
    canonical.append(contentsOf: headers.block)
    canonical.append(0x0A)
    canonical.append(contentsOf: headers.names)
    canonical.append(0x0A)
    canonical.append(contentsOf: payloadHash.utf8)
    let scope = "\(time.day)/\(region)/\(service)/aws4_request"
    var toSign = [UInt8]()
    toSign.reserveCapacity(128)
    toSign.append(contentsOf: "AWS4-HMAC-SHA256\n".utf8)
    toSign.append(contentsOf: time.timestamp.utf8)
    toSign.append(0x0A)
    toSign.append(contentsOf: scope.utf8)
    toSign.append(0x0A)
    Crypto.appendHex(canonical.withUnsafeBytes { Crypto.sha256($0) }, to: &toSign)
    let key = keyCache.key(
      for: credentials.secretAccessKey, day: time.day, region: region, service: service)
    let signature = Crypto.hex(toSign.withUnsafeBytes { key.authenticate($0) })
    return Signature(
      canonicalRequest: String(decoding: canonical, as: UTF8.self),
      stringToSign: String(decoding: toSign, as: UTF8.self), signature: signature,
      signedHeaders: String(decoding: headers.names, as: UTF8.self),
      scope: scope)
  }

  /// The path, dot segments and repeated slashes removed (when normalising), each byte
  /// but unreserved characters and `/` percent-encoded. The path is taken as it appears
  /// in the URL, so an already encoded `%` is encoded again, as AWS asks of all services
  /// but S3.
  static func canonicalURI(_ path: String, normalizing: Bool) -> String {
    if path == "/" || path.isEmpty { return "/" }  // every AWS JSON call
    let base = path
    return URIEncoding.encode(normalizing ? removeDotSegments(base) : base, keepingSlashes: true)
  }

  /// RFC 3986 5.2.4, plus the removal of empty segments AWS requires.
  static func removeDotSegments(_ path: String) -> String {
    var output: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      if segment == "." { continue }
      if segment == ".." {
        _ = output.popLast()
        continue
      }
      output.append(segment)
    }
    let leading = path.hasPrefix("/") ? "/" : ""
    let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
    return leading + output.joined(separator: "/") + trailing
  }

  /// Names and values encoded, sorted by name then value, joined with `&`.
  static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
    let encoded: [(name: String, value: String)] = items.map {
      (URIEncoding.encode($0.name), URIEncoding.encode($0.value))
    }
    let sorted = encoded.sorted { lhs, rhs in
      lhs.name == rhs.name ? lhs.value < rhs.value : lhs.name < rhs.name
    }
    return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
  }

  /// Lower-case names, sorted; values trimmed with inner runs of whitespace collapsed;
  /// repeated names joined with `,`.
  static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (
    block: String, names: String
  ) {
    let bytes = canonicalHeaderBytes(headers)
    return (
      String(decoding: bytes.block, as: UTF8.self), String(decoding: bytes.names, as: UTF8.self)
    )
  }

  /// ``canonicalHeaders(_:)`` as bytes, built without intermediate strings: this runs for
  /// every request.
  static func canonicalHeaderBytes(_ headers: [(name: String, value: String)]) -> (
    block: [UInt8], names: [UInt8]
  ) {
    var entries: [(name: [UInt8], value: [UInt8])] = []
    entries.reserveCapacity(headers.count)
    for (name, value) in headers {
      var lower = Array(name.utf8)
      for index in lower.indices where lower[index] >= 0x41 && lower[index] <= 0x5A {
        lower[index] |= 0x20
      }
      if isUnsigned(lower) { continue }
      let trimmed = collapsedWhitespace(value)
      if let index = entries.firstIndex(where: { $0.name == lower }) {
        entries[index].value.append(UInt8(ascii: ","))
        entries[index].value.append(contentsOf: trimmed)
      } else {
        entries.append((lower, trimmed))
      }
    }
    entries.sort { $0.name.lexicographicallyPrecedes($1.name) }
    var block = [UInt8]()
    var names = [UInt8]()
    block.reserveCapacity(entries.reduce(0) { $0 + $1.name.count + $1.value.count + 2 })
    for (index, entry) in entries.enumerated() {
      block.append(contentsOf: entry.name)
      block.append(UInt8(ascii: ":"))
      block.append(contentsOf: entry.value)
      block.append(0x0A)
      if index > 0 { names.append(UInt8(ascii: ";")) }
      names.append(contentsOf: entry.name)
    }
    return (block, names)
  }

  /// Headers never signed, as in botocore: proxies and clients change them.
  private static func isUnsigned(_ lowercasedName: [UInt8]) -> Bool {
    // The length test first: most names are none of these, and it costs nothing.
    switch lowercasedName.count {
    case 6: lowercasedName.elementsEqual("expect".utf8)
    case 10: lowercasedName.elementsEqual("user-agent".utf8)
    case 15: lowercasedName.elementsEqual("x-amzn-trace-id".utf8)
    default: false
    }
  }

  /// Whether `name` is `lowercasedName` in any ASCII case, without lower-casing a copy.
  static func equalsIgnoringASCIICase(_ name: String, _ lowercasedName: String) -> Bool {
    guard name.utf8.count == lowercasedName.utf8.count else { return false }
    for (byte, lower) in zip(name.utf8, lowercasedName.utf8) {
      let folded: UInt8 = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      if folded != lower { return false }
    }
    return true
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  /// The value trimmed, inner runs of whitespace collapsed to one space.
  static func collapsedWhitespace(_ value: String) -> [UInt8] {
    // Most values (hosts, dates, content types) need nothing done: copy them whole.
    var previousWasSpace = true
    var needsWork = false
    for byte in value.utf8 {
      let isSpace = isWhitespace(byte)
      if isSpace && (previousWasSpace || byte != 0x20) {
        needsWork = true
        break
      }
      previousWasSpace = isSpace
    }
    if !needsWork && !previousWasSpace { return Array(value.utf8) }
    if value.isEmpty { return [] }
    var output = [UInt8]()
    output.reserveCapacity(value.utf8.count)
    var pendingSpace = false
    for byte in value.utf8 {
      if isWhitespace(byte) {
        pendingSpace = !output.isEmpty
      } else {
        if pendingSpace { output.append(0x20) }
        pendingSpace = false
        output.append(byte)
      }
    }
    return output
  }

  /// The method in upper case, without a copy when it already is.
  static func asciiUppercased(_ method: String) -> String {
    method.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } ? method.uppercased() : method
  }
}

/// The two time formats SigV4 uses, in UTC.
struct AmzTime {
  /// `20150830T123600Z`.
  let timestamp: String
  /// `20150830`.
  let day: String

  init(_ date: Date) {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    var digits = [UInt8]()
    digits.reserveCapacity(16)
    func append(_ value: Int32, width: Int) {
      var divisor: Int32 = 1
      for _ in 1..<width { divisor *= 10 }
      var remaining = value
      while divisor > 0 {
        digits.append(UInt8(ascii: "0") + UInt8(remaining / divisor % 10))
        remaining %= divisor
        divisor /= 10
      }
    }
    append(parts.tm_year + 1900, width: 4)
    append(parts.tm_mon + 1, width: 2)
    append(parts.tm_mday, width: 2)
    day = String(decoding: digits, as: UTF8.self)
    digits.append(UInt8(ascii: "T"))
    append(parts.tm_hour, width: 2)
    append(parts.tm_min, width: 2)
    append(parts.tm_sec, width: 2)
    digits.append(UInt8(ascii: "Z"))
    timestamp = String(decoding: digits, as: UTF8.self)
  }
}

/// Signing keys by day, region and service. A key is an HMAC chain over the secret, so it
/// is computed once a day; entries of other days are dropped as the day changes.
final class SigningKeyCache: @unchecked Sendable {
  // @unchecked: every access to `entries` holds `lock`.
  private struct Entry {
    let secret: String
    let day: String
    let region: String
    let service: String
    let key: HMACKey
  }

  private let lock = NSLock()
  private var entries: [Entry] = []

  func key(for secret: String, day: String, region: String, service: String) -> HMACKey {
    lock.lock()
    if let entry = entries.first(where: {
      $0.day == day && $0.region == region && $0.service == service && $0.secret == secret
    }) {
      lock.unlock()
      return entry.key
    }
    lock.unlock()
    let dateKey = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), data: day)
    let regionKey = Crypto.hmacSHA256(key: dateKey, data: region)
    let serviceKey = Crypto.hmacSHA256(key: regionKey, data: service)
    let key = HMACKey(Crypto.hmacSHA256(key: serviceKey, data: "aws4_request"))
    lock.lock()
    entries.removeAll { $0.day != day }
    if entries.count < 16 {
      entries.append(Entry(secret: secret, day: day, region: region, service: service, key: key))
    }
    lock.unlock()
    return key
  }
}
