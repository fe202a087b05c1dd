import Foundation

/// A loopback server whose base URL is given to `AWSClientConfiguration(endpoint:)`.
public protocol LoopbackEndpoint {
  /// `http(s)://127.0.0.1:PORT`.
  var endpoint: String { get }
}

extension LoopbackEndpoint {
  /// ``endpoint`` as the `URL` an AWS client configuration takes.
  public var endpointURL: URL {
    // The servers build `http(s)://127.0.0.1:<port>` themselves: always a URL.
    URL(string: endpoint)!
  }
}

extension AWSTestServer: LoopbackEndpoint {}
extension FaultProxy: LoopbackEndpoint {}
extension FullBacklogListener: LoopbackEndpoint {}
