import ECSClient
import Foundation

// The samples of Docs/ECSClient.md. Each takes the configuration as a parameter, so its
// test runs it against moto; a program writes `try AWSClientConfiguration()` (region and
// credentials as the AWS SDKs find them) where the samples say `configuration`.

/// Makes sure a cluster exists, then lists its tasks a page at a time and describes
/// each page, as the guide's opening sample does.
/// - Returns: The ARNs of the cluster's running tasks.
public func runningTasks(in cluster: String, configuration: AWSClientConfiguration) async throws
  -> [String]
{
  // snippet: ecs-list-tasks
  var running: [String] = []
  let ecs = ECS(configuration: configuration)  // try AWSClientConfiguration(): as the SDKs find it
  _ = try await ecs.createCluster(.init(clusterName: cluster))  // the existing one, if any
  for try await page in ecs.listTasksPaginator(.init(cluster: cluster)) {
    let described = try await ecs.describeTasks(.init(tasks: page.taskArns ?? [], cluster: cluster))
    for task in described.tasks ?? [] where task.lastStatus == .running {
      running.append(task.taskArn ?? "")
    }
  }
  // end snippet
  return running
}

/// An ECS client signing with a named profile's credentials, as `aws --profile` uses
/// them: a role the profile assumes, SSO, static keys or a credential process.
/// - Parameters:
///   - profile: The profile, from `~/.aws/config` or `~/.aws/credentials`.
///   - endpoint: A local server's URL; nil for AWS.
///   - environment: Where `AWS_CONFIG_FILE`, `AWS_REGION` and the like are read.
/// - Throws: `AWSError` `NoRegion` when neither the environment nor the profile names a
///   region; a call with the client throws `ProfileNotFound` when the profile is missing.
public func ecsClient(
  profile: String, endpoint: URL? = nil,
  environment: [String: String] = ProcessInfo.processInfo.environment
) throws -> ECS {
  // snippet: ecs-profile-credentials
  // The region and the role a profile names, as `aws --profile deploy` would use them.
  let ecs = ECS(
    configuration: try AWSClientConfiguration(
      profile: profile, endpoint: endpoint, environment: environment))
  // end snippet
  return ecs
}

/// The ARN of the identity the configuration's credentials belong to.
public func callerARN(configuration: AWSClientConfiguration) async throws -> String {
  // snippet: sts-caller-identity
  let sts = STS(configuration: configuration)  // try AWSClientConfiguration(region: "us-east-1")
  let arn = try await sts.getCallerIdentity().arn ?? ""
  // end snippet
  return arn
}

/// What ``callOtherServices(parameterName:configuration:)`` read.
public struct OtherServicesAnswers: Sendable {
  /// DynamoDB's tables.
  public var tables: [String]
  /// The IAM user whose key signed the calls.
  public var userName: String
  /// The SSM parameter's value.
  public var parameterValue: String
}

