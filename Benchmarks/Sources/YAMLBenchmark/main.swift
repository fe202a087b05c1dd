import Foundation
import MeshModel
import YAMLCoding
import Yams

// YAMLBenchmark MODE [DOCUMENTS] [ITERATIONS]
//   generate FILE         write the mixed stream to FILE
//   time FILE             time decode and encode, ours and Yams', side by side (ms, median)
//   memory-ours FILE      decode once with YAMLCoding, print peak RSS (KiB)
//   memory-yams FILE      decode once with Yams, print peak RSS (KiB)

func peakRSSKiB() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss)
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

func measure(iterations: Int, _ body: () throws -> Void) rethrows -> Double {
  var samples: [Double] = []
  for _ in 0..<iterations {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    samples.append(
      Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
  }
  return median(samples)
}

func decodeWithYams(_ text: String) throws -> [MeshResource] {
  let decoder = Yams.YAMLDecoder()
  return try Yams.compose_all(yaml: text).map { try decoder.decode(MeshResource.self, from: $0) }
}

func encodeWithYams(_ resources: [MeshResource]) throws -> String {
  let encoder = Yams.YAMLEncoder()
  return try resources.map { try encoder.encode($0) }.joined(separator: "---\n")
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  FileHandle.standardError.write(
    Data(
      "usage: YAMLBenchmark generate|time|memory-ours|memory-yams FILE [DOCUMENTS] [ITERATIONS]\n"
        .utf8))
  exit(2)
}
let mode = arguments[1]
let file = arguments[2]
let documents = arguments.count > 3 ? Int(arguments[3]) ?? 5000 : 5000
let iterations = arguments.count > 4 ? Int(arguments[4]) ?? 5 : 5

do {
  switch mode {
  case "generate":
    let text = try YAMLCoding.YAMLEncoder().encode(documents: Corpus.resources(count: documents))
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    print("wrote \(documents) documents, \(text.utf8.count) bytes")
  case "time":
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let bytes = Array(text.utf8)
    let ours = try MeshResourceDecoder().decode(bytes)
    let theirs = try decodeWithYams(text)
    guard ours == theirs, ours.count == documents else {
      FileHandle.standardError.write(
        Data("decoders disagree: \(ours.count) vs \(theirs.count)\n".utf8))
      exit(1)
    }
    let decodeOurs = try measure(iterations: iterations) {
      _ = try MeshResourceDecoder().decode(bytes)
    }
    let decodeYams = try measure(iterations: iterations) { _ = try decodeWithYams(text) }
    let encodeOurs = try measure(iterations: iterations) {
      _ = try YAMLCoding.YAMLEncoder().encode(documents: ours)
    }
    let encodeYams = try measure(iterations: iterations) { _ = try encodeWithYams(ours) }
    print(String(format: "decode_ms ours=%.1f yams=%.1f", decodeOurs, decodeYams))
    print(String(format: "encode_ms ours=%.1f yams=%.1f", encodeOurs, encodeYams))
  case "memory-ours":
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
    let baseline = peakRSSKiB()
    let resources = try MeshResourceDecoder().decode(bytes)
    print("peak_rss_kib=\(peakRSSKiB()) baseline_kib=\(baseline) documents=\(resources.count)")
  case "memory-yams":
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let baseline = peakRSSKiB()
    let resources = try decodeWithYams(text)
    print("peak_rss_kib=\(peakRSSKiB()) baseline_kib=\(baseline) documents=\(resources.count)")
  default:
    FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
    exit(2)
  }
} catch {
  FileHandle.standardError.write(Data("YAMLBenchmark: \(error)\n".utf8))
  exit(1)
}
