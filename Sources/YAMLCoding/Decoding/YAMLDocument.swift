/// One document of a stream decoded on its own: its position, its value or the error that
/// stopped it, and a source map for reporting later problems at their lines.
public struct YAMLDocument<Value>: Sendable where Value: Sendable {
  /// The zero-based position of the document in the stream.
  public var index: Int
  /// Where the document starts.
  public var mark: YAMLMark
  /// The decoded value, or the error that decoding it threw.
  public var result: Result<Value, YAMLError>
  /// Positions of the document's values; `nil` when the document could not be parsed.
  public var sourceMap: YAMLSourceMap?
}

extension YAMLDecoder {
  /// Decodes each document of a stream on its own, so one bad document does not hide the
  /// others' problems. Empty documents are skipped.
  ///
  /// A syntax error ends the stream (libyaml cannot resume after one): it is the last
  /// element, with no source map.
  /// - Parameters:
  ///   - type: The type of every document.
  ///   - bytes: UTF-8 encoded YAML or JSON.
  /// - Returns: One element per non-empty document, in stream order.
  public func decodeEach<T: Decodable & Sendable>(
    _ type: T.Type, from bytes: some Collection<UInt8>
  )
    -> [YAMLDocument<T>]
  {
    var documents: [YAMLDocument<T>] = []
    do {
      try forEachDocument(in: bytes) { index, root, source in
        let result: Result<T, YAMLError>
        do {
          result = .success(try decodeRoot(type, from: root))
        } catch var error as YAMLError {
          error.documentIndex = index
          source.annotate(&error)
          result = .failure(error)
        } catch {
          result = .failure(
            YAMLError(.dataCorrupted, "\(error)", mark: root.mark, documentIndex: index))
        }
        documents.append(
          YAMLDocument(
            index: index, mark: root.mark, result: result, sourceMap: YAMLSourceMap(root: root)))
      }
    } catch {
      // Only the parser fails here (a syntax error ends the stream), always with a YAMLError.
      let failure = error as? YAMLError ?? YAMLError(.syntax, "\(error)")
      documents.append(
        YAMLDocument(
          index: failure.documentIndex ?? documents.count,
          mark: failure.mark ?? YAMLMark(line: 1, column: 1), result: .failure(failure),
          sourceMap: nil))
    }
    return documents
  }
}
