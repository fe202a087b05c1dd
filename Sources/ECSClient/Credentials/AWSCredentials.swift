import Foundation

/// AWS credentials: an access key, its secret, and for temporary credentials a session
/// token and an expiry.
///
/// The description names the access key id only; the secret and the token never appear
/// in any description, mirror (`dump`), error or log.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
  /// The access key id (`AKIA...`, `ASIA...`), not secret.
  public let accessKeyID: String
  /// The secret access key.
  public let secretAccessKey: String
  /// The session token of temporary credentials.
  public let sessionToken: String?
  /// When temporary credentials expire.
  public let expiration: Date?

  /// Creates credentials.
  public init(
    accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil,
    expiration: Date? = nil
  ) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
  }

  /// Whether the credentials expire within `margin` of `date`.
  public func expires(within margin: Duration, of date: Date = Date()) -> Bool {
    guard let expiration else { return false }
    return expiration.timeIntervalSince(date) <= margin.timeInterval
  }

  public var customMirror: Mirror {
    Mirror(
      self,
      children: [
        ("accessKeyID", accessKeyID as Any),
        ("secretAccessKey", SensitiveData.redact(secretAccessKey)),
        ("sessionToken", SensitiveData.redact(sessionToken)),
        ("expiration", expiration as Any),
      ] as [Mirror.Child], displayStyle: .struct)
  }

  public var description: String {
    "AWSCredentials(\(accessKeyID)\(sessionToken == nil ? "" : ", temporary")"
      + (expiration.map { ", expires \($0)" } ?? "") + ")"
  }
}
