internal import CMeshCurl
import Foundation
internal import Synchronization

/// HTTP over libcurl. Easy handles are pooled and reused, so connections (and TLS
/// sessions) are kept between requests; each request runs on a thread of its own while
/// the calling task waits, and is aborted when that task is cancelled.
final class CurlTransport: Sendable {
  /// Transport settings.
  struct Options: Sendable {
    var connectTimeout: TimeInterval
    var requestTimeout: TimeInterval
    /// A PEM file of CA certificates to trust instead of the system's.
    var caBundlePath: String?
    /// The most concurrent requests (and pooled handles).
    var maximumConnections: Int
    /// The largest response body accepted.
    var maximumResponseBytes: Int
  }

  let options: Options
  private let pool: HandlePool

  init(options: Options) {
    CurlGlobal.initialize()
    self.options = options
    pool = HandlePool(capacity: max(1, options.maximumConnections))
  }

  /// Sends a request and collects the whole response.
  /// - Throws: ``AWSError`` with code transport, timeout or cancelled.
  func send(_ request: HTTPRequest) async throws -> HTTPResponse {
    try Task.checkCancellation()
    let handle = await pool.acquire()
    defer { Task { await pool.release(handle) } }
    let cancellation = CancellationFlag()
    return try await withTaskCancellationHandler {
      let options = self.options
      return try await BlockingWork.run {
        try handle.perform(request, options: options, cancellation: cancellation)
      }
    } onCancel: {
      cancellation.cancel()
    }
  }
}

/// curl_global_init, once per process (libcurl requires it before any other call).
enum CurlGlobal {
  private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

  static func initialize() {
    _ = initialized
  }
}

/// Set when the task that waits for a request is cancelled; read by libcurl's progress
/// callback on the transfer thread.
final class CancellationFlag: Sendable {
  private let cancelled = Atomic<Bool>(false)

  func cancel() {
    cancelled.store(true, ordering: .releasing)
  }

  var isCancelled: Bool {
    cancelled.load(ordering: .acquiring)
  }
}

/// Idle easy handles, handed to one request at a time.
actor HandlePool {
  private let capacity: Int
  private var idle: [EasyHandle] = []
  private var created = 0
  private var waiters: [CheckedContinuation<EasyHandle, Never>] = []

  init(capacity: Int) {
    self.capacity = capacity
  }

  func acquire() async -> EasyHandle {
    if let handle = idle.popLast() { return handle }
    if created < capacity, let handle = EasyHandle() {
      created += 1
      return handle
    }
    return await withCheckedContinuation { waiters.append($0) }
  }

  func release(_ handle: EasyHandle) {
    if !waiters.isEmpty {
      waiters.removeFirst().resume(returning: handle)
    } else {
      idle.append(handle)
    }
  }
}

/// One libcurl easy handle. The pool gives it to one request at a time, which is all
/// libcurl allows; its connection cache survives `curl_easy_reset`.
final class EasyHandle: @unchecked Sendable {
  // @unchecked: the pool hands the handle to one request at a time.
  private let pointer: UnsafeMutableRawPointer

  init?() {
    guard let handle = curl_easy_init() else { return nil }
    pointer = handle
  }

  deinit {
    curl_easy_cleanup(pointer)
  }

  /// What the callbacks fill while a transfer runs.
  final class Transfer {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var limit: Int
    var exceededLimit = false
    let cancellation: CancellationFlag

    init(limit: Int, cancellation: CancellationFlag) {
      self.limit = limit
      self.cancellation = cancellation
    }
  }

