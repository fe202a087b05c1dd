import EnvoyConfig
import Foundation
import MeshTestSupport
import Testing
import YAMLCoding

@Suite("Envoy configuration encoding")
struct EncodingTests {
  @Test(
    "durations print as protobuf's JSON mapping does and parse back",
    arguments: [
      (Int64(0), "0s"), (Int64(1_000_000_000), "1s"), (Int64(1_500_000_000), "1.500s"),
      (Int64(250_000_000), "0.250s"),
      (Int64(1_000), "0.000001s"), (Int64(1), "0.000000001s"), (Int64(-2_000_000), "-0.002s"),
      (Int64(86_400) * 1_000_000_000, "86400s"),
    ])
  func durations(nanoseconds: Int64, text: String) {
    #expect(Envoy.ProtoDuration(nanoseconds: nanoseconds).description == text)
    #expect(Envoy.ProtoDuration(text)?.nanoseconds == nanoseconds)
  }

  @Test(
    "malformed durations are rejected",
    arguments: [
      "", "s", "1", "1.s", ".5s", "1.0000000001s", "1ms", "x1s", "1.5 s", "9999999999999s",
    ])
  func badDurations(text: String) throws {
    #expect(Envoy.ProtoDuration(text) == nil)
    let json = Data("\"\(text)\"".utf8)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Envoy.ProtoDuration.self, from: json)
    }
  }

  @Test("typed_config carries its @type first, next to the message's fields")
  func typedConfigShape() throws {
    let filter = Envoy.NetworkFilter(Envoy.TCPProxy(statPrefix: "tcp", cluster: "db"))
    let json = String(
      decoding: try EnvoyConfigEncoder(prettyPrinted: false).json(filter), as: UTF8.self)

    #expect(
      json
        == #"{"name":"envoy.filters.network.tcp_proxy","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy","cluster":"db","stat_prefix":"tcp"}}"#
        + "\n")
    let decoded = try JSONDecoder().decode(Envoy.NetworkFilter.self, from: Data(json.utf8))
    #expect(decoded == filter)
    #expect(decoded.typedConfig.unwrap(as: Envoy.TCPProxy.self)?.cluster == "db")
  }

  @Test("an unknown @type is a decoding error that names it, unless its type is given")
  func unknownType() throws {
    struct Buffer: EnvoyTypedConfig {
      static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer"
      var maxRequestBytes: UInt32

      enum CodingKeys: String, CodingKey {
        case maxRequestBytes = "max_request_bytes"
      }
    }
    let json = Data(
      #"{"name":"envoy.filters.http.buffer","typed_config":{"@type":"type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer","max_request_bytes":1024}}"#
        .utf8)

    do {
      _ = try JSONDecoder().decode(Envoy.HTTPFilter.self, from: json)
      Issue.record("an unknown @type decoded")
    } catch let DecodingError.dataCorrupted(context) {
      #expect(context.debugDescription.contains("envoy.extensions.filters.http.buffer.v3.Buffer"))
    }
    let decoder = JSONDecoder()
    decoder.userInfo[.envoyTypedConfigTypes] = [Buffer.self] as [any EnvoyTypedConfig.Type]
    let filter = try decoder.decode(Envoy.HTTPFilter.self, from: json)
    #expect(filter.typedConfig?.unwrap(as: Buffer.self)?.maxRequestBytes == 1024)
  }

  @Test("RBAC permissions and principals are protobuf oneofs: one key each, round-tripped")
  func rbacOneofs() throws {
    let policy = Envoy.RBACPolicy(
      permissions: [.andRules([.urlPath(.prefix("/a")), .not(.destinationPort(80))]), .any],
      principals: [
        .orIDs([.authenticated(.exact("spiffe://td/x")), .remoteIP(Envoy.CIDRRange("::1"))])
      ])
    let json = String(
      decoding: try EnvoyConfigEncoder(prettyPrinted: false).json(policy), as: UTF8.self)

    #expect(
      json.contains(
        #"{"and_rules":{"rules":[{"url_path":{"path":{"prefix":"/a"}}},{"not_rule":{"destination_port":80}}]}}"#
      ))
    #expect(json.contains(#"{"authenticated":{"principal_name":{"exact":"spiffe://td/x"}}}"#))
    #expect(json.contains(#"{"remote_ip":{"address_prefix":"::1","prefix_len":128}}"#))
    #expect(try JSONDecoder().decode(Envoy.RBACPolicy.self, from: Data(json.utf8)) == policy)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(
        Envoy.Permission.self, from: Data(#"{"any":true,"destination_port":1}"#.utf8))
    }
  }

  @Test("equal configurations encode to identical bytes, and decode back equal")
  func deterministic() throws {
    let directory = URL(fileURLWithPath: "/tmp/meshbridge-sample")
    let first = SampleConfigs.everything(
      directory: directory, adminPort: 15000, ports: [15006, 15001, 15002])
    let second = SampleConfigs.everything(
      directory: directory, adminPort: 15000, ports: [15006, 15001, 15002])
    let encoder = EnvoyConfigEncoder()

    #expect(try encoder.json(first) == encoder.json(second))
    #expect(try encoder.yaml(first) == encoder.yaml(second))
    #expect(try JSONDecoder().decode(Envoy.Bootstrap.self, from: encoder.json(first)) == first)
    #expect(try YAMLDecoder().decode(Envoy.Bootstrap.self, from: encoder.yaml(first)) == first)
  }

  @Test(
    "the YAML and the JSON hold the same document, as PyYAML and Python's json read them",
    .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
  func yamlMatchesJSON() throws {
    let bootstrap = SampleConfigs.everything(
      directory: URL(fileURLWithPath: "/tmp/meshbridge-sample"), adminPort: 15000,
      ports: [15006, 15001, 15002])
    let encoder = EnvoyConfigEncoder()
    let input = try JSONSerialization.data(withJSONObject: [
      "yaml": encoder.yaml(bootstrap),
      "json": String(decoding: encoder.json(bootstrap), as: UTF8.self),
    ])

    let result = try Peers.runPython(
      """
      import json, sys, yaml
      documents = json.load(sys.stdin)
      same = yaml.safe_load(documents["yaml"]) == json.loads(documents["json"])
      print("same" if same else "different")
      """, input: input)

    #expect(result.stdout == "same\n", "\(result.stderr)")
  }
}
