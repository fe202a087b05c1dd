import Foundation
public import YAMLCoding

/// What Envoy said about a configuration in validate mode (``EnvoyValidator``): whether
/// it accepts it, and its warnings and errors as diagnostics.
///
/// ```
/// refused (exit status 1): critical: static_resources.clusters[0].bogus_field: no such field: 'bogus_field' (in envoy.config.cluster.v3.Cluster)
/// ```
public struct EnvoyValidation: Sendable, Hashable, CustomStringConvertible {
  /// Envoy's exit status (0 when it accepts the configuration), or the number of the
  /// signal that ended it.
  public var status: Int32
  /// Whether a signal ended Envoy (it crashed) instead of an exit.
  public var endedBySignal: Bool
  /// What Envoy logged at level warning or above, in order. A refusal always has at
  /// least one diagnostic of level error or critical.
  public var diagnostics: [EnvoyDiagnostic]

  /// Creates a value; every parameter is the property of the same name.
  public init(status: Int32, endedBySignal: Bool = false, diagnostics: [EnvoyDiagnostic]) {
    self.status = status
    self.endedBySignal = endedBySignal
    self.diagnostics = diagnostics
  }

  /// Whether Envoy accepts the configuration: it exited with status 0.
  public var isAccepted: Bool { status == 0 && !endedBySignal }

  /// The diagnostics of level error or critical: why Envoy refuses the configuration.
  public var errors: [EnvoyDiagnostic] { diagnostics.filter { $0.level != .warning } }

  /// `accepted` or `refused (exit status N)`, then the diagnostics, separated by `; `.
  public var description: String {
    var text =
      isAccepted
      ? "accepted"
      : "refused (\(endedBySignal ? "signal" : "exit status") \(status))"
    if !diagnostics.isEmpty {
      text += ": " + diagnostics.map(\.description).joined(separator: "; ")
    }
    return text
  }

  /// How the validator has Envoy format its log: each record on a line of its own that
  /// starts with its level and logger in brackets, the record's further lines after it.
  static let logFormat = "[%l][%n] %v"

  /// The validation of a run that ended with `status`, from what Envoy logged in
  /// ``logFormat``.
  init(status: Int32, endedBySignal: Bool, log: String) {
    var diagnostics: [EnvoyDiagnostic] = []
    var record: (level: EnvoyDiagnostic.Level?, text: String)?
    func finish() {
      if let record, let level = record.level {
        diagnostics.append(EnvoyDiagnostic(level: level, envoyMessage: record.text))
      }
    }
    for line in log.split(separator: "\n", omittingEmptySubsequences: false) {
      if let start = Self.recordStart(line) {
        finish()
        record = (EnvoyDiagnostic.Level(rawValue: start.level), start.message)
      } else if record != nil {
        record?.text += "\n" + line
      }
    }
    finish()
    if status != 0 || endedBySignal, !diagnostics.contains(where: { $0.level != .warning }) {
      diagnostics.append(
        EnvoyDiagnostic(
          level: .critical,
          message: endedBySignal
            ? "envoy was ended by signal \(status)"
            : "envoy refused the configuration (exit status \(status)) without logging why"))
    }
    self.init(status: status, endedBySignal: endedBySignal, diagnostics: diagnostics)
  }

  /// The level and the message of a line that starts a log record (`[level][logger] …`).
  private static func recordStart(_ line: Substring) -> (level: String, message: String)? {
    guard line.hasPrefix("["), let levelEnd = line.firstIndex(of: "]") else { return nil }
    let level = line[line.index(after: line.startIndex)..<levelEnd]
    let rest = line[line.index(after: levelEnd)...]
    guard level.allSatisfy(\.isLetter), rest.hasPrefix("["),
      let loggerEnd = rest.firstIndex(of: "]")
    else { return nil }
    let logger = rest[rest.index(after: rest.startIndex)..<loggerEnd]
    guard logger.allSatisfy({ $0.isLetter || $0.isNumber || "_.-".contains($0) }) else {
      return nil
    }
    let message = rest[rest.index(after: loggerEnd)...].drop { $0 == " " }
    return (String(level), String(message))
  }
}

