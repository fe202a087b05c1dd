import Foundation
import MeshTestSupport
import Testing
import YAMLCoding

/// PyYAML (`yaml.safe_load`, a YAML 1.1 reader) as the oracle: whatever YAMLEncoder writes
/// must load to the same data as Foundation's JSONEncoder gives for the value, and
/// malformed YAML must fail at the line and column where PyYAML fails.
@Suite(
  "PyYAML oracle",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct PyYAMLOracleTests {
  /// Reads cases as JSON lines of {"yaml": ..., "json": ...} and prints one line per case
  /// whose YAML does not load to the JSON's value.
  static let compareScript = """
    import json, math, sys, yaml

    def same(a, b):
        if isinstance(a, bool) or isinstance(b, bool):
            return type(a) is type(b) and a == b
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if isinstance(a, float) and math.isnan(a):
                return isinstance(b, float) and math.isnan(b)
            return a == b
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return type(a) is type(b) and a == b

    cases = 0
    for number, line in enumerate(sys.stdin):
        case = json.loads(line)
        cases += 1
        try:
            loaded = yaml.safe_load(case["yaml"])
        except Exception as error:
            print(f"case {number}: PyYAML failed: {error}")
            continue
        expected = json.loads(case["json"], parse_constant=float)
        if not same(loaded, expected):
            print(f"case {number}: loaded {loaded!r}, expected {expected!r}")
    print(f"compared {cases}", file=sys.stderr)
    """

  struct Case: Encodable {
    var yaml: String
    var json: String
  }

  @Test("every document the encoder writes loads in PyYAML to what JSONEncoder gives")
  func encoderOutputMatchesJSON() throws {
    var generator = SeededGenerator(seed: 2026)
    var lines: [String] = []
    for _ in 0..<400 {
      // JSON has no infinities or NaN; the encoder's spelling of those is tested on its own.
      let node = RandomNode.make(depth: 4, using: &generator).withFiniteNumbers
      let testCase = Case(
        yaml: try YAMLEncoder().encode(node),
        json: String(decoding: try JSONEncoder().encode(node), as: UTF8.self))
      lines.append(String(decoding: try JSONEncoder().encode(testCase), as: UTF8.self))
    }
    let input = lines.joined(separator: "\n")

    let output = try Peers.runPython(Self.compareScript, input: Data(input.utf8))

    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stderr.contains("compared 400"))
    #expect(output.stdout.isEmpty, "\(output.stdout)")
  }

  /// Malformed documents: each must give a typed error, at the line PyYAML reports.
  static let malformed = [
    "a: [1, 2\nb: 3\n",
    "a: {b: 1\n",
    "key: value\n  bad indent: x\n",
    "- a\nb: c\n",
    "a: \"unterminated\n",
    "a: 'unterminated\n",
    "a:\n\t- tab indented\n",
    "? [a\n",
    "a: *\n",
    "a: &\n",
    "a: b: c\n",
    "%YAML 1.1\n%YAML 1.1\n---\na\n",
    "a: |\n  ok\n bad\n",
    "[a, b]]\n",
    "{a: 1}}\n",
    "a: 1\n---\n- [\n",
    "a: !<tag:yaml.org,2002:str\n",
    "@reserved\n",
    "`reserved\n",
    "a: \"\\q\"\n",
  ]

  /// Where libyaml and PyYAML's scanner point at different characters of the same
  /// problem: only the line must agree.
  static let columnDiffers: Set<String> = [
    // An unknown escape: libyaml marks the backslash, PyYAML the character after it.
    "a: \"\\q\"\n"
  ]

  @Test("malformed YAML gets a typed error at the line and column PyYAML reports")
  func malformedMatchesPyYAML() throws {
    let script = """
      import json, sys, yaml
      for line in sys.stdin:
          text = json.loads(line)
          try:
              list(yaml.safe_load_all(text))
              print("ok")
          except yaml.MarkedYAMLError as error:
              mark = error.problem_mark
              print(f"{mark.line + 1}:{mark.column + 1}")
      """
    var lines: [String] = []
    for text in Self.malformed {
      lines.append(String(decoding: try JSONEncoder().encode(text), as: UTF8.self))
    }
    let input = lines.joined(separator: "\n")

    let output = try Peers.runPython(script, input: Data(input.utf8))
    let expected = output.stdout.split(separator: "\n").map(String.init)

    #expect(expected.count == Self.malformed.count, "\(output.stderr)")
    for (text, oracle) in zip(Self.malformed, expected) {
      let error = try #require(throws: YAMLError.self, "\(text.debugDescription)") {
        _ = try YAMLDecoder().decodeAll(YAMLNode.self, from: text)
      }
      let mark = try #require(error.mark)
      #expect(oracle != "ok", "PyYAML accepted \(text.debugDescription)")
      let agreed =
        Self.columnDiffers.contains(text)
        ? oracle.hasPrefix("\(mark.line):") : oracle == "\(mark)"
      #expect(agreed, "\(text.debugDescription): we say \(mark), PyYAML says \(oracle)")
    }
  }
}
