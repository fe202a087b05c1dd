import EnvoyConfig
import Foundation
import MeshModel
import MeshPKI
import Testing

/// The sidecar's contract is the one source of the translator's defaults, and agrees with
/// the two modules below EnvoyConfig that have to name some of its values themselves.
@Suite("The sidecar contract")
struct SidecarContractTests {
  let contract = SidecarContract.standard

  @Test("Istio's proxy user and ports, the bundle at /etc/meshbridge, its files by name")
  func standardValues() {
    #expect(contract.proxyUser == "1337:1337")
    #expect(contract.mountPath == "/etc/meshbridge")
    #expect(contract.configurationPath == "/etc/meshbridge/envoy.yaml")
    #expect(contract.certificateDirectory.path == "/etc/meshbridge/certs")
    #expect(contract.certificateDirectory(under: "/srv/orders").path == "/srv/orders/certs")
    #expect(
      [contract.certificateFile, contract.keyFile, contract.bundleFile] == [
        "svid.pem", "svid.key", "bundle.pem",
      ])
    #expect(contract.sdsFiles == ["cert.json", "ca.json"])
    #expect(
      [contract.adminPort, contract.outboundHTTPPort, contract.prometheusPort] == [
        15000, 15001, 15090,
      ])
    #expect(contract.healthCheck.path == "/ready")
  }

  @Test("SidecarOptions' defaults are the contract's")
  func optionsDefaults() {
    let options = SidecarOptions()

    #expect(options.certificateDirectory == contract.certificateDirectory)
    #expect(options.adminPort == contract.adminPort)
    #expect(options.outboundHTTPPort == contract.outboundHTTPPort)
    #expect(options.prometheusPort == contract.prometheusPort)
    #expect(contract.with(ports: options) == contract)
  }

  @Test("the translator's bootstrap and the SDS files use the contract's ports, paths and names")
  func translatorUsesTheContract() throws {
    let resources = try TranslatorTests.resources()

    let bootstrap = try SidecarTranslator(resources: resources).staticBootstrap(
      for: TranslatorTests.workload("orders-1", in: resources)
    ).bootstrap
    let directory = contract.certificateDirectory.path
    let sdsFiles = try contract.certificateDirectory.sdsFiles()
    let certificate = String(decoding: sdsFiles[contract.sdsCertificateFile] ?? [], as: UTF8.self)
    let validation = String(decoding: sdsFiles[contract.sdsValidationFile] ?? [], as: UTF8.self)

    #expect(bootstrap.admin?.address?.socketAddress?.portValue == contract.adminPort)
    #expect(
      try TranslatorTests.listener("outbound_http", in: bootstrap).address.socketAddress?.portValue
        == contract.outboundHTTPPort)
    #expect(
      try TranslatorTests.listener("prometheus", in: bootstrap).address.socketAddress?.portValue
        == contract.prometheusPort)
    let tls = try #require(
      try TranslatorTests.listener("inbound_10.0.0.5_18080", in: bootstrap).filterChains?[0]
        .transportSocket?.typedConfig?.unwrap(as: Envoy.DownstreamTLSContext.self))
    let certificateSource = try #require(
      tls.commonTLSContext.tlsCertificateSDSSecretConfigs?.first?.sdsConfig?.pathConfigSource)
    #expect(certificateSource.path == "\(directory)/\(contract.sdsCertificateFile)")
    #expect(certificateSource.watchedDirectory?.path == directory)
    #expect(
      tls.commonTLSContext.combinedValidationContext?.validationContextSDSSecretConfig.sdsConfig?
        .pathConfigSource?.path == "\(directory)/\(contract.sdsValidationFile)")
    #expect(sdsFiles.keys.sorted() == contract.sdsFiles.sorted())
    #expect(certificate.contains("\"\(directory)/\(contract.certificateFile)\""))
    #expect(certificate.contains("\"\(directory)/\(contract.keyFile)\""))
    #expect(validation.contains("\"\(directory)/\(contract.bundleFile)\""))
  }

  @Test("MeshPKI's SVID directory writes the files under the contract's names")
  func svidDirectoryAgrees() throws {
    #expect(SVIDDirectory.certificateFile == contract.certificateFile)
    #expect(SVIDDirectory.keyFile == contract.keyFile)
    #expect(SVIDDirectory.bundleFile == contract.bundleFile)
  }

  @Test("MeshModel's IST0144 flags an application running as the contract's proxy user")
  func analyzerAgrees() {
    let decoded = MeshLoader().load(
      Array(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: proxy-user, namespace: shop, labels: {app: a}}
        spec:
          containers: [{name: app, image: app, securityContext: {runAsUser: \(contract.proxyUserID)}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: next-user, namespace: shop, labels: {app: b}}
        spec:
          containers: [{name: app, image: app, securityContext: {runAsUser: \(contract.proxyUserID + 1)}}]
        """.utf8), file: "pods.yaml")

    let flagged = MeshAnalysis.run(Inventory(decoded.objects)).filter { $0.code == "IST0144" }

    #expect(decoded.decodingFailures.isEmpty)
    #expect(flagged.map(\.resource.name) == ["proxy-user"])
  }

  @Test("the contract encodes with its members' names, as `mesh-onboard contract` prints it")
  func encoded() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

    let json = String(decoding: try encoder.encode(contract), as: UTF8.self)

    #expect(
      json
        == #"{"adminPort":15000,"bundleFile":"bundle.pem","certificateFile":"svid.pem","certificateFolder":"certs","configurationFile":"envoy.yaml","healthCheck":{"interval":10,"path":"/ready","retries":3,"startPeriod":10,"timeout":5},"keyFile":"svid.key","mountPath":"/etc/meshbridge","outboundHTTPPort":15001,"prometheusPort":15090,"proxyGroupID":1337,"proxyUserID":1337,"sdsCertificateFile":"cert.json","sdsValidationFile":"ca.json"}"#
    )
  }
}
