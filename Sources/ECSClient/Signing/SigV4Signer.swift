import Foundation
internal import Synchronization

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
    // Everything signing writes lives in one array, read as strings only when asked:
    // the canonical request, the string to sign, then the signature in hex. Most callers
    // read none of it (the request carries the Authorization header), and signing is on
    // every request's path.
    let bytes: [UInt8]
    let canonicalRequestEnd: Int
    let stringToSignEnd: Int
    /// Where the canonical request lists the signed header names.
    let signedHeadersRange: Range<Int>
    /// `date/region/service/aws4_request`.
    public let scope: String

    /// The signature, lower-case hex.
    public var signature: String { text(stringToSignEnd..<bytes.count) }
    /// The signed header names, `;`-joined.
    public var signedHeaders: String { text(signedHeadersRange) }
    /// The canonical request (not secret: it holds no key).
    public var canonicalRequest: String { text(0..<canonicalRequestEnd) }
    /// The string to sign.
    public var stringToSign: String { text(canonicalRequestEnd..<stringToSignEnd) }

    private func text(_ range: Range<Int>) -> String {
      String(decoding: bytes[range], as: UTF8.self)
    }
  }

  /// The service's signing name (`ecs`, `ssm`).
  public let service: String
  /// The region (`us-east-1`).
  public let region: String
  /// Whether to remove dot segments and repeated slashes from paths (all services but S3).
  public var normalizesPath: Bool
  private let cache: SigningCache

  /// Creates a signer.
  public init(service: String, region: String, normalizesPath: Bool = true) {
    self.service = service
    self.region = region
    self.normalizesPath = normalizesPath
    cache = SigningCache()
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
    let signing = cache.signing(
      at: date, secret: credentials.secretAccessKey, region: region, service: service)
    var signed = request
    // One new array with room for what signing adds, rather than copy-then-grow. It is
    // filled in place: a local array assigned to `signed.headers` would share its buffer
    // until the local dies, and the first append would copy it all.
    signed.headers = []
    signed.headers.reserveCapacity(request.headers.count + 4)
    for header in request.headers
    where !Self.equalsIgnoringASCIICase(header.name, "x-amz-date")
      && !Self.equalsIgnoringASCIICase(header.name, "authorization")
    {
      signed.headers.append(header)
    }
    signed.headers.append(("X-Amz-Date", signing.time.timestamp))
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
      signed, queryItems: signed.query, payloadHash: payloadHash, signing: signing)
    signed.headers.append(("Authorization", authorization(signature, credentials: credentials)))
    if let token = credentials.sessionToken, !signsSessionToken {
      signed.headers.append(("X-Amz-Security-Token", token))
    }
    return (signed, signature)
  }

  /// `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`, written once
  /// into a string of the right size (interpolation showed in profiles).
  private func authorization(_ signature: Signature, credentials: AWSCredentials) -> String {
    let (algorithm, names, value) = (
      "AWS4-HMAC-SHA256 Credential=", ", SignedHeaders=", ", Signature="
    )
    let length =
      algorithm.utf8.count + credentials.accessKeyID.utf8.count + 1 + signature.scope.utf8.count
      + names.utf8.count + signature.signedHeadersRange.count + value.utf8.count
      + (signature.bytes.count - signature.stringToSignEnd)
    return String(unsafeUninitializedCapacity: length) { characters in
      var header = ByteWriter(characters)
      header.append(algorithm)
      header.append(credentials.accessKeyID)
      header.append(UInt8(ascii: "/"))
      header.append(signature.scope)
      header.append(names)
      signature.bytes.withUnsafeBufferPointer { bytes in
        header.append(UnsafeBufferPointer(rebasing: bytes[signature.signedHeadersRange]))
        header.append(value)
        header.append(UnsafeBufferPointer(rebasing: bytes[signature.stringToSignEnd...]))
      }
      return header.count
    }
  }

  // MARK: Presigning

  /// Presigns a request: the signature goes in the query, valid for `expires` seconds.
  /// - Returns: The query parameters to add (decoded) and the signing parts.
  public func presign(
    _ request: SignableRequest, credentials: AWSCredentials, date: Date = Date(),
    expires: Int = 3600,
    payload: PayloadSigning = .signed, signsSessionToken: Bool = true
  ) -> (query: [(name: String, value: String)], signature: Signature) {
    let signing = cache.signing(
      at: date, secret: credentials.secretAccessKey, region: region, service: service)
    let (time, scope) = (signing.time, signing.scope)
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
      unsignedRequest, queryItems: request.query + added, payloadHash: payloadHash,
      signing: signing)
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
    let signing = cache.signing(
      at: date, secret: credentials.secretAccessKey, region: region, service: service)
    let (time, key, scope) = (signing.time, signing.key, signing.scope)
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

  /// The canonical request, string to sign and signature of `request`, written back to
  /// back into one array sized from the request.
  /// - Parameter payloadHash: What the canonical request says of the payload, or nil for
  ///   the body's SHA-256, hashed straight into the canonical request.
  private func computeSignature(
    _ request: SignableRequest, queryItems: [(name: String, value: String)], payloadHash: String?,
    signing: SigningCache.Signing
  ) -> Signature {
    let (time, key, scope) = (signing.time, signing.key, signing.scope)
    let method = Self.asciiUppercased(request.method)
    let path = Self.canonicalURI(request.path, normalizing: normalizesPath)
    let query = queryItems.isEmpty ? "" : Self.canonicalQuery(queryItems)
    let hashLength = 64
    let canonicalLength =
      method.utf8.count + path.utf8.count + query.utf8.count + 3
      + Self.canonicalHeadersLengthBound(request.headers)
      + max(payloadHash?.utf8.count ?? hashLength, hashLength)
    let stringToSignLength =
      Self.algorithmLine.utf8.count + time.timestamp.utf8.count + scope.utf8.count + 2 + hashLength
    var canonicalRequestEnd = 0
    var stringToSignEnd = 0
    var signedHeadersRange = 0..<0
    let bytes = [UInt8](
      unsafeUninitializedCapacity: canonicalLength + stringToSignLength + hashLength
    ) { buffer, count in
      var output = ByteWriter(buffer)
      output.append(method)
      output.append(0x0A)
      output.append(path)
      output.append(0x0A)
      output.append(query)
      output.append(0x0A)
      signedHeadersRange = Self.writeCanonicalHeaders(request.headers, to: &output)
      output.append(0x0A)
      if let payloadHash {
        output.append(payloadHash)
      } else if request.body.isEmpty {
        output.append(Self.emptyPayloadHash)
      } else {
        request.body.withUnsafeBytes { Crypto.appendSHA256Hex(of: $0, to: &output) }
      }
      canonicalRequestEnd = output.count

      output.append(Self.algorithmLine)
      output.append(time.timestamp)
      output.append(0x0A)
      output.append(scope)
      output.append(0x0A)
      Crypto.appendSHA256Hex(of: output.written(0..<canonicalRequestEnd), to: &output)
      stringToSignEnd = output.count

      key.appendAuthenticationCodeHex(
        of: output.written(canonicalRequestEnd..<stringToSignEnd), to: &output)
      count = output.count
    }
    return Signature(
      bytes: bytes, canonicalRequestEnd: canonicalRequestEnd, stringToSignEnd: stringToSignEnd,
      signedHeadersRange: signedHeadersRange, scope: scope)
  }

  /// The first line of a string to sign.
  private static let algorithmLine = "AWS4-HMAC-SHA256\n"

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
    var names = 0..<0
    let bytes = [UInt8](unsafeUninitializedCapacity: canonicalHeadersLengthBound(headers)) {
      buffer, count in
      var output = ByteWriter(buffer)
      names = writeCanonicalHeaders(headers, to: &output)
      count = output.count
    }
    // The block ends with its last entry's newline; a blank line separates it from names.
    return (
      String(decoding: bytes[..<(names.lowerBound - 1)], as: UTF8.self),
      String(decoding: bytes[names], as: UTF8.self)
    )
  }

  /// At least what ``writeCanonicalHeaders(_:to:)`` writes: each name twice (the block and
  /// the list) with its separators, each value at most as sent.
  static func canonicalHeadersLengthBound(_ headers: [(name: String, value: String)]) -> Int {
    var length = 2
    for header in headers { length += 2 * header.name.utf8.count + header.value.utf8.count + 3 }
    return length
  }

  /// A signed header while canonicalising: where its lower-cased name is in the scratch
  /// buffer, and which header it is.
  private struct HeaderEntry {
    var nameStart: Int
    var nameLength: Int
    var header: Int
  }

  /// Writes the canonical headers block, a blank line and the signed header names, and
  /// returns where the names are. Names are lower-cased once into a stack buffer and the
  /// headers insertion-sorted by them (a request has a handful; equal names keep their
  /// order, so a repeated header's values are joined as sent): this runs for every request.
  static func writeCanonicalHeaders(
    _ headers: [(name: String, value: String)], to output: inout ByteWriter
  ) -> Range<Int> {
    let nameBytes = headers.reduce(0) { $0 + $1.name.utf8.count }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(nameBytes, 1)) { names in
      withUnsafeTemporaryAllocation(of: HeaderEntry.self, capacity: max(headers.count, 1)) {
        entries in
        let names = names.baseAddress!
        let entries = entries.baseAddress!
        func name(_ entry: HeaderEntry) -> UnsafeBufferPointer<UInt8> {
          UnsafeBufferPointer(start: names + entry.nameStart, count: entry.nameLength)
        }
        func sameName(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool
        {
          lhs.count == rhs.count && memcmp(lhs.baseAddress!, rhs.baseAddress!, lhs.count) == 0
        }
        func precedes(_ lhs: HeaderEntry, _ rhs: HeaderEntry) -> Bool {
          let common = min(lhs.nameLength, rhs.nameLength)
          let order = memcmp(names + lhs.nameStart, names + rhs.nameStart, common)
          return order != 0 ? order < 0 : lhs.nameLength < rhs.nameLength
        }
        var lowercased = ByteWriter(UnsafeMutableBufferPointer(start: names, count: nameBytes))
        var count = 0
        for index in headers.indices where !isUnsigned(headers[index].name) {
          let start = lowercased.count
          ByteWriter.withUTF8(of: headers[index].name) { lowercased.appendLowercased($0) }
          let entry = HeaderEntry(
            nameStart: start, nameLength: lowercased.count - start, header: index)
          var position = count
          while position > 0 && precedes(entry, entries[position - 1]) {
            entries[position] = entries[position - 1]
            position -= 1
          }
          entries[position] = entry
          count += 1
        }

        var previous: UnsafeBufferPointer<UInt8>?
        for index in 0..<count {
          let current = name(entries[index])
          if let previous, sameName(previous, current) {
            output.append(UInt8(ascii: ","))
          } else {
            if previous != nil { output.append(0x0A) }
            output.append(current)
            output.append(UInt8(ascii: ":"))
          }
          ByteWriter.withUTF8(of: headers[entries[index].header].value) {
            output.appendCollapsingWhitespace($0)
          }
          previous = current
        }
        if count > 0 { output.append(0x0A) }
        output.append(0x0A)
        let namesStart = output.count
        previous = nil
        for index in 0..<count {
          let current = name(entries[index])
          if let previous {
            if sameName(previous, current) { continue }
            output.append(UInt8(ascii: ";"))
          }
          output.append(current)
          previous = current
        }
        return namesStart..<output.count
      }
    }
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

  /// The method in upper case, without a copy when it already is.
  static func asciiUppercased(_ method: String) -> String {
    let hasLowercase = ByteWriter.withUTF8(of: method) { bytes in
      bytes.contains { $0 >= 0x61 && $0 <= 0x7A }
    }
    return hasLowercase ? method.uppercased() : method
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

/// What every signature of one second with one secret shares: the time stamps, and the
/// signing key with its credential scope. A key is an HMAC chain over the secret, so it is
/// derived once a day (entries of other days are dropped as the day changes); the last
/// second's answer is kept, so most signatures take one lock here.
final class SigningCache: Sendable {
  struct Signing: Sendable {
    let time: AmzTime
    let key: HMACKey
    /// `day/region/service/aws4_request`.
    let scope: String
  }

  private struct Entry: Sendable {
    let secret: String
    let day: String
    let region: String
    let service: String
    let key: HMACKey
    let scope: String
  }

  /// The last answer, and what it was for (a class: read on every signature, where a
  /// struct of five references would be copied out field by field).
  private final class Recent: Sendable {
    let second: Double
    let secret: String
    let region: String
    let service: String
    let signing: Signing

    init(second: Double, secret: String, region: String, service: String, signing: Signing) {
      self.second = second
      self.secret = secret
      self.region = region
      self.service = service
      self.signing = signing
    }
  }

  /// The keys of the current day, and the last answer. The mutex is not held while a
  /// key is derived: two signers may derive the same one, and the second keeps its own.
  private struct Cached {
    var entries: [Entry] = []
    var recent: Recent?
  }

  private let cached = Mutex(Cached())

  func signing(at date: Date, secret: String, region: String, service: String) -> Signing {
    let second = date.timeIntervalSince1970.rounded(.down)
    let recent = cached.withLock { $0.recent }
    if let recent, recent.second == second, recent.secret == secret, recent.region == region,
      recent.service == service
    {
      return recent.signing
    }
    let time = AmzTime(date)
    let (key, scope) = key(for: secret, day: time.day, region: region, service: service)
    let signing = Signing(time: time, key: key, scope: scope)
    let latest = Recent(
      second: second, secret: secret, region: region, service: service, signing: signing)
    cached.withLock { $0.recent = latest }
    return signing
  }

  private func key(for secret: String, day: String, region: String, service: String) -> (
    key: HMACKey, scope: String
  ) {
    let found = cached.withLock { cached in
      cached.entries.first(where: {
        $0.day == day && $0.region == region && $0.service == service && $0.secret == secret
      })
    }
    if let found { return (found.key, found.scope) }
    let dateKey = Crypto.hmacSHA256(key: Array("AWS4\(secret)".utf8), data: day)
    let regionKey = Crypto.hmacSHA256(key: dateKey, data: region)
    let serviceKey = Crypto.hmacSHA256(key: regionKey, data: service)
    let key = HMACKey(Crypto.hmacSHA256(key: serviceKey, data: "aws4_request"))
    let scope = "\(day)/\(region)/\(service)/aws4_request"
    let entry = Entry(
      secret: secret, day: day, region: region, service: service, key: key, scope: scope)
    cached.withLock { cached in
      cached.entries.removeAll { $0.day != day }
      if cached.entries.count < 16 { cached.entries.append(entry) }
    }
    return (key, scope)
  }
}
