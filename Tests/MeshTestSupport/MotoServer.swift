import Foundation

/// moto's AWS server on 127.0.0.1, with signature checking: the first requests (the
/// bootstrap below, made with botocore) are free; every later one must be signed with the
/// IAM user's key the bootstrap creates, or moto answers `SignatureDoesNotMatch`.
public final class MotoServer: @unchecked Sendable {
  // @unchecked: immutable after init; the process is only stopped in deinit.
  public let endpoint: String
  public let accessKeyID: String
  public let secretAccessKey: String
  /// EC2 instances the bootstrap started (for container instance registration).
  public let instanceIDs: [String]
  private let process: BackgroundProcess

  /// Requests the bootstrap makes before signatures are enforced.
  static let bootstrapActions = 3

  /// Starts moto and bootstraps a user, a key and `instances` EC2 instances.
  /// - Throws: ``Peers/PeerMissing`` when the venv has no moto, or moto does not start.
  /// - Parameter ecsAnywhere: Start the project's launcher (Tests/Servers/
  ///   moto_ecs_anywhere.py), moto patched for what it lacks of ECS Anywhere, instead of
  ///   moto_server.
  public init(instances: Int = 2, ecsAnywhere: Bool = false) throws {
    guard let python = Peers.python else {
      throw Peers.PeerMissing(description: Peers.missingPythonReason)
    }
    let server = python.deletingLastPathComponent().appendingPathComponent("moto_server")
    guard FileManager.default.isExecutableFile(atPath: server.path) else {
      throw Peers.PeerMissing(
        description: "no moto_server in the venv (Scripts/bootstrap installs moto[server])")
    }
    let port = try Peers.freeLoopbackPort()
    endpoint = "http://127.0.0.1:\(port)"
    let launcher = Peers.packageRoot.appendingPathComponent("Tests/Servers/moto_ecs_anywhere.py")
    process = try BackgroundProcess(
      ecsAnywhere ? python : server,
      arguments: (ecsAnywhere ? [launcher.path] : ["-H", "127.0.0.1"])
        + (ecsAnywhere ? [String(port)] : ["-p", String(port)]),
      environment: ["INITIAL_NO_AUTH_ACTION_COUNT": String(Self.bootstrapActions)])
    guard process.waitForOutput(containing: "Running on", timeout: 30) else {
      throw Peers.PeerMissing(
        description: "moto_server did not start: \(process.output.suffix(500))")
    }
    // IAM: a user with an allow-all inline policy and an access key (the free actions),
    // then EC2 instances, which need signatures like everything after.
    let script = """
      import botocore.session, json, sys
      endpoint, count = sys.argv[1], int(sys.argv[2])
      session = botocore.session.get_session()
      iam = session.create_client("iam", endpoint_url=endpoint, region_name="us-east-1",
                                  aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
      iam.create_user(UserName="meshbridge")
      iam.put_user_policy(UserName="meshbridge", PolicyName="all", PolicyDocument=json.dumps(
          {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
      key = iam.create_access_key(UserName="meshbridge")["AccessKey"]
      ec2 = session.create_client("ec2", endpoint_url=endpoint, region_name="us-east-1",
                                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
      ids = []
      if count:
          image = ec2.describe_images()["Images"][0]["ImageId"]
          ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, MinCount=count, MaxCount=count)["Instances"]]
      print(json.dumps({"key": key["AccessKeyId"], "secret": key["SecretAccessKey"], "instances": ids}))
      """
    let output = try Peers.runPython(script, arguments: [endpoint, String(instances)])
    struct Bootstrap: Decodable {
      var key: String
      var secret: String
      var instances: [String]
    }
    guard output.status == 0,
      let bootstrap = try? JSONDecoder().decode(Bootstrap.self, from: Data(output.stdout.utf8))
    else {
      throw Peers.PeerMissing(description: "moto bootstrap failed: \(output.stderr.suffix(800))")
    }
    accessKeyID = bootstrap.key
    secretAccessKey = bootstrap.secret
    instanceIDs = bootstrap.instances
  }

  deinit {
    process.stop()
  }
}
