import Foundation

/// An Envoy message that can stand in a `typed_config` (a `google.protobuf.Any`): it
/// knows its type URL, and encodes its fields next to `@type`.
///
/// Conform a type of your own to put an extension this module does not model into a
/// configuration:
///
/// ```swift
/// struct Buffer: EnvoyTypedConfig {
///   static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer"
///   var maxRequestBytes: UInt32
///   enum CodingKeys: String, CodingKey { case maxRequestBytes = "max_request_bytes" }
/// }
/// let filter = Envoy.HTTPFilter(
///   name: "envoy.filters.http.buffer",
///   typedConfig: Envoy.TypedConfig(Buffer(maxRequestBytes: 1024)))
/// ```
public protocol EnvoyTypedConfig: Codable, Sendable, Hashable {
  /// `type.googleapis.com/` and the message's full protobuf name.
  static var typeURL: String { get }
}

/// An extension configuration that knows the name Envoy registers the extension by
/// (`envoy.filters.network.tcp_proxy`), so filters can be made from it alone.
public protocol NamedEnvoyExtension: EnvoyTypedConfig {
  /// The name Envoy registers the extension by, such as `envoy.filters.http.router`.
  static var extensionName: String { get }
}

extension Envoy {
  /// A `typed_config`: any ``EnvoyTypedConfig``, encoded as `{"@type": URL, ...fields}`.
  ///
  /// Decoding looks the `@type` up among the types this module models and those given in
  /// the decoder's `userInfo[.envoyTypedConfigTypes]`; an unknown type is a decoding error
  /// that names it.
  public struct TypedConfig: Codable, Sendable, Hashable {
    /// The message.
    public let value: any EnvoyTypedConfig

    /// Wraps a message.
    public init(_ value: some EnvoyTypedConfig) {
      self.value = value
    }

    /// The message's type URL.
    public var typeURL: String { type(of: value).typeURL }

    /// The message as `T`, or nil when it is another type.
    public func unwrap<T: EnvoyTypedConfig>(as type: T.Type = T.self) -> T? {
      value as? T
    }

    private struct TypeKey: CodingKey {
      var stringValue: String { "@type" }
      var intValue: Int? { nil }
      init() {}
      init?(stringValue: String) { guard stringValue == "@type" else { return nil } }
      init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
      // Both encoders this module uses hand out the same mapping when asked twice, so the
      // message's fields land next to `@type`.
      var container = encoder.container(keyedBy: TypeKey.self)
      try container.encode(typeURL, forKey: TypeKey())
      try value.encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: TypeKey.self)
      let url = try container.decode(String.self, forKey: TypeKey())
      let extra = decoder.userInfo[.envoyTypedConfigTypes] as? [any EnvoyTypedConfig.Type] ?? []
      guard let type = TypedConfigRegistry.type(for: url, extra: extra) else {
        throw DecodingError.dataCorruptedError(
          forKey: TypeKey(), in: container,
          debugDescription:
            "unknown @type \(url); give its Swift type in userInfo[.envoyTypedConfigTypes]")
      }
      value = try type.init(from: decoder)
    }

    public static func == (lhs: TypedConfig, rhs: TypedConfig) -> Bool {
      AnyHashable(lhs.value) == AnyHashable(rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
      hasher.combine(AnyHashable(value))
    }
  }
}

extension CodingUserInfoKey {
  /// `[any EnvoyTypedConfig.Type]`: extra message types ``Envoy/TypedConfig`` may decode.
  public static let envoyTypedConfigTypes = CodingUserInfoKey(
    rawValue: "EnvoyConfig.typedConfigTypes")!
}
