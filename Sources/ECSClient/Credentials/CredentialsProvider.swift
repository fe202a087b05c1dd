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

  public func credentials() async throws -> AWSCredentials {
    let key = environment["AWS_ACCESS_KEY_ID"] ?? ""
    let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? ""
    if key.isEmpty && secret.isEmpty {
      throw CredentialsNotConfigured("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
    }
    guard !key.isEmpty, !secret.isEmpty else {
      throw AWSError(
        .credentials, errorCode: "IncompleteCredentials",
        message: "only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set")
    }
    let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
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

  /// The AWS SDKs' default chain: environment variables, the shared config and
  /// credentials files (profile `AWS_PROFILE` or `default`, with `credential_process`),
  /// the ECS container credentials endpoint, and EC2 instance metadata (IMDSv2).
  public static func `default`(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    transport: HTTPTransportOptions = .init()
  ) -> CredentialsProviderChain {
    CredentialsProviderChain([
      EnvironmentCredentialsProvider(environment: environment),
      ProfileCredentialsProvider(environment: environment),
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
        reasons.append(absent.reason)
      }
    }
    throw AWSError(
      .credentials, errorCode: "NoCredentials",
      message: "no credentials found: " + reasons.joined(separator: "; "))
  }
}

/// Caches credentials and refreshes them before they expire. Concurrent callers during a
/// refresh wait for that one refresh instead of starting their own.
public actor CachingCredentialsProvider: CredentialsProvider {
  private let provider: any CredentialsProvider
  private let refreshMargin: TimeInterval
  private var cached: AWSCredentials?
  private var refreshing: Task<AWSCredentials, any Error>?

  /// Wraps `provider`; credentials are refreshed `refreshMargin` seconds (default five
  /// minutes) before they expire.
  public init(_ provider: any CredentialsProvider, refreshMargin: TimeInterval = 300) {
    self.provider = provider
    self.refreshMargin = refreshMargin
  }

  public func credentials() async throws -> AWSCredentials {
    if let cached, !cached.expires(within: refreshMargin) { return cached }
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
