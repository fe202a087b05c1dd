/// The spec of a Gateway: a load balancer at the mesh's edge and the ports and hosts it serves.
///
/// Fields and spellings follow Istio's `networking.istio.io/v1` `Gateway`.
public struct GatewaySpec: Codable, Sendable, Hashable {
  /// The ports the gateway listens on and what it serves there.
  public var servers: [Server]?
  /// Labels of the gateway workloads that apply this configuration.
  public var selector: [String: String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    servers: [Server]? = nil,
    selector: [String: String]? = nil
  ) {
    self.servers = servers
    self.selector = selector
  }
}

/// A port of a gateway and the hosts served on it.
public struct Server: Codable, Sendable, Hashable {
  /// The port, its protocol and name.
  public var port: Port
  /// The address to bind to; all when empty.
  public var bind: String?
  /// Hosts served, optionally `namespace/host`.
  public var hosts: [String]?
  /// TLS settings.
  public var tls: ServerTLSSettings?
  /// Where traffic goes by default (`127.0.0.1:PORT`).
  public var defaultEndpoint: String?
  /// A name for the server.
  public var name: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    port: Port,
    bind: String? = nil,
    hosts: [String]? = nil,
    tls: ServerTLSSettings? = nil,
    defaultEndpoint: String? = nil,
    name: String? = nil
  ) {
    self.port = port
    self.bind = bind
    self.hosts = hosts
    self.tls = tls
    self.defaultEndpoint = defaultEndpoint
    self.name = name
  }
}

extension Server {
  /// A port of a gateway server: its number, protocol and name.
  public struct Port: Codable, Sendable, Hashable {
    /// The port number, 1 to 65535.
    public var number: UInt32
    /// HTTP, HTTPS, GRPC, GRPC-WEB, HTTP2, MONGO, TCP, TLS or UDP.
    public var `protocol`: String
    /// A label for the port.
    public var name: String
    /// The port on the endpoints, when it differs.
    public var targetPort: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      number: UInt32,
      `protocol`: String,
      name: String,
      targetPort: UInt32? = nil
    ) {
      self.number = number
      self.protocol = `protocol`
      self.name = name
      self.targetPort = targetPort
    }
  }
}

/// TLS settings of a server port.
public struct ServerTLSSettings: Codable, Sendable, Hashable {
  /// Redirect plain HTTP requests to HTTPS.
  public var httpsRedirect: Bool?
  /// How TLS is terminated or passed through.
  public var mode: ServerTLSMode?
  /// Server certificate file.
  public var serverCertificate: String?
  /// Private key file.
  public var privateKey: String?
  /// CA certificates file for verifying clients.
  public var caCertificates: String?
  /// Certificate revocation list file.
  public var caCrl: String?
  /// Secret holding the certificate and key.
  public var credentialName: String?
  /// Secrets holding certificates and keys, one per key type.
  public var credentialNames: [String]?
  /// Secret holding the CA certificates.
  public var caCertCredentialName: String?
  /// Certificates and keys, for several key types.
  public var tlsCertificates: [TLSCertificate]?
  /// Names accepted in client certificates.
  public var subjectAltNames: [String]?
  /// Base64 SHA-256 hashes of accepted client public keys.
  public var verifyCertificateSpki: [String]?
  /// Hex SHA-256 hashes of accepted client certificates.
  public var verifyCertificateHash: [String]?
  /// Lowest TLS version accepted.
  public var minProtocolVersion: TLSProtocolVersion?
  /// Highest TLS version accepted.
  public var maxProtocolVersion: TLSProtocolVersion?
  /// Cipher suites accepted.
  public var cipherSuites: [String]?
  /// Skip verifying client certificates.
  public var insecureSkipVerify: Bool?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    httpsRedirect: Bool? = nil,
    mode: ServerTLSMode? = nil,
    serverCertificate: String? = nil,
    privateKey: String? = nil,
    caCertificates: String? = nil,
    caCrl: String? = nil,
    credentialName: String? = nil,
    credentialNames: [String]? = nil,
    caCertCredentialName: String? = nil,
    tlsCertificates: [TLSCertificate]? = nil,
    subjectAltNames: [String]? = nil,
    verifyCertificateSpki: [String]? = nil,
    verifyCertificateHash: [String]? = nil,
    minProtocolVersion: TLSProtocolVersion? = nil,
    maxProtocolVersion: TLSProtocolVersion? = nil,
    cipherSuites: [String]? = nil,
    insecureSkipVerify: Bool? = nil
  ) {
    self.httpsRedirect = httpsRedirect
    self.mode = mode
    self.serverCertificate = serverCertificate
    self.privateKey = privateKey
    self.caCertificates = caCertificates
    self.caCrl = caCrl
    self.credentialName = credentialName
    self.credentialNames = credentialNames
    self.caCertCredentialName = caCertCredentialName
    self.tlsCertificates = tlsCertificates
    self.subjectAltNames = subjectAltNames
    self.verifyCertificateSpki = verifyCertificateSpki
    self.verifyCertificateHash = verifyCertificateHash
    self.minProtocolVersion = minProtocolVersion
    self.maxProtocolVersion = maxProtocolVersion
    self.cipherSuites = cipherSuites
    self.insecureSkipVerify = insecureSkipVerify
  }
}

/// How a server port handles TLS.
public enum ServerTLSMode: String, Codable, Sendable, Hashable, CaseIterable {
  /// Routes on SNI without terminating.
  case passthrough = "PASSTHROUGH"
  /// Terminates TLS.
  case simple = "SIMPLE"
  /// Terminates TLS and requires client certificates.
  case mutual = "MUTUAL"
  /// Routes on SNI to the service encoded in it.
  case autoPassthrough = "AUTO_PASSTHROUGH"
  /// Mutual TLS with the mesh's certificates.
  case istioMutual = "ISTIO_MUTUAL"
  /// Mutual TLS when the client offers a certificate.
  case optionalMutual = "OPTIONAL_MUTUAL"
}

/// A TLS protocol version.
public enum TLSProtocolVersion: String, Codable, Sendable, Hashable, CaseIterable {
  /// Envoy chooses.
  case tlsAuto = "TLS_AUTO"
  /// TLS 1.0.
  case tls10 = "TLSV1_0"
  /// TLS 1.1.
  case tls11 = "TLSV1_1"
  /// TLS 1.2.
  case tls12 = "TLSV1_2"
  /// TLS 1.3.
  case tls13 = "TLSV1_3"
}

/// A server certificate and key.
public struct TLSCertificate: Codable, Sendable, Hashable {
  /// Server certificate file.
  public var serverCertificate: String?
  /// Private key file.
  public var privateKey: String?
  /// CA certificates file.
  public var caCertificates: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    serverCertificate: String? = nil,
    privateKey: String? = nil,
    caCertificates: String? = nil
  ) {
    self.serverCertificate = serverCertificate
    self.privateKey = privateKey
    self.caCertificates = caCertificates
  }
}
