import Foundation

extension Peers {
  /// Graphviz's `dot` (Debian's graphviz package, installed by Scripts/bootstrap).
  public static let dot: URL? = executable(named: "dot")

  /// Headless Chromium (Debian's chromium package, installed by Scripts/bootstrap).
  public static let chromium: URL? =
    executable(named: "chromium") ?? executable(named: "chromium-browser")

  /// Whether tests that draw and render pages should run: Graphviz and Chromium are
  /// there, or CI demands them.
  public static var browserAvailableOrRequired: Bool { (dot != nil && chromium != nil) || isCI }

  /// Why a drawing or browser test is skipped outside CI.
  public static let missingBrowserReason =
    "needs Graphviz's dot and Chromium (Scripts/bootstrap installs graphviz and chromium); CI=true makes this a failure"

  /// What headless Chromium made of a page: the DOM after parsing, and a screenshot.
  public struct RenderedPage: Sendable {
    /// The serialized DOM (`--dump-dom`).
    public var dom: String
    /// The PNG screenshot's bytes.
    public var screenshot: Data
  }

  /// Loads `page` (a file) in headless Chromium, once for its DOM and once for a
  /// screenshot of `width`×`height`, with a profile directory of its own.
  public static func renderInChromium(_ page: URL, width: Int = 1400, height: Int = 900)
    async throws -> RenderedPage
  {
    try await offPool { try renderInChromiumBlocking(page, width: width, height: height) }
  }

  private static func renderInChromiumBlocking(_ page: URL, width: Int, height: Int) throws
    -> RenderedPage
  {
    guard let chromium else { throw PeerMissing(description: missingBrowserReason) }
    let work = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: work) }
    let common = [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
      "--no-first-run", "--user-data-dir=\(work.appendingPathComponent("profile").path)",
    ]
    let dom = try run(
      chromium, arguments: common + ["--dump-dom", page.absoluteString], timeout: 120)
    guard dom.status == 0 else {
      throw PeerMissing(description: "chromium --dump-dom failed: \(dom.stderr.suffix(600))")
    }
    let screenshot = work.appendingPathComponent("page.png")
    let shot = try run(
      chromium,
      arguments: common + [
        "--window-size=\(width),\(height)", "--screenshot=\(screenshot.path)",
        page.absoluteString,
      ], timeout: 120)
    guard shot.status == 0, let png = FileManager.default.contents(atPath: screenshot.path) else {
      throw PeerMissing(description: "chromium --screenshot failed: \(shot.stderr.suffix(600))")
    }
    return RenderedPage(dom: dom.stdout, screenshot: png)
  }

  /// Runs blocking peer work (a process, a Python client) on a thread of its own, so
  /// that the test runner's few cooperative threads stay free for other suites' async
  /// work (timeouts and watchdogs are sleeps on those threads).
  public static func offPool<Value: Sendable>(
    _ work: @escaping @Sendable () throws -> Value
  ) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
  }

  /// Where tests keep what a person may want to look at after a run (screenshots):
  /// `MESHBRIDGE_ARTIFACTS`, else `.build/artifacts` of the package.
  public static func artifactsDirectory() throws -> URL {
    let path =
      ProcessInfo.processInfo.environment["MESHBRIDGE_ARTIFACTS"]
      ?? packageRoot.appendingPathComponent(".build/artifacts").path
    let directory = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
  }
}
