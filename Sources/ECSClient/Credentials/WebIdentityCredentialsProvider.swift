import Foundation

/// Temporary credentials for a role, from STS AssumeRoleWithWebIdentity with an OIDC token
/// read from a file (an EKS service account's, a CI system's): `AWS_WEB_IDENTITY_TOKEN_FILE`
/// with `AWS_ROLE_ARN`, or a profile's `web_identity_token_file` with `role_arn`.
///
/// The call is unsigned, as AWS defines it: no other credentials are needed. The token
/// file is read again for every call, so a rotated token is picked up. A token that is a
/// JWT whose `exp` has passed is refused before any call.
public struct WebIdentityCredentialsProvider: CredentialsProvider {
  /// The file holding the token.
  public let tokenFile: String
  /// The role's ARN.
  public let roleARN: String
  /// The role session name; `meshbridge-session-<seconds since 1970>` when nil.
  public let sessionName: String?
  let sts: STSEndpoint
  let now: @Sendable () -> Date

  /// Creates the provider.
  /// - Parameters:
  ///   - tokenFile: The file holding the web identity token.
  ///   - roleARN: The role to assume.
  ///   - sessionName: The role session name; a generated one when nil.
  ///   - region: The STS region; its regional endpoint `https://sts.<region>.amazonaws.com`.
  ///   - endpoint: A base URL replacing that endpoint (`http://127.0.0.1:5000`).
  ///   - http: HTTP settings for the STS call.
  ///   - now: The clock the token's expiry is checked against.
  public init(
    tokenFile: String, roleARN: String, sessionName: String? = nil,
    region: String = "us-east-1", endpoint: URL? = nil, http: HTTPTransportOptions = .init(),
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.tokenFile = tokenFile
    self.roleARN = roleARN
    self.sessionName = sessionName
    sts = STSEndpoint(region: region, endpoint: endpoint, http: http)
    self.now = now
  }

  /// The role's credentials, with their expiry.
  /// - Throws: ``AWSError`` with code credentials: `WebIdentityTokenUnreadable` (no such
  ///   file, or not text), `InvalidWebIdentityToken` (empty), `ExpiredWebIdentityToken`
  ///   (a JWT past its `exp`), each naming the file and never the token; or STS's own
  ///   error (`InvalidIdentityToken`, `ExpiredTokenException`, …).
  public func credentials() async throws -> AWSCredentials {
    let token = try readToken()
    let client = try sts.client(signingWith: UnsignedCallsOnly())
    let response = try await client.assumeRoleWithWebIdentity(
      .init(
        roleArn: roleARN, roleSessionName: sessionName ?? STSEndpoint.generatedSessionName(),
        webIdentityToken: token))
    return try STSEndpoint.credentials(response.credentials, from: "AssumeRoleWithWebIdentity")
  }

  /// The token, checked: present, and not a JWT that has expired.
  func readToken() throws -> String {
    guard let data = FileManager.default.contents(atPath: tokenFile),
      let text = String(data: data, encoding: .utf8)
    else {
      throw AWSError(
        .credentials, errorCode: "WebIdentityTokenUnreadable",
        message: "cannot read the web identity token file \(tokenFile)")
    }
    let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !token.isEmpty else {
      throw AWSError(
        .credentials, errorCode: "InvalidWebIdentityToken",
        message: "the web identity token file \(tokenFile) is empty")
    }
    if let expiry = Self.expiry(ofJWT: token), expiry <= now() {
      throw AWSError(
        .credentials, errorCode: "ExpiredWebIdentityToken",
        message:
          "the web identity token in \(tokenFile) expired at \(ISO8601DateFormatter().string(from: expiry)); its issuer must write a fresh one"
      )
    }
    return token
  }

  /// The `exp` claim of a JWT (`header.payload.signature`, base64url), or nil for a token
  /// that is not one: STS then judges it.
  static func expiry(ofJWT token: String) -> Date? {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { return nil }
    var payload = parts[1].replacingOccurrences(of: "-", with: "+")
      .replacingOccurrences(of: "_", with: "/")
    payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
    guard let data = Data(base64Encoded: payload),
      let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let expiry = claims["exp"] as? NSNumber
    else { return nil }
    return Date(timeIntervalSince1970: expiry.doubleValue)
  }
}
