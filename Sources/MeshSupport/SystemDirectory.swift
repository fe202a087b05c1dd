#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Listing directories and reaching the C library's functions that Swift's Glibc module
/// does not declare.
package enum SystemDirectory {
  /// The names in a directory, without `.` and `..`, in the order the system gives.
  ///
  /// Each name is read in place through a pointer to the entry's `d_name`: copying the
  /// field (`entry.pointee.d_name`) copies all 256 bytes, past the end of a short entry
  /// at the tail of the C library's buffer, and crashes when the next page is unmapped
  /// (the fault Foundation's `Process.run()` has on Linux).
  /// - Throws: ``FileSystemError`` naming the directory and the system's reason.
  package static func entries(_ path: String) throws -> [String] {
    guard let stream = opendir(path) else {
      throw FileSystemError.system("read the directory", path)
    }
    defer { closedir(stream) }
    guard let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) else {
      throw FileSystemError(action: "read the directory", path: path, reason: "no d_name field")
    }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(stream) else {
        // readdir returns nil at the end and on failure; only errno tells them apart.
        if errno != 0 { throw FileSystemError.system("read the directory", path) }
        return names
      }
      let name = String(
        cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(
          to: CChar.self))
      if name != "." && name != ".." { names.append(name) }
    }
  }

  /// A function the C library exports but Swift's Glibc module does not declare (it is
  /// built without `_GNU_SOURCE`), such as `renameat2`; nil where the library lacks it.
  package static func libraryFunction<Function>(_ name: String, as type: Function.Type)
    -> Function?
  {
    guard let library = dlopen(nil, RTLD_NOW), let symbol = dlsym(library, name) else {
      return nil
    }
    return unsafeBitCast(symbol, to: type)
  }
}
