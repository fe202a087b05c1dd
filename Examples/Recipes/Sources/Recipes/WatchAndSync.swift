import ECSClient
import Foundation
import MeshBridge
import MeshModel

/// Follows a cluster as tasks start, move and stop, keeping a directory of mesh resources
/// current: the first round writes everything, each later round only what changed.
/// Throttling and server errors are waited out with a growing pause; a refusal (a missing
/// permission) ends the watch with AWS's error.
/// - Parameters:
///   - cluster: The cluster to follow.
///   - mapping: How tasks become mesh resources.
///   - configuration: Where ECS is and whose credentials sign the calls.
///   - directory: The directory kept current.
///   - interval: The pause between rounds.
///   - changes: How many changes to apply before returning; a service runs without a
///     bound and ends when its task is cancelled.
/// - Returns: The changes applied, in order.
public func watchAndSync(
  _ cluster: String, mapping: MeshMapping, configuration: AWSClientConfiguration,
  directory: URL, interval: TimeInterval = 30, changes: Int = .max
) async throws -> [ResourceDiff] {
  var applied: [ResourceDiff] = []
  // snippet: watch-and-sync
  let discovery = ECSDiscovery(configuration: configuration)
  let sink = ResourceDirectory(directory)  // or KubectlSink(arguments: ["--context=mesh"])
  let watch = discovery.watch(cluster: cluster, mapping: mapping, interval: interval) {
    failure in print("waiting out:", failure)
  }
  for try await change in watch.prefix(changes) {
    try await sink.apply(change)
    applied.append(change)
  }
  // end snippet
  return applied
}
