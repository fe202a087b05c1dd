import ECSClient
import Foundation
import MeshBridge
import MeshIdentity
import MeshModel
import MeshPKI

// ScaleBenchmark discover ENDPOINT CLUSTER
//     discovers CLUSTER (ECSDiscovery) and maps it to mesh resources
// ScaleBenchmark onboard ENDPOINT CLUSTER DIR [MESH.yaml]
//     onboards CLUSTER into DIR (ClusterOnboarding: discovery, resources, a bundle per task),
//     with the mesh's own resources from MESH.yaml
// Each prints `<name>_ms=<milliseconds> tasks=<n> resources=<n> [bundles=<n>] peak_rss_kib=<n>`;
// one run per process, as the peak resident set only grows.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

/// The process's peak resident set (VmHWM), in KiB.
func peakResidentKiB() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
    return -1
  }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
      ?? -1
  }
  return -1
}

func configuration(endpoint: String) throws -> AWSClientConfiguration {
  // The benchmark's server checks no signature; AWS's documented example key.
  try AWSClientConfiguration(
    region: "us-east-1", endpoint: try AWSClientConfiguration.endpointURL(from: endpoint),
    credentials: StaticCredentialsProvider(
      AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
}

func run() async throws {
  let arguments = CommandLine.arguments
  guard arguments.count >= 4 else {
    FileHandle.standardError.write(
      Data(
        "usage: ScaleBenchmark discover ENDPOINT CLUSTER | onboard ENDPOINT CLUSTER DIR [MESH.yaml]\n"
          .utf8))
    exit(2)
  }
  let discovery = ECSDiscovery(configuration: try configuration(endpoint: arguments[2]))
  let mapping = MeshMapping(namespace: "fleet")
  let start = ContinuousClock.now
  switch arguments[1] {
  case "discover":
    let found = try await discovery.discover(cluster: arguments[3])
    let resources = mapping.resources(for: found)
    print(
      "discover_ms=\(milliseconds(since: start)) tasks=\(found.tasks.count) resources=\(resources.count) peak_rss_kib=\(peakResidentKiB())"
    )
  case "onboard" where arguments.count >= 5:
    let mesh =
      arguments.count >= 6
      ? try MeshResourceDecoder().decode(String(contentsOfFile: arguments[5], encoding: .utf8))
      : []
    let onboarding = ClusterOnboarding(
      discovery: discovery, mapping: mapping,
      authority: try CertificateAuthority.createRoot(trustDomain: TrustDomain("cluster.local")),
      resources: mesh, options: BundleOptions())
    let report = try await onboarding.onboard(
      cluster: arguments[3], into: URL(fileURLWithPath: arguments[4]))
    guard report.failed.isEmpty else {
      FileHandle.standardError.write(Data("not onboarded: \(report.failed)\n".utf8))
      exit(1)
    }
    print(
      "onboard_ms=\(milliseconds(since: start)) tasks=\(report.discovery.tasks.count) resources=\(report.resources.count) bundles=\(report.bundles.count) peak_rss_kib=\(peakResidentKiB())"
    )
  default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
  }
}

do {
  try await run()
} catch {
  FileHandle.standardError.write(Data("ScaleBenchmark: \(error)\n".utf8))
  exit(1)
}
