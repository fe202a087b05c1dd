/// Appends bytes to memory reserved up front. Signing knows a bound of what it writes, so
/// it writes each request's canonical form in one allocation, without the uniqueness and
/// capacity checks of a growing array on every append (they showed in profiles).
/// Writing past the reserved capacity stops the program rather than corrupting memory.
struct ByteWriter {
  private let base: UnsafeMutablePointer<UInt8>
  private let capacity: Int
  /// How many bytes have been written.
  private(set) var count = 0

  init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    // A zero-capacity buffer may have no address; nothing can be written to it anyway.
    base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
    capacity = buffer.count
  }

  /// Bytes already written, by position.
  func written(_ range: Range<Int>) -> UnsafeRawBufferPointer {
    precondition(range.upperBound <= count, "ByteWriter: only written bytes can be read")
    return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
  }

  mutating func append(_ byte: UInt8) {
    precondition(count < capacity, "ByteWriter: the reserved capacity is exceeded")
    base[count] = byte
    count += 1
  }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(bytes.count <= capacity - count, "ByteWriter: the reserved capacity is exceeded")
    if let source = bytes.baseAddress {
      (base + count).update(from: source, count: bytes.count)
    }
    count += bytes.count
  }

  mutating func append(_ text: String) {
    Self.withUTF8(of: text) { append($0) }
  }

  /// Calls `body` with the UTF-8 of `text`: in place for native strings, else a copy.
  static func withUTF8<Result>(
    of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
  }

  /// Appends `bytes` in lower-case hex.
  mutating func appendHex(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(
      bytes.count * 2 <= capacity - count, "ByteWriter: the reserved capacity is exceeded")
    Self.hexPairs.withUnsafeBufferPointer { pairs in
      // Each byte's two digits are copied as one 16-bit unit from the table.
      let destination = UnsafeMutableRawPointer(base + count)
      for (index, byte) in bytes.enumerated() {
        destination.storeBytes(
          of: pairs[Int(byte)], toByteOffset: 2 * index, as: UInt16.self)
      }
    }
    count += bytes.count * 2
  }

  /// The two hex digits of every byte value, in memory order.
  private static let hexPairs: [UInt16] = {
    let digits = Array("0123456789abcdef".utf8)
    return (0..<256).map { value in
      var pair: UInt16 = 0
      withUnsafeMutableBytes(of: &pair) {
        $0[0] = digits[value >> 4]
        $0[1] = digits[value & 0x0F]
      }
      return pair
    }
  }()

  /// Appends `bytes` lower-cased (ASCII letters only, as header names need).
  mutating func appendLowercased(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(bytes.count <= capacity - count, "ByteWriter: the reserved capacity is exceeded")
    var position = base + count
    for byte in bytes {
      position.pointee = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
      position += 1
    }
    count += bytes.count
  }

  /// Appends `bytes` trimmed, with each inner run of whitespace as one space (a header
  /// value, canonicalised). Never longer than `bytes`.
  mutating func appendCollapsingWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
    precondition(bytes.count <= capacity - count, "ByteWriter: the reserved capacity is exceeded")
    // Most values hold no whitespace or control byte at all (all above 0x20): copied
    // whole. The smallest byte is found without branches, which the compiler vectorises.
    var smallest: UInt8 = 0xFF
    for byte in bytes { smallest = min(smallest, byte) }
    if smallest > 0x20 {
      append(bytes)
      return
    }
    var position = base + count
    var started = false
    var pendingSpace = false
    for byte in bytes {
      if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
        pendingSpace = started
        continue
      }
      if pendingSpace {
        position.pointee = 0x20
        position += 1
        pendingSpace = false
      }
      started = true
      position.pointee = byte
      position += 1
    }
    count = position - base
  }
}
