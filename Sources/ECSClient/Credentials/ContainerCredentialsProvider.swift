import Foundation
internal import MeshSupport

/// The JSON the container credentials endpoint and instance metadata answer with.
struct EndpointCredentials: Decodable {
  var accessKeyID: String
  var secretAccessKey: String
  var token: String?
  var expiration: String?
  var code: String?

  enum CodingKeys: String, CodingKey {
    case accessKeyID = "AccessKeyId"
    case secretAccessKey = "SecretAccessKey"
    case token = "Token"
    case expiration = "Expiration"
    case code = "Code"
  }

  /// Parses an endpoint's answer; errors never show the body (it holds the secret).
  static func parse(_ body: [UInt8], source: String) throws -> AWSCredentials {
    guard let parsed = try? JSONDecoder().decode(EndpointCredentials.self, from: Data(body)) else {
      throw AWSError(
        .credentials, errorCode: "InvalidCredentialsResponse",
        message: "\(source) answered without AccessKeyId and SecretAccessKey")
    }
    if let code = parsed.code, code != "Success" {
      throw AWSError(
        .credentials, errorCode: "CredentialsUnavailable", message: "\(source) answered \(code)")
    }
    return AWSCredentials(
      accessKeyID: parsed.accessKeyID, secretAccessKey: parsed.secretAccessKey,
      sessionToken: parsed.token,
      expiration: try parsed.expiration.map(ISO8601Time.parse))
  }
}

/// The ECS container credentials endpoint: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// (relative to 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with the
/// authorization token from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`. A full URI over plain HTTP must name a loopback or
/// the ECS/EKS link-local host, as the SDKs require.
public struct ContainerCredentialsProvider: CredentialsProvider {
  let environment: [String: String]
  let relativeBase: String
  let transport: HTTPTransportOptions

  /// Creates the provider. `relativeBase` is where relative URIs point (tests point it
  /// at a local server).
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    relativeBase: String = "http://169.254.170.2", transport: HTTPTransportOptions = .init()
  ) {
    self.environment = environment
    self.relativeBase = relativeBase
    var transport = transport
    transport.connectTimeout = min(transport.connectTimeout, .seconds(2))
    transport.requestTimeout = min(transport.requestTimeout, .seconds(5))
    self.transport = transport
  }

  static let allowedPlainHosts: Set<String> = [
    "127.0.0.1", "localhost", "::1", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]",
  ]

  public func credentials() async throws -> AWSCredentials {
    let url: String
    if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
      url = relativeBase + relative
    } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
      guard let components = URLComponents(string: full), let host = components.host else {
        throw AWSError(
          .credentials, errorCode: "InvalidContainerCredentialsURI",
          message: "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL")
      }
      if components.scheme == "http" && !Self.allowedPlainHosts.contains(host) {
        throw AWSError(
          .credentials, errorCode: "InvalidContainerCredentialsURI",
          message:
            "AWS_CONTAINER_CREDENTIALS_FULL_URI over http must name a loopback or the ECS host, not \(host)"
        )
      }
      url = full
    } else {
      throw CredentialsNotConfigured(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set")
    }
    var headers: [(name: String, value: String)] = []
    if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty {
      guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
        throw AWSError(
          .credentials, errorCode: "TokenFileUnreadable", message: "cannot read \(tokenFile)")
      }
      headers.append(("Authorization", token.trimmingCharacters(in: .whitespacesAndNewlines)))
    } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
      headers.append(("Authorization", token))
    }
    // A plain GET (MeshSupport's, as for any endpoint that is not AWS's); its errors
    // become credential errors, which never show the answer (it holds the secret).
    let response: HTTPGet.Response
    do throws(HTTPGetError) {
      response = try await HTTPGet(configuration: transport.httpGet).fetch(url, headers: headers)
    } catch let error where error.code == .status {
      throw Self.refused(error.status ?? 0)
    } catch {
      throw AWSError(
        .credentials, errorCode: "ContainerCredentialsUnreachable", message: error.message)
    }
    guard response.status == 200 else { throw Self.refused(response.status) }
    return try EndpointCredentials.parse(
      response.body, source: "the container credentials endpoint")
  }

  private static func refused(_ status: Int) -> AWSError {
    AWSError(
      .credentials, errorCode: "ContainerCredentialsRefused",
      message: "the container credentials endpoint answered HTTP \(status)", statusCode: status)
  }
}

/// EC2 instance metadata, version 2: a session token by PUT, then the instance role's
/// credentials. `AWS_EC2_METADATA_DISABLED=true` turns it off and
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it; off EC2 it is skipped quickly.
public struct InstanceMetadataCredentialsProvider: CredentialsProvider {
  let environment: [String: String]
  let transport: HTTPTransportOptions

  /// Creates the provider.
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    transport: HTTPTransportOptions = .init()
  ) {
    self.environment = environment
    var transport = transport
    transport.connectTimeout = min(transport.connectTimeout, .seconds(1))
    transport.requestTimeout = min(transport.requestTimeout, .seconds(2))
    self.transport = transport
  }

  public func credentials() async throws -> AWSCredentials {
    if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" {
      throw CredentialsNotConfigured("instance metadata is disabled (AWS_EC2_METADATA_DISABLED)")
    }
    var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
    while endpoint.hasSuffix("/") { endpoint.removeLast() }
    let http = CurlTransport(options: transport.curlOptions)
    let tokenResponse: HTTPResponse
    do {
      tokenResponse = try await http.send(
        HTTPRequest(
          method: "PUT", url: "\(endpoint)/latest/api/token",
          headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")], body: []))
    } catch let error as AWSError where error.code == .transport || error.code == .timeout {
      throw CredentialsNotConfigured("no instance metadata service at \(endpoint)")
    }
    guard tokenResponse.status == 200 else {
      throw AWSError(
        .credentials, errorCode: "InstanceMetadataRefused",
        message: "IMDSv2 token request answered HTTP \(tokenResponse.status)",
        statusCode: tokenResponse.status)
    }
    let token = String(decoding: tokenResponse.body, as: UTF8.self)
    let base = "\(endpoint)/latest/meta-data/iam/security-credentials/"
    let roles = try await http.send(
      HTTPRequest(
        method: "GET", url: base, headers: [("X-aws-ec2-metadata-token", token)], body: []))
    let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first
      .map(String.init)
    guard roles.status == 200, let role, !role.isEmpty else {
      throw CredentialsNotConfigured("the instance has no IAM role")
    }
    let credentials = try await http.send(
      HTTPRequest(
        method: "GET", url: base + role, headers: [("X-aws-ec2-metadata-token", token)], body: []))
    guard credentials.status == 200 else {
      throw AWSError(
        .credentials, errorCode: "InstanceMetadataRefused",
        message: "role credentials answered HTTP \(credentials.status)",
        statusCode: credentials.status)
    }
    return try EndpointCredentials.parse(credentials.body, source: "instance metadata")
  }
}
