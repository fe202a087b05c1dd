import Foundation

extension Envoy {
  /// `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`: TLS to an upstream.
  public struct UpstreamTLSContext: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"

    public var commonTLSContext: CommonTLSContext
    /// SNI sent to the upstream.
    public var sni: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(commonTLSContext: CommonTLSContext, sni: String? = nil) {
      self.commonTLSContext = commonTLSContext
      self.sni = sni
    }

    enum CodingKeys: String, CodingKey {
      case commonTLSContext = "common_tls_context"
      case sni
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`: TLS for accepted
  /// connections.
  public struct DownstreamTLSContext: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext"

    public var commonTLSContext: CommonTLSContext
    /// Mutual TLS: the client must present a certificate the validation context accepts.
    public var requireClientCertificate: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(commonTLSContext: CommonTLSContext, requireClientCertificate: Bool? = nil) {
      self.commonTLSContext = commonTLSContext
      self.requireClientCertificate = requireClientCertificate
    }

    enum CodingKeys: String, CodingKey {
      case commonTLSContext = "common_tls_context"
      case requireClientCertificate = "require_client_certificate"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.CommonTlsContext`.
  public struct CommonTLSContext: Codable, Sendable, Hashable {
    public var tlsParams: TLSParameters?
    public var tlsCertificates: [TLSCertificateConfig]?
    public var tlsCertificateSDSSecretConfigs: [SDSSecretConfig]?
    public var validationContext: CertificateValidationContext?
    public var validationContextSDSSecretConfig: SDSSecretConfig?
    /// A validation context from SDS plus settings of its own (SAN matching).
    public var combinedValidationContext: CombinedValidationContext?
    public var alpnProtocols: [String]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      tlsParams: TLSParameters? = nil, tlsCertificates: [TLSCertificateConfig]? = nil,
      tlsCertificateSDSSecretConfigs: [SDSSecretConfig]? = nil,
      validationContext: CertificateValidationContext? = nil,
      validationContextSDSSecretConfig: SDSSecretConfig? = nil,
      combinedValidationContext: CombinedValidationContext? = nil, alpnProtocols: [String]? = nil
    ) {
      self.tlsParams = tlsParams
      self.tlsCertificates = tlsCertificates
      self.tlsCertificateSDSSecretConfigs = tlsCertificateSDSSecretConfigs
      self.validationContext = validationContext
      self.validationContextSDSSecretConfig = validationContextSDSSecretConfig
      self.combinedValidationContext = combinedValidationContext
      self.alpnProtocols = alpnProtocols
    }

    enum CodingKeys: String, CodingKey {
      case tlsParams = "tls_params"
      case tlsCertificates = "tls_certificates"
      case tlsCertificateSDSSecretConfigs = "tls_certificate_sds_secret_configs"
      case validationContext = "validation_context"
      case validationContextSDSSecretConfig = "validation_context_sds_secret_config"
      case combinedValidationContext = "combined_validation_context"
      case alpnProtocols = "alpn_protocols"
    }
  }

  /// `CommonTlsContext.CombinedCertificateValidationContext`.
  public struct CombinedValidationContext: Codable, Sendable, Hashable {
    public var defaultValidationContext: CertificateValidationContext
    public var validationContextSDSSecretConfig: SDSSecretConfig

    /// Creates a value; every parameter is the property of the same name.
    public init(
      defaultValidationContext: CertificateValidationContext,
      validationContextSDSSecretConfig: SDSSecretConfig
    ) {
      self.defaultValidationContext = defaultValidationContext
      self.validationContextSDSSecretConfig = validationContextSDSSecretConfig
    }

    enum CodingKeys: String, CodingKey {
      case defaultValidationContext = "default_validation_context"
      case validationContextSDSSecretConfig = "validation_context_sds_secret_config"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.TlsParameters`.
  public struct TLSParameters: Codable, Sendable, Hashable {
    /// `TLS_AUTO`, `TLSv1_0` ... `TLSv1_3`.
    public var tlsMinimumProtocolVersion: String?
    public var tlsMaximumProtocolVersion: String?
    public var cipherSuites: [String]?
    public var ecdhCurves: [String]?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      tlsMinimumProtocolVersion: String? = nil, tlsMaximumProtocolVersion: String? = nil,
      cipherSuites: [String]? = nil, ecdhCurves: [String]? = nil
    ) {
      self.tlsMinimumProtocolVersion = tlsMinimumProtocolVersion
      self.tlsMaximumProtocolVersion = tlsMaximumProtocolVersion
      self.cipherSuites = cipherSuites
      self.ecdhCurves = ecdhCurves
    }

    enum CodingKeys: String, CodingKey {
      case tlsMinimumProtocolVersion = "tls_minimum_protocol_version"
      case tlsMaximumProtocolVersion = "tls_maximum_protocol_version"
      case cipherSuites = "cipher_suites"
      case ecdhCurves = "ecdh_curves"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.TlsCertificate`: a chain and its key.
  public struct TLSCertificateConfig: Codable, Sendable, Hashable {
    public var certificateChain: DataSource
    public var privateKey: DataSource

