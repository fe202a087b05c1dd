import Foundation
import MeshTestSupport
import Testing

/// `mesh-onboard view`: the example mesh drawn as JSON, DOT and HTML; a scrape that fails
/// is marked on its workload and the rest is still drawn; bad usage exits 2.
@Suite(
  "mesh-onboard view",
  .enabled(if: Peers.browserAvailableOrRequired, Comment(rawValue: Peers.missingBrowserReason)))
struct ViewCommandTests {
  static let mesh = ValidateCommandTests.examples.appendingPathComponent("mesh").path

  @Test("JSON, DOT and an HTML page of the example mesh; a refused scrape is reported, not fatal")
  func view() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let closed = try Peers.freeLoopbackPort()
    let scrape = "shop/orders-7f3c2a=http://127.0.0.1:\(closed)/stats/prometheus"

    let json = try ValidateCommandTests.run([
      "view", "--resources", Self.mesh, "--scrape", scrape, "--output", "json", "--window", "0",
    ])
    let dot = try ValidateCommandTests.run([
      "view", "--resources", Self.mesh, "--output", "dot", "--window", "0",
    ])
    let page = directory.appendingPathComponent("mesh.html").path
    let html = try ValidateCommandTests.run([
      "view", "--resources", Self.mesh, "--scrape", scrape, "--out", page, "--window", "0",
    ])

    #expect(json.status == 0, "\(json.stderr)")
    #expect(json.stderr.contains("scrape failed: http://127.0.0.1:\(closed)/stats/prometheus"))
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let nodes = try #require(object["nodes"] as? [[String: Any]])
    let orders = try #require(nodes.first { $0["id"] as? String == "workload:shop/orders-7f3c2a" })
    #expect(orders["platform"] as? String == "ecs-anywhere")
    #expect((orders["scrapeError"] as? String)?.isEmpty == false)
    #expect(dot.status == 0 && dot.stdout.hasPrefix("digraph mesh {"))
    #expect(html.status == 0, "\(html.stderr)")
    let written = try String(contentsOfFile: page, encoding: .utf8)
    #expect(written.hasPrefix("<!DOCTYPE html>") && written.contains("<svg"))
    // Graphviz writes a dash in an attribute as &#45;.
    #expect(written.contains("scrape&#45;failed") && written.contains("Scrapes that failed"))
    #expect(!written.contains("<script"))
    #expect(
      try FileManager.default.attributesOfItem(atPath: page)[.posixPermissions] as? Int == 0o644)
  }

  @Test("--watch rewrites the page each round, whole, with a reload; it stops when stopped")
  func watch() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("mesh.html")
    let watcher = try BackgroundProcess(
      ValidateCommandTests.executable,
      arguments: ["view", "--resources", Self.mesh, "--watch", "1", "--out", page.path])
    defer { watcher.stop() }

    var rounds: Set<String> = []
    let deadline = Date().addingTimeInterval(20)
    while rounds.count < 2, Date() < deadline {
      // Each round is a new page (its generation time differs) written atomically.
      if let text = try? String(contentsOf: page, encoding: .utf8), text.hasSuffix("</html>\n") {
        rounds.insert(text)
      }
      Thread.sleep(forTimeInterval: 0.2)
    }

    #expect(rounds.count == 2, "\(watcher.output)")
    #expect(rounds.allSatisfy { $0.contains(#"<meta http-equiv="refresh" content="1">"#) })
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    #expect(leftovers == ["mesh.html"], "temporary files left: \(leftovers)")
  }

  @Test("bad usage and unreadable resources exit 2 with the reason")
  func usage() throws {
    let none = try ValidateCommandTests.run(["view"])
    let watchWithoutOut = try ValidateCommandTests.run([
      "view", "--resources", Self.mesh, "--watch", "5",
    ])
    let badWindow = try ValidateCommandTests.run([
      "view", "--resources", Self.mesh, "--window", "soon",
    ])
    let missing = try ValidateCommandTests.run(["view", "--resources", "/nonexistent"])

    #expect(none.status == 2 && none.stderr.contains("--resources is required"))
    #expect(watchWithoutOut.status == 2 && watchWithoutOut.stderr.contains("--watch needs --out"))
    #expect(badWindow.status == 2 && badWindow.stderr.contains("--window takes a number"))
    #expect(missing.status == 2)
    #expect(
      missing.stderr
        == "mesh-onboard view: could not read /nonexistent: No such file or directory\n")
  }
}
