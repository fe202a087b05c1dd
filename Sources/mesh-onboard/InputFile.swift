import Foundation
import MeshModel

/// A file named on the command line, read whole.
struct InputFile {
  struct ReadError: Error, CustomStringConvertible {
    var description: String
  }

  var name: String
  var contents: [UInt8]

  /// Reads the named files, the YAML and JSON files below named directories (sorted, so
  /// output is stable), and standard input for `-`.
  static func collect(_ paths: [String]) throws -> [InputFile] {
    var files: [InputFile] = []
    let manager = FileManager.default
    for path in paths {
      if path == "-" {
        files.append(
          InputFile(name: "-", contents: Array(FileHandle.standardInput.readDataToEndOfFile())))
        continue
      }
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw ReadError(description: "\(path): no such file or directory")
      }
      if isDirectory.boolValue {
        guard let walker = manager.enumerator(atPath: path) else {
          throw ReadError(description: "\(path): cannot list directory")
        }
        let names = walker.compactMap { $0 as? String }
          .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
          .sorted()
        for name in names {
          let full = (path as NSString).appendingPathComponent(name)
          files.append(InputFile(name: full, contents: try read(full)))
        }
      } else {
        files.append(InputFile(name: path, contents: try read(path)))
      }
    }
    return files
  }

  private static func read(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReadError(description: "\(path): cannot read file")
    }
    return Array(data)
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
