import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI

// The samples of Docs/EnvoyConfig.md.

/// Translates the mesh resources of a YAML text into a workload's static Envoy bootstrap
/// for the trust domain `example.org`, with the sidecar contract's paths and ports, and
/// writes it as YAML.
/// - Parameters:
///   - ordersEntry: The workload's WorkloadEntry.
///   - yamlText: The mesh's resources (a YAML stream).
///   - configurationPath: Where the bootstrap goes; in the sidecar's container,
///     `SidecarContract.standard.configurationPath`.
/// - Returns: What the mesh configuration could not carry for the workload.
/// - Throws: `YAMLError` for text that is not mesh resources, `EnvoyConfigError` when the
///   workload cannot be translated.
public func writeStaticBootstrap(
  for ordersEntry: WorkloadEntry, meshYAML yamlText: String, to configurationPath: String
) throws -> [TranslationIssue] {
  // snippet: envoy-static-bootstrap
  let resources = try MeshResourceDecoder().decode(yamlText)
  // The options' paths and ports are the sidecar contract's unless set.
  let translator = SidecarTranslator(
    resources: resources, options: SidecarOptions(trustDomain: try TrustDomain("example.org")))
  let result = try translator.staticBootstrap(for: SidecarWorkload(entry: ordersEntry))
  for warning in result.warnings { print("warning:", warning) }
  // In the sidecar's container, configurationPath is SidecarContract.standard.configurationPath.
  try EnvoyConfigEncoder().yaml(result.bootstrap)
    .write(toFile: configurationPath, atomically: true, encoding: .utf8)
  // end snippet
  return result.warnings
}

/// A listener on 127.0.0.1:15001 whose HTTP connection manager routes with `routes`.
public func outboundListener(routes: Envoy.RouteConfiguration) -> Envoy.Listener {
  // snippet: envoy-typed-listener
  let listener = Envoy.Listener(
    name: "outbound", address: .tcp("127.0.0.1", port: 15001),
    filterChains: [
      Envoy.FilterChain(filters: [
        Envoy.NetworkFilter(
          Envoy.HTTPConnectionManager(statPrefix: "outbound", routeConfig: routes))
      ])
    ])
  // end snippet
  return listener
}

// snippet: envoy-own-extension
struct Buffer: EnvoyTypedConfig {
  static let typeURL = "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer"
  var maxRequestBytes: UInt32
  enum CodingKeys: String, CodingKey { case maxRequestBytes = "max_request_bytes" }
}

/// Envoy's buffer filter, which EnvoyConfig does not model: requests are buffered whole,
/// up to `maxRequestBytes`, before they are routed.
public func bufferFilter(maxRequestBytes: UInt32 = 1 << 20) -> Envoy.HTTPFilter {
  Envoy.HTTPFilter(
    name: "envoy.filters.http.buffer",
    typedConfig: Envoy.TypedConfig(Buffer(maxRequestBytes: maxRequestBytes)))
}
// end snippet

/// Sidecar options for an SVID written into a certificate directory with the SDS files
/// Envoy watches, the five files one set.
/// - Parameters:
///   - svid: The workload's SVID and key.
///   - authority: The CA that issued it.
///   - directory: The certificate directory, as Envoy sees it (`/srv/orders/certs`).
/// - Throws: `PKIError` when the directory cannot be written.
public func sidecarOptions(
  writing svid: SVID, of authority: CertificateAuthority, into directory: String
) throws -> SidecarOptions {
  // snippet: envoy-certificate-directory
  let certificates = SidecarCertificateDirectory(path: directory)  // "/srv/orders/certs"
  try SVIDDirectory(path: certificates.path)
    .write(svid, bundle: authority.bundle, additionalFiles: try certificates.sdsFiles())
  let options = SidecarOptions(
    trustDomain: authority.trustDomain, certificateDirectory: certificates)
  // end snippet
  return options
}

/// Envoy's verdict on a bootstrap, its errors printed.
/// - Parameter envoy: The `envoy` binary (`/usr/local/bin/envoy`).
/// - Throws: `EnvoyConfigError` when Envoy cannot be run.
public func checkWithEnvoy(_ bootstrap: Envoy.Bootstrap, envoy: URL) async throws
  -> EnvoyValidation
{
  // snippet: envoy-validate
  let validator = EnvoyValidator(executable: envoy)  // URL(fileURLWithPath: "/usr/local/bin/envoy")
  let validation = try await validator.validate(bootstrap)  // or validate(configurationFile:)
  if !validation.isAccepted {
    for diagnostic in validation.errors { print(diagnostic) }
  }
  // end snippet
  return validation
}
