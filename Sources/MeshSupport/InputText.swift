/// Text taken from input and put into messages: bounded, so a 50 MB value is not echoed
/// whole, and escaped, so nothing from the input can drive the terminal it is printed on.
///
/// Error types apply ``boundedMessage(_:)`` where they are made (YAMLCoding's
/// `YAMLError`, MeshModel's `ValidationIssue`), places that quote one value use
/// ``quoted(_:limit:)`` or ``clipped(_:limit:)``, and the command line passes its text
/// output through ``escapingControlCharacters(_:keepingLineBreaks:)``.
package enum InputText {
  /// How many Unicode scalars of one value a message quotes.
  package static let valueLimit = 120
  /// How many bytes a whole message keeps.
  package static let messageLimit = 2048

  /// The value in double quotes, `"` and `\` escaped with a backslash, control
  /// characters escaped, and cut after `limit` Unicode scalars with a `…(N bytes)`
  /// marker giving the whole value's size.
  package static func quoted(_ value: some StringProtocol, limit: Int = valueLimit) -> String {
    var text = "\""
    for scalar in value.unicodeScalars.prefix(max(0, limit)) {
      if scalar == "\"" || scalar == "\\" { text.append("\\") }
      text.unicodeScalars.append(scalar)
    }
    text = escapingControlCharacters(text)
    return text + clipMarker(value, limit: limit) + "\""
  }

  /// The value with control characters escaped, cut after `limit` Unicode scalars with
  /// a `…(N bytes)` marker giving the whole value's size.
  package static func clipped(_ value: some StringProtocol, limit: Int = valueLimit) -> String {
    var text = ""
    text.unicodeScalars.append(contentsOf: value.unicodeScalars.prefix(max(0, limit)))
    return escapingControlCharacters(text) + clipMarker(value, limit: limit)
  }

  /// A message made safe to print and to log whatever it quotes: each run of more than
  /// `runLimit` Unicode scalars without a space, a double quote (a value quoted in it) or
  /// an ellipsis (a value already cut) is cut with a `…(N bytes)` marker, the whole is
  /// cut after `totalLimit` bytes, and control characters, line breaks included, are
  /// escaped.
  ///
  /// It works on the message's bytes and stops copying at the limits, so a message
  /// holding a huge value costs one pass over it.
  package static func boundedMessage(
    _ message: String, runLimit: Int = valueLimit, totalLimit: Int = messageLimit
  ) -> String {
    // The common case: short messages pass untouched (but escaped).
    if message.utf8.count <= runLimit { return escapingControlCharacters(message) }
    let kept =
      message.utf8.withContiguousStorageIfAvailable {
        bound($0, runLimit: runLimit, totalLimit: totalLimit)
      }
      ?? Array(message.utf8).withUnsafeBufferPointer {
        bound($0, runLimit: runLimit, totalLimit: totalLimit)
      }
    return escapingControlCharacters(String(decoding: kept, as: UTF8.self))
  }

  private static func bound(_ bytes: UnsafeBufferPointer<UInt8>, runLimit: Int, totalLimit: Int)
    -> [UInt8]
  {
    var kept: [UInt8] = []
    kept.reserveCapacity(min(bytes.count, totalLimit) + 32)
    var index = 0
    var runStart = 0
    var run = 0
    while index < bytes.count {
      let byte = bytes[index]
      let startsScalar = byte & 0xC0 != 0x80
      if isSeparator(bytes, at: index) {
        run = 0
        runStart = index + 1
      } else if startsScalar {
        run += 1
      }
      if run > runLimit {
        // Skip the rest of the run; the marker gives the run's whole size.
        var end = index
        while end < bytes.count, !isSeparator(bytes, at: end) { end += 1 }
        kept += Array("…(\(end - runStart) bytes)".utf8)
        index = end
        run = 0
        continue
      }
      if kept.count >= totalLimit, startsScalar {
        kept += Array("…(\(bytes.count) bytes)".utf8)
        break
      }
      kept.append(byte)
      index += 1
    }
    return kept
  }

  /// What ends a run: a space, a line break, a tab, a double quote (around a value), or
  /// the first byte of "…" (E2 80 A6), so that a value quoted() already cut is not cut
  /// again.
  private static func isSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    switch bytes[index] {
    case 0x20, 0x22, 0x0A, 0x09, 0x0D: true
    case 0xE2: index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xA6
    default: false
    }
  }

  /// The text with control characters written as escapes, so that printing it cannot
  /// move the cursor, change colours, set the window title or reorder what is shown:
  /// C0 controls (`\n` and `\t` kept when `keepingLineBreaks`), DEL, C1 controls, the
  /// Unicode line and paragraph separators and the bidirectional overrides. Escapes
  /// are written as Swift writes them: `\n`, `\t`, `\r`, `\u{1B}`.
  package static func escapingControlCharacters(
    _ text: some StringProtocol, keepingLineBreaks: Bool = false
  ) -> String {
    guard text.unicodeScalars.contains(where: needsEscaping) else { return String(text) }
    var escaped = ""
    for scalar in text.unicodeScalars {
      guard needsEscaping(scalar), !(keepingLineBreaks && (scalar == "\n" || scalar == "\t"))
      else {
        escaped.unicodeScalars.append(scalar)
        continue
      }
      switch scalar {
      case "\n": escaped += "\\n"
      case "\t": escaped += "\\t"
      case "\r": escaped += "\\r"
      default: escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      }
    }
    return escaped
  }

  /// Whether printing the scalar could act on a terminal instead of showing a glyph.
  private static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    // Line and paragraph separators; bidirectional marks, embeddings, overrides and
    // isolates, which can show text in another order than it is ("Trojan Source").
    case 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func clipMarker(_ value: some StringProtocol, limit: Int) -> String {
    let scalars = value.unicodeScalars
    guard
      let cut = scalars.index(
        scalars.startIndex, offsetBy: max(0, limit), limitedBy: scalars.endIndex),
      cut != scalars.endIndex
    else { return "" }
    return "…(\(value.utf8.count) bytes)"
  }
}
