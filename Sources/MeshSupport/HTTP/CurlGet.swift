internal import CMeshCurl
import Foundation
internal import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libcurl's side of ``HTTPGet``: one easy handle per GET, made, used and cleaned up on
/// the thread the GET runs on, so that no libcurl pointer outlives ``perform(_:cancellation:)``
/// or crosses threads. The variadic `curl_easy_setopt`/`getinfo` go through CMeshCurl's
/// typed shims.
enum CurlGet {
  /// What one GET needs, checked by ``HTTPGet/fetch(_:headers:)``.
  struct Request: Sendable {
    var url: String
    /// The URL as errors print it.
    var printableURL: String
    /// `Name: value` lines.
    var headers: [String]
    var configuration: HTTPGet.Configuration
  }

  /// Set when the task waiting for a GET is cancelled; read by libcurl's progress callback
  /// on the transfer's thread.
  final class Cancellation: Sendable {
    private let cancelled = Mutex(false)

    func cancel() {
      cancelled.withLock { $0 = true }
    }

    var isCancelled: Bool { cancelled.withLock { $0 } }
  }

  /// What the callbacks fill while a transfer runs; only the transfer's thread touches it.
  private final class Transfer {
    var body: [UInt8] = []
    let limit: Int
    var exceededLimit = false
    let cancellation: Cancellation

    init(limit: Int, cancellation: Cancellation) {
      self.limit = limit
      self.cancellation = cancellation
    }
  }

  /// libcurl requires `curl_global_init` before any other call, and it is not safe to run
  /// beside other libcurl calls in older versions: once per process, before the first
  /// handle. libcurl counts its initialisations, so ECSClient's own is no conflict.
  private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

  /// Runs the GET to its end on the calling thread, which it blocks.
  static func perform(_ request: Request, cancellation: Cancellation) -> Result<
    HTTPGet.Response, HTTPGetError
  > {
    let url = request.printableURL
    func failure(_ code: HTTPGetError.Code, _ message: String, status: Int? = nil)
      -> Result<HTTPGet.Response, HTTPGetError>
    {
      .failure(HTTPGetError(code, url: url, status: status, message: message))
    }
    guard initialized, let handle = curl_easy_init() else {
      return failure(.connectionBroken, "libcurl could not be initialised")
    }
    defer { curl_easy_cleanup(handle) }
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { curl_slist_free_all(headerList) }
    for header in request.headers {
      guard let appended = curl_slist_append(headerList, header) else {
        return failure(.invalidRequest, "libcurl could not hold the request's headers")
      }
      headerList = appended
    }

    let configuration = request.configuration
    let transfer = Transfer(limit: configuration.maximumBodyBytes, cancellation: cancellation)
    let context = Unmanaged.passUnretained(transfer).toOpaque()
    var rejected = CURLE_OK
    func set(_ result: CURLcode) {
      if rejected == CURLE_OK { rejected = result }
    }
    set(CMeshCurl_setopt_string(handle, CURLOPT_URL, request.url))
    set(CMeshCurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
    set(CMeshCurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
    // No signals: the GET runs on a thread of its own, beside others.
    set(CMeshCurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
    set(CMeshCurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
    set(CMeshCurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
    if let caBundle = configuration.caBundlePath {
      set(CMeshCurl_setopt_string(handle, CURLOPT_CAINFO, caBundle))
    }
    set(
      CMeshCurl_setopt_long(
        handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)))
    set(CMeshCurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.timeout)))
    // A Content-Length over the cap fails before the body; the write callback catches
    // bodies without one.
    set(
      CMeshCurl_setopt_off_t(
        handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumBodyBytes)))
    if headerList != nil {
      set(CMeshCurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
    }
    set(CMeshCurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
    set(
      CMeshCurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard transfer.body.count + length <= transfer.limit else {
          transfer.exceededLimit = true
          return 0  // anything but `length` makes libcurl stop with CURLE_WRITE_ERROR
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
      })
    set(CMeshCurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0))
    set(CMeshCurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context))
    set(
      CMeshCurl_setopt_progress_callback(handle) { context, _, _, _, _ in
        guard let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        return transfer.cancellation.isCancelled ? 1 : 0
      })
    guard rejected == CURLE_OK else {
      return failure(.invalidRequest, "libcurl rejected an option: \(text(rejected))")
    }

    let result = withExtendedLifetime(transfer) { curl_easy_perform(handle) }
    var status = 0
    _ = CMeshCurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    let authority = HTTPGetError.authority(of: url)
    switch result {
    case CURLE_OK:
      guard (200...299).contains(status) else {
        return failure(.status, "HTTP status \(status)", status: status)
      }
      return .success(HTTPGet.Response(status: status, body: transfer.body))
    case CURLE_WRITE_ERROR where transfer.exceededLimit, CURLE_FILESIZE_EXCEEDED:
      // An error status matters more than the size of its page.
      if status != 0 && !(200...299).contains(status) {
        return failure(.status, "HTTP status \(status)", status: status)
      }
      return failure(
        .bodyTooLarge, "the body is larger than \(configuration.maximumBodyBytes) bytes")
    case CURLE_OPERATION_TIMEDOUT:
      // Nothing sent: the connection (TCP, and TLS for https) never came up.
      var sent = 0
      _ = CMeshCurl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &sent)
      if sent == 0 {
        let bound = min(configuration.connectTimeout, configuration.timeout)
        return failure(
          .connectTimeout, "no connection to \(authority) within \(HTTPGetError.seconds(bound))")
      }
      return failure(
        .timeout,
        "no complete answer from \(authority) within \(HTTPGetError.seconds(configuration.timeout))"
      )
    case CURLE_ABORTED_BY_CALLBACK:
      return failure(.cancelled, "the GET was cancelled")
    case CURLE_COULDNT_CONNECT:
      var number = 0
      _ = CMeshCurl_getinfo_long(handle, CURLINFO_OS_ERRNO, &number)
      let reason = number == 0 ? text(result) : String(cString: strerror(Int32(number)))
      return failure(.connectionFailed, "cannot connect to \(authority): \(reason)")
    case CURLE_COULDNT_RESOLVE_HOST:
      return failure(.connectionFailed, "cannot resolve the host of \(authority)")
    case CURLE_COULDNT_RESOLVE_PROXY:
      return failure(.connectionFailed, "cannot resolve the proxy's host")
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
      return failure(
        .tlsVerificationFailed,
        "the TLS certificate of \(authority) is not trusted: \(text(result))")
    case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
      return failure(.invalidURL, text(result))
    default:
      return failure(.connectionBroken, "\(text(result)) (from \(authority))")
    }
  }

  /// libcurl's words for a code.
  private static func text(_ code: CURLcode) -> String {
    String(cString: curl_easy_strerror(code))
  }

  /// libcurl's milliseconds for a bound in seconds checked by ``HTTPGet/Configuration``:
  /// at least 1 (0 would mean no bound at all).
  private static func milliseconds(_ seconds: TimeInterval) -> Int {
    max(1, Int((seconds * 1000).rounded(.up)))
  }
}
