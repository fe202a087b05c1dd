import Foundation

extension Envoy {
  /// `envoy.config.rbac.v3.RBAC`: named policies and what a match means.
  public struct RBACRules: Codable, Sendable, Hashable {
    /// What a request that matches some policy gets.
    public enum Action: String, Codable, Sendable, Hashable {
      /// A request that matches some policy is allowed, any other denied.
      case allow = "ALLOW"
      /// A request that matches some policy is denied, any other allowed.
      case deny = "DENY"
      /// Matches are logged (`access_log_hint` metadata), never enforced.
      case log = "LOG"
    }

    /// `action`: what a match means.
    public var action: Action
    /// `policies`: the policies by name; empty with ``Action/allow`` denies everything.
    public var policies: [String: RBACPolicy]

    /// Creates a value; every parameter is the property of the same name.
    public init(action: Action, policies: [String: RBACPolicy] = [:]) {
      self.action = action
      self.policies = policies
    }
  }

  /// `envoy.config.rbac.v3.Policy`: any permission and any principal must match.
  public struct RBACPolicy: Codable, Sendable, Hashable {
    /// `permissions`: what the request may do; one of them must match.
    public var permissions: [Permission]
    /// `principals`: who may do it; one of them must match.
    public var principals: [Principal]

    /// Creates a value; every parameter is the property of the same name.
    public init(permissions: [Permission], principals: [Principal]) {
      self.permissions = permissions
      self.principals = principals
    }
  }

