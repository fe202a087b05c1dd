import Foundation
internal import MeshSupport

extension TopologyScraper {
  /// The bounds of a scrape: how long it may take and how much it may read. Checked when
  /// made, so a scraper never starts with a bound that would not hold.
  ///
  /// ```swift
  /// let configuration = try TopologyScraper.Configuration(scrapeTimeout: 10)
  /// ```
  public struct Configuration: Sendable, Hashable {
    /// Seconds to connect to a sidecar (TCP, and TLS for https). Default 2.
    public let connectTimeout: TimeInterval
    /// Seconds for a whole scrape, connecting included, until the last byte. Default 5:
    /// a sidecar answers in milliseconds, and a stuck one must not hold the view back.
    public let scrapeTimeout: TimeInterval
    /// The largest statistics page read, in bytes; a larger one fails its scrape rather
    /// than fill memory. Default 16 MiB.
    public let maximumBodyBytes: Int
    /// A PEM file of CA certificates to trust for https endpoints instead of the
    /// system's; nil (the default) for the system's. Certificates are always verified.
    public let caBundlePath: String?

    /// The longest timeout accepted: a day.
    public static let longestTimeout: TimeInterval = 86_400

    /// The defaults: 2 seconds to connect, 5 for the scrape, 16 MiB, the system's CAs.
    public static let `default` = Configuration(
      validatedConnectTimeout: 2, scrapeTimeout: 5, maximumBodyBytes: 16 << 20,
      caBundlePath: nil)

    /// Creates bounds; every parameter defaults as its property documents.
    /// - Throws: ``TopologyScraper/ConfigurationError`` when a timeout is not a number of
    ///   seconds more than 0 and at most ``longestTimeout``, or `maximumBodyBytes` is
    ///   less than 1.
    public init(
      connectTimeout: TimeInterval = Configuration.default.connectTimeout,
      scrapeTimeout: TimeInterval = Configuration.default.scrapeTimeout,
      maximumBodyBytes: Int = Configuration.default.maximumBodyBytes,
      caBundlePath: String? = nil
    ) throws(ConfigurationError) {
      for (name, value) in [("connectTimeout", connectTimeout), ("scrapeTimeout", scrapeTimeout)] {
        guard value.isFinite, value > 0, value <= Self.longestTimeout else {
          throw ConfigurationError(
            .outOfRange, parameter: name,
            reason:
              "must be more than 0 and at most \(Int(Self.longestTimeout)) seconds, not \(value)")
        }
      }
      guard maximumBodyBytes > 0 else {
        throw ConfigurationError(
          .outOfRange, parameter: "maximumBodyBytes",
          reason: "must be at least 1, not \(maximumBodyBytes)")
      }
      self.init(
        validatedConnectTimeout: connectTimeout, scrapeTimeout: scrapeTimeout,
        maximumBodyBytes: maximumBodyBytes, caBundlePath: caBundlePath)
    }

    private init(
      validatedConnectTimeout connectTimeout: TimeInterval, scrapeTimeout: TimeInterval,
      maximumBodyBytes: Int, caBundlePath: String?
    ) {
      self.connectTimeout = connectTimeout
      self.scrapeTimeout = scrapeTimeout
      self.maximumBodyBytes = maximumBodyBytes
      self.caBundlePath = caBundlePath
    }

    /// The same bounds for MeshSupport's GET.
    var httpGet: HTTPGet.Configuration {
      HTTPGet.Configuration(
        connectTimeout: connectTimeout, timeout: scrapeTimeout,
        maximumBodyBytes: maximumBodyBytes, caBundlePath: caBundlePath)
    }
  }

  /// A ``Configuration`` value out of bounds: which parameter, and why.
  ///
  /// ```
  /// TopologyScraper.ConfigurationError.outOfRange: scrapeTimeout must be more than 0 and at most 86400 seconds, not inf
  /// ```
  public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added in any release: a `switch` over codes
    /// needs a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
      /// The code's name, as printed.
      public let name: String

      private init(_ name: String) { self.name = name }

      /// A timeout or size outside the bounds a scrape can hold to.
      public static let outOfRange = Code("outOfRange")

      public var description: String { name }
    }

    /// What is wrong.
    public var code: Code
    /// The initialiser's parameter: `connectTimeout`, `scrapeTimeout`, `maximumBodyBytes`.
    public var parameter: String
    /// What the value must be, and the value given.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, parameter: String, reason: String) {
      self.code = code
      self.parameter = parameter
      self.reason = reason
    }

    /// `TopologyScraper.ConfigurationError.outOfRange: scrapeTimeout must be more than 0 …`.
    public var description: String {
      "TopologyScraper.ConfigurationError.\(code): \(parameter) \(reason)"
    }
  }
}
