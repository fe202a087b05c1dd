import CMeshCurl
import Foundation
import Testing

/// The libcurl shim links and its typed setopt/getinfo wrappers drive a real transfer (of a
/// local file: no network).
@Suite("CMeshCurl shim")
struct ShimTests {
  /// Collects what the write callback receives.
  final class Sink {
    var bytes: [UInt8] = []
  }

  @Test("a file:// transfer delivers the file through the write callback")
  func fileTransfer() throws {
    #expect(curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK)
    let directory = FileManager.default.temporaryDirectory
    let file = directory.appendingPathComponent("cmeshcurl-\(UUID().uuidString).txt")
    let contents = "hello from libcurl\n"
    try contents.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let handle = try #require(curl_easy_init())
    defer { curl_easy_cleanup(handle) }
    let sink = Sink()
    let context = Unmanaged.passUnretained(sink).toOpaque()

    #expect(CMeshCurl_setopt_string(handle, CURLOPT_URL, file.absoluteString) == CURLE_OK)
    #expect(CMeshCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) == CURLE_OK)
    #expect(CMeshCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context) == CURLE_OK)
    let installed = CMeshCurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) {
      buffer, size, count, context in
      guard let buffer, let context else { return 0 }
      let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
      sink.bytes += UnsafeRawBufferPointer(start: buffer, count: size * count)
      return size * count
    }
    #expect(installed == CURLE_OK)
    let result = curl_easy_perform(handle)

    #expect(result == CURLE_OK)
    #expect(String(decoding: sink.bytes, as: UTF8.self) == contents)
    var downloaded: curl_off_t = 0
    #expect(CMeshCurl_getinfo_off_t(handle, CURLINFO_SIZE_DOWNLOAD_T, &downloaded) == CURLE_OK)
    #expect(downloaded == curl_off_t(contents.utf8.count))
    var effectiveURL: UnsafePointer<CChar>?
    #expect(CMeshCurl_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effectiveURL) == CURLE_OK)
    #expect(effectiveURL.map { String(cString: $0) } == file.absoluteString)
  }

  @Test("a missing file fails with libcurl's own error code")
  func missingFile() throws {
    let handle = try #require(curl_easy_init())
    defer { curl_easy_cleanup(handle) }

    _ = CMeshCurl_setopt_string(handle, CURLOPT_URL, "file:///nonexistent/meshbridge")
    let result = curl_easy_perform(handle)

    #expect(result == CURLE_FILE_COULDNT_READ_FILE)
  }
}
