import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A port on 127.0.0.1 where connections never come up: a listening socket that never
/// accepts, its accept queue filled by connections of its own. Linux drops the SYN of any
/// further connection while the queue is full, so a client waits as it would for a host
/// that does not answer, without leaving the loopback interface. Closed when released.
public final class FullBacklogListener: @unchecked Sendable {
  // @unchecked: immutable after init; the sockets are only closed in deinit.
  /// `http://127.0.0.1:PORT`.
  public let endpoint: String
  /// The port.
  public let port: UInt16
  private let listener: Int32
  private var fillers: [Int32] = []

  /// Listens with a backlog of one and fills it.
  /// - Throws: ``Peers/PeerMissing`` when the socket cannot be made, or when a probe
  ///   connection still comes up (a kernel that does not drop SYNs on a full queue).
  public init() throws {
    port = try Peers.freeLoopbackPort()
    endpoint = "http://127.0.0.1:\(port)"
    listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw Peers.PeerMissing(description: "no socket") }
    var address = Self.address(port)
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(listener, 1) == 0 else {
      close(listener)
      throw Peers.PeerMissing(description: "cannot listen on 127.0.0.1:\(port)")
    }
    // A backlog of 1 holds two established connections on Linux; a few more make sure.
    for _ in 0..<4 {
      fillers.append(Self.startConnecting(to: port))
    }
    usleep(100_000)
    let probe = Self.startConnecting(to: port)
    defer { close(probe) }
    var probing = pollfd(fd: probe, events: Int16(POLLOUT), revents: 0)
    if poll(&probing, 1, 300) != 0 {
      throw Peers.PeerMissing(
        description:
          "a connection to a full accept queue still came up; cannot test connect timeouts"
      )
    }
  }

  deinit {
    for descriptor in fillers { close(descriptor) }
    close(listener)
  }

  private static func address(_ port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    return address
  }

  /// A non-blocking connection attempt, left to complete or hang.
  private static func startConnecting(to port: UInt16) -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    var address = Self.address(port)
    _ = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    return descriptor
  }
}
