import Testing
import YAMLCoding

@Suite("Hostile input")
struct RobustnessTests {
  static let seedDocument = """
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: &meta
      name: reviews
      labels: {app: reviews, "version": 'v1'}
    spec:
      hosts: [reviews]
      http:
      - <<: *meta
        route:
        - destination: {host: reviews, subset: v1}
          weight: 75
        - destination:
            host: reviews
          weight: 25
        timeout: 1.5e1
    ---
    - |
      literal
    - >-
      folded
    - !!str 12
    - ~
    """

  @Test("mutated documents either decode or throw YAMLError, never crash", arguments: 0..<4)
  func mutations(seed: Int) {
    var generator = SeededGenerator(seed: UInt64(seed) * 7919 + 3)
    let original = Array(Self.seedDocument.utf8)
    let interesting: [UInt8] = Array("[]{}:,-?|>&*!%@`'\"#\n\t \\\u{7F}".utf8) + [0x00, 0xC3, 0xFF]
    var decoded = 0
    var rejected = 0
    for _ in 0..<750 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...6, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        let byte = interesting[Int.random(in: 0..<interesting.count, using: &generator)]
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes[position] = byte
        case 1: bytes.insert(byte, at: position)
        default: bytes.remove(at: position)
        }
      }

      do {
        _ = try YAMLDecoder().decodeAll(YAMLNode.self, from: bytes)
        decoded += 1
      } catch is YAMLError {
        rejected += 1
      } catch {
        Issue.record(
          "untyped error \(error) for \(String(decoding: bytes, as: UTF8.self).debugDescription)")
      }
    }

    #expect(decoded + rejected == 750)
    #expect(rejected > 0 && decoded > 0, "mutations should both break and keep documents")
  }

  @Test("a UTF-8 byte-order mark before YAML or JSON is read past, as libyaml's scanner allows")
  func byteOrderMark() throws {
    let mark: [UInt8] = [0xEF, 0xBB, 0xBF]

    let yaml = try YAMLDecoder().decode([String: Int].self, from: mark + Array("a: 1\n".utf8))
    let json = try YAMLDecoder().decode([String: Int].self, from: mark + Array("{\"a\": 2}".utf8))

    #expect(yaml == ["a": 1])
    #expect(json == ["a": 2])
  }

  @Test("a huge key or value is quoted cut with its size, and control characters escaped")
  func boundedQuoting() throws {
    struct Strict: Decodable { var name: String }
    let key = String(repeating: "k", count: 1_000_000)

    let huge = #expect(throws: YAMLError.self) {
      // An explicit key: libyaml limits implicit ones to 1024 characters.
      try YAMLDecoder().decode(Strict.self, from: "name: a\n? \(key)\n: 1\n")
    }
    let escape = #expect(throws: YAMLError.self) {
      try YAMLDecoder().decode(Strict.self, from: "name: a\n\"\\e[31m\": 2\n")
    }

    let cut = String(repeating: "k", count: 120) + "…(1000000 bytes)"
    #expect(huge?.summary == "2:3: error: unknownField: \(cut): unknown field \"\(cut)\"")
    #expect(huge?.sourceLine?.utf8.count == 200)
    #expect(
      escape?.summary
        == "2:1: error: unknownField: [\"\\u{1B}[31m\"]: unknown field \"\\u{1B}[31m\"")
    #expect(huge?.code == .unknownField && escape?.code == .unknownField)
  }
}
