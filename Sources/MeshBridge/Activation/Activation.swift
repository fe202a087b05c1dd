import ECSClient
import Foundation

/// An SSM activation for registering on-prem hosts as ECS Anywhere instances, and the
/// install command AWS documents for it.
///
/// The activation code is a secret (it registers hosts into the account): neither
/// ``description`` nor the mirror (`dump`) shows it, and neither does any error this module
/// throws; only ``installCommand`` holds it, for the operator to run on the host.
public struct ECSAnywhereActivation: Sendable, Hashable, CustomStringConvertible, CustomReflectable
{
  /// The activation's ID, which a host registers with (not secret).
  public let activationID: String
  /// The secret code.
  public let activationCode: String
  /// The AWS region of the activation and of the cluster.
  public let region: String
  /// The ECS cluster the hosts join.
  public let cluster: String

  /// The command that installs the SSM and ECS agents on a host and registers it: AWS's
  /// `ecs-anywhere-install-latest.sh` with this activation, region and cluster.
  public var installCommand: String {
    """
    curl --proto "https" -o "/tmp/ecs-anywhere-install.sh" "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh" && sudo bash /tmp/ecs-anywhere-install.sh --region "\(region)" --cluster "\(cluster)" --activation-id "\(activationID)" --activation-code "\(activationCode)"
    """
  }

  public var customMirror: Mirror {
    Mirror(
      self,
      children: [
        ("activationID", activationID as Any),
        ("activationCode", SensitiveData.redact(activationCode)),
        ("region", region as Any), ("cluster", cluster as Any),
      ] as [Mirror.Child], displayStyle: .struct)
  }

  public var description: String {
    "ECSAnywhereActivation(\(activationID), cluster \(cluster), \(region), code redacted)"
  }
}

/// Creates activations through SSM.
public struct ECSAnywhereActivator: Sendable {
  /// The SSM client activations are created through.
  public let ssm: SSM
  /// The region of the activations, the client's.
  public let region: String

  /// An activator through the SSM client of `configuration`.
  public init(configuration: AWSClientConfiguration) {
    ssm = SSM(configuration: configuration)
    region = configuration.region
  }

  /// Creates an activation for `cluster`'s hosts.
  /// - Parameters:
  ///   - role: The IAM role the hosts assume (AWS's guide names it `ecsAnywhereRole`;
  ///     it needs `AmazonSSMManagedInstanceCore` and `AmazonEC2ContainerServiceforEC2Role`).
  ///   - registrationLimit: How many hosts may register with it.
  ///   - expiration: When it stops working (SSM allows up to 30 days).
  /// - Throws: `AWSError` from SSM.
  public func activate(
    cluster: String, role: String = "ecsAnywhereRole", registrationLimit: Int = 1,
    expiration: Date? = nil, defaultInstanceName: String? = nil
  ) async throws -> ECSAnywhereActivation {
    let result = try await ssm.createActivation(
      .init(
        iamRole: role, description: "ECS Anywhere hosts of cluster \(cluster)",
        defaultInstanceName: defaultInstanceName ?? cluster, registrationLimit: registrationLimit,
        expirationDate: expiration,
        tags: [.init(key: "ecs-cluster", value: cluster)]))
    guard let id = result.activationId, let code = result.activationCode else {
      throw AWSError(
        .invalidResponse, errorCode: "MissingActivation",
        message: "CreateActivation answered without an activation id and code")
    }
    return ECSAnywhereActivation(
      activationID: id, activationCode: code, region: region, cluster: cluster)
  }
}
