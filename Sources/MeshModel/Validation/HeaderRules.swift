/// Header names and values as Envoy accepts them (Istio's header rules).
enum HeaderRules {
  static func name(_ name: String) -> String? {
    if name.isEmpty { return "header name cannot be empty" }
    // JWT claim routing: `@request.auth.claims.group`.
    if name.hasPrefix("@request.auth.claims.") || name.hasPrefix("@request.auth.claims[") {
      return nil
    }
    let valid = name.utf8.allSatisfy {
      Rules.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
    }
    return valid ? nil : "header name \(name) is not a valid header name"
  }

  static func isInternal(_ name: String) -> Bool {
    name.hasPrefix(":") || name.lowercased() == "host"
  }

  static func isAuthority(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower == ":authority" || lower == "host"
  }

  /// A header a request's `set`/`add` may name: the authority is allowed (it is checked
  /// separately), other pseudo-headers are not.
  static func operationNameAllowingAuthority(_ name: String) -> String? {
    if name.isEmpty { return "header name cannot be empty" }
    if isInternal(name) && !isAuthority(name) {
      return "invalid header \"\(name)\": header cannot have \":\" prefix"
    }
    return nil
  }

  static func operationName(_ name: String) -> String? {
    if name.isEmpty { return "header name cannot be empty" }
    if name.lowercased() == "host" { return "invalid header \"\(name)\": cannot set Host header" }
    if isInternal(name) { return "invalid header \"\(name)\": header cannot have \":\" prefix" }
    return nil
  }

  /// No control characters but tab, and `%` only as `%%` or around a variable
  /// (`%HOSTNAME%`), as Envoy's custom header formatter demands.
  static func value(_ value: String) -> String? {
    if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F })
    {
      return "header value configuration \(value) is invalid"
    }
    var scalars = value.unicodeScalars[...]
    while let percent = scalars.firstIndex(of: "%") {
      scalars = scalars[scalars.index(after: percent)...]
      if scalars.first == "%" {
        scalars = scalars.dropFirst()
        continue
      }
      guard let close = scalars.firstIndex(of: "%") else {
        return
          "header value configuration: invalid header value \"\(value)\": unterminated variable expression"
      }
      let variable = String(scalars[..<close])
      if variable.isEmpty || !(variable.first?.isUppercase ?? false) {
        return
          "header value configuration: invalid header value \"\(value)\": invalid variable \"%\(variable)%\""
      }
      scalars = scalars[scalars.index(after: close)...]
    }
    return nil
  }
}
