import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A directory of files that change together, such as an SVID's certificate chain, its
/// private key and the trust bundle: a reader sees the whole old set or the whole new
/// one, never a new key beside an old certificate, whenever the writer stops (a crash,
/// a full disk, SIGKILL).
///
/// The layout is the one Kubernetes' kubelet gives projected volumes, which Envoy's
/// `watched_directory` is made for:
///
/// ```
/// certs/
///   ..2026_12_07_13_47_18.Ab3xYz/   one generation: every file of the set
///   ..data -> ..2026_12_07_13_47_18.Ab3xYz
///   tls.crt -> ..data/tls.crt
///   tls.key -> ..data/tls.key
///   ..lock                          the writers' lock (flock)
/// ```
///
/// A new set is written into a new generation directory, flushed, and made current by
/// renaming a new `..data` link over the old one, the single atomic step. The previous
/// generation stays until then; after it, it is removed. Links are relative, so the
/// directory can be mounted elsewhere (a sidecar container's certificate directory). A
/// directory of plain files written before generations existed is adopted first: its
/// files are copied into a generation and replaced by links that show the same bytes.
///
/// Writers hold the directory's lock (``withLock(timeout:_:)``) across a whole
/// read-modify-write, and a writer that holds it removes what interrupted writers left
/// (``removeLeftovers()``): no live writer can own those.
package struct AtomicFileSet: Sendable {
  /// The link that names the current generation.
  package static let currentLink = "..data"
  /// The lock file every writer of the directory holds.
  package static let lockFile = "..lock"

  /// One file of a set.
  package struct File: Sendable {
    package var name: String
    package var contents: [UInt8]
    package var mode: mode_t
    package var owner: FileOwnerIDs?

    package init(name: String, contents: [UInt8], mode: mode_t, owner: FileOwnerIDs? = nil) {
      self.name = name
      self.contents = contents
      self.mode = mode
      self.owner = owner
    }
  }

  /// The directory.
  package let path: String
  /// The mode of the directory and of each generation (0755: a proxy running as another
  /// user reads the certificates; what must stay private is protected by its file mode).
  package let directoryMode: mode_t

  package init(path: String, directoryMode: mode_t = 0o755) {
    self.path = path
    self.directoryMode = directoryMode
  }

  /// Where the current files are read from: the generation `..data` names, or the
  /// directory itself while it holds plain files. Read every file of a set from here, not
  /// through the top-level links, to see one generation even while a writer switches.
  package var currentDirectory: String {
    isLink(currentLinkPath) ? currentLinkPath : path
  }

  /// Whether the directory holds a file called `name` now.
  package func contains(_ name: String) -> Bool {
    var status = stat()
    return stat("\(currentDirectory)/\(name)", &status) == 0
  }

  /// The current file called `name`, read as every input is (``InputReader``: a FIFO or
  /// a directory in its place is an error, not a wait).
  /// - Throws: ``FileSystemError`` saying why it cannot be read, naming `path/name`.
  package func read(_ name: String) throws -> [UInt8] {
    do {
      return try InputReader().readFile("\(currentDirectory)/\(name)").contents
    } catch var error as FileSystemError {
      error.path = "\(path)/\(name)"
      throw error
    }
  }

  /// The mode and owner of the current file called `name`.
  package func attributes(of name: String) throws -> (mode: mode_t, owner: FileOwnerIDs) {
    var status = stat()
    guard stat("\(currentDirectory)/\(name)", &status) == 0 else {
      throw FileSystemError.system("read the mode of", "\(path)/\(name)")
    }
    return (status.st_mode & 0o7777, (userID: status.st_uid, groupID: status.st_gid))
  }

  /// Creates the directory when it is missing and runs `body` holding its lock.
  /// - Throws: ``FileSystemError`` (of kind `inUse` when another writer keeps the lock
  ///   past `timeout`), and what `body` throws.
  package func withLock<Result>(
    timeout: TimeInterval = FileLock.defaultTimeout, _ body: () throws -> Result
  ) throws -> Result {
    try AtomicFile.makeDirectory(path, mode: directoryMode)
    return try FileLock.withLock(at: "\(path)/\(Self.lockFile)", timeout: timeout, target: path) {
      try body()
    }
  }

  /// Makes `files` the directory's set in one atomic step. The caller holds the lock.
  /// - Parameters:
  ///   - files: The new set, whole: a file of the old set that is neither here nor in
  ///     `retiring` is carried over unchanged.
  ///   - retiring: Names of the old set to drop (a key that no longer matches).
  /// - Throws: ``FileSystemError``; the old set is then still current and whole.
  package func publish(_ files: [File], retiring: Set<String> = []) throws {
    try AtomicFile.makeDirectory(path, mode: directoryMode)
    try removeLeftovers()
    let names = Set(files.map(\.name))
    try adoptPlainFiles(names.union(retiring))
    let old = currentGeneration
    var set = files
    if let old {
      for name in try generationFiles(old) where !names.contains(name) && !retiring.contains(name) {
        let attributes = try self.attributes(of: name)
        set.append(
          File(
            name: name, contents: try read(name), mode: attributes.mode, owner: attributes.owner))
      }
    }
    let generation = try writeGeneration(set)
    var linked: [String] = []
    do {
      for file in set where try ensureLink(file.name) { linked.append(file.name) }
      try switchCurrent(to: generation)
    } catch {
      try? FileManager.default.removeItem(atPath: "\(path)/\(generation)")
      // Links made for a set that never became current point nowhere: they go too.
      if old == nil { for name in linked { unlink("\(path)/\(name)") } }
      throw error
    }
    for name in retiring where !names.contains(name) && isLink("\(path)/\(name)") {
      unlink("\(path)/\(name)")
    }
    if let old { try removeTree(old) }
    try AtomicFile.syncDirectory(path)
  }

  /// Removes what interrupted writes left: generations that are not current, a
  /// half-made `..data` link, temporary files (which may hold private keys). The caller
  /// holds the lock, so no live writer owns any of them.
  /// - Throws: ``FileSystemError`` when the directory cannot be listed or cleaned.
  package func removeLeftovers() throws {
    let current = currentGeneration
    for entry in try SystemDirectory.entries(path) {
      if entry == Self.currentLink || entry == Self.lockFile || entry == current { continue }
      let temporary = entry.hasPrefix(".") && (entry.contains(".tmp-") || entry.contains(".link-"))
      if entry.hasPrefix("..") || temporary { try removeTree(entry) }
    }
  }

  // MARK: Steps

  private var currentLinkPath: String { "\(path)/\(Self.currentLink)" }

  /// The generation `..data` names, when it names one.
  private var currentGeneration: String? {
    guard let target = linkTarget(currentLinkPath) else { return nil }
    // Only a generation of this directory counts: never follow a link elsewhere.
    return target.hasPrefix("..") && !target.contains("/") ? target : nil
  }

  private func generationFiles(_ generation: String) throws -> [String] {
    try SystemDirectory.entries("\(path)/\(generation)")
  }

  /// The plain files among `names` (written before generations) become generation zero:
  /// copied into one, made current, then each replaced by a link to the same bytes, so a
  /// reader sees the old set throughout. Other files of the directory are not touched.
  private func adoptPlainFiles(_ names: Set<String>) throws {
    guard currentGeneration == nil else { return }
    var plain: [File] = []
    for entry in names.sorted() {
      var status = stat()
      guard lstat("\(path)/\(entry)", &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
        continue
      }
      plain.append(
        File(
          name: entry, contents: try read(entry), mode: status.st_mode & 0o7777,
          owner: (userID: status.st_uid, groupID: status.st_gid)))
    }
    guard !plain.isEmpty else { return }
    try switchCurrent(to: try writeGeneration(plain))
    for file in plain { _ = try ensureLink(file.name) }
    try AtomicFile.syncDirectory(path)
  }

  /// Writes a new generation holding `files`, flushed; returns its name.
  private func writeGeneration(_ files: [File]) throws -> String {
    var template = Array("\(path)/..\(Self.timestamp()).XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.flatMap { mkdtemp($0) } != nil
    }
    guard created else { throw FileSystemError.system("create a generation in", path) }
    let directory = String(cString: template)
    do {
      for file in files {
        try AtomicFile.create(
          file.contents, at: "\(directory)/\(file.name)", mode: file.mode, owner: file.owner)
      }
      guard chmod(directory, directoryMode) == 0 else {
        throw FileSystemError.system("set the mode of", directory)
      }
      try AtomicFile.syncDirectory(directory)
    } catch {
      try? FileManager.default.removeItem(atPath: directory)
      throw error
    }
    return (directory as NSString).lastPathComponent
  }

  /// Makes `name` a link to `..data/name` unless it is one; returns whether it made it.
  private func ensureLink(_ name: String) throws -> Bool {
    let target = "\(Self.currentLink)/\(name)"
    if linkTarget("\(path)/\(name)") == target { return false }
    try replaceWithLink("\(path)/\(name)", pointingTo: target)
    return true
  }

  /// Points `..data` at `generation` by renaming a new link over it: the one step that
  /// changes what readers see.
  private func switchCurrent(to generation: String) throws {
    try replaceWithLink(currentLinkPath, pointingTo: generation)
    try AtomicFile.syncDirectory(path)
  }

  private func replaceWithLink(_ link: String, pointingTo target: String) throws {
    let temporary =
      "\((link as NSString).deletingLastPathComponent)/.\((link as NSString).lastPathComponent).link-\(UInt32.random(in: 0...UInt32.max))"
    guard symlink(target, temporary) == 0 else {
      throw FileSystemError.system("create a link in", path)
    }
    guard rename(temporary, link) == 0 else {
      let code = errno
      unlink(temporary)
      throw FileSystemError.system("replace", link, errno: code)
    }
  }

  private func removeTree(_ entry: String) throws {
    let full = "\(path)/\(entry)"
    var status = stat()
    guard lstat(full, &status) == 0 else { return }
    if status.st_mode & S_IFMT != S_IFDIR {
      guard unlink(full) == 0 || errno == ENOENT else {
        throw FileSystemError.system("remove the leftover", full)
      }
      return
    }
    do {
      try FileManager.default.removeItem(atPath: full)
    } catch {
      throw FileSystemError(action: "remove the leftover", path: full, reason: "\(error)")
    }
  }

  private func isLink(_ file: String) -> Bool {
    var status = stat()
    return lstat(file, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
  }

  private func linkTarget(_ file: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(file, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// `2026_12_07_13_47_18`, in UTC: generations sort by age when listed.
  private static func timestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    return String(
      format: "%04d_%02d_%02d_%02d_%02d_%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
  }
}
