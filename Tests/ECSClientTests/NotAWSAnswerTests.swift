import ECSClient
import Foundation
import MeshTestSupport
import Testing

/// Answers that are not the service's (a wrong endpoint's empty 404, a proxy's HTML page,
/// a load balancer's 502) are `invalidResponse` errors with their status, never an AWS
/// error code made up from the status; a real AWS error keeps its code.
@Suite(
  "Answers that are not AWS's",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct NotAWSAnswerTests {
  static func answer(
    _ status: Int, body: String = "", contentType: String? = nil, headers: [String: String] = [:]
  ) -> [String: Any] {
    var answer: [String: Any] = ["status": status, "body": body, "headers": headers]
    if let contentType { answer["contentType"] = contentType }
    return ["answer": answer]
  }

  static let proxyPage = """
    <html><head><title>502 Bad Gateway</title></head>
    <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
    """

  /// An answer that is not AWS's, and how the error describes it.
  struct Case: Sendable, CustomTestStringConvertible {
    var status: Int
    var body = ""
    var contentType: String?
    var headers: [String: String] = [:]
    var form: String

    var testDescription: String { "HTTP \(status), \(form)" }
  }

  @Test(
    "an empty 404, an HTML 403, JSON without __type, a redirect: invalidResponse, not retried, nothing quoted",
    arguments: [
      Case(status: 404, form: "an empty body"),
      Case(
        status: 403, body: proxyPage, contentType: "text/html; charset=utf-8",
        form: "a text/html body"),
      Case(
        status: 404, body: #"{"message":"no route","secret":"hunter2"}"#,
        contentType: "application/json", form: "JSON without __type"),
      Case(
        status: 301, body: "moved", headers: ["Location": "https://elsewhere"],
        form: "a body that is not an AWS error"),
    ])
  func notRetried(answer: Case) async throws {
    let step = Self.answer(
      answer.status, body: answer.body, contentType: answer.contentType, headers: answer.headers)
    let (status, form) = (answer.status, answer.form)
    let server = try AWSTestServer(scenario: ["ListClusters": step])
    let ecs = try FaultTests.client(server, attempts: 3)

    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(
      error.description
        == "AWSError.invalidResponse(MalformedErrorResponse, HTTP \(status)): the HTTP \(status) answer is \(form), with no AWS error code: not an answer of the service (a wrong endpoint, or a proxy's page)"
    )
    #expect(error.statusCode == status && error.attempts == 1)
    #expect(!error.description.contains("hunter2") && !error.description.contains("nginx"))
    #expect(try server.calls()["ListClusters"] == 1)
  }

  @Test("a proxy's 502 page is retried, as the SDKs retry a 502, even for a write")
  func proxyPageRetried() async throws {
    let server = try AWSTestServer(scenario: [
      "CreateCluster": [
        Self.answer(502, body: Self.proxyPage, contentType: "text/html"),
        Self.answer(503),
        ["ok": ["cluster": ["clusterName": "east"]]],
      ],
      "ListClusters": Self.answer(502, body: Self.proxyPage, contentType: "text/html"),
    ])
    let ecs = try FaultTests.client(server, attempts: 3)

    let created = try await ecs.createCluster(.init(clusterName: "east"))
    let error = try await #require(throws: AWSError.self) { try await ecs.listClusters() }

    #expect(created.cluster?.clusterName == "east")
    #expect(try server.calls()["CreateCluster"] == 3)
    #expect(error.code == .invalidResponse && error.errorCode == "MalformedErrorResponse")
    #expect(error.statusCode == 502 && error.attempts == 3)
  }

  @Test("AWS's own errors keep their code: from __type, from x-amzn-ErrorType alone, from XML")
  func awsErrorsKeepTheirCode() async throws {
    let server = try AWSTestServer(scenario: [
      "ListClusters": ["status": 400, "code": "ClusterNotFoundException", "message": "gone"],
      "ListServices": Self.answer(
        400, headers: ["x-amzn-ErrorType": "AccessDeniedException:http://internal.amazon.com/"]),
      "ListTasks": Self.answer(
        403,
        body:
          "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>bad key</Message></Error></ErrorResponse>",
        contentType: "text/xml"),
    ])
    let ecs = try FaultTests.client(server, attempts: 1)

    let json = try await #require(throws: AWSError.self) { try await ecs.listClusters() }
    let header = try await #require(throws: AWSError.self) { try await ecs.listServices() }
    let xml = try await #require(throws: AWSError.self) { try await ecs.listTasks() }

    #expect(json.code == .service && json.errorCode == "ClusterNotFoundException")
    #expect(header.code == .service && header.errorCode == "AccessDeniedException")
    #expect(
      xml.code == .service && xml.errorCode == "InvalidClientTokenId" && xml.message == "bad key")
  }

  @Test("an answer without a member the model marks required is MalformedResponse naming it")
  func missingRequiredMember() async throws {
    let instance: [String: Any] = [
      "containerInstanceArn": "arn:ci", "ec2InstanceId": "mi-0aaa",
      "attributes": [["name": "ecs.os-type", "value": "linux"], ["value": "x86_64"]],
    ]
    let server = try AWSTestServer(scenario: [
      "DescribeContainerInstances": ["ok": ["containerInstances": [instance], "failures": []]],
      "DescribeTaskDefinition": [
        "ok": ["taskDefinition": ["containerDefinitions": [["name": "app", "healthCheck": [:]]]]]
      ],
    ])
    let ecs = try FaultTests.client(server, attempts: 1)

    let attribute = try await #require(throws: AWSError.self) {
      try await ecs.describeContainerInstances(.init(containerInstances: ["arn:ci"]))
    }
    let healthCheck = try await #require(throws: AWSError.self) {
      try await ecs.describeTaskDefinition(.init(taskDefinition: "app:1"))
    }

    #expect(attribute.code == .invalidResponse && attribute.errorCode == "MalformedResponse")
    #expect(
      attribute.message
        == "the DescribeContainerInstances response is not the JSON expected: .containerInstances[0].attributes[1].name is missing"
    )
    #expect(
      healthCheck.message
        == "the DescribeTaskDefinition response is not the JSON expected: .taskDefinition.containerDefinitions[0].healthCheck.command is missing"
    )
  }
}
