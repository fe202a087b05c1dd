import Foundation

/// One check across the inventory, as one of istioctl's analyzers is.
public protocol Analyzer: Sendable {
  /// A short name (`virtualservice.DestinationHosts`), for listing and for timing.
  var name: String { get }
  /// The kinds of finding it reports.
  var messageTypes: [MessageType] { get }
  /// Adds its findings about `inventory` to `report`.
  func analyze(_ inventory: Inventory, into report: inout AnalysisReport)
}

/// The findings of a run, as the analyzers add them.
public struct AnalysisReport: Sendable {
  /// The findings, in the order they were added (duplicates kept).
  public private(set) var messages: [AnalysisMessage] = []

  /// An empty report.
  public init() {}

  /// Adds a finding about `object`.
  public mutating func add(
    _ type: MessageType, _ arguments: [String], about object: InventoryObject
  ) {
    messages.append(type.message(arguments, resource: object.reference, origin: object.origin))
  }
}

/// Runs analyzers over an inventory.
///
/// ```swift
/// let mesh = MeshLoader().load(bytes, file: "mesh.yaml")
/// let messages = MeshAnalysis.run(mesh.inventory)
/// for message in messages { print(message) }   // Error [IST0101] (VirtualService ...) ...
/// ```
public enum MeshAnalysis {
  /// Every analyzer, istioctl's and this SDK's own.
  public static let analyzers: [any Analyzer] = [
    SchemaValidationAnalyzer(), VirtualServiceAnalyzer(), ConflictingMeshGatewayHostsAnalyzer(),
    DestinationRuleTLSAnalyzer(), GatewayAnalyzer(), SelectorConflictAnalyzer(),
    NoMatchingWorkloadsAnalyzer(), ServiceEntryAddressesAnalyzer(), ApplicationUIDAnalyzer(),
    TelemetryProviderAnalyzer(), WorkloadEntryPortsAnalyzer(), WorkloadIdentityAnalyzer(),
    ServiceEntryHostConflictAnalyzer(), DuplicateResourceAnalyzer(),
  ]

  /// The findings of `analyzers` over `inventory`, minus those the resources suppress
  /// with the `galley.istio.io/analyze-suppress` annotation, in a stable order: by file
  /// and line, then resource, then code.
  public static func run(_ inventory: Inventory, analyzers: [any Analyzer] = analyzers)
    -> [AnalysisMessage]
  {
    var report = AnalysisReport()
    for analyzer in analyzers { analyzer.analyze(inventory, into: &report) }
    var seen: Set<AnalysisMessage> = []
    return report.messages.filter { message in
      guard seen.insert(message).inserted else { return false }
      return !(inventory.suppressedCodes[message.resource]?.contains(message.code) ?? false)
    }
    .sorted(by: Self.order)
  }

  /// IST0106 messages for documents that did not decode at all, as istioctl reports them
  /// (the validation issues of resources that did decode are the analyzers' to report).
  public static func messages(for issues: [LocatedIssue]) -> [AnalysisMessage] {
    issues.compactMap { issue in
      guard case .decoding = issue.code else { return nil }
      let origin = ResourceOrigin(
        file: issue.file, line: issue.mark.line, column: issue.mark.column)
      // YAMLError's summary: the document, the place, the code, the field.
      let field = issue.path.components.isEmpty ? "" : "\(issue.path): "
      let summary =
        "document \(issue.documentIndex + 1): \(issue.mark): error: \(issue.code): "
        + field + issue.message
      return MessageType.schemaValidationError.message(
        [summary],
        resource: issue.resource
          ?? ResourceReference(kind: "Document", namespace: nil, name: origin.description),
        origin: origin)
    }
  }

  /// The order findings are reported in: by file and line, then resource, then code.
  public static func order(_ lhs: AnalysisMessage, _ rhs: AnalysisMessage) -> Bool {
    let left = (
      lhs.origin?.file ?? "", lhs.origin?.line ?? 0, lhs.resource.description, lhs.code, lhs.message
    )
    let right = (
      rhs.origin?.file ?? "", rhs.origin?.line ?? 0, rhs.resource.description, rhs.code, rhs.message
    )
    return left < right
  }
}

/// `--suppress "IST0102=Namespace frod"`: a code, a kind, and a resource name as
/// `name.namespace` (or `name` for cluster-scoped kinds) where `*` matches any run of
/// characters.
public struct AnalysisSuppression: Sendable, Hashable {
  /// The message code it suppresses, such as `IST0102`.
  public var code: String
  /// The kind of resource it applies to, such as `Namespace`.
  public var kind: String
  /// The resource name, `name.namespace` or `name`, where `*` matches any run of characters.
  public var pattern: String

  /// Parses `CODE=Kind name.namespace`; nil when the text has another form.
  public init?(_ text: String) {
    let parts = text.split(separator: "=", maxSplits: 1)
    guard parts.count == 2 else { return nil }
    let target = parts[1].split(separator: " ", maxSplits: 1)
    guard target.count == 2, !parts[0].isEmpty else { return nil }
    code = String(parts[0]).trimmingCharacters(in: .whitespaces)
    kind = String(target[0])
    pattern = String(target[1]).trimmingCharacters(in: .whitespaces)
  }

  /// Whether it suppresses `message`.
  public func matches(_ message: AnalysisMessage) -> Bool {
    guard message.code == code, message.resource.kind == kind else { return false }
    let name =
      message.resource.namespace.map { "\(message.resource.name).\($0)" } ?? message.resource.name
    return Self.glob(pattern[...], name[...])
  }

  private static func glob(_ pattern: Substring, _ text: Substring) -> Bool {
    guard let first = pattern.first else { return text.isEmpty }
    if first == "*" {
      let rest = pattern.dropFirst()
      var suffix = text[...]
      while true {
        if glob(rest, suffix) { return true }
        guard !suffix.isEmpty else { return false }
        suffix = suffix.dropFirst()
      }
    }
    guard let character = text.first, character == first else { return false }
    return glob(pattern.dropFirst(), text.dropFirst())
  }
}
