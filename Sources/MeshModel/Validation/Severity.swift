/// How serious a problem is, for validation issues and analysis messages alike: Istio
/// rejects a resource with an error, accepts one with warnings, and info is a note.
///
/// Severities order `info < warning < error`, so a threshold is a comparison
/// (`message.severity >= .warning`). The raw value is istioctl's spelling (`Info`,
/// `Warning`, `Error`), which ``AnalysisMessage`` prints and both JSON outputs carry;
/// ``description`` is the compiler's spelling (`info`, `warning`, `error`), which
/// ``ValidationIssue`` prints. istioctl has exactly these three levels, so the set is closed.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable,
  CustomStringConvertible
{
  /// A note: nothing is wrong, but something may not do what was meant.
  case info = "Info"
  /// Istio accepts the resource, but something is likely a mistake.
  case warning = "Warning"
  /// Istio rejects the resource, or the mesh misbehaves with it.
  case error = "Error"

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }

  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

  /// `info`, `warning` or `error`, as a compiler prints a diagnostic's severity.
  public var description: String { rawValue.lowercased() }
}
