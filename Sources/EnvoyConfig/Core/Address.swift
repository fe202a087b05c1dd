import Foundation

extension Envoy {
  /// `envoy.config.core.v3.Address`: a socket address or a Unix pipe.
  public struct Address: Codable, Sendable, Hashable {
    /// `socket_address`: an IP address (or host name) and port; set this or `pipe`.
    public var socketAddress: SocketAddress?
    /// `pipe`: a Unix domain socket.
    public var pipe: Pipe?

    /// Creates a value; every parameter is the property of the same name.
    public init(socketAddress: SocketAddress? = nil, pipe: Pipe? = nil) {
      self.socketAddress = socketAddress
      self.pipe = pipe
    }

    /// A TCP address.
    public static func tcp(_ address: String, port: UInt32) -> Address {
      Address(socketAddress: SocketAddress(address: address, portValue: port))
    }

    enum CodingKeys: String, CodingKey {
      case socketAddress = "socket_address"
      case pipe
    }
  }

  /// `envoy.config.core.v3.SocketAddress`.
  public struct SocketAddress: Codable, Sendable, Hashable {
    /// `protocol`: `TCP` or `UDP`; TCP when absent.
    public var `protocol`: String?
    /// `address`: an IP address, or a host name for DNS clusters.
    public var address: String
    /// `port_value`: the port.
    public var portValue: UInt32?
    /// `ipv4_compat`: whether a listener on the IPv6 any-address also accepts IPv4; `false`
    /// when absent.
    public var ipv4Compat: Bool?

    /// Creates a value; every parameter is the property of the same name.
    public init(
      protocol: String? = nil, address: String, portValue: UInt32? = nil, ipv4Compat: Bool? = nil
    ) {
      self.protocol = `protocol`
      self.address = address
      self.portValue = portValue
      self.ipv4Compat = ipv4Compat
    }

    enum CodingKeys: String, CodingKey {
      case `protocol`, address
      case portValue = "port_value"
      case ipv4Compat = "ipv4_compat"
    }
  }

  /// `envoy.config.core.v3.Pipe`: a Unix domain socket.
  public struct Pipe: Codable, Sendable, Hashable {
    /// `path`: the socket's path; a leading `@` names an abstract socket (Linux).
    public var path: String
    /// `mode`: the permission bits of the socket's file, such as `0o600`; not for abstract sockets.
    public var mode: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String, mode: UInt32? = nil) {
      self.path = path
      self.mode = mode
    }
  }

  /// `envoy.config.core.v3.CidrRange`.
  public struct CIDRRange: Codable, Sendable, Hashable {
    /// `address_prefix`: the range's first address, IPv4 or IPv6.
    public var addressPrefix: String
    /// `prefix_len`: how many leading bits of `address_prefix` count; 0 (every address) when
    /// absent.
    public var prefixLen: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(addressPrefix: String, prefixLen: UInt32? = nil) {
      self.addressPrefix = addressPrefix
      self.prefixLen = prefixLen
    }

    /// Parses `10.0.0.0/8`, `::1/128` or a bare address (a single host).
    public init(_ text: String) {
      let parts = text.split(separator: "/", maxSplits: 1)
      addressPrefix = String(parts[0])
      if parts.count == 2, let length = UInt32(parts[1]) {
        prefixLen = length
      } else {
        prefixLen = text.contains(":") ? 128 : 32
      }
    }

    enum CodingKeys: String, CodingKey {
      case addressPrefix = "address_prefix"
      case prefixLen = "prefix_len"
    }
  }
}
