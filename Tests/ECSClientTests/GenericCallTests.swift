import ECSClient
import Foundation
import MeshBridgeTesting
import MeshTestSupport
import Testing

/// `AWSClient.execute`, the one signed path every call takes, against moto with signature
/// checks for services this package generates no client for: the query protocol (STS,
/// IAM), AWS JSON 1.1 (SSM operations beyond the generated five) and AWS JSON 1.0
/// (DynamoDB). botocore, on the same server with the same key, is the oracle for what
/// the calls did.
@Suite(
  "Generic calls on moto",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)),
  .serialized)
struct GenericCallTests {
  static func configuration(_ moto: MotoServer, secret: String? = nil) throws
    -> AWSClientConfiguration
  {
    var configuration = moto.configuration
    if let secret {
      configuration.credentials = StaticCredentialsProvider(
        AWSCredentials(accessKeyID: moto.credentials.accessKeyID, secretAccessKey: secret))
    }
    configuration.retry = .none
    return configuration
  }

  /// Runs `script` with botocore against moto (argv: endpoint, key, secret, then
  /// `arguments`) and decodes what it prints as JSON.
  static func botocore<Answer: Decodable>(
    _ moto: MotoServer, _ script: String, arguments: [String] = [], as: Answer.Type
  ) throws -> Answer {
    let prelude = """
      import botocore.session, json, sys
      endpoint, key, secret = sys.argv[1:4]
      def client(name):
          return botocore.session.get_session().create_client(
              name, endpoint_url=endpoint, region_name="us-east-1",
              aws_access_key_id=key, aws_secret_access_key=secret)

      """
    let output = try Peers.runPython(
      prelude + script,
      arguments: [
        moto.endpoint.absoluteString, moto.credentials.accessKeyID,
        moto.credentials.secretAccessKey,
      ] + arguments)
    try #require(output.status == 0, "\(output.stderr)")
    return try JSONDecoder().decode(Answer.self, from: Data(output.stdout.utf8))
  }

  static let sts = AWSServiceDescription(
    signingName: "sts", wireProtocol: .query(apiVersion: "2011-06-15"))
  static let iam = AWSServiceDescription(
    signingName: "iam", wireProtocol: .query(apiVersion: "2010-05-08"))
  static let dynamoDB = AWSServiceDescription(
    signingName: "dynamodb", wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810"))

  struct CallerIdentity: Codable, Equatable {
    var account: String
    var arn: String
    var userID: String

    enum CodingKeys: String, CodingKey {
      case account = "Account"
      case arn = "Arn"
      case userID = "UserId"
    }
  }

  @Test(
    "STS GetCallerIdentity over the query protocol: botocore's answer and the generated client's")
  func queryProtocol() async throws {
    let moto = try await MotoServer()
    let configuration = try Self.configuration(moto)
    let client = AWSClient(service: Self.sts, configuration: configuration)

    let identity = try await client.execute(
      "GetCallerIdentity", input: AWSEmptyShape(), as: CallerIdentity.self, idempotent: true)
    let generated = try await STS(configuration: configuration).getCallerIdentity()
    let oracle = try Self.botocore(
      moto,
      """
      answer = client("sts").get_caller_identity()
      print(json.dumps({name: answer[name] for name in ("Account", "Arn", "UserId")}))
      """, as: CallerIdentity.self)

    #expect(identity == oracle)
    #expect(identity.arn.hasSuffix(":user/meshbridge"))
    #expect(
      [generated.account, generated.arn, generated.userId]
        == [identity.account, identity.arn, identity.userID])
    #expect(client.requestCounts == ["GetCallerIdentity": 1])
  }

  struct User: Decodable, Equatable {
    var userName: String
    var path: String

    enum CodingKeys: String, CodingKey {
      case userName = "UserName"
      case path = "Path"
    }
  }

  struct NewUser: Encodable {
    struct Tag: Encodable {
      var key: String
      var value: String
      enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
      }
    }
    var userName: String
    var path: String
    var tags: [Tag]

