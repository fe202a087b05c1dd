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

/// What the files named on the command line hold, for the commands that read inventories.
struct InventoryInput {
  var objects: [InventoryObject]
  /// The documents that did not decode, each with its file and line.
  var failures: [InventoryDecoder.DecodeFailure]
  /// How many files were read.
  var files: Int
}

extension InputFile {
  /// The inventory objects of the named files, directories or `-`.
  static func inventory(_ paths: [String]) throws -> InventoryInput {
    let files = try collect(paths)
    var objects: [InventoryObject] = []
    var failures: [InventoryDecoder.DecodeFailure] = []
    for file in files {
      let decoded = InventoryDecoder().decode(file.contents, file: file.name)
      objects += decoded.objects
      failures += decoded.failures
    }
    return InventoryInput(objects: objects, failures: failures, files: files.count)
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
