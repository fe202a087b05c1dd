import Foundation
import MeshModel
import Testing
import YAMLCoding

@Suite("Istio's own examples")
struct IstioExamplesTests {
  /// Examples from istio/api's reference pages that are not valid as printed, and why.
  /// Each must still fail the way named here, so a fix upstream or here shows up.
  static let knownDefects: [String: YAMLError.Code] = [
    // Abbreviated with "..." lines, which are not YAML.
    "virtual_service/18.yaml": .syntax, "virtual_service/20.yaml": .syntax,
    "virtual_service/21.yaml": .syntax, "virtual_service/22.yaml": .syntax,
    // Uses the proto field name prefix_rewrite; the CRD schema (and strict decoding) knows
    // only prefixRewrite.
    "virtual_service/19.yaml": .unknownField,
    // Mixes in a core v1 Service, which is not a mesh resource.
    "sidecar/08.yaml": .dataCorrupted,
  ]

  /// Examples that decode but break Kubernetes' rules as printed.
  static let knownInvalid: Set<String> = [
    // Namespaces "nsA"/"nsB" are not lower-case RFC 1123 labels.
    "virtual_service/09.yaml", "virtual_service/10.yaml",
  ]

  @Test("every complete example of a modelled kind decodes strictly and validates without errors")
  func examplesDecodeAndValidate() throws {
    let examples = try Fixtures.completeExamples()
    #expect(examples.count > 90)

    var decodedResources = 0
    for example in examples
    where !example.file.hasPrefix("envoy_filter") && !example.file.hasPrefix("wasm")
      && !example.file.hasPrefix("proxy_config")
    {
      let text = try Fixtures.exampleText(example.file)
      if let code = Self.knownDefects[example.file] {
        let error = try #require(throws: YAMLError.self, "\(example.file)") {
          try MeshResourceDecoder().decode(text)
        }
        #expect(error.code == code, "\(example.file): \(error)")
        continue
      }
      let resources: [MeshResource]
      do {
        resources = try MeshResourceDecoder().decode(text)
      } catch {
        Issue.record("\(example.file): \(error)")
        continue
      }
      decodedResources += resources.count
      let errors = resources.flatMap { $0.validate() }.filter { $0.severity == .error }
      if Self.knownInvalid.contains(example.file) {
        #expect(!errors.isEmpty, "\(example.file) was expected to be invalid")
      } else {
        #expect(errors.isEmpty, "\(example.file): \(errors)")
      }
    }
    #expect(decodedResources > 90)
  }

  @Test("the bookinfo samples decode, validate clean and round-trip through YAML and JSON")
  func samplesRoundTrip() throws {
    for (name, text) in try Fixtures.samples() {
      let resources = try MeshResourceDecoder().decode(text)
      #expect(!resources.isEmpty, "\(name)")

      for resource in resources {
        #expect(resource.validate().filter { $0.severity == .error } == [], "\(name)")
      }
      let yaml = try YAMLEncoder().encode(documents: resources)
      #expect(try MeshResourceDecoder().decode(yaml) == resources, "\(name) YAML round trip")
      let json = try JSONEncoder().encode(resources)
      #expect(
        try YAMLDecoder().decode([MeshResource].self, from: Array(json)) == resources,
        "\(name) JSON round trip")
    }
  }

  @Test("the older apiVersions Istio still serves decode, and keep their version")
  func olderVersions() throws {
    let samples = try Fixtures.samples().first { $0.name == "bookinfo-gateway.yaml" }
    let text = try #require(samples?.text)

    let resources = try MeshResourceDecoder().decode(text)

    guard case .gateway(let gateway) = resources.first else {
      Issue.record("expected a Gateway first")
      return
    }
    #expect(gateway.apiVersion == "networking.istio.io/v1alpha3")
    #expect(
      try YAMLEncoder().encode(gateway).hasPrefix(
        "apiVersion: networking.istio.io/v1alpha3\nkind: Gateway\n"))
  }
}
