import MeshSupport
import Testing

@Suite("InputText")
struct InputTextTests {
  @Test(
    "control characters are escaped; line breaks and tabs only when asked",
    arguments: [
      ("plain text", false, "plain text"),
      ("a\u{1B}[31mred", false, "a\\u{1B}[31mred"),
      ("bell\u{07} del\u{7F} csi\u{9B}", false, "bell\\u{7} del\\u{7F} csi\\u{9B}"),
      ("two\nlines\tand\r", false, "two\\nlines\\tand\\r"),
      ("two\nlines\tand\r", true, "two\nlines\tand\\r"),
      ("abc\u{202E}fed\u{2028}", false, "abc\\u{202E}fed\\u{2028}"),
      ("naïve ✓", false, "naïve ✓"),
    ])
  func escaping(text: String, keepingLineBreaks: Bool, expected: String) {
    #expect(
      InputText.escapingControlCharacters(text, keepingLineBreaks: keepingLineBreaks) == expected)
  }

  @Test("a quoted value is escaped and cut after 120 scalars with the whole value's size")
  func quoting() {
    let long = String(repeating: "é", count: 1000)

    #expect(InputText.quoted("web") == "\"web\"")
    #expect(InputText.quoted("say \"hi\" \\ \u{1B}") == "\"say \\\"hi\\\" \\\\ \\u{1B}\"")
    #expect(InputText.quoted(long) == "\"\(String(repeating: "é", count: 120))…(2000 bytes)\"")
    #expect(InputText.quoted(String(repeating: "a", count: 120)).count == 122)
    #expect(InputText.clipped("abcdef", limit: 3) == "abc…(6 bytes)")
    #expect(InputText.clipped("abc", limit: 3) == "abc")
  }

  @Test("a message keeps its words, cuts each long run and the whole, and escapes")
  func messages() {
    let huge = String(repeating: "x", count: 5_000_000)
    let words = Array(repeating: "word", count: 1000).joined(separator: " ")

    let quotedHuge = InputText.boundedMessage("invalid value \"\(huge)\" in spec")
    let bareHuge = InputText.boundedMessage("address \(huge)")
    let manyWords = InputText.boundedMessage(words)

    #expect(
      quotedHuge
        == "invalid value \"\(String(repeating: "x", count: 120))…(5000000 bytes)\" in spec")
    #expect(bareHuge == "address \(String(repeating: "x", count: 120))…(5000000 bytes)")
    #expect(manyWords.hasSuffix("…(4999 bytes)"))
    #expect(manyWords.utf8.count < 2100)
    #expect(InputText.boundedMessage("line\none\u{1B}") == "line\\none\\u{1B}")
    #expect(InputText.boundedMessage("short message") == "short message")
    let alreadyCut = "unknown field \(InputText.quoted(huge))"
    #expect(InputText.boundedMessage(alreadyCut) == alreadyCut)
  }
}
