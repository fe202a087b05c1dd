import Foundation
import MeshTestSupport
import Testing

@testable import ECSClient

/// For what moto does not implement (SSM activations and instance information, ECS
/// Anywhere's EXTERNAL launch type), the requests are checked against botocore's own
/// serializer for the same operation and parameters: the same JSON body, the same
/// `X-Amz-Target` and content type.
@Suite(
  "botocore serializer oracle",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct SerializerOracleTests {
  static let script = #"""
    import json, sys, datetime
    import botocore.session
    from botocore import serialize
    session = botocore.session.get_session()
    out = []
    for line in sys.stdin:
        case = json.loads(line)
        model = session.get_service_model(case["service"]).operation_model(case["operation"])
        params = case["params"]
        if "ExpirationDate" in params:
            params["ExpirationDate"] = datetime.datetime.fromtimestamp(params["ExpirationDate"], datetime.timezone.utc)
        request = serialize.create_serializer("json").serialize_to_request(params, model)
        out.append({"body": json.loads(request["body"] or b"{}"),
                    "target": request["headers"]["X-Amz-Target"],
                    "contentType": request["headers"]["Content-Type"]})
    print(json.dumps(out))
    """#

  struct Answer: Decodable {
    var target: String
    var contentType: String
  }

  @Test(
    "SSM activations and instance information, and RunTask on EXTERNAL capacity, serialize as botocore's"
  )
  func matchesBotocore() throws {
    let expires = Date(timeIntervalSince1970: 1_800_000_000)
    let activation = SSM.CreateActivationRequest(
      iamRole: "ecsAnywhereRole", description: "onprem-east hosts",
      defaultInstanceName: "onprem-east",
      registrationLimit: 10, expirationDate: expires, tags: [.init(key: "team", value: "platform")])
    let information = SSM.DescribeInstanceInformationRequest(
      filters: [.init(key: "ResourceType", values: ["ManagedInstance"])], maxResults: 50)
    let runTask = ECS.RunTaskRequest(
      taskDefinition: "orders:3", cluster: "onprem-east", count: 2, launchType: .external,
      placementConstraints: [.init(type: .memberOf, expression: "attribute:site == dc-a")],
      startedBy: "meshbridge", tags: [.init(key: "mesh", value: "true")], clientToken: "token-1")
    let cases:
      [(
        service: String, operation: String, description: AWSServiceDescription, body: Data,
        params: String
      )] = [
        (
          "ssm", "CreateActivation", SSM.service, try AWSClient.encoder.encode(activation),
          #"{"IamRole":"ecsAnywhereRole","Description":"onprem-east hosts","DefaultInstanceName":"onprem-east","RegistrationLimit":10,"ExpirationDate":1800000000,"Tags":[{"Key":"team","Value":"platform"}]}"#
        ),
        (
          "ssm", "DescribeInstanceInformation", SSM.service,
          try AWSClient.encoder.encode(information),
          #"{"Filters":[{"Key":"ResourceType","Values":["ManagedInstance"]}],"MaxResults":50}"#
        ),
        (
          "ecs", "RunTask", ECS.service, try AWSClient.encoder.encode(runTask),
          #"{"taskDefinition":"orders:3","cluster":"onprem-east","count":2,"launchType":"EXTERNAL","placementConstraints":[{"type":"memberOf","expression":"attribute:site == dc-a"}],"startedBy":"meshbridge","tags":[{"key":"mesh","value":"true"}],"clientToken":"token-1"}"#
        ),
      ]
    let input = cases.map {
      #"{"service":"\#($0.service)","operation":"\#($0.operation)","params":\#($0.params)}"#
    }.joined(separator: "\n")

    let output = try Peers.runPython(Self.script, input: Data(input.utf8))
    try #require(output.status == 0, "\(output.stderr)")
    let answers = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])

    #expect(answers.count == cases.count)
    for (testCase, answer) in zip(cases, answers) {
      let ours = try JSONSerialization.jsonObject(with: testCase.body) as? NSDictionary
      let theirs = answer["body"] as? NSDictionary
      #expect(
        ours == theirs,
        "\(testCase.operation): ours \(String(decoding: testCase.body, as: UTF8.self))")
      guard case .json(let version, let targetPrefix) = testCase.description.wireProtocol else {
        Issue.record("\(testCase.service) is not a JSON service")
        continue
      }
      #expect(answer["target"] as? String == "\(targetPrefix).\(testCase.operation)")
      #expect(answer["contentType"] as? String == "application/x-amz-json-\(version)")
    }
  }

  @Test("STS AssumeRole's form parameters are botocore's query serializer's")
  func queryMatchesBotocore() throws {
    let script = #"""
      import json, sys
      import botocore.session
      from botocore import serialize
      from botocore.awsrequest import AWSRequest
      model = botocore.session.get_session().get_service_model("sts").operation_model("AssumeRole")
      request = serialize.create_serializer("query").serialize_to_request(json.load(sys.stdin), model)
      # The bytes botocore sends: its request, prepared as for sending.
      sent = AWSRequest(method="POST", url="https://sts.amazonaws.com/", data=request["body"]).prepare().body
      print(json.dumps({"body": request["body"], "sent": sent, "contentType": request["headers"]["Content-Type"]}))
      """#
    let input = STS.AssumeRoleRequest(
      roleArn: "arn:aws:iam::123456789012:role/mesh discovery", roleSessionName: "run+1/ü",
      policyArns: [
        .init(arn: "arn:aws:iam::aws:policy/ReadOnlyAccess"),
        .init(arn: "arn:aws:iam::123456789012:policy/x"),
      ], durationSeconds: 900, tags: [.init(key: "team", value: "mesh & co")],
      transitiveTagKeys: [], externalId: "ext=id")
    let params = #"""
      {"RoleArn": "arn:aws:iam::123456789012:role/mesh discovery", "RoleSessionName": "run+1/ü",
       "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, {"arn": "arn:aws:iam::123456789012:policy/x"}],
       "DurationSeconds": 900, "Tags": [{"Key": "team", "Value": "mesh & co"}], "TransitiveTagKeys": [],
       "ExternalId": "ext=id"}
      """#

    let output = try Peers.runPython(script, input: Data(params.utf8))
    try #require(output.status == 0, "\(output.stderr)")
    let answer = try #require(
      try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    let body = try QueryEncoder().encode(input, action: "AssumeRole", version: "2011-06-15")
    var ours: [String: String] = [:]
    for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
      }
      ours[decoded(parts[0]) ?? ""] = decoded(parts.count > 1 ? parts[1] : "")
    }

    #expect(ours == (answer["body"] as? [String: Any])?.mapValues { "\($0)" })
    // Byte for byte what botocore sends: spaces as +, & and = and / percent-encoded.
    #expect(String(decoding: body, as: UTF8.self) == answer["sent"] as? String)
    #expect(answer["contentType"] as? String == "application/x-www-form-urlencoded; charset=utf-8")
  }
}
