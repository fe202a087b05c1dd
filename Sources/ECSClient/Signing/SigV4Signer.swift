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
    // The two long texts are kept as the bytes that were hashed and made strings only
    // when read: most callers never read them, and signing is on every request's path.
    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]
    /// The signature, lower-case hex.
    public let signature: String
    /// The signed header names, `;`-joined.
    public let signedHeaders: String
    /// `date/region/service/aws4_request`.
    public let scope: String

    /// The canonical request (not secret: it holds no key).
    public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
    /// The string to sign.
    public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
  }

  /// The service's signing name (`ecs`, `ssm`).
  public let service: String
  /// The region (`us-east-1`).
  public let region: String
  /// Whether to remove dot segments and repeated slashes from paths (all services but S3).
  public var normalizesPath: Bool
  private let keyCache: SigningKeyCache
  private let timeCache: AmzTimeCache

  /// Creates a signer.
  public init(service: String, region: String, normalizesPath: Bool = true) {
    self.service = service
    self.region = region
    self.normalizesPath = normalizesPath
    keyCache = SigningKeyCache()
    timeCache = AmzTimeCache()
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
    let time = timeCache.time(for: date)
    var signed = request
    // One new array with room for what signing adds, rather than copy-then-grow.
    var headers: [(name: String, value: String)] = []
    headers.reserveCapacity(request.headers.count + 4)
    for header in request.headers
    where !Self.equalsIgnoringASCIICase(header.name, "x-amz-date")
      && !Self.equalsIgnoringASCIICase(header.name, "authorization")
    {
      headers.append(header)
    }
    signed.headers = headers
    signed.headers.append(("X-Amz-Date", time.timestamp))
    if let token = credentials.sessionToken, signsSessionToken {
      signed.headers.append(("X-Amz-Security-Token", token))
    }
    // The body's hash is needed as a string only when it is also sent as a header.
    var payloadHash: String?
    if payload != .signed {
      let hash = Self.payloadHash(request.body, payload)
      signed.headers.append(("X-Amz-Content-Sha256", hash))
      payloadHash = hash
    }
    let signature = computeSignature(
      signed, queryItems: signed.query, payloadHash: payloadHash, time: time,
      credentials: credentials)
    signed.headers.append(("Authorization", authorization(signature, credentials: credentials)))
    if let token = credentials.sessionToken, !signsSessionToken {
      signed.headers.append(("X-Amz-Security-Token", token))
    }
    return (signed, signature)
  }

  /// `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`, assembled as
  /// bytes in a buffer of the right size (interpolation showed in profiles).
  private func authorization(_ signature: Signature, credentials: AWSCredentials) -> String {
    let parts = [
      "AWS4-HMAC-SHA256 Credential=", credentials.accessKeyID, "/", signature.scope,
      ", SignedHeaders=", signature.signedHeaders, ", Signature=", signature.signature,
    ]
    var header = [UInt8]()
    header.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count })
    for part in parts { header.append(contentsOf: part.utf8) }
    return String(decoding: header, as: UTF8.self)
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
    let scope = keyCache.key(
      for: credentials.secretAccessKey, day: time.day, region: region, service: service
    ).scope
    var added: [(name: String, value: String)] = [
      ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
      ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
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
    // A presigned URL signs its body or says it does not; nil hashes the body.
    let payloadHash: String? = payload == .signed ? nil : Self.unsignedPayload
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
    let (key, scope) = keyCache.key(
      for: credentials.secretAccessKey, day: time.day, region: region, service: service)
    var message = [
      "AWS4-HMAC-SHA256-PAYLOAD", time.timestamp, scope, previousSignature, Self.emptyPayloadHash,
      chunk.withUnsafeBytes { Crypto.sha256Hex($0) },
    ].joined(separator: "\n")
    return message.withUTF8 { key.authenticationCodeHex(of: UnsafeRawBufferPointer($0)) }
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
      body.isEmpty ? emptyPayloadHash : body.withUnsafeBytes { Crypto.sha256Hex($0) }
    case .unsigned: unsignedPayload
    case .streaming: streamingPayload
    }
  }

  /// The canonical request, string to sign and signature of `request`.
  /// - Parameter payloadHash: What the canonical request says of the payload, or nil for
  ///   the body's SHA-256, hashed straight into the canonical request.
  private func computeSignature(
    _ request: SignableRequest, queryItems: [(name: String, value: String)], payloadHash: String?,
    time: AmzTime, credentials: AWSCredentials
  ) -> Signature {
    var canonical = [UInt8]()
    canonical.reserveCapacity(
      192 + request.path.utf8.count
        + request.headers.reduce(0) { $0 + $1.name.utf8.count * 2 + $1.value.utf8.count + 3 })
    canonical.append(contentsOf: Self.asciiUppercased(request.method).utf8)
    canonical.append(0x0A)
    canonical.append(contentsOf: Self.canonicalURI(request.path, normalizing: normalizesPath).utf8)
    canonical.append(0x0A)
    if !queryItems.isEmpty { canonical.append(contentsOf: Self.canonicalQuery(queryItems).utf8) }
    canonical.append(0x0A)
    let signedNames = Self.appendCanonicalHeaders(request.headers, to: &canonical)
    canonical.append(0x0A)
    if let payloadHash {
      canonical.append(contentsOf: payloadHash.utf8)
    } else if request.body.isEmpty {
      canonical.append(contentsOf: Self.emptyPayloadHash.utf8)
    } else {
      request.body.withUnsafeBytes { Crypto.appendSHA256Hex(of: $0, to: &canonical) }
    }

    let (key, scope) = keyCache.key(
      for: credentials.secretAccessKey, day: time.day, region: region, service: service)
    var toSign = [UInt8]()
    toSign.reserveCapacity(64 + time.timestamp.utf8.count + scope.utf8.count + 64)
    toSign.append(contentsOf: "AWS4-HMAC-SHA256\n".utf8)
    toSign.append(contentsOf: time.timestamp.utf8)
    toSign.append(0x0A)
    toSign.append(contentsOf: scope.utf8)
    toSign.append(0x0A)
    canonical.withUnsafeBytes { Crypto.appendSHA256Hex(of: $0, to: &toSign) }

    return Signature(
      canonicalRequestBytes: canonical, stringToSignBytes: toSign,
      signature: toSign.withUnsafeBytes { key.authenticationCodeHex(of: $0) },
      signedHeaders: String(decoding: canonical[signedNames], as: UTF8.self), scope: scope)
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
    var bytes = [UInt8]()
    let names = appendCanonicalHeaders(headers, to: &bytes)
    // The block ends with its last entry's newline; a blank line separates it from names.
    return (
      String(decoding: bytes[..<(names.lowerBound - 1)], as: UTF8.self),
      String(decoding: bytes[names], as: UTF8.self)
    )
  }

  /// Appends the canonical headers block, a blank line and the signed header names, and
  /// returns where the names are. Built in place, without a string per header: this runs
  /// for every request.
  static func appendCanonicalHeaders(
    _ headers: [(name: String, value: String)], to output: inout [UInt8]
  ) -> Range<Int> {
    // Every signed name lower-cased once, back to back, then the headers sorted by them;
    // equal names keep their order, so a repeated header's values are joined as sent.
    // Both live in temporary (stack) buffers: this runs for every request.
    let nameBytes = headers.reduce(0) { $0 + $1.name.utf8.count }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(nameBytes, 1)) {
      names in
      withUnsafeTemporaryAllocation(
        of: (name: Range<Int>, header: Int).self, capacity: max(headers.count, 1)
      ) { entryStorage in
        var used = 0
        var count = 0
        for index in headers.indices where !isUnsigned(headers[index].name) {
          let start = used
          for byte in headers[index].name.utf8 {
            names[used] = asciiLowercased(byte)
            used += 1
          }
          entryStorage.initializeElement(at: count, to: (start..<used, index))
          count += 1
        }
        defer { _ = entryStorage[..<count].deinitialize() }
        return writeCanonicalHeaders(
          headers, names: UnsafeBufferPointer(names),
          entries: UnsafeMutableBufferPointer(rebasing: entryStorage[..<count]), to: &output)
      }
    }
  }

  /// The second half of ``appendCanonicalHeaders(_:to:)``: sorts `entries` (lower-cased
  /// name ranges in `names`, and header positions) and writes the block and the names.
  private static func writeCanonicalHeaders(
    _ headers: [(name: String, value: String)], names: UnsafeBufferPointer<UInt8>,
    entries: UnsafeMutableBufferPointer<(name: Range<Int>, header: Int)>,
    to output: inout [UInt8]
  ) -> Range<Int> {
    func name(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: names[range])
    }
    var entries = entries  // the buffer, not its elements, is copied
    entries.sort { lhs, rhs in
      let left = name(lhs.name)
      let right = name(rhs.name)
      if left.elementsEqual(right) { return lhs.header < rhs.header }
      return left.lexicographicallyPrecedes(right)
    }
    var previous: UnsafeBufferPointer<UInt8>?
    for entry in entries {
      let current = name(entry.name)
      if let previous, previous.elementsEqual(current) {
        output.append(UInt8(ascii: ","))
      } else {
        if previous != nil { output.append(0x0A) }
        output.append(contentsOf: current)
        output.append(UInt8(ascii: ":"))
      }
      appendCollapsingWhitespace(headers[entry.header].value, to: &output)
      previous = current
    }
    if !entries.isEmpty { output.append(0x0A) }
    output.append(0x0A)
    let namesStart = output.count
    previous = nil
    for entry in entries {
      let current = name(entry.name)
      if let previous {
        if previous.elementsEqual(current) { continue }
        output.append(UInt8(ascii: ";"))
      }
      output.append(contentsOf: current)
      previous = current
    }
    return namesStart..<output.count
  }

  /// Headers never signed, as in botocore: proxies and clients change them.
  private static func isUnsigned(_ name: String) -> Bool {
    // The length test first: most names are none of these, and it costs nothing.
    switch name.utf8.count {
    case 6: equalsIgnoringASCIICase(name, "expect")
    case 10: equalsIgnoringASCIICase(name, "user-agent")
    case 15: equalsIgnoringASCIICase(name, "x-amzn-trace-id")
    default: false
    }
  }

  /// Whether `name` is `lowercasedName` in any ASCII case, without lower-casing a copy.
  static func equalsIgnoringASCIICase(_ name: String, _ lowercasedName: String) -> Bool {
    name.utf8.count == lowercasedName.utf8.count
      && zip(name.utf8, lowercasedName.utf8).allSatisfy { asciiLowercased($0) == $1 }
  }

  private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
  }

  // The two appenders below copy the bytes in one go and then fix them in place: an
  // append per byte costs a uniqueness and capacity check each, which showed in profiles.

  private static func appendLowercased(_ name: String, to output: inout [UInt8]) {
    let start = output.count
    output.append(contentsOf: name.utf8)
    output.withUnsafeMutableBufferPointer { buffer in
      for index in start..<buffer.count { buffer[index] = asciiLowercased(buffer[index]) }
    }
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
  }

  /// Appends the value trimmed, inner runs of whitespace collapsed to one space.
  static func appendCollapsingWhitespace(_ value: String, to output: inout [UInt8]) {
    let start = output.count
    output.append(contentsOf: value.utf8)
    // Compacts in place: the write position never passes the read position.
    let end = output.withUnsafeMutableBufferPointer { buffer in
      var write = start
      var started = false
      var pendingSpace = false
      for read in start..<buffer.count {
        let byte = buffer[read]
        if isWhitespace(byte) {
          pendingSpace = started
          continue
        }
        if pendingSpace {
          buffer[write] = 0x20
          write += 1
        }
        pendingSpace = false
        started = true
        buffer[write] = byte
        write += 1
      }
      return write
    }
    output.removeLast(output.count - end)
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
/// is computed once a day; entries of other days are dropped as the day changes. The
/// credential scope is kept with its key, since both are needed on every signature.
final class SigningKeyCache: @unchecked Sendable {
  // @unchecked: every access to `entries` holds `lock`.
  private struct Entry {
    let secret: String
    let day: String
    let region: String
    let service: String
    let key: HMACKey
    let scope: String
  }

  private let lock = NSLock()
  private var entries: [Entry] = []

  func key(for secret: String, day: String, region: String, service: String) -> (
    key: HMACKey, scope: String
  ) {
    lock.lock()
    if let entry = entries.first(where: {
      $0.day == day && $0.region == region && $0.service == service && $0.secret == secret
    }) {
      lock.unlock()
      return (entry.key, entry.scope)
    }
    lock.unlock()
    let dateKey = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), data: day)
    let regionKey = Crypto.hmacSHA256(key: dateKey, data: region)
    let serviceKey = Crypto.hmacSHA256(key: regionKey, data: service)
    let key = HMACKey(Crypto.hmacSHA256(key: serviceKey, data: "aws4_request"))
    let scope = "\(day)/\(region)/\(service)/aws4_request"
    lock.lock()
    entries.removeAll { $0.day != day }
    if entries.count < 16 {
      entries.append(
        Entry(secret: secret, day: day, region: region, service: service, key: key, scope: scope))
    }
    lock.unlock()
    return (key, scope)
  }
}

/// The last second's ``AmzTime``: requests signed in the same second share it.
final class AmzTimeCache: @unchecked Sendable {
  // @unchecked: `last` is only accessed under `lock`.
  private let lock = NSLock()
  private var last: (second: Double, time: AmzTime)?

  func time(for date: Date) -> AmzTime {
    let second = date.timeIntervalSince1970.rounded(.down)
    lock.lock()
    defer { lock.unlock() }
    if let last, last.second == second { return last.time }
    let time = AmzTime(date)
    last = (second, time)
    return time
  }
}
