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
}
