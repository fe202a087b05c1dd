import Foundation
import MeshModel

/// What the translator could not express, with the resource and field at fault.
///
/// As an error it stops translation; as a warning (``SidecarTranslation/warnings``) it
/// says what was left out and why, so nothing is ever dropped silently.
public struct TranslationIssue: Error, Sendable, Hashable, CustomStringConvertible {
  /// `Kind namespace/name`, such as `VirtualService shop/reviews`.
  public var resource: String
  /// The field path in the resource, such as `spec.http[0].fault.delay.exponentialDelay`.
  public var field: String
  /// What is wrong or left out.
  public var message: String

  /// Creates a value; every parameter is the property of the same name.
  public init(resource: String, field: String, message: String) {
    self.resource = resource
    self.field = field
    self.message = message
  }

  public var description: String { "\(resource): \(field): \(message)" }
}

extension Resource {
  /// `Kind namespace/name`, as messages name resources.
  var reference: String {
    "\(kind) \(metadata.namespace ?? "default")/\(metadata.name ?? "")"
  }
}