/// One thing Envoy said about a configuration: its level, what is wrong, and, when Envoy
/// names them, the field at fault (as a path into the bootstrap, the way its YAML or JSON
/// spells it) and the resource a reference names.
///
/// Envoy's own wording is kept, but what it echoes of the configuration (a dump of the
/// offending message, which may hold inline keys) is left out, and the path and reason
/// of its protobuf and constraint errors are read into ``field``:
///
/// | Envoy logs | ``field`` | ``message`` | ``resource`` |
/// | --- | --- | --- | --- |
/// | `… invalid JSON in … @ static_resources.clusters[0]: … no such field: 'bogus'` | `static_resources.clusters[0].bogus` | `no such field: 'bogus' (in envoy.config.cluster.v3.Cluster)` | |
/// | `… Proto constraint validation failed (… SocketAddressValidationError.PortValue: value must be less than or equal to 65535)` | `static_resources.clusters[0]…socket_address.port_value` | `value must be less than or equal to 65535` | |
/// | `route: unknown cluster 'missing'` | | `route: unknown cluster 'missing'` | cluster `missing` |
public struct EnvoyDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// How serious a diagnostic is, as Envoy's log levels say it.
  public enum Level: String, Sendable, Hashable, CaseIterable {
    /// Envoy accepts the configuration but points at something (a deprecated field).
    case warning
    /// Envoy found an error.
    case error
    /// Envoy cannot use the configuration.
    case critical
  }

  /// A resource a diagnostic names by kind and name, such as the cluster a route sends
  /// to that no cluster definition has.
  public struct Resource: Sendable, Hashable, CustomStringConvertible {
    /// The resource's kind as Envoy words it: `cluster`, `listener`, `route`, `secret`.
    public var kind: String
    /// The resource's name.
    public var name: String

    /// Creates a value; every parameter is the property of the same name.
    public init(kind: String, name: String) {
      self.kind = kind
      self.name = name
    }

    /// `kind 'name'`, as Envoy names it.
    public var description: String { "\(kind) '\(name)'" }
  }

  /// How serious it is.
  public var level: Level
  /// What Envoy said, in one line, without what it echoed of the configuration.
  public var message: String
  /// The field at fault, when Envoy names it: a path into the bootstrap
  /// (`static_resources.clusters[0].connect_timeout`), an `Any`'s fields under its
  /// `typed_config`.
  public var field: YAMLPath?
  /// The resource the message names, when it names one.
  public var resource: Resource?

  /// Creates a value; every parameter is the property of the same name.
  public init(level: Level, message: String, field: YAMLPath? = nil, resource: Resource? = nil) {
    self.level = level
    self.message = message
    self.field = field
    self.resource = resource
  }

  /// `level: field: message`, the field left out when there is none.
  public var description: String {
    [level.rawValue, field.map(\.description), message].compactMap { $0 }.joined(separator: ": ")
  }

  /// The diagnostic of one log record Envoy wrote, read as the type's documentation says.
  init(level: Level, envoyMessage: String) {
    var text = Self.withoutEchoes(Self.withoutConfigurationName(envoyMessage))
    text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    var field: YAMLPath?
    if let constraint = Self.constraintViolation(text) {
      (field, text) = constraint
    } else if let parse = Self.parseError(text) {
      (field, text) = parse
    }
    self.init(level: level, message: text, field: field, resource: Self.resource(in: text))
  }

  /// `text` without Envoy's preamble naming the file it validated.
  private static func withoutConfigurationName(_ text: String) -> String {
    let prefix = "error initializing configuration '"
    guard text.hasPrefix(prefix),
      let end = text.range(
        of: "': ", range: text.index(text.startIndex, offsetBy: prefix.count)..<text.endIndex)
    else { return text }
    return String(text[end.upperBound...])
  }

  /// `text` without the messages Envoy echoes: protobuf's debug dumps (which start with a
  /// `goo.gle/debug…` marker and end where Envoy's own words go on after `\n: `) and the
  /// JSON it could not parse (after `): {`).
  private static func withoutEchoes(_ text: String) -> String {
    var text = text
    while let marker = text.range(of: "goo.gle/debug") {
      let before = text[..<marker.lowerBound].trimmingCharacters(in: .whitespaces)
      let kept = before.hasSuffix(":") ? String(before.dropLast()) : before
      let after =
        text.range(of: "\n: ", range: marker.upperBound..<text.endIndex)
        .map { String(text[$0.upperBound...]) } ?? ""
      text = [kept, after].filter { !$0.isEmpty }.joined(separator: ": ")
    }
    if let json = text.range(of: "): {") {
      text = String(text[..<json.lowerBound]) + ")"
    }
    return text
  }

  /// The field and reason of a protoc-gen-validate failure: `Proto constraint validation
  /// failed (AValidationError.Field: embedded message failed validation | caused by
  /// BValidationError.Inner[0]: reason)`.
  private static func constraintViolation(_ text: String) -> (YAMLPath, String)? {
    guard let start = text.range(of: "Proto constraint validation failed ("),
      let end = text.range(of: ")", options: .backwards, range: start.upperBound..<text.endIndex)
    else { return nil }
    var path = YAMLPath.root
    var reason = ""
    for cause in text[start.upperBound..<end.lowerBound].components(separatedBy: " | caused by ") {
      guard let dot = cause.range(of: "ValidationError."),
        let colon = cause.range(of: ": ", range: dot.upperBound..<cause.endIndex)
      else { return nil }
      let step = cause[dot.upperBound..<colon.lowerBound]
      let name = step.prefix { $0 != "[" }
      path = path / snakeCase(name)
      if step.count > name.count {
        let key = step.dropFirst(name.count + 1).dropLast()
        path = Int(key).map { path / $0 } ?? path / String(key)
      }
      reason = String(cause[colon.upperBound...])
    }
    return path.components.isEmpty ? nil : (path, reason)
  }

  /// The field and reason of a protobuf JSON error: `invalid JSON in TYPE @ PATH:
  /// message MESSAGE, near L:C (offset N): REASON`, inside Envoy's parentheses.
  private static func parseError(_ text: String) -> (YAMLPath, String)? {
    guard let invalid = text.range(of: "invalid JSON in "),
      let at = text.range(of: " @ ", range: invalid.upperBound..<text.endIndex),
      let pathEnd = text.range(of: ": ", range: at.upperBound..<text.endIndex),
      let offset = text.range(of: "(offset ", range: pathEnd.upperBound..<text.endIndex),
      let reasonStart = text.range(of: "): ", range: offset.upperBound..<text.endIndex)
    else { return nil }
    var path = fieldPath(text[at.upperBound..<pathEnd.lowerBound])
    var reason = String(text[reasonStart.upperBound...])
    for wrapper in [") has unknown fields", ")"] where reason.hasSuffix(wrapper) {
      reason.removeLast(wrapper.count)
      break
    }
    let context = text[pathEnd.upperBound..<offset.lowerBound]
    let noSuchField = "no such field: '"
    if reason.hasPrefix(noSuchField), reason.hasSuffix("'") {
      path = path / String(reason.dropFirst(noSuchField.count).dropLast())
    }
    if context.hasPrefix("message "), let type = context.dropFirst(8).split(separator: ",").first {
      reason += " (in \(type))"
    }
    return (path, reason)
  }

  /// `static_resources.clusters[0].typed_config.<any>` as a path; `<any>`, which marks
  /// the inside of an `Any`, is left out (its fields sit beside `@type` in the YAML).
  private static func fieldPath(_ text: Substring) -> YAMLPath {
    var path = YAMLPath.root
    for part in text.split(separator: ".") where part != "<any>" {
      var rest = part[...]
      let name = rest.prefix { $0 != "[" }
      if !name.isEmpty { path = path / String(name) }
      rest = rest.dropFirst(name.count)
      while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
        let key = rest[rest.index(after: rest.startIndex)..<close]
        path = Int(key).map { path / $0 } ?? path / String(key)
        rest = rest[rest.index(after: close)...]
      }
    }
    return path
  }

  /// A protobuf field's name from protoc-gen-validate's spelling: `LbEndpoints` is
  /// `lb_endpoints`.
  private static func snakeCase(_ name: Substring) -> String {
    var result = ""
    for character in name {
      if character.isUppercase {
        if !result.isEmpty { result += "_" }
        result += character.lowercased()
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// The kinds of resource Envoy names as `kind 'name'`.
  private static let resourceKinds: Set<Substring> = ["cluster", "listener", "route", "secret"]

  /// The first resource a message names as `kind 'name'`.
  private static func resource(in text: String) -> Resource? {
    var searchStart = text.startIndex
    while let opening = text.range(of: " '", range: searchStart..<text.endIndex) {
      searchStart = opening.upperBound
      let kind = text[..<opening.lowerBound].reversed().prefix(while: \.isLetter).reversed()
      guard resourceKinds.contains(Substring(kind)),
        let close = text[opening.upperBound...].firstIndex(of: "'")
      else { continue }
      return Resource(kind: String(kind), name: String(text[opening.upperBound..<close]))
    }
    return nil
  }
}
