import Foundation

extension MotoServer {
  /// How a ``MotoServer`` starts: which Python, which region, how many EC2 instances.
  public struct Options: Sendable, Hashable {
    /// The Python interpreter that has moto's server; nil (the default) looks for one:
    /// `MESHBRIDGE_PYTHON`, then `.venv/bin/python` in the current directory (the
    /// package's root under `swift test`), then `python3` on `PATH`.
    public var python: URL?
    /// The region of ``MotoServer/configuration`` and of the EC2 instances; `us-east-1`
    /// by default.
    public var region: String
    /// EC2 instances to start, for ECS container instances on EC2
    /// (``MotoServer/ec2InstanceIDs``); none by default. ECS Anywhere's on-prem hosts need
    /// none (``ECSAnywhereCluster``).
    public var ec2Instances: Int
    /// How long moto may take to start and the bootstrap to finish; 60 seconds by default
    /// (moto imports in one to three seconds on a quiet machine).
    public var startTimeout: Duration

    /// Creates options; each parameter's default is its property's.
    public init(
      python: URL? = nil, region: String = "us-east-1", ec2Instances: Int = 0,
      startTimeout: Duration = .seconds(60)
    ) {
      self.python = python
      self.region = region
      self.ec2Instances = ec2Instances
      self.startTimeout = startTimeout
    }

    /// Throws when an option is out of range.
    func validate() throws {
      guard !region.isEmpty else {
        throw MotoServerError(.invalidOptions, message: "the region is empty")
      }
      guard (0...100).contains(ec2Instances) else {
        throw MotoServerError(
          .invalidOptions, message: "ec2Instances is \(ec2Instances), not in 0...100")
      }
      guard startTimeout > .zero else {
        throw MotoServerError(.invalidOptions, message: "startTimeout is \(startTimeout)")
      }
    }
  }
}
