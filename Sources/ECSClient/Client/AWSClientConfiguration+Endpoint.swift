import Foundation

/// Where a client sends its requests: a base URL that is only a scheme and an authority,
/// checked before any request so that a typo is a configuration error, not a transport
/// failure that is retried.
struct AWSEndpoint: Sendable, Hashable {
  /// `scheme://host[:port]`, without a trailing slash.
  let baseURL: String
  /// The `Host` header: `host[:port]`, an IPv6 address in brackets.
  let host: String

  /// The service's regional endpoint, `https://<prefix>.<region>.amazonaws.com`.
  init(regional prefix: String, region: String) {
    host = "\(prefix).\(region).amazonaws.com"
    baseURL = "https://\(host)"
  }

  /// A base URL checked: http or https, a host, an optional port, and nothing else (no
  /// user information, path, query or fragment).
  /// - Throws: ``AWSError`` with code invalidRequest, error code `InvalidEndpoint`, saying what is
  ///   wrong. The URL is quoted (at most 100 characters, escaped) unless it holds a user
  ///   name or password, which are never quoted.
  init(validating text: String) throws(AWSError) {
    func invalid(_ reason: String, quoting: Bool = true) -> AWSError {
      let quoted = text.count > 100 ? String(text.prefix(100)) + "…" : text
      let subject = quoting ? "the endpoint URL \(quoted.debugDescription)" : "the endpoint URL"
      return AWSError(
        .invalidRequest, errorCode: "InvalidEndpoint", message: "\(subject) \(reason)")
    }
    guard !text.isEmpty else {
      throw AWSError(
        .invalidRequest, errorCode: "InvalidEndpoint", message: "the endpoint URL is empty")
    }
    if text.unicodeScalars.contains(where: {
      $0.properties.isWhitespace || $0.properties.generalCategory == .control
    }) {
      throw invalid("contains a space or a control character")
    }
    guard text.unicodeScalars.allSatisfy(\.isASCII) else {
      throw invalid("contains a character that is not ASCII (give a host name in its xn-- form)")
    }
    guard let separator = text.range(of: "://") else {
      throw invalid("does not start with http:// or https://")
    }
    let scheme = text[..<separator.lowerBound].lowercased()
    guard scheme == "http" || scheme == "https" else {
      throw invalid(
        scheme.isEmpty
          ? "does not start with http:// or https://"
          : "has the scheme \(scheme.debugDescription): only http and https are supported")
    }
    guard let components = URLComponents(string: text) else {
      throw invalid("is not a URL")
    }
    if components.percentEncodedUser != nil || components.percentEncodedPassword != nil {
      // Not quoted: what precedes the @ may be a password.
      throw invalid(
        "holds a user name or password: credentials come from the credentials provider",
        quoting: false)
    }
    guard let host = components.percentEncodedHost, !host.isEmpty else {
      throw invalid("has no host")
    }
    if let port = components.port, !(1...65535).contains(port) {
      throw invalid("has the port \(port): a port is 1 to 65535")
    }
    if components.percentEncodedQuery != nil {
      throw invalid("has a query (?…): requests go to the server's root, with nothing after it")
    }
    if components.percentEncodedFragment != nil {
      throw invalid("has a fragment (#…): requests go to the server's root, with nothing after it")
    }
    let path = components.percentEncodedPath
    guard path.allSatisfy({ $0 == "/" }) else {
      // Requests are POSTed to "/" and signed for "/"; a base path would break both.
      throw invalid("has a path (\(path)): requests go to the server's root, /")
    }
    let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    self.host = bracketed + (components.port.map { ":\($0)" } ?? "")
    baseURL = "\(scheme)://\(self.host)"
  }
}

extension AWSClientConfiguration {
  /// Checks what can be checked before any request: the region's spelling and the
  /// endpoint URL. Clients check again before each call, since both are `var`s.
  /// - Throws: ``AWSError`` with code invalidRequest: `InvalidRegion` for a region that is
  ///   not letters, digits and hyphens (`us-east-1`), `InvalidEndpoint` for an endpoint
  ///   URL that is not `http(s)://host[:port]` (no scheme, another scheme, no host, a
  ///   space, a user name or password, a path, a query or a fragment).
  public func validate() throws {
    _ = try resolvedEndpoint(prefix: "ecs")
  }

  /// The endpoint a service's client sends to: `endpoint` checked, or the regional one.
  func resolvedEndpoint(prefix: String) throws(AWSError) -> AWSEndpoint {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
    guard !region.isEmpty, region.count <= 64, region.allSatisfy(allowed.contains) else {
      let quoted = region.count > 64 ? String(region.prefix(64)) + "…" : region
      throw AWSError(
        .invalidRequest, errorCode: "InvalidRegion",
        message:
          "the region \(quoted.debugDescription) is not a region name (letters, digits and hyphens, such as us-east-1)"
      )
    }
    guard let endpoint else { return AWSEndpoint(regional: prefix, region: region) }
    return try AWSEndpoint(validating: endpoint.absoluteString)
  }

  /// An endpoint URL from text (a command-line option, `AWS_ENDPOINT_URL`), checked as
  /// ``validate()`` checks ``endpoint``.
  /// - Throws: ``AWSError`` with code invalidRequest, error code `InvalidEndpoint`, saying
  ///   what is wrong: no scheme, another scheme, no host, a space, a user name or password
  ///   (never quoted), a path, a query or a fragment.
  public static func endpointURL(from text: String) throws(AWSError) -> URL {
    _ = try AWSEndpoint(validating: text)
    guard let url = URL(string: text) else {
      throw AWSError(
        .invalidRequest, errorCode: "InvalidEndpoint",
        message: "the endpoint URL \(String(text.prefix(100)).debugDescription) is not a URL")
    }
    return url
  }
}