    /// Creates a value; every parameter is the property of the same name.
    public init(certificateChain: DataSource, privateKey: DataSource) {
      self.certificateChain = certificateChain
      self.privateKey = privateKey
    }

    enum CodingKeys: String, CodingKey {
      case certificateChain = "certificate_chain"
      case privateKey = "private_key"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext`: the trusted
  /// roots and which peer identities are acceptable.
  public struct CertificateValidationContext: Codable, Sendable, Hashable {
    public var trustedCA: DataSource?
    public var matchTypedSubjectAltNames: [SubjectAltNameMatcher]?
    /// Watches the trusted CA's directory so a rotated bundle loads without a restart.
    public var watchedDirectory: WatchedDirectory?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      trustedCA: DataSource? = nil, matchTypedSubjectAltNames: [SubjectAltNameMatcher]? = nil,
      watchedDirectory: WatchedDirectory? = nil
    ) {
      self.trustedCA = trustedCA
      self.matchTypedSubjectAltNames = matchTypedSubjectAltNames
      self.watchedDirectory = watchedDirectory
    }

    enum CodingKeys: String, CodingKey {
      case trustedCA = "trusted_ca"
      case matchTypedSubjectAltNames = "match_typed_subject_alt_names"
      case watchedDirectory = "watched_directory"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher`.
  public struct SubjectAltNameMatcher: Codable, Sendable, Hashable {
    /// `EMAIL`, `DNS`, `URI`, `IP_ADDRESS`, `OTHER_NAME`.
    public var sanType: String
    public var matcher: StringMatcher

    /// Creates a value; every parameter is the property of the same name.
    public init(sanType: String, matcher: StringMatcher) {
      self.sanType = sanType
      self.matcher = matcher
    }

    /// A URI SAN (a SPIFFE ID) matched by `matcher`.
    public static func uri(_ matcher: StringMatcher) -> SubjectAltNameMatcher {
      SubjectAltNameMatcher(sanType: "URI", matcher: matcher)
    }

    enum CodingKeys: String, CodingKey {
      case sanType = "san_type"
      case matcher
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig`: a secret by name, from
  /// a config source (a watched file for a static sidecar, ADS for an xDS one).
  public struct SDSSecretConfig: Codable, Sendable, Hashable {
    public var name: String
    public var sdsConfig: ConfigSource?

    /// Creates a value; every parameter is the property of the same name.
    public init(name: String, sdsConfig: ConfigSource? = nil) {
      self.name = name
      self.sdsConfig = sdsConfig
    }

    enum CodingKeys: String, CodingKey {
      case name
      case sdsConfig = "sds_config"
    }
  }

  /// `envoy.extensions.transport_sockets.tls.v3.Secret`: a certificate or a validation
  /// context, named for SDS. Also the resource a file-based SDS source holds.
  public struct Secret: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret"

    public var name: String
    public var tlsCertificate: TLSCertificateConfig?
    public var validationContext: CertificateValidationContext?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      name: String, tlsCertificate: TLSCertificateConfig? = nil,
      validationContext: CertificateValidationContext? = nil
    ) {
      self.name = name
      self.tlsCertificate = tlsCertificate
      self.validationContext = validationContext
    }

    enum CodingKeys: String, CodingKey {
      case name
      case tlsCertificate = "tls_certificate"
      case validationContext = "validation_context"
    }
  }

  /// The file a path-based SDS source reads: `{"resources": [Secret...]}`, each with its
  /// `@type`.
  public struct SDSResourceFile: Codable, Sendable, Hashable {
    public var resources: [TypedConfig]

    /// Creates a value; every parameter is the property of the same name.
    public init(resources: [TypedConfig]) {
      self.resources = resources
    }

    /// A file holding `secrets`.
    public init(secrets: [Secret]) {
      self.init(resources: secrets.map(TypedConfig.init))
    }
  }
}
