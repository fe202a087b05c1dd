import Foundation
internal import MeshSupport

/// Credentials for an IAM Identity Center (SSO) account and role, with the access token
/// `aws sso login` left in the AWS CLI's cache: `~/.aws/sso/cache/<SHA-1 of the session
/// name, or of the start URL>.json`. The token is sent to the SSO portal's
/// GetRoleCredentials (`https://portal.sso.<region>.amazonaws.com/federation/credentials`).
///
/// The token is not refreshed here: when it has expired, `aws sso login` makes a new one.
public struct SSOCredentialsProvider: CredentialsProvider {
  /// The SSO start URL (`https://my-sso.awsapps.com/start`).
  public let startURL: String
  /// The `sso-session` the token belongs to; nil for a profile with the start URL itself
  /// (the legacy form), whose token is cached under the start URL.
  public let sessionName: String?
  /// The region of the SSO portal (`sso_region`).
  public let ssoRegion: String
  /// The account (`sso_account_id`).
  public let accountID: String
  /// The role in that account (`sso_role_name`).
  public let roleName: String
  /// The directory of cached tokens.
  public let cacheDirectory: String
  let endpoint: URL?
  let http: HTTPTransportOptions
  let now: @Sendable () -> Date

  /// Creates the provider.
  /// - Parameters:
  ///   - startURL: The SSO start URL.
  ///   - sessionName: The `sso-session` name, or nil for the legacy form.
  ///   - ssoRegion: The SSO portal's region.
  ///   - accountID: The account.
  ///   - roleName: The role.
  ///   - cacheDirectory: Where the AWS CLI caches tokens; `$HOME/.aws/sso/cache` by default.
  ///   - endpoint: A base URL replacing the portal's (`http://127.0.0.1:5000`).
  ///   - http: HTTP settings for the portal call.
  ///   - now: The clock the token's expiry is checked against.
  public init(
    startURL: String, sessionName: String? = nil, ssoRegion: String, accountID: String,
    roleName: String,
    cacheDirectory: String = NSHomeDirectory() + "/.aws/sso/cache", endpoint: URL? = nil,
    http: HTTPTransportOptions = .init(), now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.startURL = startURL
    self.sessionName = sessionName
    self.ssoRegion = ssoRegion
    self.accountID = accountID
    self.roleName = roleName
    self.cacheDirectory = cacheDirectory
    self.endpoint = endpoint
    self.http = http
    self.now = now
  }

  /// The cached token's file.
  public var tokenFile: String {
    let key = sessionName ?? startURL
    return "\(cacheDirectory)/\(Crypto.sha1Hex(key) ?? key).json"
  }

  /// The role's credentials, with their expiry.
  /// - Throws: ``AWSError`` with code credentials, each naming the token file and never the
  ///   token: `SSOTokenNotFound` (no cached token: run `aws sso login`), `InvalidSSOToken`
  ///   (not JSON, or no `accessToken` or `expiresAt`), `ExpiredSSOToken`, `SSOTokenRejected`
  ///   (the portal answered 401 or 403), `SSOCredentialsRefused` (another error status),
  ///   `SSOPortalUnreachable`; `invalidResponse` for an answer without credentials.
  public func credentials() async throws -> AWSCredentials {
    let file = tokenFile
    let token = try readToken(file)
    let base = endpoint?.absoluteString ?? "https://portal.sso.\(ssoRegion).amazonaws.com"
    var query = URLComponents()
    query.queryItems = [
      URLQueryItem(name: "role_name", value: roleName),
      URLQueryItem(name: "account_id", value: accountID),
    ]
    let url =
      (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/federation/credentials?"
      + (query.percentEncodedQuery ?? "")
    let response: HTTPGet.Response
    do throws(HTTPGetError) {
      response = try await HTTPGet(configuration: http.httpGet).fetch(
        url, headers: [("x-amz-sso_bearer_token", token)])
    } catch let error where error.code == .status {
      throw refusal(error.status ?? 0, file: file)
    } catch {
      throw AWSError(.credentials, errorCode: "SSOPortalUnreachable", message: error.message)
    }
    guard response.status == 200 else { throw refusal(response.status, file: file) }
    struct Answer: Decodable {
      struct RoleCredentials: Decodable {
        var accessKeyId: String
        var secretAccessKey: String
        var sessionToken: String
        var expiration: Double
      }
      var roleCredentials: RoleCredentials
    }
    // The answer holds the secret: an error says what is missing, never what is there.
    guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body)) else {
      throw AWSError(
        .invalidResponse, errorCode: "MalformedResponse",
        message: "the SSO portal's answer has no roleCredentials", statusCode: response.status)
    }
    let credentials = answer.roleCredentials
    return AWSCredentials(
      accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: Date(timeIntervalSince1970: credentials.expiration / 1000))
  }

  /// The error for a portal's error status: the token refused (401, 403), or another.
  func refusal(_ status: Int, file: String) -> AWSError {
    guard status == 401 || status == 403 else {
      return AWSError(
        .credentials, errorCode: "SSOCredentialsRefused",
        message: "the SSO portal answered HTTP \(status) for role \(roleName) in \(accountID)",
        statusCode: status)
    }
    return AWSError(
      .credentials, errorCode: "SSOTokenRejected",
      message: "the SSO portal refused the token in \(file) (HTTP \(status)); run aws sso login",
      statusCode: status)
  }

  /// The cached access token, checked: present, readable, and not expired.
  func readToken(_ file: String) throws -> String {
    let name = sessionName.map { "sso-session \($0)" } ?? "start URL \(startURL)"
    guard let data = FileManager.default.contents(atPath: file) else {
      throw AWSError(
        .credentials, errorCode: "SSOTokenNotFound",
        message: "no cached SSO token for \(name) (\(file)); run aws sso login")
    }
    struct CachedToken: Decodable {
      var accessToken: String
      var expiresAt: String
    }
    guard let cached = try? JSONDecoder().decode(CachedToken.self, from: data),
      !cached.accessToken.isEmpty
    else {
      throw AWSError(
        .credentials, errorCode: "InvalidSSOToken",
        message:
          "the cached SSO token for \(name) (\(file)) is not JSON with accessToken and expiresAt; run aws sso login"
      )
    }
    guard
      let expiry = try? ISO8601Time.parse(
        cached.expiresAt.replacingOccurrences(of: "UTC", with: "Z"))
    else {
      throw AWSError(
        .credentials, errorCode: "InvalidSSOToken",
        message: "the cached SSO token for \(name) (\(file)) has an expiresAt that is not a time")
    }
    guard expiry > now() else {
      throw AWSError(
        .credentials, errorCode: "ExpiredSSOToken",
        message:
          "the cached SSO token for \(name) (\(file)) expired at \(ISO8601DateFormatter().string(from: expiry)); run aws sso login"
      )
    }
    return cached.accessToken
  }
}
