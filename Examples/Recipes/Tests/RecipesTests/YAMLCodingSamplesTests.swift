import Foundation
import Recipes
import Testing
import YAMLCoding

/// The samples of Docs/YAMLCoding.md, with PyYAML reading what the encoder writes.
struct YAMLCodingSamplesTests {
  @Test("one document, a stream with an empty document, and each document on its own")
  func decoding() throws {
    let stream = "host: orders\nweight: 80\n---\n---\nhost: payments\n---\nhost: x\nwieght: 1\n"
    let error = try #require(throws: YAMLError.self) {
      try decodeRoutes("host: orders\n", stream: stream)
    }
    #expect(error.code == .unknownField)
    #expect(error.mark?.line == 8)

    let good = "host: orders\nweight: 80\n---\n---\nhost: payments\n"
    let decoded = try decodeRoutes("host: orders\nweight: 80\n", stream: good)
    #expect(decoded.one == Route(host: "orders", weight: 80))
    #expect(decoded.all == [Route(host: "orders", weight: 80), Route(host: "payments")])
    #expect(decoded.each.count == 2)
    let each = decodeRoutesEach(stream)
    #expect(each == ["orders", "payments", "unknownField"])
  }

  func decodeRoutesEach(_ stream: String) -> [String] {
    YAMLDecoder().decodeEach(Route.self, from: Array(stream.utf8)).map { document in
      switch document.result {
      case .success(let route): route.host
      case .failure(let error): error.code.name
      }
    }
  }

  @Test(
    "the stream PyYAML reads back is the routes",
    .enabled(if: Peers.available(Peers.python), Peers.missing("the project's Python")))
  func encoding() async throws {
    let python = try Peers.require(Peers.python, "MESHBRIDGE_PYTHON")
    let routes = [Route(host: "orders", weight: 80), Route(host: "true")]
    let encoded = try encodeRoutes(routes[0], routes)
    #expect(encoded.yaml == "host: orders\nweight: 80\n")
    let read = try await run(
      python,
      [
        "-c", "import json, sys, yaml; print(json.dumps(list(yaml.safe_load_all(sys.argv[1]))))",
        encoded.stream,
      ])
    #expect(read.status == 0, "\(read.output)")
    let documents = try JSONDecoder().decode([Route].self, from: Data(read.output.utf8))
    #expect(documents == routes)
  }
}
