import Foundation
import MeshModel
import MeshSupport

extension InputFile {
  /// Reads the named files, the YAML and JSON files below named directories (sorted, so
  /// output is stable), and standard input for `-`, through MeshSupport's one reader.
  /// - Throws: `FileSystemError` naming the input that cannot be read and why.
  static func collect(_ paths: [String]) throws -> [InputFile] {
    try InputReader().read(paths)
  }
}

/// A file that was read but does not hold what the command needs, named with the reason.
struct InputProblem: Error, CustomStringConvertible {
  var file: String
  var error: any Error
  var description: String { "\(file): \(error)" }
}

extension InputFile {
  /// The mesh resources of the named files, directories or `-`.
  /// - Throws: `FileSystemError` when an input cannot be read, ``InputProblem`` naming the
  ///   file when one does not decode.
  static func resources(_ paths: [String]) throws -> [MeshResource] {
    try collect(paths).flatMap { file in
      do {
        return try MeshResourceDecoder().decode(file.contents)
      } catch {
        throw InputProblem(file: file.name, error: error)
      }
    }
  }
}

/// A Foundation decoding error (JSONDecoder's) as one line naming the field and the
/// problem, instead of the enum dump `DecodingError` prints as.
func describeDecoding(_ error: any Error) -> String {
  guard let error = error as? DecodingError else { return "\(error)" }
  func field(_ path: [any CodingKey]) -> String {
    path.isEmpty ? "" : path.map(\.stringValue).joined(separator: ".") + ": "
  }
  let text: String
  switch error {
  case .dataCorrupted(let context):
    // JSONSerialization's own words (line and column) sit in the underlying error.
    let detail = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"]
    text = field(context.codingPath) + context.debugDescription + (detail.map { " (\($0))" } ?? "")
  case .keyNotFound(let key, let context):
    text = field(context.codingPath) + "missing field \"\(key.stringValue)\""
  case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
    text = field(context.codingPath) + "expected \(type)"
  @unknown default:
    text = "\(error)"
  }
  return InputText.boundedMessage(text)
}
