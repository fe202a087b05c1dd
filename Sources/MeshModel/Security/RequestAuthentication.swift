/// The spec of a RequestAuthentication: which JWTs selected workloads accept.
///
/// Fields and spellings follow Istio's `security.istio.io/v1` `RequestAuthentication`.
public struct RequestAuthenticationSpec: Codable, Sendable, Hashable {
  /// Workloads the policy applies to; all in its namespace (or the mesh, in the root namespace) when absent.
  public var selector: LabelSelector?
  /// Deprecated: use `targetRefs`.
  public var targetRef: PolicyTargetReference?
  /// Gateways or services the policy is attached to; excludes `selector`.
  public var targetRefs: [PolicyTargetReference]?
  /// Accepted issuers and how their tokens are found and checked.
  public var jwtRules: [JWTRule]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    selector: LabelSelector? = nil,
    targetRef: PolicyTargetReference? = nil,
    targetRefs: [PolicyTargetReference]? = nil,
    jwtRules: [JWTRule]? = nil
  ) {
    self.selector = selector
    self.targetRef = targetRef
    self.targetRefs = targetRefs
    self.jwtRules = jwtRules
  }
}

/// An accepted JWT issuer.
public struct JWTRule: Codable, Sendable, Hashable {
  /// The issuer (`iss` claim).
  public var issuer: String
  /// Audiences accepted (`aud` claim).
  public var audiences: [String]?
  /// URL of the issuer's public key set.
  public var jwksUri: String?
  /// Deprecated snake-case spelling of `jwksUri`.
  public var legacyJwksUri: String?
  /// The public key set, inline JSON.
  public var jwks: String?
  /// Headers the token is read from.
  public var fromHeaders: [JWTHeader]?
  /// Query parameters the token is read from.
  public var fromParams: [String]?
  /// Cookies the token is read from.
  public var fromCookies: [String]?
  /// Header that receives the verified payload.
  public var outputPayloadToHeader: String?
  /// Whether the token is forwarded upstream.
  public var forwardOriginalToken: Bool?
  /// Claims copied into headers.
  public var outputClaimToHeaders: [ClaimToHeader]?
  /// Timeout for fetching the key set, a duration.
  public var timeout: String?
  /// Claims whose values are space-separated lists.
  public var spaceDelimitedClaims: [String]?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    issuer: String,
    audiences: [String]? = nil,
    jwksUri: String? = nil,
    legacyJwksUri: String? = nil,
    jwks: String? = nil,
    fromHeaders: [JWTHeader]? = nil,
    fromParams: [String]? = nil,
    fromCookies: [String]? = nil,
    outputPayloadToHeader: String? = nil,
    forwardOriginalToken: Bool? = nil,
    outputClaimToHeaders: [ClaimToHeader]? = nil,
    timeout: String? = nil,
    spaceDelimitedClaims: [String]? = nil
  ) {
    self.issuer = issuer
    self.audiences = audiences
    self.jwksUri = jwksUri
    self.legacyJwksUri = legacyJwksUri
    self.jwks = jwks
    self.fromHeaders = fromHeaders
    self.fromParams = fromParams
    self.fromCookies = fromCookies
    self.outputPayloadToHeader = outputPayloadToHeader
    self.forwardOriginalToken = forwardOriginalToken
    self.outputClaimToHeaders = outputClaimToHeaders
    self.timeout = timeout
    self.spaceDelimitedClaims = spaceDelimitedClaims
  }

  enum CodingKeys: String, CodingKey {
    case issuer
    case audiences
    case jwksUri
    case legacyJwksUri = "jwks_uri"
    case jwks
    case fromHeaders
    case fromParams
    case fromCookies
    case outputPayloadToHeader
    case forwardOriginalToken
    case outputClaimToHeaders
    case timeout
    case spaceDelimitedClaims
  }
}

/// A header a JWT is read from.
public struct JWTHeader: Codable, Sendable, Hashable {
  /// The header's name.
  public var name: String
  /// A prefix stripped before the token, such as `Bearer `.
  public var prefix: String?

  /// Creates a value; every parameter is the property of the same name.
  public init(
    name: String,
    prefix: String? = nil
  ) {
    self.name = name
    self.prefix = prefix
  }
}

/// A claim copied into a header.
public struct ClaimToHeader: Codable, Sendable, Hashable {
  /// The header's name.
  public var header: String
  /// The claim's name.
  public var claim: String

  /// Creates a value; every parameter is the property of the same name.
  public init(
    header: String,
    claim: String
  ) {
    self.header = header
    self.claim = claim
  }
}
