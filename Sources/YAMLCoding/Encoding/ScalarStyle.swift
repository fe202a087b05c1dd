/// Decides whether a string must be quoted: exactly when a plain scalar would read back as
/// something else. Readers of two schemas matter: YAML 1.2's core schema (this package,
/// Istio's Go YAML v3) and YAML 1.1's (PyYAML; Kubernetes' go-yaml v2 fork, which also
/// reads `y`/`n` as booleans). A string that either would misread is quoted. Syntax that a
/// plain scalar cannot carry (`: x`, a leading `*`, `&`, `!`, `%`, `@`) is libyaml's
/// emitter's own check.
enum PlainScalarSafety {
  static func needsQuotes(_ text: String) -> Bool {
    if CoreSchema.resolvePlain(text) != .string { return true }
    return resolvesAsNonStringInYAML11(text)
  }

  private static let yaml11Words: Set<String> = [
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
    "OFF",
    "=", "<<",
  ]

  private static func resolvesAsNonStringInYAML11(_ text: String) -> Bool {
    guard let first = text.utf8.first else { return true }
    if yaml11Words.contains(text) { return true }
    switch first {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      return matchesYAML11Number(text)
    default:
      return false
    }
  }

  /// YAML 1.1's int, float and timestamp patterns, as PyYAML's resolver spells them.
  private static func matchesYAML11Number(_ text: String) -> Bool {
    // Regex matching is slow; most strings that start like a number (addresses such as
    // 10.0.0.1, durations such as 5s) are ruled out first by a character none of the
    // patterns has, or by a second dot, which none allows.
    var dots = 0
    for byte in text.utf8 {
      if byte == UInt8(ascii: ".") { dots += 1 }
      if dots > 1 || !yaml11NumberBytes.contains(byte) { return false }
    }
    return (try? yaml11Int.wholeMatch(in: text)) != nil
      || (try? yaml11Float.wholeMatch(in: text)) != nil
      || (try? yaml11Timestamp.wholeMatch(in: text)) != nil
  }

  /// Every character of the three patterns below.
  private static let yaml11NumberBytes = Set("0123456789_+-.:abcdefxABCDEFinINFNtTZ \t".utf8)

  // Regex values are immutable once built; reading them from several threads is safe.
  nonisolated(unsafe) private static let yaml11Int =
    #/[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+/#
  nonisolated(unsafe) private static let yaml11Float =
    #/[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)/#
  nonisolated(unsafe) private static let yaml11Timestamp =
    #/[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?/#
}
