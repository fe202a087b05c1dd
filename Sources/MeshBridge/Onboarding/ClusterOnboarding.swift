import ECSClient
import EnvoyConfig
import Foundation
import MeshModel
import MeshPKI

/// A whole cluster into the mesh in one pass: discovery, the mesh resources (validated
/// and analyzed), and an onboarding bundle for every workload.
///
/// ```swift
/// let onboarding = ClusterOnboarding(
///   discovery: ECSDiscovery(configuration: try AWSClientConfiguration()),
///   mapping: MeshMapping(namespace: "shop"), authority: authority,
///   options: BundleOptions())
/// let report = try await onboarding.onboard(cluster: "onprem-east", into: output)
/// ```
///
/// The directory gets `resources/NAMESPACE/KIND.NAME.yaml` (kept equal to the cluster's
/// resources, as ``ResourceDirectory`` does) and `bundles/WORKLOAD/` for each WorkloadEntry.
public struct ClusterOnboarding: Sendable {
  /// Finds the cluster's tasks, services and instances.
  public var discovery: ECSDiscovery
  /// How discovered tasks and services become mesh resources.
  public var mapping: MeshMapping
  /// The CA that issues each workload's SVID.
  public var authority: CertificateAuthority
  /// The mesh's own resources (routing, security, telemetry) that the sidecars are
  /// configured from besides the discovered ones.
  public var resources: [MeshResource]
  /// The bundles' options. Sidecars that share a host (host network mode) cannot share
  /// ports: the k-th workload of a host (by name) gets `options.sidecar`'s admin, outbound
  /// and Prometheus ports plus 100·k.
  public var options: BundleOptions
  /// Whether every sidecar will run on one machine (a demo), so that ports are kept apart
  /// across all workloads rather than per host.
  public var oneMachine: Bool
  /// How many bundles are written at once. A bundle's write mostly waits for the disk
  /// (each file is flushed before the bundle is renamed into place), so a few in flight
  /// keep both the disk and the cores busy. Bundles are reported in the same order
  /// whatever the width.
  public var concurrentBundleWrites = 4

  /// Creates an onboarding; every parameter is the property of the same name.
  public init(
    discovery: ECSDiscovery, mapping: MeshMapping, authority: CertificateAuthority,
    resources: [MeshResource] = [], options: BundleOptions, oneMachine: Bool = false
  ) {
    self.discovery = discovery
    self.mapping = mapping
    self.authority = authority
    self.resources = resources
    self.options = options
    self.oneMachine = oneMachine
  }

  /// How far apart the ports of two sidecars on one host are.
  public static let portStride: UInt32 = 100

  /// Discovers `cluster` and writes its resources and bundles under `directory`.
  /// - Throws: ``OnboardingError`` (``OnboardingError/Code/invalidResources``) when the
  ///   resources are invalid (nothing is written
  ///   then), the errors of discovery (`AWSError`), of the files (``SyncError``,
  ///   ``BundleError``) and of issuing (`PKIError`); a translation problem of one workload
  ///   is in the report instead, and the others are still onboarded.
  public func onboard(cluster: String, into directory: URL) async throws -> OnboardingReport {
    let found = try await discovery.discover(cluster: cluster)
    let discovered = mapping.resources(for: found)
    let all = discovered + resources
    let problems = all.flatMap { resource in
      resource.validate().map {
        OnboardingError.Problem(resource: resourceName(resource), issue: $0)
      }
    }
    guard problems.isEmpty else {
      throw OnboardingError(
        .invalidResources, cluster: cluster,
        message: "the mesh resources of \(cluster) are not valid", problems: problems)
    }
    // One index of the mesh, read by the analyzers and the translator alike.
    let inventory = Inventory(
      all.map { InventoryObject(.mesh($0)) }, clusterDomain: options.sidecar.clusterDomain,
      rootNamespace: options.sidecar.rootNamespace)
    let analysis = MeshAnalysis.run(inventory).sorted(by: MeshAnalysis.order)

    let written = try await ResourceDirectory(directory.appendingPathComponent("resources"))
      .synchronize(to: discovered)
    let entries = discovered.compactMap { resource -> WorkloadEntry? in
      if case .workloadEntry(let entry) = resource { return entry }
      return nil
    }
    // Ports are given out in the workloads' order, before any bundle is written.
    var jobs: [BundleJob] = []
    var onHost: [String: UInt32] = [:]
    for (index, entry) in entries.enumerated() {
      let host = oneMachine ? "" : entry.spec.address ?? ""
      let offset = Self.portStride * onHost[host, default: 0]
      onHost[host, default: 0] += 1
      var options = options
      options.sidecar.adminPort += offset
      options.sidecar.outboundHTTPPort += offset
      options.sidecar.prometheusPort = options.sidecar.prometheusPort.map { $0 + offset }
      let name = entry.metadata.name ?? "workload-\(index)"
      jobs.append(
        BundleJob(
          entry: entry, name: name,
          bundle: directory.appendingPathComponent("bundles").appendingPathComponent(name),
          options: options))
    }
    // One index of the mesh for every bundle.
    let translator = SidecarTranslator(inventory: inventory, options: options.sidecar)
    let authority = authority
    let outcomes = try await BlockingWork.map(jobs, width: concurrentBundleWrites) {
      job -> Result<OnboardedWorkload, TranslationIssue> in
      do {
        let manifest = try OnboardingBundle.write(
          for: SidecarWorkload(entry: job.entry), translator: translator, authority: authority,
          to: job.bundle, options: job.options)
        return .success(
          OnboardedWorkload(
            entry: job.entry, bundle: job.bundle, manifest: manifest, sidecar: job.options.sidecar
          ))
      } catch let issue as TranslationIssue {
        return .failure(issue)
      }
    }
    var bundles: [OnboardedWorkload] = []
    var failed: [String: String] = [:]
    for (job, outcome) in zip(jobs, outcomes) {
      switch outcome {
      case .success(let workload): bundles.append(workload)
      case .failure(let issue): failed[job.name] = "\(issue)"
      }
    }
    return OnboardingReport(
      discovery: found, resources: discovered, written: written, analysis: analysis,
      bundles: bundles, failed: failed)
  }
}

