internal import CMeshYAML

/// Owns one libyaml emitter and the bytes it writes; emits ``EncodedNode`` trees as
/// documents of one stream.
final class Emitter {
  /// Collects what libyaml writes. A class so libyaml's callback can reach it through
  /// an opaque pointer.
  private final class Output {
    var bytes: [UInt8] = []
  }

  private let emitter: UnsafeMutablePointer<yaml_emitter_t>
  private let output = Output()

  init(indent: Int) throws {
    emitter = .allocate(capacity: 1)
    guard yaml_emitter_initialize(emitter) == 1 else {
      emitter.deallocate()
      throw YAMLError(.emitter, "libyaml could not initialise an emitter (out of memory)")
    }
    yaml_emitter_set_unicode(emitter, 1)
    // Never fold long strings: folding changes nothing but makes diffs noisy.
    yaml_emitter_set_width(emitter, -1)
    yaml_emitter_set_indent(emitter, Int32(indent))
    yaml_emitter_set_output(
      emitter,
      { context, buffer, size in
        guard let context, let buffer else { return 0 }
        let output = Unmanaged<Output>.fromOpaque(context).takeUnretainedValue()
        output.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
        return 1
      }, Unmanaged.passUnretained(output).toOpaque())
  }

  deinit {
    yaml_emitter_delete(emitter)
    emitter.deallocate()
  }

  func startStream() throws {
    var event = yaml_event_t()
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
    try emit(&event)
  }

  func endStream() throws -> [UInt8] {
    var event = yaml_event_t()
    yaml_stream_end_event_initialize(&event)
    try emit(&event)
    return output.bytes
  }

  func emitDocument(_ root: EncodedNode) throws {
    var event = yaml_event_t()
    yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
    try emit(&event)
    try emitNode(root)
    yaml_document_end_event_initialize(&event, 1)
    try emit(&event)
  }

  private func emitNode(_ node: EncodedNode) throws {
    switch node {
    case .null:
      try emitScalar("null", plain: true)
    case .literal(let text):
      try emitScalar(text, plain: true)
    case .string(let text):
      try emitString(text)
    case .sequence(let box):
      var event = yaml_event_t()
      yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_ANY_SEQUENCE_STYLE)
      try emit(&event)
      for item in box.items { try emitNode(item) }
      yaml_sequence_end_event_initialize(&event)
      try emit(&event)
    case .mapping(let box):
      var event = yaml_event_t()
      let style = box.keys.isEmpty ? YAML_FLOW_MAPPING_STYLE : YAML_ANY_MAPPING_STYLE
      yaml_mapping_start_event_initialize(&event, nil, nil, 1, style)
      try emit(&event)
      if box.sortsKeys {
        for index in box.keys.indices.sorted(by: { box.keys[$0] < box.keys[$1] }) {
          try emitString(box.keys[index])
          try emitNode(box.values[index])
        }
      } else {
        for index in box.keys.indices {
          try emitString(box.keys[index])
          try emitNode(box.values[index])
        }
      }
      yaml_mapping_end_event_initialize(&event)
      try emit(&event)
    }
  }

  /// A string: double-quoted when a plain scalar would read as another type, a literal
  /// block when it spans lines, otherwise plain unless libyaml finds its syntax needs
  /// quotes.
  private func emitString(_ text: String) throws {
    if PlainScalarSafety.needsQuotes(text) {
      try emitScalar(text, plain: false, style: YAML_DOUBLE_QUOTED_SCALAR_STYLE)
    } else if text.utf8.contains(UInt8(ascii: "\n")) {
      try emitScalar(text, plain: false, style: YAML_LITERAL_SCALAR_STYLE)
    } else {
      try emitScalar(text, plain: true, style: YAML_ANY_SCALAR_STYLE)
    }
  }

  private func emitScalar(
    _ text: String, plain: Bool, style: yaml_scalar_style_t = YAML_PLAIN_SCALAR_STYLE
  ) throws {
    var event = yaml_event_t()
    var text = text
    let initialized = text.withUTF8 { bytes in
      yaml_scalar_event_initialize(
        &event, nil, nil, UnsafeMutablePointer(mutating: bytes.baseAddress), Int32(bytes.count),
        plain ? 1 : 0, 1, style)
    }
    guard initialized == 1 else {
      throw YAMLError(.emitter, "libyaml could not create a scalar event (out of memory)")
    }
    try emit(&event)
  }

  /// Hands an event to libyaml, which takes ownership of it in every case.
  private func emit(_ event: inout yaml_event_t) throws {
    guard yaml_emitter_emit(emitter, &event) == 1 else {
      let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown problem"
      throw YAMLError(.emitter, problem)
    }
  }
}
