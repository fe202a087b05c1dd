import Foundation
internal import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// TCP ports on 127.0.0.1 for servers a process starts beside itself (test peers, the
/// MeshBridgeTesting product's moto).
package enum LoopbackPort {
  /// Where ``free()`` looks: below the kernel's ephemeral range (32768 and up), so that
  /// neither a client connection's local port nor a server that binds port 0 takes one
  /// between the check and its server's bind.
  package static let range: ClosedRange<UInt16> = 20_000...32_000

  /// The next candidate of ``free()``, process-wide, 0 before the first.
  private static let nextPort = Mutex<UInt16>(0)

  /// A port in ``range`` that is free now and that no other caller in this process has
  /// been given: never twice, because Envoy binds with SO_REUSEPORT, and two Envoys given
  /// one port would both listen and share its connections.
  /// - Returns: The port; nil when every port of the range is taken.
  package static func free() -> UInt16? {
    let span = UInt16(range.count)
    for _ in 0..<span {
      let candidate = nextPort.withLock { nextPort -> UInt16 in
        // Each process starts elsewhere in the range, for runs side by side.
        if nextPort == 0 { nextPort = range.lowerBound + UInt16(getpid() % Int32(span)) }
        let port = nextPort
        nextPort = port == range.upperBound ? range.lowerBound : port + 1
        return port
      }
      if isFree(candidate) { return candidate }
    }
    return nil
  }

  /// Whether something accepts TCP connections on 127.0.0.1:`port` now (a server that
  /// was stopped refuses them).
  package static func acceptsConnections(_ port: UInt16) -> Bool {
    withSocket(port) { descriptor, address, length in connect(descriptor, address, length) == 0 }
  }

  /// Whether a listening socket could bind `port` on 127.0.0.1 now.
  private static func isFree(_ port: UInt16) -> Bool {
    withSocket(port) { descriptor, address, length in bind(descriptor, address, length) == 0 }
  }

  /// Calls `body` with a new TCP socket and the address 127.0.0.1:`port`; false when no
  /// socket can be made. The socket is closed afterwards.
  private static func withSocket(
    _ port: UInt16, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
  ) -> Bool {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = port.bigEndian
    let length = socklen_t(MemoryLayout<sockaddr_in>.size)
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(descriptor, $0, length) }
    }
  }
}
