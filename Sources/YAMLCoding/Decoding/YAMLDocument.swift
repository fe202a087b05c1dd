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
    let source = SourceText(bytes)
    var documents: [YAMLDocument<T>] = []
    var current = 0
    do {
      let stream = try makeParser(bytes)
      while true {
        current = stream.documentIndex
        guard let root = try stream.nextDocument() else { break }
        if root.isNull { continue }
        let result: Result<T, YAMLError>
        do {
          result = .success(try decodeRoot(type, from: root))
        } catch var error as YAMLError {
          error.documentIndex = current
          source.annotate(&error)
          result = .failure(error)
        } catch {
          result = .failure(
            YAMLError(.dataCorrupted, "\(error)", mark: root.mark, documentIndex: current))
        }
        documents.append(
          YAMLDocument(
            index: current, mark: root.mark, result: result, sourceMap: YAMLSourceMap(root: root)))
      }
    } catch var error as YAMLError {
      error.documentIndex = current
      source.annotate(&error)
      documents.append(
        YAMLDocument(
          index: current, mark: error.mark ?? YAMLMark(line: 1, column: 1), result: .failure(error),
          sourceMap: nil))
    } catch {
      // Parser only throws YAMLError; anything else is reported the same way.
      documents.append(
        YAMLDocument(
          index: current, mark: YAMLMark(line: 1, column: 1),
          result: .failure(YAMLError(.syntax, "\(error)", documentIndex: current)), sourceMap: nil))
    }
    return documents
  }
}
