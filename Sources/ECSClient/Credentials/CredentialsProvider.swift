import Foundation

/// A source of AWS credentials.
public protocol CredentialsProvider: Sendable {
  /// The credentials, fetching or refreshing them when needed.
  /// - Throws: ``AWSError`` with code credentials; ``CredentialsNotConfigured`` when this
  ///   source has nothing to offer (a chain then tries the next one).
  func credentials() async throws -> AWSCredentials
}

/// Thrown by a provider whose source is absent (no variables, no profile, not on EC2), as
/// opposed to present but broken: a chain moves on to its next provider.
public struct CredentialsNotConfigured: Error, Sendable, CustomStringConvertible {
  /// Why this source has nothing.
  public var reason: String

  /// Creates the error; `reason` says which source is absent and why.
  public init(_ reason: String) {
    self.reason = reason
  }

  public var description: String { reason }
}

/// Fixed credentials.
public struct StaticCredentialsProvider: CredentialsProvider {
  let value: AWSCredentials

  /// Creates a provider that always gives `credentials`.
  public init(_ credentials: AWSCredentials) {
    value = credentials
  }

  public func credentials() async throws -> AWSCredentials { value }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialsProvider: CredentialsProvider {
  let environment: [String: String]

  /// Reads the given environment; the process's by default.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  /// The variables' credentials, as botocore reads them: `AWS_ACCESS_KEY_ID` decides
  /// whether this source is there; `AWS_SESSION_TOKEN` (or the older
  /// `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION` are optional.
  /// - Throws: ``CredentialsNotConfigured`` without `AWS_ACCESS_KEY_ID`; ``AWSError``
  ///   `IncompleteCredentials` when `AWS_SECRET_ACCESS_KEY` is missing.
  public func credentials() async throws -> AWSCredentials {
    let key = environment["AWS_ACCESS_KEY_ID"] ?? ""
    let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? ""
    guard !key.isEmpty else {
      throw CredentialsNotConfigured("AWS_ACCESS_KEY_ID is not set")
    }
    guard !secret.isEmpty else {
      throw AWSError(
        .credentials, errorCode: "IncompleteCredentials",
        message: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
    }
    let token = [environment["AWS_SECURITY_TOKEN"], environment["AWS_SESSION_TOKEN"]]
      .compactMap { $0 }.first { !$0.isEmpty }
    let expiration = try environment["AWS_CREDENTIAL_EXPIRATION"].flatMap {
      $0.isEmpty ? nil : try ISO8601Time.parse($0)
    }
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
  }
}

/// Tries providers in order and returns the first credentials found; a provider whose
/// source is absent is skipped, one whose source is broken stops the chain with its error.
public struct CredentialsProviderChain: CredentialsProvider {
  let providers: [any CredentialsProvider]

  /// Creates a chain.
  public init(_ providers: [any CredentialsProvider]) {
    self.providers = providers
  }

  /// The default chain, as botocore and the AWS CLI resolve credentials: a profile named
  /// by `profile` or `AWS_PROFILE` that neither shared file has is an error before
  /// anything else is tried; then environment variables (not when `profile` is given,
  /// as `aws --profile` ignores them); then the profile (``ProfileCredentialsProvider``:
  /// assumed roles, web identity, SSO, static keys, `credential_process`); then the ECS
  /// container credentials endpoint; then EC2 instance metadata (IMDSv2).
  /// - Parameters:
  ///   - environment: The environment; the process's by default.
  ///   - profile: A profile named explicitly; nil for `AWS_PROFILE` or `default`.
  ///   - transport: HTTP settings for STS, the SSO portal and the credential endpoints.
  public static func `default`(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    profile: String? = nil, transport: HTTPTransportOptions = .init()
  ) -> CredentialsProviderChain {
    let environmentVariables: [any CredentialsProvider] =
      profile == nil ? [EnvironmentCredentialsProvider(environment: environment)] : []
    return CredentialsProviderChain(
      [NamedProfileCheck(environment: environment, profile: profile)] + environmentVariables + [
        ProfileCredentialsProvider(profile: profile, environment: environment, http: transport),
        ContainerCredentialsProvider(environment: environment, transport: transport),
        InstanceMetadataCredentialsProvider(environment: environment, transport: transport),
      ])
  }

  public func credentials() async throws -> AWSCredentials {
    var reasons: [String] = []
    for provider in providers {
      do {
        return try await provider.credentials()
      } catch let absent as CredentialsNotConfigured {
        if !absent.reason.isEmpty { reasons.append(absent.reason) }
      }
    }
    throw AWSError(
      .credentials, errorCode: "NoCredentials",
      message: "no credentials found: " + reasons.joined(separator: "; "))
  }
}

/// Caches credentials and refreshes them before they expire. Concurrent callers during a
/// refresh wait for that one refresh instead of starting their own. Credentials without
/// an expiry are kept for good.
public actor CachingCredentialsProvider: CredentialsProvider {
  private let provider: any CredentialsProvider
  private let refreshMargin: Duration
  private let now: @Sendable () -> Date
  private var cached: AWSCredentials?
  private var refreshing: Task<AWSCredentials, any Error>?

  /// Wraps `provider`.
  /// - Parameters:
  ///   - provider: Where the credentials come from.
  ///   - refreshMargin: Credentials are refreshed this long (default five minutes) before
  ///     they expire.
  ///   - now: The clock expiries are compared with; the system's by default (tests give
  ///     their own).
  public init(
    _ provider: any CredentialsProvider, refreshMargin: Duration = .seconds(300),
    now: @escaping @Sendable () -> Date = { Date() }
  ) {
    self.provider = provider
    self.refreshMargin = refreshMargin
    self.now = now
  }

  public func credentials() async throws -> AWSCredentials {
    if let cached, !cached.expires(within: refreshMargin, of: now()) { return cached }
    if let refreshing { return try await refreshing.value }
    let provider = self.provider
    let task = Task { try await provider.credentials() }
    refreshing = task
    defer { refreshing = nil }
    let fresh = try await task.value
    cached = fresh
    return fresh
  }
}
