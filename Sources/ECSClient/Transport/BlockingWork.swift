import Foundation

/// Blocking work (file writes that wait for the disk, OpenSSL) run on threads of its own a
/// bounded number at a time, so that it never holds the threads of Swift's cooperative
/// pool, of which a two-core machine has two and every other task needs them. Not on
/// Dispatch's global queues either: on Linux they run no more blocks at once than there
/// are cores, whatever the blocks wait for. ECSClient's transport runs curl this way, and
/// MeshBridge its bundle writes.
package enum BlockingWork {
  /// `transform` applied to every element, at most `width` at a time; the results are in
  /// the elements' order. The first error stops new work and is rethrown once the work in
  /// flight has ended; so is cancellation.
  package static func map<Element: Sendable, Output: Sendable>(
    _ elements: [Element], width: Int, _ transform: @escaping @Sendable (Element) throws -> Output
  ) async throws -> [Output] {
    var outputs = [Output?](repeating: nil, count: elements.count)
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
      for (index, element) in elements.enumerated() {
        // Past the first `width`, one more starts as each one ends.
        if index >= max(width, 1), let (done, output) = try await group.next() {
          outputs[done] = output
        }
        try Task.checkCancellation()
        group.addTask { (index, try await run { try transform(element) }) }
      }
      for try await (done, output) in group {
        outputs[done] = output
      }
    }
    return outputs.map { $0! }
  }

  /// Runs `work` on a new thread and waits for it without blocking the caller's.
  package static func run<Output: Sendable>(_ work: @escaping @Sendable () throws -> Output)
    async throws -> Output
  {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(with: Result { try work() })
      }
    }
  }
}
