/// How generated shapes show the members their service model marks sensitive (secrets,
/// environment variables, session tokens, activation codes): as ``redacted`` in every
/// description, debug description and mirror, so that printing, dumping or logging a
/// response never shows them. The values themselves are untouched.
public enum SensitiveData {
  /// What a present sensitive member shows as.
  public static let redacted = "<redacted>"

  /// ``redacted`` for a value that is there, nil for one that is not.
  public static func redact<Value>(_ value: Value?) -> Any {
    value == nil ? String?.none as Any : redacted
  }

  /// `Name(member: value, ...)` from a mirror, leaving out members that are nil.
  static func describe(_ mirror: Mirror, as name: String) -> String {
    let members = mirror.children.compactMap { child -> String? in
      guard let label = child.label else { return nil }
      let value = Mirror(reflecting: child.value)
      if value.displayStyle == .optional {
        guard let wrapped = value.children.first?.value else { return nil }
        return "\(label): \(String(reflecting: wrapped))"
      }
      return "\(label): \(String(reflecting: child.value))"
    }
    return "\(name)(\(members.joined(separator: ", ")))"
  }
}