    enum CodingKeys: String, CodingKey {
      case userName = "UserName"
      case path = "Path"
      case tags = "Tags"
    }
  }

  @Test("IAM CreateUser and ListUsers: a query write with a nested list, then a list read back")
  func queryListsAndWrites() async throws {
    let moto = try await MotoServer()
    let client = AWSClient(service: Self.iam, configuration: try Self.configuration(moto))

    struct Created: Decodable {
      var user: User
      enum CodingKeys: String, CodingKey { case user = "User" }
    }
    struct Listed: Decodable {
      var users: [User]
      enum CodingKeys: String, CodingKey { case users = "Users" }
    }
    let created = try await client.execute(
      "CreateUser",
      input: NewUser(
        userName: "mesh-sync", path: "/mesh/", tags: [.init(key: "team", value: "platform & ops")]),
      as: Created.self)
    let listed = try await client.execute(
      "ListUsers", input: AWSEmptyShape(), as: Listed.self, idempotent: true)
    struct Tag: Decodable, Equatable {
      var key: String
      var value: String
      enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
      }
    }
    let tags = try Self.botocore(
      moto,
      """
      print(json.dumps(client("iam").list_user_tags(UserName=sys.argv[4])["Tags"]))
      """, arguments: ["mesh-sync"], as: [Tag].self)

    #expect(created.user == User(userName: "mesh-sync", path: "/mesh/"))
    #expect(Set(listed.users.map(\.userName)) == ["meshbridge", "mesh-sync"])
    #expect(tags == [Tag(key: "team", value: "platform & ops")])
  }

  struct Parameter: Codable, Equatable {
    var name: String
    var value: String
    var type: String

    enum CodingKeys: String, CodingKey {
      case name = "Name"
      case value = "Value"
      case type = "Type"
    }
  }

  @Test(
    "SSM PutParameter and GetParameter, AWS JSON 1.1 through the generated SSM client's own client")
  func json11ThroughGeneratedClient() async throws {
    let moto = try await MotoServer()
    let ssm = SSM(configuration: try Self.configuration(moto))
    struct Put: Decodable {
      var version: Int
      enum CodingKeys: String, CodingKey { case version = "Version" }
    }
    struct Name: Encodable {
      var name: String
      enum CodingKeys: String, CodingKey { case name = "Name" }
    }
    struct Got: Decodable {
      var parameter: Parameter
      enum CodingKeys: String, CodingKey { case parameter = "Parameter" }
    }
    let written = Parameter(name: "/mesh/trust-domain", value: "mesh.example", type: "String")

    let put = try await ssm.client.execute("PutParameter", input: written, as: Put.self)
    let got = try await ssm.client.execute(
      "GetParameter", input: Name(name: written.name), as: Got.self, idempotent: true)
    let oracle = try Self.botocore(
      moto,
      """
      parameter = client("ssm").get_parameter(Name=sys.argv[4])["Parameter"]
      print(json.dumps({name: parameter[name] for name in ("Name", "Value", "Type")}))
      """, arguments: [written.name], as: Parameter.self)

    #expect(put.version == 1)
    #expect(got.parameter == written && oracle == written)
    #expect(ssm.requestCounts == ["PutParameter": 1, "GetParameter": 1])
  }

  @Test("DynamoDB CreateTable and ListTables over AWS JSON 1.0; botocore sees the table")
  func json10() async throws {
    let moto = try await MotoServer()
    let client = AWSClient(service: Self.dynamoDB, configuration: try Self.configuration(moto))
    struct Attribute: Encodable {
      var name: String
      var type: String
      enum CodingKeys: String, CodingKey {
        case name = "AttributeName"
        case type = "AttributeType"
      }
    }
    struct Key: Encodable {
      var name: String
      var type: String
      enum CodingKeys: String, CodingKey {
        case name = "AttributeName"
        case type = "KeyType"
      }
    }
    struct CreateTable: Encodable {
      var name: String
      var attributes: [Attribute]
      var keySchema: [Key]
      var billingMode: String
      enum CodingKeys: String, CodingKey {
        case name = "TableName"
        case attributes = "AttributeDefinitions"
        case keySchema = "KeySchema"
        case billingMode = "BillingMode"
      }
    }
    struct Created: Decodable {
      struct Table: Decodable {
        var name: String
        var created: Date
        enum CodingKeys: String, CodingKey {
          case name = "TableName"
          case created = "CreationDateTime"
        }
      }
      var table: Table
      enum CodingKeys: String, CodingKey { case table = "TableDescription" }
    }
    struct Tables: Decodable {
      var names: [String]
      enum CodingKeys: String, CodingKey { case names = "TableNames" }
    }

    let created = try await client.execute(
      "CreateTable",
      input: CreateTable(
        name: "mesh-leases", attributes: [.init(name: "id", type: "S")],
        keySchema: [.init(name: "id", type: "HASH")], billingMode: "PAY_PER_REQUEST"),
      as: Created.self)
    let listed = try await client.execute(
      "ListTables", input: AWSEmptyShape(), as: Tables.self, idempotent: true)
    let oracle = try Self.botocore(
      moto,
      """
      table = client("dynamodb").describe_table(TableName="mesh-leases")["Table"]
      print(json.dumps([table["TableName"], table["KeySchema"][0]["AttributeName"], table["BillingModeSummary"]["BillingMode"]]))
      """, as: [String].self)

    #expect(created.table.name == "mesh-leases")
    #expect(abs(created.table.created.timeIntervalSinceNow) < 600)
    #expect(listed.names == ["mesh-leases"])
    #expect(oracle == ["mesh-leases", "id", "PAY_PER_REQUEST"])
  }

  @Test(
    "a wrong secret is refused by moto's signature check in every protocol, never retried",
    arguments: ["query", "json1.0"])
  func wrongSecret(wire: String) async throws {
    let moto = try await MotoServer()
    let client = AWSClient(
      service: wire == "query" ? Self.sts : Self.dynamoDB,
      configuration: try Self.configuration(moto, secret: "not-the-secret-0123456789"))

    let error = try await #require(throws: AWSError.self) {
      _ = try await client.execute(
        wire == "query" ? "GetCallerIdentity" : "ListTables", input: AWSEmptyShape(),
        as: AWSEmptyShape.self, idempotent: true)
    }

    #expect(error.code == .service && error.statusCode == 403 && error.attempts == 1, "\(error)")
    #expect(
      ["SignatureDoesNotMatch", "InvalidClientTokenId"].contains(error.errorCode), "\(error)")
    #expect(!error.description.contains("not-the-secret"))
  }

  @Test(
    "an operation or service description that cannot be sent is refused before any request",
    arguments: [
      ("Get Caller", sts, "InvalidOperation"), ("", sts, "InvalidOperation"),
      (
        "ListTables",
        AWSServiceDescription(
          signingName: "dynamodb", wireProtocol: .json(version: "2.0", targetPrefix: "X")),
        "InvalidService"
      ),
      (
        "ListTables",
        AWSServiceDescription(
          signingName: "dynamo db", wireProtocol: .json(version: "1.0", targetPrefix: "X")),
        "InvalidService"
      ),
      (
        "ListUsers",
        AWSServiceDescription(
          signingName: "iam", endpointPrefix: "iam/evil",
          wireProtocol: .query(apiVersion: "2010-05-08")),
        "InvalidService"
      ),
    ] as [(String, AWSServiceDescription, String)])
  func refusedBeforeSending(operation: String, service: AWSServiceDescription, code: String)
    async throws
  {
    // No server: a request that went out would fail with a transport error instead.
    let configuration = try AWSClientConfiguration(
      region: "us-east-1",
      endpoint: URL(string: "http://127.0.0.1:\(try Peers.freeLoopbackPort())"),
      credentials: StaticCredentialsProvider(
        AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "generic-test-secret")),
      retry: .none)
    let client = AWSClient(service: service, configuration: configuration)

    let error = try await #require(throws: AWSError.self) {
      _ = try await client.execute(operation, input: AWSEmptyShape(), as: AWSEmptyShape.self)
    }

    #expect(error.code == .invalidRequest && error.errorCode == code, "\(error)")
    #expect(client.requestCounts.isEmpty)
  }
}
