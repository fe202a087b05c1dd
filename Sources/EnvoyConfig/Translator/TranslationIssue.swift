import Foundation
import MeshModel
public import YAMLCoding

/// What the translator could not express, with the resource and field at fault.
///
/// As an error it stops translation; as a warning (``SidecarTranslation/warnings``) it
/// says what was left out and why, so nothing is ever dropped silently.
///
/// ```
/// VirtualService shop/reviews: spec.http[0].fault.delay: only fixedDelay is supported (exponentialDelay is not in Envoy's fault filter)
/// ```
public struct TranslationIssue: Error, Sendable, Hashable, CustomStringConvertible {
  /// The kind of problem. New codes may be added in any release: a `switch` over codes
  /// needs a `default`.
  public struct Code: Hashable, Sendable, CustomStringConvertible {
    /// The code's name, as printed.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// An Istio setting that sidecars made by this SDK do not carry out (left out with a
    /// warning, or refused when leaving it out would change what the resource means).
    public static let unsupported = Code("unsupported")
    /// A setting that needs Istio's control plane or its traffic capture: credentials
    /// from Kubernetes secrets, passthrough to the original destination, `ALLOW_ANY`.
    public static let needsControlPlane = Code("needsControlPlane")
    /// A destination host, port or subset that no resource defines, or that is out of
    /// the workload's scope.
    public static let invalidReference = Code("invalidReference")
    /// A namespace or service account that cannot be part of a SPIFFE ID.
    public static let invalidIdentity = Code("invalidIdentity")
    /// A value the translator cannot use: a missing destination, a redirect code Envoy
    /// does not send, a condition without values, an option that is not `host:port`.
    public static let invalidValue = Code("invalidValue")
    /// Resources that claim the same host, port or workload; the one left out is named.
    public static let conflict = Code("conflict")

    public var description: String { name }
  }

  /// What kind of problem this is.
  public var code: Code
  /// `Kind namespace/name`, such as `VirtualService shop/reviews`, or `options` for
  /// ``SidecarOptions``.
  public var resource: String
  /// The field in the resource, such as `spec.http[0].fault.delay.exponentialDelay`.
  public var field: YAMLPath
  /// What is wrong or left out.
  public var message: String

  /// Creates an issue.
  /// - Parameters:
  ///   - code: What kind of problem this is.
  ///   - resource: `Kind namespace/name` of the resource at fault.
  ///   - field: The field at fault in that resource.
  ///   - message: What is wrong or left out.
  public init(_ code: Code, resource: String, field: YAMLPath, message: String) {
    self.code = code
    self.resource = resource
    self.field = field
    self.message = message
  }

  /// `resource: field: message`.
  public var description: String { "\(resource): \(field): \(message)" }
}

extension Resource {
  /// `Kind namespace/name`, as messages name resources.
  var reference: String {
    "\(kind) \(metadata.namespace ?? "default")/\(metadata.name ?? "")"
  }
}
