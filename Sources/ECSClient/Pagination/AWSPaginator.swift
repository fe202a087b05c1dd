/// The pages of a paginated operation as an `AsyncSequence`: each page is fetched when
/// the sequence is read, with the previous page's token, until the token is absent,
/// empty, or the same as the last one (a service bug that would loop forever).
///
/// ```swift
/// for try await page in ecs.listTasksPaginator(.init(cluster: "onprem")) {
///   arns += page.taskArns ?? []
/// }
/// ```
public struct AWSPaginator<Input: Sendable, Output: Sendable>: AsyncSequence, Sendable {
  public typealias Element = Output

  let input: Input
  let fetch: @Sendable (Input) async throws -> Output
  let token: @Sendable (Output) -> String?
  let withToken: @Sendable (Input, String) -> Input

  public struct AsyncIterator: AsyncIteratorProtocol {
    let paginator: AWSPaginator
    var nextInput: Input?
    var previousToken: String?

    public mutating func next() async throws -> Output? {
      guard let input = nextInput else { return nil }
      let page = try await paginator.fetch(input)
      if let token = paginator.token(page), !token.isEmpty, token != previousToken {
        previousToken = token
        nextInput = paginator.withToken(input, token)
      } else {
        nextInput = nil
      }
      return page
    }
  }

  public func makeAsyncIterator() -> AsyncIterator {
    AsyncIterator(paginator: self, nextInput: input, previousToken: nil)
  }
}