  func perform(
    _ request: HTTPRequest, options: CurlTransport.Options, cancellation: CancellationFlag
  ) throws
    -> HTTPResponse
  {
    curl_easy_reset(pointer)
    let transfer = Transfer(limit: options.maximumResponseBytes, cancellation: cancellation)
    let context = Unmanaged.passUnretained(transfer).toOpaque()
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { curl_slist_free_all(headerList) }
    for (name, value) in request.headers {
      headerList = curl_slist_append(headerList, "\(name): \(value)")
    }
    // libcurl adds these unless told not to; the signature covers what we send.
    headerList = curl_slist_append(headerList, "Expect:")
    headerList = curl_slist_append(headerList, "Accept:")

    var failure: CURLcode = CURLE_OK
    func set(_ result: CURLcode) {
      if failure == CURLE_OK && result != CURLE_OK { failure = result }
    }
    set(CMeshCurl_setopt_string(pointer, CURLOPT_URL, request.url))
    set(CMeshCurl_setopt_string(pointer, CURLOPT_PROTOCOLS_STR, "http,https"))
    set(CMeshCurl_setopt_long(pointer, CURLOPT_NOSIGNAL, 1))
    set(CMeshCurl_setopt_long(pointer, CURLOPT_SSL_VERIFYPEER, 1))
    set(CMeshCurl_setopt_long(pointer, CURLOPT_SSL_VERIFYHOST, 2))
    if let caBundle = options.caBundlePath {
      set(CMeshCurl_setopt_string(pointer, CURLOPT_CAINFO, caBundle))
    }
    let connectTimeout = request.connectTimeout ?? options.connectTimeout
    let timeout = request.timeout ?? options.requestTimeout
    var limits = (connect: connectTimeout, transfer: timeout)
    if let deadline = request.deadline {
      // Time spent waiting for a pooled handle counts: libcurl gets what is left.
      let left = ContinuousClock.now.duration(to: deadline) / .seconds(1)
      guard left > 0 else {
        throw Self.timeoutError(
          url: request.url, connecting: true, after: min(connectTimeout, timeout))
      }
      limits = (min(connectTimeout, left), min(timeout, left))
    }
    set(
      CMeshCurl_setopt_long(pointer, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(limits.connect)))
    set(CMeshCurl_setopt_long(pointer, CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.transfer)))
    set(CMeshCurl_setopt_slist(pointer, CURLOPT_HTTPHEADER, headerList))
    set(CMeshCurl_setopt_string(pointer, CURLOPT_CUSTOMREQUEST, request.method))
    if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
      set(
        CMeshCurl_setopt_off_t(pointer, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
      )
      // COPYPOSTFIELDS copies the body, so it need not outlive this call.
      if request.body.isEmpty {
        set(CMeshCurl_setopt_string(pointer, CURLOPT_COPYPOSTFIELDS, ""))
      } else {
        set(
          request.body.withUnsafeBytes { bytes in
            CMeshCurl_setopt_pointer(
              pointer, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
          })
      }
    }
    set(CMeshCurl_setopt_pointer(pointer, CURLOPT_WRITEDATA, context))
    set(
      CMeshCurl_setopt_data_callback(pointer, CURLOPT_WRITEFUNCTION) {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        if transfer.body.count + length > transfer.limit {
          transfer.exceededLimit = true
          return 0
        }
        transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
      })
    set(CMeshCurl_setopt_pointer(pointer, CURLOPT_HEADERDATA, context))
    set(
      CMeshCurl_setopt_data_callback(pointer, CURLOPT_HEADERFUNCTION) {
        buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let line = String(
          decoding: UnsafeRawBufferPointer(start: buffer, count: size * count), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
          transfer.headers.removeAll()  // a new response (after 100 Continue or a redirect)
        } else if let colon = line.firstIndex(of: ":") {
          let name = line[..<colon].trimmingCharacters(in: .whitespaces)
          let value = line[line.index(after: colon)...].trimmingCharacters(
            in: .whitespacesAndNewlines)
          transfer.headers.append((name, value))
        }
        return size * count
      })
    set(CMeshCurl_setopt_long(pointer, CURLOPT_NOPROGRESS, 0))
    set(CMeshCurl_setopt_pointer(pointer, CURLOPT_XFERINFODATA, context))
    set(
      CMeshCurl_setopt_progress_callback(pointer) { context, _, _, _, _ in
        guard let context else { return 0 }
        return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().cancellation
          .isCancelled ? 1 : 0
      })
    guard failure == CURLE_OK else {
      throw AWSError(
        .invalidRequest, errorCode: "InvalidRequest",
        message: "libcurl rejected an option: \(Self.text(failure))")
    }

    let result = curl_easy_perform(pointer)
    if result == CURLE_OPERATION_TIMEDOUT {
      // Nothing sent means the connection (TCP, and TLS for https) never came up: a
      // connect timeout, which also tells the caller the service never saw the request.
      var sent = 0
      _ = CMeshCurl_getinfo_long(pointer, CURLINFO_REQUEST_SIZE, &sent)
      throw Self.timeoutError(
        url: request.url, connecting: sent == 0,
        after: sent == 0 ? min(connectTimeout, timeout) : timeout)
    }
    if result != CURLE_OK {
      throw Self.error(for: result, transfer: transfer)
    }
    var status = 0
    _ = CMeshCurl_getinfo_long(pointer, CURLINFO_RESPONSE_CODE, &status)
    return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
  }

  static func text(_ code: CURLcode) -> String {
    String(cString: curl_easy_strerror(code))
  }

  /// libcurl's milliseconds for a bound in seconds: at least 1 for any positive bound
  /// (0 would mean no bound at all), at most a day, 0 (libcurl's default) for none.
  static func milliseconds(_ seconds: TimeInterval) -> Int {
    guard seconds > 0 else { return 0 }
    return Int((min(seconds, 86_400) * 1000).rounded(.up))
  }

  /// A timeout: `ConnectTimeout` when no connection came up, `Timeout` when the answer
  /// did not come in time; both say the bound and the server (never user information).
  static func timeoutError(url: String, connecting: Bool, after bound: TimeInterval) -> AWSError {
    var authority = Substring(url)
    if let scheme = authority.range(of: "://") { authority = authority[scheme.upperBound...] }
    authority = authority.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if let at = authority.lastIndex(of: "@") {
      authority = authority[authority.index(after: at)...]
    }
    if connecting {
      return AWSError(
        .timeout, errorCode: "ConnectTimeout",
        message: "no connection to \(authority) within \(formatSeconds(bound))")
    }
    return AWSError(
      .timeout, errorCode: "Timeout",
      message: "no complete answer from \(authority) within \(formatSeconds(bound))")
  }

  static func error(for code: CURLcode, transfer: Transfer) -> AWSError {
    switch code {
    case CURLE_ABORTED_BY_CALLBACK:
      return AWSError(.cancelled, errorCode: "Cancelled", message: "the request was cancelled")
    case CURLE_WRITE_ERROR where transfer.exceededLimit:
      return AWSError(
        .invalidResponse, errorCode: "ResponseTooLarge",
        message: "the response is larger than \(transfer.limit) bytes")
    case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
      return AWSError(.transport, errorCode: "ConnectionFailed", message: text(code))
    case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE:
      return AWSError(
        .transport, errorCode: "TLSVerificationFailed",
        message: "the server's TLS certificate is not trusted: \(text(code))")
    default:
      return AWSError(.transport, errorCode: "ConnectionBroken", message: text(code))
    }
  }
}
