import Foundation

extension Envoy {
  /// `envoy.config.core.v3.Address`: a socket address or a Unix pipe.
  public struct Address: Codable, Sendable, Hashable {
    public var socketAddress: SocketAddress?
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
    /// `TCP` or `UDP`; TCP when nil.
    public var `protocol`: String?
    /// An IP address, or a host name for DNS clusters.
    public var address: String
    public var portValue: UInt32?
    /// Whether the listener also accepts IPv4 on an IPv6 any-address.
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
    public var path: String
    public var mode: UInt32?

    /// Creates a value; every parameter is the property of the same name.
    public init(path: String, mode: UInt32? = nil) {
      self.path = path
      self.mode = mode
    }
  }

  /// `envoy.config.core.v3.CidrRange`.
  public struct CIDRRange: Codable, Sendable, Hashable {
    public var addressPrefix: String
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
