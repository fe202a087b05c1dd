import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// AWS's two SigV4 test suites (../shared/testdata/sigv4): every case's canonical
/// request, string to sign and signature, for header signing and presigned URLs.
@Suite("SigV4 test suites")
struct SigV4SuiteTests {
  static let root = Peers.sharedTestdata.appendingPathComponent("sigv4")
  static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

  /// A request file: `METHOD PATH[?QUERY] HTTP/1.1`, header lines (indented lines continue
  /// the previous header), a blank line, the body.
  static func parseRequest(_ text: String) -> SignableRequest {
    var lines = text.components(separatedBy: "\n")
    let requestLine = lines.removeFirst()
    let method = String(requestLine.prefix { $0 != " " })
    var target = String(requestLine.dropFirst(method.count + 1))
    if target.hasSuffix(" HTTP/1.1") { target.removeLast(" HTTP/1.1".count) }
    let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
    let path = String(target[..<pathEnd])
    var query: [(name: String, value: String)] = []
    if pathEnd < target.endIndex {
      for pair in target[target.index(after: pathEnd)...].split(
        separator: "&", omittingEmptySubsequences: false)
      {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let value =
          parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        query.append((name, value))
      }
    }
    var headers: [(name: String, value: String)] = []
    var index = 0
    while index < lines.count, !lines[index].isEmpty {
      let line = lines[index]
      if line.first == " " || line.first == "\t", !headers.isEmpty {
        headers[headers.count - 1].value += " " + line
      } else if let colon = line.firstIndex(of: ":") {
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
      }
      index += 1
    }
    let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
    return SignableRequest(
      method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
  }

  static func read(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
  }

  // MARK: The current suite

  struct Context: Decodable {
    struct Credentials: Decodable {
      var accessKeyID: String
      var secretAccessKey: String
      var token: String?

      enum CodingKeys: String, CodingKey {
        case accessKeyID = "access_key_id"
        case secretAccessKey = "secret_access_key"
        case token
      }
    }
    var credentials: Credentials
    var expirationInSeconds: Int
    var normalize: Bool
    var region: String
    var service: String
    var signBody: Bool
    var omitSessionToken: Bool?

    enum CodingKeys: String, CodingKey {
      case credentials, normalize, region, service
      case expirationInSeconds = "expiration_in_seconds"
      case signBody = "sign_body"
      case omitSessionToken = "omit_session_token"
    }
  }

  static let currentCases: [String] = {
    let directory = root.appendingPathComponent("aws-signing-test-suite-v4")
    return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
  }()

  @Test("every case of the current suite, header signing and presigning", arguments: currentCases)
  func currentSuite(name: String) throws {
    let directory = Self.root.appendingPathComponent("aws-signing-test-suite-v4/\(name)")
    let context = try JSONDecoder().decode(
      Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    let request = Self.parseRequest(try Self.read(directory.appendingPathComponent("request.txt")))
    let credentials = AWSCredentials(
      accessKeyID: context.credentials.accessKeyID,
      secretAccessKey: context.credentials.secretAccessKey,
      sessionToken: context.credentials.token)
    let signer = SigV4Signer(
      service: context.service, region: context.region, normalizesPath: context.normalize)
    let payload: SigV4Signer.PayloadSigning = context.signBody ? .signedWithHeader : .signed
    let signsToken = !(context.omitSessionToken ?? false)

    let header = signer.sign(
      request, credentials: credentials, date: Self.date, payload: payload,
      signsSessionToken: signsToken)
    let query = signer.presign(
      request, credentials: credentials, date: Self.date, expires: context.expirationInSeconds,
      signsSessionToken: signsToken)

    func expected(_ file: String) throws -> String {
      try Self.read(directory.appendingPathComponent(file))
    }
    #expect(header.signature.canonicalRequest == (try expected("header-canonical-request.txt")))
    #expect(header.signature.stringToSign == (try expected("header-string-to-sign.txt")))
    #expect(header.signature.signature == (try expected("header-signature.txt")))
    let signedRequest = try expected("header-signed-request.txt")
    let authorization = try #require(header.request.header("Authorization"))
    #expect(signedRequest.contains("Authorization:\(authorization)\n"), "\(authorization)")
    #expect(query.signature.canonicalRequest == (try expected("query-canonical-request.txt")))
    #expect(query.signature.stringToSign == (try expected("query-string-to-sign.txt")))
    #expect(query.signature.signature == (try expected("query-signature.txt")))
  }

  // MARK: The classic suite

  struct ClassicContext: Decodable {
    var sessionTokens: [String: String]

    enum CodingKeys: String, CodingKey {
      case sessionTokens = "session_tokens"
    }
  }

  /// Cases whose .sts/.authz upstream were computed from another canonical request (see
  /// the suite's SOURCE.md): only their canonical request is compared.
  static let canonicalRequestOnly: Set<String> = [
    "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters",
  ]

  static let classicCases: [String] = {
    let directory = root.appendingPathComponent("aws-sig-v4-test-suite")
    let enumerator = FileManager.default.enumerator(atPath: directory.path)
    return (enumerator?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".req") }
      .map { String($0.dropLast(4)) }.sorted()
  }()

  @Test("every case of the classic suite", arguments: classicCases)
  func classicSuite(path: String) throws {
    let directory = Self.root.appendingPathComponent("aws-sig-v4-test-suite")
    let name = String(path.split(separator: "/").last ?? "")
    let context = try JSONDecoder().decode(
      ClassicContext.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
    var request = Self.parseRequest(try Self.read(directory.appendingPathComponent("\(path).req")))
    let tokenInRequest = request.header("X-Amz-Security-Token")
    request.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
    let token =
      tokenInRequest ?? context.sessionTokens[name]
      ?? (path.hasPrefix("post-sts-token/") ? context.sessionTokens["post-sts-token/*"] : nil)
    let credentials = AWSCredentials(
      accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      sessionToken: token)
    let signer = SigV4Signer(service: "service", region: "us-east-1")
    // Only post-sts-header-after adds the token after signing (see post-sts-token/readme.txt).

    let signed = signer.sign(
      request, credentials: credentials, date: Self.date,
      signsSessionToken: name != "post-sts-header-after")

    func expected(_ suffix: String) throws -> String {
      try Self.read(directory.appendingPathComponent(path + suffix))
    }
    #expect(signed.signature.canonicalRequest == (try expected(".creq")))
    if !Self.canonicalRequestOnly.contains(name) {
      #expect(signed.signature.stringToSign == (try expected(".sts")))
      #expect(signed.request.header("Authorization") == (try expected(".authz")))
    }
  }
}

@Suite("SigV4 signer shared across tasks")
struct SigV4ConcurrencyTests {
  @Test("one signer used by many tasks at once gives each request its own correct signature")
  func concurrentSigning() async throws {
    let signer = SigV4Signer(service: "ecs", region: "us-east-1")
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "shared-secret")
    let date = Date(timeIntervalSince1970: 1_795_595_400)
    func request(_ index: Int) -> SignableRequest {
      SignableRequest(
        method: "POST", path: "/",
        headers: [("Host", "ecs.us-east-1.amazonaws.com"), ("X-Amz-Target", "Op\(index)")],
        body: Array(#"{"index":\#(index)}"#.utf8))
    }
    // Each answer from a signer of its own: no cache or pooled context shared.
    let expected = (0..<64).map {
      SigV4Signer(service: "ecs", region: "us-east-1")
        .sign(request($0), credentials: credentials, date: date).signature.signature
    }

    let signatures = await withTaskGroup(of: (Int, String).self) { group in
      for task in 0..<8 {
        group.addTask {
          var last = (0, "")
          for round in 0..<50 {
            let index = (task * 8 + round) % 64
            let signature = signer.sign(request(index), credentials: credentials, date: date)
            if signature.signature.signature != expected[index] { return (index, "mismatch") }
            last = (index, signature.signature.signature)
          }
          return last
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }

    #expect(Set(expected).count == 64)
    #expect(signatures.count == 8)
    for (index, signature) in signatures { #expect(signature == expected[index]) }
  }
}

@Suite("SigV4 streaming chunks")
struct SigV4ChunkTests {
  @Test("chunk signatures chain as in AWS's documented aws-chunked upload example")
  func documentedExample() {
    // AWS's "Signature Calculations for the Authorization Header: Transferring Payload in
    // Multiple Chunks" example: its example key pair, 2013-05-24, a 66,560-byte object of
    // "a" sent as 65,536 + 1,024 bytes and the empty final chunk.
    let signer = SigV4Signer(service: "s3", region: "us-east-1", normalizesPath: false)
    let credentials = AWSCredentials(
      accessKeyID: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"

    let first = signer.signChunk(
      [UInt8](repeating: UInt8(ascii: "a"), count: 65_536), previousSignature: seed,
      credentials: credentials, date: date)
    let second = signer.signChunk(
      [UInt8](repeating: UInt8(ascii: "a"), count: 1024), previousSignature: first,
      credentials: credentials, date: date)
    let final = signer.signChunk(
      [], previousSignature: second, credentials: credentials, date: date)

    #expect(first == "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648")
    #expect(second == "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497")
    #expect(final == "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9")
  }
}
