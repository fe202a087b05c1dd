import Foundation
import Testing
import YAMLCoding

@Suite("YAMLEncoder")
struct EncoderTests {
  struct Route: Codable, Equatable {
    var name: String
    var weight: Int?
    var ratio: Double?
    var enabled: Bool?
    var tags: [String: String]?
  }

  @Test(
    "a string is quoted exactly when a plain scalar would change its meaning",
    arguments: [
      ("true", true), ("1.0", true), ("null", true), ("0x10", true), (": x", true), ("*x", true),
      ("&x", true), ("!x", true), ("%x", true), ("@x", true), ("yes", true), ("on", true),
      ("~", true), ("", true), ("2001-12-14", true), ("1_000", true), ("12:30", true),
      ("- x", true), ("#x", true), ("x #y", true), (" lead", true), ("trail ", true),
      ("plain", false), ("1.2.3", false), ("v1", false), ("reviews.default.svc", false),
      ("a: b", true), ("a:b", false), ("x-canary", false), ("GET", false), ("0.5s", false),
      ("/api/v1/*", false), ("cluster.local/ns/shop/sa/orders", false),
    ])
  func quoting(text: String, quoted: Bool) throws {
    let yaml = try YAMLEncoder().encode(["k": text])

    let scalar = String(yaml.dropFirst(3).dropLast())
    #expect(
      (scalar.first == "\"" || scalar.first == "'") == quoted, "\(text) was written as \(scalar)")
    #expect(try YAMLDecoder().decode([String: String].self, from: yaml) == ["k": text])
  }

  @Test("fields keep their declared order and dictionary keys are sorted")
  func order() throws {
    let route = Route(name: "a", weight: 1, tags: ["z": "1", "a": "2", "m": "3"])

    let yaml = try YAMLEncoder().encode(route)

    #expect(yaml == "name: a\nweight: 1\ntags:\n  a: \"2\"\n  m: \"3\"\n  z: \"1\"\n")
  }

  @Test("equal values encode to identical bytes")
  func deterministic() throws {
    let node: YAMLNode = ["b": [1, 2.5, "x"], "a": ["k": nil, "j": true], "c": "line\nbreak"]

    let first = try YAMLEncoder().encode(node)
    let second = try YAMLEncoder().encode(node)

    #expect(first == second)
  }

  @Test("numbers stay numbers for YAML 1.1 readers too")
  func floats() throws {
    let yaml = try YAMLEncoder().encode([1e-5, 1e20, 0.1, 100.0, -.infinity, .nan])

    #expect(yaml == "- 1.0e-05\n- 1.0e+20\n- 0.1\n- 100.0\n- -.inf\n- .nan\n")
  }

  @Test("multi-line strings become literal blocks and read back unchanged")
  func multiline() throws {
    let text = "line one\nline two\n"

    let yaml = try YAMLEncoder().encode(["script": text])

    #expect(yaml == "script: |\n  line one\n  line two\n")
    #expect(try YAMLDecoder().decode([String: String].self, from: yaml)["script"] == text)
  }

  @Test("several values make a multi-document stream that decodes back")
  func documents() throws {
    let routes = [Route(name: "a"), Route(name: "b", weight: 2)]

    let yaml = try YAMLEncoder().encode(documents: routes)

    #expect(yaml == "name: a\n---\nname: b\nweight: 2\n")
    #expect(try YAMLDecoder().decodeAll(Route.self, from: yaml) == routes)
  }

  @Test("an empty object is written as {} and an absent optional is left out")
  func emptyAndAbsent() throws {
    struct Holder: Codable {
      var inner: [String: Int]
      var missing: String?
    }

    let yaml = try YAMLEncoder().encode(Holder(inner: [:], missing: nil))

    #expect(yaml == "inner: {}\n")
  }

  @Test("decode(encode(x)) == x for random trees", arguments: 0..<8)
  func roundTrip(seed: Int) throws {
    var generator = SeededGenerator(seed: UInt64(seed) + 1)
    for _ in 0..<50 {
      let node = RandomNode.make(depth: 4, using: &generator)

      let yaml = try YAMLEncoder().encode(node)
      let decoded = try YAMLDecoder().decode(YAMLNode.self, from: yaml)

      #expect(decoded == node, "round trip changed the value; YAML was:\n\(yaml)")
    }
  }
}

@Suite("YAMLEncoder determinism")
struct EncoderDeterminismTests {
  @Test("dictionaries with integer keys are written in a fixed order too")
  func integerKeys() throws {
    let ports: [Int: String] = [8080: "http", 443: "https", 15090: "metrics", 9090: "grpc"]

    let yaml = try YAMLEncoder().encode(ports)

    // Keys are sorted as text, and quoted: a map key is a string in YAML and JSON alike.
    #expect(yaml == "\"15090\": metrics\n\"443\": https\n\"8080\": http\n\"9090\": grpc\n")
    #expect(try YAMLDecoder().decode([Int: String].self, from: yaml) == ports)
  }

  @Test("YAMLNode decodes from JSON with Foundation's JSONDecoder as well")
  func yamlNodeWithJSONDecoder() throws {
    let json = #"{"a": [1, 2.5, "x", null, true], "b": {"c": {}}}"#

    let node = try JSONDecoder().decode(YAMLNode.self, from: Data(json.utf8))

    #expect(node == ["a": [1, 2.5, "x", nil, true], "b": ["c": YAMLNode.object([:])]])
  }
}
