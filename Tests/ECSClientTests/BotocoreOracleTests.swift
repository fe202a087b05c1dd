import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// botocore's `SigV4Auth` as the oracle: on generated requests (odd paths, Unicode and
/// reserved characters in queries, folded whitespace in headers, bodies, session tokens)
/// the canonical request and the Authorization header must match byte for byte.
@Suite(
  "botocore SigV4 oracle",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct BotocoreOracleTests {
  static let script = #"""
    import json, sys
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    out = []
    for line in sys.stdin:
        case = json.loads(line)
        request = AWSRequest(method=case["method"], url=case["url"], data=case["body"].encode(),
                             headers=dict(case["headers"]))
        request.context["timestamp"] = case["timestamp"]
        auth = SigV4Auth(Credentials(case["key"], case["secret"], case.get("token")), case["service"], case["region"])
        auth._modify_request_before_signing(request)
        canonical = auth.canonical_request(request)
        signature = auth.signature(auth.string_to_sign(request, canonical), request)
        auth._inject_signature_to_request(request, signature)
        out.append({"canonical": canonical, "authorization": request.headers["Authorization"]})
    print(json.dumps(out))
    """#

  struct Case: Encodable {
    var method: String
    var url: String
    var body: String
    var headers: [[String]]
    var timestamp: String
    var key: String
    var secret: String
    var token: String?
    var service: String
    var region: String
  }

  struct Answer: Decodable {
    var canonical: String
    var authorization: String
  }

  static let pathPieces = [
    "a", "b c", "~user", "x%2Fy", "ünïcode", "semi;colon", "comma,", "plus+", "eq=", "(paren)",
    "star*", "dot.",
    "..", ".", "", "at@", "dollar$", "2015-03-31", "functions", "tasks",
  ]
  static let queryPieces = [
    "a", "B", "space here", "x/y", "ü", "a+b", "a=b", "&", "~tilde", "", "%", "comma,list", "*",
    "日本",
  ]
  static let headerValues = [
    "value", "  padded  ", "in  side   spaces", "a,b", "UPPER", "tab\tin",
    "application/x-amz-json-1.1",
    "AmazonEC2ContainerServiceV20141113.ListTasks", "quote\"d",
  ]

  @Test("500 generated requests sign exactly as botocore signs them")
  func matchesBotocore() throws {
    var generator = SplitMix(seed: 7)
    var cases: [Case] = []
    var requests: [(SignableRequest, AWSCredentials, String, String)] = []
    let services = [("ecs", "us-east-1"), ("ssm", "eu-west-3"), ("execute-api", "ap-southeast-2")]
    for index in 0..<500 {
      let segments = (0..<generator.next(4)).map { _ in
        Self.pathPieces[generator.next(Self.pathPieces.count)]
      }
      let path =
        "/"
        + segments.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }
        .joined(separator: "/")
      var query: [(name: String, value: String)] = []
      var names = Set<String>()
      for _ in 0..<generator.next(4) {
        let name =
          Self.queryPieces[generator.next(Self.queryPieces.count)] + String(generator.next(3))
        guard names.insert(name).inserted else { continue }
        query.append((name, Self.queryPieces[generator.next(Self.queryPieces.count)]))
      }
      var headers: [(name: String, value: String)] = [("Host", "ecs.us-east-1.amazonaws.com")]
      for extra in 0..<generator.next(4) {
        headers.append(
          (
            "X-Custom-\(extra)-\(["A", "b", "Mixed"][generator.next(3)])",
            Self.headerValues[generator.next(Self.headerValues.count)]
          ))
      }
      let body = generator.next(3) == 0 ? "" : #"{"cluster":"onprem-\#(index)","maxResults":100}"#
      let (service, region) = services[generator.next(services.count)]
      let credentials = AWSCredentials(
        // Five secrets in turn, so that signers reuse their cached keys.
        accessKeyID: "AKIDEXAMPLE\(index)", secretAccessKey: "secret/\(index % 5)+key",
        sessionToken: generator.next(2) == 0 ? nil : "token-\(index)==")
      let method = ["GET", "POST", "PUT", "DELETE"][generator.next(4)]
      let request = SignableRequest(
        method: method, path: path, query: query, headers: headers, body: Array(body.utf8))
      requests.append((request, credentials, service, region))
      let encodedQuery = query.map {
        "\(SigV4Signer.encode($0.name))=\(SigV4Signer.encode($0.value))"
      }
      .joined(separator: "&")
      cases.append(
        Case(
          method: method,
          url: "https://ecs.us-east-1.amazonaws.com\(path)"
            + (query.isEmpty ? "" : "?\(encodedQuery)"),
          body: body, headers: headers.map { [$0.name, $0.value] }, timestamp: "20261125T083000Z",
          key: credentials.accessKeyID, secret: credentials.secretAccessKey,
          token: credentials.sessionToken,
          service: service, region: region))
    }
    let input = try cases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
      .joined(separator: "\n")

    let output = try Peers.runPython(Self.script, input: Data(input.utf8))
    try #require(output.status == 0, "\(output.stderr)")
    let answers = try JSONDecoder().decode([Answer].self, from: Data(output.stdout.utf8))

    #expect(answers.count == cases.count)
    let date = Date(timeIntervalSince1970: 1_795_595_400)  // 2026-11-25T08:30:00Z
    // One signer per service and region, as a client has: its cached signing keys and
    // reused OpenSSL contexts must give every request the same answer as a fresh one.
    var signers: [String: SigV4Signer] = [:]
    for ((request, credentials, service, region), answer) in zip(requests, answers) {
      let signer =
        signers["\(service) \(region)", default: SigV4Signer(service: service, region: region)]
      signers["\(service) \(region)"] = signer
      let signed = signer.sign(request, credentials: credentials, date: date)
      #expect(
        signed.signature.canonicalRequest == answer.canonical, "\(request.method) \(request.path)")
      #expect(signed.request.header("Authorization") == answer.authorization)
    }
  }
}

/// SplitMix64: deterministic test data.
struct SplitMix {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int((value ^ (value >> 31)) % UInt64(max(bound, 1)))
  }
}
