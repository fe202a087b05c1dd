import Foundation
import Testing
import YAMLCoding

@Suite("YAMLDecoder")
struct DecoderTests {
  struct Route: Codable, Equatable {
    var name: String
    var weight: Int?
    var tags: [String: String]?
  }

  enum Mode: String, Codable, CaseIterable {
    case strict = "STRICT"
    case permissive = "PERMISSIVE"
  }

  struct Policy: Codable, Equatable {
    var mode: Mode
  }

  @Test(
    "plain scalars resolve by the YAML 1.2 core schema",
    arguments: [
      ("value: yes", YAMLNode.string("yes")),
      ("value: on", .string("on")),
      ("value: true", .bool(true)),
      ("value: False", .bool(false)),
      ("value: 'true'", .string("true")),
      ("value: \"42\"", .string("42")),
      ("value: 42", .int(42)),
      ("value: -7", .int(-7)),
      ("value: 0x10", .int(16)),
      ("value: 0o17", .int(15)),
      ("value: 1.5", .double(1.5)),
      ("value: 1e3", .double(1000)),
      ("value: .inf", .double(.infinity)),
      ("value: ~", .null),
      ("value: null", .null),
      ("value:", .null),
      ("value: 2001-12-14", .string("2001-12-14")),
      ("value: !!str 12", .string("12")),
      ("value: 012", .int(12)),
    ])
  func coreSchema(yaml: String, expected: YAMLNode) throws {
    let decoded = try YAMLDecoder().decode([String: YAMLNode].self, from: yaml)

    #expect(decoded["value"] == expected)
  }

