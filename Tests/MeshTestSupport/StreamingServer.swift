import Foundation

/// A server on 127.0.0.1 that answers every connection with `HTTP/1.0 200`, no
/// Content-Length, `bytes` bytes of body in small writes, and a close. Stopped when
/// released. For clients that must cap a body whose length they are not told.
public final class StreamingServer: Sendable {
  /// `http://127.0.0.1:PORT/stream`.
  public let endpoint: String
  private let process: BackgroundProcess

  /// Starts the server on a free port.
  public init(bytes: Int) throws {
    guard let python = Peers.python else {
      throw Peers.PeerMissing(description: Peers.missingPythonReason)
    }
    let port = try Peers.freeLoopbackPort()
    endpoint = "http://127.0.0.1:\(port)/stream"
    let script = """
      import socket, sys
      port, size = int(sys.argv[1]), int(sys.argv[2])
      server = socket.socket()
      server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      server.bind(("127.0.0.1", port))
      server.listen(8)
      print("listening on", port, flush=True)
      while True:
          connection, _ = server.accept()
          connection.recv(65536)
          try:
              connection.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\n")
              for start in range(0, size, 4096):
                  connection.sendall(b"x" * min(4096, size - start))
          except OSError:
              pass  # the client stopped reading at its cap
          connection.close()
      """
    process = try BackgroundProcess(python, arguments: ["-c", script, String(port), String(bytes)])
    guard process.waitForOutput(containing: "listening on", timeout: 30) else {
      throw Peers.PeerMissing(description: "the streaming server did not start: \(process.output)")
    }
  }

  deinit {
    process.stop()
  }
}
