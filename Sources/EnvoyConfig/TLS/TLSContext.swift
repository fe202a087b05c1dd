import Foundation

extension Envoy {
  /// `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`: TLS to an upstream.
  public struct UpstreamTLSContext: EnvoyTypedConfig {
    public static let typeURL =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"

    /// `common_tls_context`: the certificate, trusted roots and TLS parameters.
    public var commonTLSContext: CommonTLSContext
    /// `sni`: the server name sent to the upstream in the handshake; none when absent.
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

    /// `common_tls_context`: the certificate, trusted roots and TLS parameters.
    public var commonTLSContext: CommonTLSContext
    /// `require_client_certificate`: mutual TLS, the client must present a certificate the
    /// validation context accepts; `false` when absent.
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
    /// `tls_params`: TLS versions, cipher suites and curves; Envoy's defaults when absent.
    public var tlsParams: TLSParameters?
    /// `tls_certificates`: the certificates presented, inline or from files; set this or
    /// `tlsCertificateSDSSecretConfigs`.
    public var tlsCertificates: [TLSCertificateConfig]?
    /// `tls_certificate_sds_secret_configs`: the certificates presented, from SDS.
    public var tlsCertificateSDSSecretConfigs: [SDSSecretConfig]?
    /// `validation_context`: how the peer's certificate is checked; set at most one of the three
    /// validation fields. The peer's certificate isn't checked when none is set.
    public var validationContext: CertificateValidationContext?
    /// `validation_context_sds_secret_config`: the validation context, from SDS.
    public var validationContextSDSSecretConfig: SDSSecretConfig?
    /// `combined_validation_context`: a validation context from SDS plus settings of its own
    /// (SAN matching).
    public var combinedValidationContext: CombinedValidationContext?
    /// `alpn_protocols`: the ALPN protocols offered (upstream) or accepted (downstream), in order
    /// of preference; none when absent.
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
    /// `default_validation_context`: settings merged into the SDS context, such as the SAN
    /// matchers.
    public var defaultValidationContext: CertificateValidationContext
    /// `validation_context_sds_secret_config`: the validation context, from SDS.
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
    /// `tls_minimum_protocol_version`: the oldest TLS version accepted: `TLS_AUTO`, `TLSv1_0`
    /// ... `TLSv1_3`; TLS 1.2 when absent.
    public var tlsMinimumProtocolVersion: String?
    /// `tls_maximum_protocol_version`: the newest TLS version used; Envoy's default (TLS 1.3 for
    /// servers) when absent.
    public var tlsMaximumProtocolVersion: String?
    /// `cipher_suites`: the TLS 1.2 cipher suites allowed, in BoringSSL's names; Envoy's list when
    /// absent.
    public var cipherSuites: [String]?
    /// `ecdh_curves`: the key-exchange curves allowed; `X25519` and `P-256` when absent.
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
    /// `certificate_chain`: the certificate chain, PEM.
    public var certificateChain: DataSource
    /// `private_key`: the chain's private key, PEM.
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
    /// `trusted_ca`: the root certificates, PEM, the peer's chain must lead to; the chain isn't
    /// verified when absent.
    public var trustedCA: DataSource?
    /// `match_typed_subject_alt_names`: the peer's certificate must have a SAN one of these
    /// accepts; any SAN when absent.
    public var matchTypedSubjectAltNames: [SubjectAltNameMatcher]?
    /// `watched_directory`: the trusted CA's directory, watched so a rotated bundle loads
    /// without a restart.
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
    /// `san_type`: the kind of SAN matched: `EMAIL`, `DNS`, `URI`, `IP_ADDRESS`, `OTHER_NAME`.
    public var sanType: String
    /// `matcher`: how the SAN's value is matched.
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
    /// `name`: the secret's name, as the SDS source knows it.
    public var name: String
    /// `sds_config`: where the secret comes from; a static secret of the bootstrap when absent.
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

    /// `name`: the secret's name, the one SDS configurations ask for.
    public var name: String
    /// `tls_certificate`: a certificate and key; set this or `validationContext`.
    public var tlsCertificate: TLSCertificateConfig?
    /// `validation_context`: trusted roots and peer checks.
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
    /// `resources`: the secrets, each typed as ``Secret``.
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