/// Calls three operations ECSClient generates no method for, through `AWSClient.execute`:
/// DynamoDB's ListTables (AWS JSON 1.0), IAM's GetUser (query), SSM's GetParameter (AWS
/// JSON 1.1, on the generated SSM client's connections).
public func callOtherServices(parameterName: String, configuration: AWSClientConfiguration)
  async throws -> OtherServicesAnswers
{
  // snippet: aws-client-execute
  // AWS JSON 1.0 or 1.1: the version and target prefix from the model's metadata.
  let dynamoDB = AWSClient(
    service: AWSServiceDescription(
      signingName: "dynamodb",
      wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810")),
    configuration: configuration)
  struct Tables: Decodable {
    var names: [String]
    enum CodingKeys: String, CodingKey { case names = "TableNames" }
  }
  let tables = try await dynamoDB.execute(
    "ListTables", input: AWSEmptyShape(), as: Tables.self, idempotent: true)

  // The query protocol (IAM, STS): the API version; the output is read from <OperationResult>.
  let iam = AWSClient(
    service: AWSServiceDescription(
      signingName: "iam", wireProtocol: .query(apiVersion: "2010-05-08")),
    configuration: configuration)
  struct GetUserOutput: Decodable {
    struct User: Decodable {
      var userName: String
      enum CodingKeys: String, CodingKey { case userName = "UserName" }
    }
    var user: User
    enum CodingKeys: String, CodingKey { case user = "User" }
  }
  let caller = try await iam.execute(
    "GetUser", input: AWSEmptyShape(), as: GetUserOutput.self, idempotent: true)

  // An SSM operation the generated SSM client does not declare, on its connections:
  let ssm = SSM(configuration: configuration)
  struct GetParameterInput: Encodable {
    var name: String
    enum CodingKeys: String, CodingKey { case name = "Name" }
  }
  struct GetParameterOutput: Decodable {
    struct Parameter: Decodable {
      var value: String
      enum CodingKeys: String, CodingKey { case value = "Value" }
    }
    var parameter: Parameter
    enum CodingKeys: String, CodingKey { case parameter = "Parameter" }
  }
  let parameter = try await ssm.client.execute(
    "GetParameter", input: GetParameterInput(name: parameterName), as: GetParameterOutput.self,
    idempotent: true)
  // end snippet
  return OtherServicesAnswers(
    tables: tables.names, userName: caller.user.userName, parameterValue: parameter.parameter.value)
}

/// Whether a cluster exists: ECS's `ClusterNotFoundException`, told from other failures
/// by its error code.
/// - Throws: Every other `AWSError`.
public func clusterExists(_ cluster: String, configuration: AWSClientConfiguration) async throws
  -> Bool
{
  let ecs = ECS(configuration: configuration)
  // snippet: ecs-error-code
  do {
    _ = try await ecs.listServices(.init(cluster: cluster))
  } catch let error as AWSError where error.errorCode == ECS.ErrorCode.clusterNotFoundException {
    print("no such cluster (request \(error.requestID ?? "-"))")
    return false
  }
  // end snippet
  return true
}

/// The configuration with tighter timeouts: two seconds to connect, ten for the whole
/// call, retries included.
/// - Throws: `AWSError` `InvalidTimeout` (never, for these bounds).
public func withShortTimeouts(_ configuration: AWSClientConfiguration) throws
  -> AWSClientConfiguration
{
  var configuration = configuration  // or try AWSClientConfiguration()
  // snippet: ecs-timeouts
  // The attempt bound stays 20 s, cut to the 10 s left of the total.
  configuration.timeout = try .init(connect: .seconds(2), total: .seconds(10))
  // end snippet
  return configuration
}

/// Every service ARN of a cluster, a hundred per `ListServices` call.
public func serviceARNs(in cluster: String, configuration: AWSClientConfiguration) async throws
  -> [String]
{
  let ecs = ECS(configuration: configuration)
  // snippet: ecs-paginator
  var arns: [String] = []
  for try await page in ecs.listServicesPaginator(.init(cluster: cluster, maxResults: 100)) {
    arns += page.serviceArns ?? []
  }
  // end snippet
  return arns
}

/// Runs a task on the cluster's external (ECS Anywhere) instances and waits until it runs.
/// - Returns: The ARNs of the tasks started.
/// - Throws: `AWSError` `waiterFailed` when a task stops instead, or after five minutes.
public func runTaskAndWait(
  taskDefinition: String, in cluster: String, configuration: AWSClientConfiguration
) async throws -> [String] {
  let ecs = ECS(configuration: configuration)
  // snippet: ecs-waiter
  let run = try await ecs.runTask(
    .init(taskDefinition: taskDefinition, cluster: cluster, launchType: .external))
  let started = run.tasks?.compactMap(\.taskArn) ?? []
  try await ecs.waitUntilTasksRunning(
    .init(tasks: started, cluster: cluster), timeout: .seconds(300))
  // end snippet
  return started
}

/// A ListClusters request to ECS at `host`, signed by hand.
/// - Returns: The request with its `X-Amz-Date` and `Authorization` headers, and the
///   canonical request it signs.
public func signedListClusters(
  host: String, region: String, credentials: AWSCredentials
) -> (request: SignableRequest, canonicalRequest: String) {
  // snippet: sigv4-sign
  let signer = SigV4Signer(service: "ecs", region: region)
  let request = SignableRequest(
    method: "POST",
    headers: [
      ("Host", host), ("Content-Type", "application/x-amz-json-1.1"),
      ("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"),
    ],
    body: Array("{}".utf8))
  let (signed, parts) = signer.sign(request, credentials: credentials)
  print(parts.canonicalRequest)  // for debugging a SignatureDoesNotMatch
  // end snippet
  return (signed, parts.canonicalRequest)
}
