import ECSClient
import Foundation
import MeshBridge
import MeshModel

/// Discovers an ECS cluster's tasks (ECS Anywhere hosts and tasks in AWS) and keeps their
/// mesh resources, one WorkloadEntry per task and one ServiceEntry per service, as YAML
/// files in a directory for `kubectl apply -f` or a GitOps repository.
/// - Parameters:
///   - cluster: The cluster's name or ARN.
///   - namespace: The mesh namespace the resources go into.
///   - configuration: Where ECS is and whose credentials sign the calls;
///     `AWSClientConfiguration()` finds them as the AWS SDKs do.
///   - directory: Where the files go; files of resources no longer there are deleted.
/// - Returns: What the directory gained, changed and lost.
/// - Throws: `AWSError` when a call fails after its retries (with AWS's error code),
///   `SyncError` when a file cannot be written.
public func discoverCluster(
  _ cluster: String, namespace: String, configuration: AWSClientConfiguration,
  writingTo directory: URL
) async throws -> ResourceDiff {
  // snippet: discover-cluster
  let discovery = ECSDiscovery(configuration: configuration)
  let found = try await discovery.discover(cluster: cluster)
  for task in found.skipped {
    print("left out:", task)  // a task without a host address, say, and why
  }
  let resources = MeshMapping(namespace: namespace).resources(for: found)
  let written = try await ResourceDirectory(directory).synchronize(to: resources)
  // end snippet
  return written
}
