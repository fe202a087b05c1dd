import Foundation

extension Envoy {
  /// The `typed_config` messages this module models, by type URL, for decoding.
  enum TypedConfigRegistry {
    static let builtIn: [String: any EnvoyTypedConfig.Type] = {
      let types: [any EnvoyTypedConfig.Type] = [
        HTTPConnectionManager.self, Router.self, HTTPFault.self, CORSFilter.self, CORSPolicy.self,
        TCPProxy.self, TLSInspector.self, HTTPInspector.self, OriginalDestination.self,
        UpstreamTLSContext.self, DownstreamTLSContext.self, Secret.self, HTTPRBAC.self,
        NetworkRBAC.self, FileAccessLog.self, StdoutAccessLog.self, ZipkinConfig.self,
        OpenTelemetryConfig.self, HTTPProtocolOptions.self, PreviousHostsPredicate.self,
        FixedHeapConfig.self, CELExpressionFilter.self,
      ]
      return Dictionary(uniqueKeysWithValues: types.map { ($0.typeURL, $0) })
    }()

    static func type(for url: String, extra: [any EnvoyTypedConfig.Type])
      -> (any EnvoyTypedConfig.Type)?
    {
      extra.first { $0.typeURL == url } ?? builtIn[url]
    }
  }
}