  /// `envoy.config.rbac.v3.Permission`: what the request does (a protobuf oneof).
  public indirect enum Permission: Codable, Sendable, Hashable {
    /// `any`: every request.
    case any
    /// `and_rules`: every one of the rules matches.
    case andRules([Permission])
    /// `or_rules`: at least one of the rules matches.
    case orRules([Permission])
    /// `not_rule`: the rule doesn't match.
    case not(Permission)
    /// `header`: a request header matches (HTTP only).
    case header(HeaderMatcher)
    /// `url_path`: the path, without the query, matches (HTTP only).
    case urlPath(StringMatcher)
    /// `destination_port`: the connection was addressed to this port.
    case destinationPort(UInt32)
    /// `destination_ip`: the connection was addressed to an address in this range.
    case destinationIP(CIDRRange)
    /// `requested_server_name`: the SNI the client asked for matches; an empty string when it sent
    /// none.
    case requestedServerName(StringMatcher)

    private enum CodingKeys: String, CodingKey {
      case any
      case andRules = "and_rules"
      case orRules = "or_rules"
      case notRule = "not_rule"
      case header
      case urlPath = "url_path"
      case destinationPort = "destination_port"
      case destinationIP = "destination_ip"
      case requestedServerName = "requested_server_name"
    }

    private struct Rules: Codable, Hashable {
      var rules: [Permission]
    }

    private struct PathMatcher: Codable, Hashable {
      var path: StringMatcher
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      switch self {
      case .any: try container.encode(true, forKey: .any)
      case .andRules(let rules): try container.encode(Rules(rules: rules), forKey: .andRules)
      case .orRules(let rules): try container.encode(Rules(rules: rules), forKey: .orRules)
      case .not(let rule): try container.encode(rule, forKey: .notRule)
      case .header(let matcher): try container.encode(matcher, forKey: .header)
      case .urlPath(let matcher): try container.encode(PathMatcher(path: matcher), forKey: .urlPath)
      case .destinationPort(let port): try container.encode(port, forKey: .destinationPort)
      case .destinationIP(let range): try container.encode(range, forKey: .destinationIP)
      case .requestedServerName(let matcher):
        try container.encode(matcher, forKey: .requestedServerName)
      }
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      guard container.allKeys.count == 1, let key = container.allKeys.first else {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "a permission has exactly one rule, found \(container.allKeys.count)"
          ))
      }
      switch key {
      case .any:
        guard try container.decode(Bool.self, forKey: key) else {
          throw DecodingError.dataCorruptedError(
            forKey: key, in: container, debugDescription: "`any` is only ever true")
        }
        self = .any
      case .andRules: self = .andRules(try container.decode(Rules.self, forKey: key).rules)
      case .orRules: self = .orRules(try container.decode(Rules.self, forKey: key).rules)
      case .notRule: self = .not(try container.decode(Permission.self, forKey: key))
      case .header: self = .header(try container.decode(HeaderMatcher.self, forKey: key))
      case .urlPath: self = .urlPath(try container.decode(PathMatcher.self, forKey: key).path)
      case .destinationPort: self = .destinationPort(try container.decode(UInt32.self, forKey: key))
      case .destinationIP: self = .destinationIP(try container.decode(CIDRRange.self, forKey: key))
      case .requestedServerName:
        self = .requestedServerName(try container.decode(StringMatcher.self, forKey: key))
      }
    }
  }

  /// `envoy.config.rbac.v3.Principal`: who sends the request (a protobuf oneof).
  public indirect enum Principal: Codable, Sendable, Hashable {
    /// `any`: every client.
    case any
    /// `and_ids`: every one of the identities matches.
    case andIDs([Principal])
    /// `or_ids`: at least one of the identities matches.
    case orIDs([Principal])
    /// `not_id`: the identity doesn't match.
    case not(Principal)
    /// The peer certificate's URI SAN (or subject) as verified by mutual TLS.
    case authenticated(StringMatcher)
    /// The connection's peer address.
    case directRemoteIP(CIDRRange)
    /// The client address after `x-forwarded-for` processing.
    case remoteIP(CIDRRange)
    /// `header`: a request header matches (HTTP only).
    case header(HeaderMatcher)

    private enum CodingKeys: String, CodingKey {
      case any
      case andIDs = "and_ids"
      case orIDs = "or_ids"
      case notID = "not_id"
      case authenticated
      case directRemoteIP = "direct_remote_ip"
      case remoteIP = "remote_ip"
      case header
    }

    private struct IDs: Codable, Hashable {
      var ids: [Principal]
    }

    private struct Authenticated: Codable, Hashable {
      var principalName: StringMatcher

      enum CodingKeys: String, CodingKey {
        case principalName = "principal_name"
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      switch self {
      case .any: try container.encode(true, forKey: .any)
      case .andIDs(let ids): try container.encode(IDs(ids: ids), forKey: .andIDs)
      case .orIDs(let ids): try container.encode(IDs(ids: ids), forKey: .orIDs)
      case .not(let principal): try container.encode(principal, forKey: .notID)
      case .authenticated(let matcher):
        try container.encode(Authenticated(principalName: matcher), forKey: .authenticated)
      case .directRemoteIP(let range): try container.encode(range, forKey: .directRemoteIP)
      case .remoteIP(let range): try container.encode(range, forKey: .remoteIP)
      case .header(let matcher): try container.encode(matcher, forKey: .header)
      }
    }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      guard container.allKeys.count == 1, let key = container.allKeys.first else {
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription:
              "a principal has exactly one identity, found \(container.allKeys.count)"
          ))
      }
      switch key {
      case .any:
        guard try container.decode(Bool.self, forKey: key) else {
          throw DecodingError.dataCorruptedError(
            forKey: key, in: container, debugDescription: "`any` is only ever true")
        }
        self = .any
      case .andIDs: self = .andIDs(try container.decode(IDs.self, forKey: key).ids)
      case .orIDs: self = .orIDs(try container.decode(IDs.self, forKey: key).ids)
      case .notID: self = .not(try container.decode(Principal.self, forKey: key))
      case .authenticated:
        self = .authenticated(try container.decode(Authenticated.self, forKey: key).principalName)
      case .directRemoteIP:
        self = .directRemoteIP(try container.decode(CIDRRange.self, forKey: key))
      case .remoteIP: self = .remoteIP(try container.decode(CIDRRange.self, forKey: key))
      case .header: self = .header(try container.decode(HeaderMatcher.self, forKey: key))
      }
    }
  }

  /// `envoy.extensions.filters.http.rbac.v3.RBAC`: RBAC on HTTP requests.
  public struct HTTPRBAC: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC"
    public static let extensionName = "envoy.filters.http.rbac"

    /// `rules`: the rules enforced; every request is allowed when absent.
    public var rules: RBACRules?
    /// `shadow_rules`: rules evaluated and counted (`shadow_allowed`/`shadow_denied`) but not
    /// enforced.
    public var shadowRules: RBACRules?
    /// `shadow_rules_stat_prefix`: a prefix for the shadow rules' stats, to tell them apart from
    /// other filters'; none when absent.
    public var shadowRulesStatPrefix: String?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      rules: RBACRules? = nil, shadowRules: RBACRules? = nil, shadowRulesStatPrefix: String? = nil
    ) {
      self.rules = rules
      self.shadowRules = shadowRules
      self.shadowRulesStatPrefix = shadowRulesStatPrefix
    }

    enum CodingKeys: String, CodingKey {
      case rules
      case shadowRules = "shadow_rules"
      case shadowRulesStatPrefix = "shadow_rules_stat_prefix"
    }
  }

  /// `envoy.extensions.filters.network.rbac.v3.RBAC`: RBAC on connections (TCP services).
  public struct NetworkRBAC: NamedEnvoyExtension {
    public static let typeURL = "type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC"
    public static let extensionName = "envoy.filters.network.rbac"

    /// `stat_prefix`: the prefix of the filter's stats, `<stat_prefix>rbac.`.
    public var statPrefix: String
    /// `rules`: the rules enforced; every connection is allowed when absent.
    public var rules: RBACRules?
    /// `shadow_rules`: rules evaluated and counted (`shadow_allowed`/`shadow_denied`) but not
    /// enforced.
    public var shadowRules: RBACRules?

    /// Creates a value; every parameter is the property of the same name.
    public init(statPrefix: String, rules: RBACRules? = nil, shadowRules: RBACRules? = nil) {
      self.statPrefix = statPrefix
      self.rules = rules
      self.shadowRules = shadowRules
    }

    enum CodingKeys: String, CodingKey {
      case statPrefix = "stat_prefix"
      case rules
      case shadowRules = "shadow_rules"
    }
  }
}
