import ECSClient
import Foundation
import Testing

/// Endpoint URLs and regions are checked when the configuration is made and again before
/// each call: a typo is a configuration error, never a transport error that is retried.
@Suite("Endpoint validation")
struct EndpointValidationTests {
  static let credentials = StaticCredentialsProvider(
    AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "endpoint-test-secret"))

  @Test(
    "a malformed endpoint URL is an InvalidEndpoint error that says what is wrong",
    arguments: [
      ("", "the endpoint URL is empty"),
      (
        "127.0.0.1:5000",
        #"the endpoint URL "127.0.0.1:5000" does not start with http:// or https://"#
      ),
      ("localhost", #"the endpoint URL "localhost" does not start with http:// or https://"#),
      ("://127.0.0.1", #"the endpoint URL "://127.0.0.1" does not start with http:// or https://"#),
      (
        "ftp://127.0.0.1:5000",
        #"the endpoint URL "ftp://127.0.0.1:5000" has the scheme "ftp": only http and https are supported"#
      ),
      ("http://", #"the endpoint URL "http://" has no host"#),
      ("https://:5000", #"the endpoint URL "https://:5000" has no host"#),
      (
        "http://127.0.0.1 :5000",
        #"the endpoint URL "http://127.0.0.1 :5000" contains a space or a control character"#
      ),
      (
        "http://host\n",
        #"the endpoint URL "http://host\n" contains a space or a control character"#
      ),
      (
        "http://ecs.exämple.com",
        #"the endpoint URL "http://ecs.exämple.com" contains a character that is not ASCII (give a host name in its xn-- form)"#
      ),
      ("http://host:port", #"the endpoint URL "http://host:port" is not a URL"#),
      (
        "http://host:70000",
        #"the endpoint URL "http://host:70000" has the port 70000: a port is 1 to 65535"#
      ),
      (
        "http://host/ecs",
        #"the endpoint URL "http://host/ecs" has a path (/ecs): requests go to the server's root, /"#
      ),
      (
        "http://host?region=x",
        #"the endpoint URL "http://host?region=x" has a query (?…): requests go to the server's root, with nothing after it"#
      ),
      (
        "http://host#top",
        #"the endpoint URL "http://host#top" has a fragment (#…): requests go to the server's root, with nothing after it"#
      ),
      (
        "http://admin:hunter2@host",
        "the endpoint URL holds a user name or password: credentials come from the credentials provider"
      ),
    ])
  func malformed(endpoint: String, message: String) throws {
    let error = try #require(throws: AWSError.self) {
      try AWSClientConfiguration.endpointURL(from: endpoint)
    }

    #expect(error.description == "AWSError.invalidRequest(InvalidEndpoint): \(message)")
    #expect(!error.description.contains("hunter2"))
    // Text Foundation takes as a URL unchanged is refused the same way as the
    // configuration's endpoint.
    if let url = URL(string: endpoint), url.absoluteString == endpoint {
      let refused = try #require(throws: AWSError.self) {
        try AWSClientConfiguration(
          region: "us-east-1", endpoint: url, credentials: Self.credentials)
      }
      #expect(refused.description == error.description)
    }
  }

  @Test(
    "a base URL of scheme, host and port is accepted",
    arguments: [
      "http://127.0.0.1:5000", "https://ecs.us-east-1.amazonaws.com", "HTTP://localhost:5000/",
      "http://[::1]:5000", "https://vpce-0abc.ecs.us-east-1.vpce.amazonaws.com",
    ])
  func wellFormed(endpoint: String) throws {
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: try AWSClientConfiguration.endpointURL(from: endpoint),
      credentials: Self.credentials)

    try configuration.validate()
  }

  @Test("an endpoint changed after init is refused by the call, before any request")
  func changedAfterInit() async throws {
    var configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:5000"),
      credentials: Self.credentials)
    configuration.endpoint = URL(string: "http://127.0.0.1:5000/prefix")
    let ecs = ECS(configuration: configuration)

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(
      error.description
        == #"AWSError.invalidRequest(InvalidEndpoint): the endpoint URL "http://127.0.0.1:5000/prefix" has a path (/prefix): requests go to the server's root, /"#
    )
    #expect(ecs.requestCounts.isEmpty)
  }

  @Test("a region that is not letters, digits and hyphens is an InvalidRegion error")
  func invalidRegion() throws {
    let error = try #require(throws: AWSError.self) {
      try AWSClientConfiguration(region: "us east/1", credentials: Self.credentials)
    }

    #expect(
      error.description
        == #"AWSError.invalidRequest(InvalidRegion): the region "us east/1" is not a region name (letters, digits and hyphens, such as us-east-1)"#
    )
  }
}