/// What ``ClusterOnboarding`` found and wrote.
public struct OnboardingReport: Sendable {
  /// What discovery found, skipped tasks and instances included.
  public var discovery: ClusterDiscovery
  /// The discovered resources: a ServiceEntry per service, a WorkloadEntry per task.
  public var resources: [MeshResource]
  /// What changed in the `resources` directory.
  public var written: ResourceDiff
  /// The analyzers' messages over the discovered and the mesh's own resources.
  public var analysis: [AnalysisMessage]
  /// The bundles written, one per workload that could be translated.
  public var bundles: [OnboardedWorkload]
  /// Workloads without a bundle, by name, with why.
  public var failed: [String: String]
}

/// A workload and its bundle.
public struct OnboardedWorkload: Sendable {
  /// The workload's WorkloadEntry.
  public var entry: WorkloadEntry
  /// The bundle's directory.
  public var bundle: URL
  /// The bundle's manifest: its files and the SVID's validity.
  public var manifest: BundleManifest
  /// The sidecar's options in the bundle, with its ports.
  public var sidecar: SidecarOptions

  /// The ECS task the workload is, from the entry's annotation.
  public var taskArn: String? { entry.metadata.annotations?["ecs.amazonaws.com/task-arn"] }
}

/// Onboarding that stopped before writing anything: discovered or given resources that do
/// not pass Istio's validation rules, each problem with its resource and field.
///
/// ```
/// OnboardingError.invalidResources: the mesh resources of onprem-east are not valid:
///   PeerAuthentication shop/strict: spec.portLevelMtls: port number must be in the range 1..65535
/// ```
public struct OnboardingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of failure. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Discovered or given resources break Istio's validation rules (``OnboardingError/problems``).
    public static let invalidResources = Code("invalidResources")

    /// The code's name.
    public var description: String { name }
  }

  /// One validation problem: the resource it is in, and the issue (field and reason).
  public struct Problem: Sendable, Hashable, CustomStringConvertible {
    /// The resource, as `Kind namespace/name`.
    public var resource: String
    /// What is wrong, and where in the resource.
    public var issue: ValidationIssue

    /// Creates a problem; every parameter is the property of the same name.
    public init(resource: String, issue: ValidationIssue) {
      self.resource = resource
      self.issue = issue
    }

    /// `Kind namespace/name: issue`.
    public var description: String { "\(resource): \(issue)" }
  }

  /// What failed.
  public var code: Code
  /// The cluster being onboarded.
  public var cluster: String
  /// What was wrong, in a sentence.
  public var message: String
  /// Each problem, naming the resource and the field.
  public var problems: [Problem]

  /// Creates an error; every parameter is the property of the same name.
  public init(_ code: Code, cluster: String, message: String, problems: [Problem] = []) {
    self.code = code
    self.cluster = cluster
    self.message = message
    self.problems = problems
  }

  /// `OnboardingError.<code>: message`, then each problem on a line of its own.
  public var description: String {
    (["OnboardingError.\(code): \(message)" + (problems.isEmpty ? "" : ":")]
      + problems.map { "  \($0)" }).joined(separator: "\n")
  }
}

/// One workload's bundle to write: where, and with which ports.
private struct BundleJob: Sendable {
  var entry: WorkloadEntry
  var name: String
  var bundle: URL
  var options: BundleOptions
}