  @Test("a number too large for the type is an overflow error naming the type and place")
  func integerOverflow() throws {
    struct Small: Codable { var count: Int8 }

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Small.self, from: "count: 200\n")
    }

    #expect(error.code == .numberOverflow)
    #expect(
      error.summary == "1:8: error: numberOverflow: count: 200 does not fit in Int8 (-128...127)")
  }

  @Test("an unsigned field rejects a negative number")
  func unsignedNegative() throws {
    struct Port: Codable { var number: UInt32 }

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Port.self, from: "number: -1")
    }

    #expect(error.code == .numberOverflow)
  }

  @Test("a float literal beyond Double's range is an overflow, not infinity")
  func floatOverflow() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode([String: Double].self, from: "x: 1e999")
    }

    #expect(error.code == .numberOverflow)
  }

  @Test("strict mode names an unknown field with its path, line, column and source line")
  func unknownFieldStrict() throws {
    let yaml = "name: reviews\nweight: 80\ntags:\n  a: b\nwieght: 3\n"

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: yaml)
    }

    #expect(
      error.description == """
        5:1: error: unknownField: wieght: unknown field "wieght"
            wieght: 3
            ^
        """)
  }

  @Test("an unknown field in a nested value reports the nested path")
  func unknownNestedField() throws {
    struct Outer: Codable { var routes: [Route] }

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Outer.self, from: "routes:\n- name: a\n- name: b\n  colour: red\n")
    }

    #expect(error.code == .unknownField)
    #expect(error.path == ["routes", 1, "colour"])
    #expect(error.path.description == "routes[1].colour")
    #expect(error.mark == YAMLMark(line: 4, column: 3))
  }

  @Test("lenient mode ignores unknown fields and keeps the last of duplicate keys")
  func lenient() throws {
    let decoded = try YAMLDecoder(options: .lenient).decode(
      Route.self, from: "name: a\nname: b\nextra: 1\n")

    #expect(decoded == Route(name: "b"))
  }

  @Test("strict mode rejects a duplicate key at the second occurrence")
  func duplicateKey() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: "name: a\nweight: 1\nname: b\n")
    }

    #expect(error.code == .duplicateKey)
    #expect(error.mark == YAMLMark(line: 3, column: 1))
  }

  @Test("a missing required field names the field and its mapping")
  func missingField() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: "weight: 1\n")
    }

    #expect(error.summary == "1:1: error: keyNotFound: missing required field \"name\"")
  }

  @Test("a type mismatch says what was expected and what was found")
  func typeMismatch() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: "name: [a]\n")
    }

    #expect(error.summary == "1:7: error: typeMismatch: name: expected a string, found a sequence")
  }

  @Test("an unquoted number where a string is required tells to quote it")
  func numberForString() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: "name: 1.0\n")
    }

    #expect(
      error.message
        == "expected a string, found a floating-point number (1.0); quote it if a string is meant")
  }

  @Test("an unknown enum value lists the allowed values")
  func unknownEnumValue() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Policy.self, from: "mode: STRICTER\n")
    }

    #expect(
      error.summary
        == "1:7: error: dataCorrupted: mode: unknown value \"STRICTER\"; allowed: STRICT, PERMISSIVE"
    )
  }

  @Test("anchors, aliases and merge keys; explicit keys override merged ones")
  func anchorsAndMerge() throws {
    let yaml = """
      base: &base
        name: base
        weight: 10
      routes:
      - *base
      - <<: *base
        name: derived
      - <<: [{weight: 1}, {name: second, weight: 2}]
      """
    struct Document: Codable, Equatable {
      var base: Route
      var routes: [Route]
    }

    let document = try YAMLDecoder().decode(Document.self, from: yaml)

    #expect(
      document.routes == [
        Route(name: "base", weight: 10), Route(name: "derived", weight: 10),
        Route(name: "second", weight: 1),
      ])
  }

  @Test("a billion-laughs document stops at the alias expansion limit")
  func aliasBomb() throws {
    var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      let previous = "*a\(level - 1)"
      yaml +=
        "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
    }

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(YAMLNode.self, from: yaml)
    }

    #expect(error.code == .limitExceeded)
    #expect(error.message == "aliases expand to more than 100000 nodes")
  }

  @Test("deep nesting stops at the depth limit instead of exhausting the stack")
  func deepNesting() throws {
    let yaml = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(YAMLNode.self, from: yaml)
    }

    #expect(error.code == .limitExceeded)
  }

  @Test("an alias to an undefined anchor is an error at the alias")
  func undefinedAlias() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(YAMLNode.self, from: "a: 1\nb: *missing\n")
    }

    #expect(error.code == .undefinedAlias)
    #expect(error.mark == YAMLMark(line: 2, column: 4))
  }

  @Test("multi-document streams decode in order, skipping empty documents")
  func multiDocument() throws {
    let yaml = "---\nname: a\n---\n# only a comment\n---\nname: b\n...\n---\n"

    let routes = try YAMLDecoder().decodeAll(Route.self, from: yaml)

    #expect(routes == [Route(name: "a"), Route(name: "b")])
  }

  @Test("an error in a later document carries that document's index")
  func multiDocumentError() throws {
    let yaml = "name: a\n---\nname: b\n---\nname: c\nbad: 1\n"

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decodeAll(Route.self, from: yaml)
    }

    #expect(error.documentIndex == 2)
    #expect(error.summary == "document 3: 6:1: error: unknownField: bad: unknown field \"bad\"")
  }

  @Test("decodeEach reports every bad document and keeps the good ones")
  func decodeEach() throws {
    let yaml = "name: a\n---\nname: 1\n---\nname: c\n"

    let documents = YAMLDecoder().decodeEach(Route.self, from: Array(yaml.utf8))

    #expect(documents.map(\.index) == [0, 1, 2])
    #expect((try? documents[0].result.get()) == Route(name: "a"))
    #expect(throws: YAMLError.self) { try documents[1].result.get() }
    #expect(documents[2].sourceMap?.mark(at: ["name"]) == YAMLMark(line: 5, column: 1))
  }

  @Test("JSON decodes like YAML")
  func json() throws {
    let route = try YAMLDecoder().decode(
      Route.self, from: #"{"name": "a", "weight": 5, "tags": {"x": "y"}}"#)

    #expect(route == Route(name: "a", weight: 5, tags: ["x": "y"]))
  }

  @Test("a syntax error carries libyaml's problem and position")
  func syntaxError() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(YAMLNode.self, from: "a: [1, 2\nb: 3\n")
    }

    #expect(error.code == .syntax)
    #expect(
      error.summary
        == "2:2: error: syntax: did not find expected ',' or ']' while parsing a flow sequence")
  }

  @Test("invalid UTF-8 is an encoding error, not a crash")
  func invalidUTF8() throws {
    let bytes: [UInt8] = Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8)

    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(YAMLNode.self, from: bytes)
    }

    #expect(error.code == .invalidEncoding)
  }

  @Test("more than one document where one is expected is an error")
  func extraDocument() throws {
    let error = try #require(throws: YAMLError.self) {
      try YAMLDecoder().decode(Route.self, from: "name: a\n---\nname: b\n")
    }

    #expect(error.code == .syntax)
  }

  @Test("codes compare and print by name, and a switch over them takes a default")
  func extensibleCodes() {
    let code = YAMLError.Code.unknownField

    let kind: String
    switch code {
    case .syntax, .invalidEncoding: kind = "text"
    case .unknownField: kind = "schema"
    default: kind = "other"
    }

    #expect(kind == "schema")
    #expect(code.description == "unknownField" && code.name == "unknownField")
    #expect(code != .duplicateKey)
  }
}
