import ECSClient
import Foundation

/// The AWS options the commands that call AWS share: `--region`, `--profile`,
/// `--endpoint-url`, `--timeout` and `--connect-timeout`.
enum AWSOptions {
  /// The options' names.
  static let names: Set<String> = [
    "--region", "--profile", "--endpoint-url", "--timeout", "--connect-timeout",
  ]

  /// The library's default bounds, which the help quotes.
  private static let standard = AWSClientConfiguration.Timeout.default

  /// The options' help, for a command's Options section.
  static let help = """
      --region, --profile  As the AWS CLI's; credentials come from the SDKs' chain.
      --endpoint-url URL   Another ECS and SSM endpoint (a local test server):
                           http:// or https://, a host and an optional port, nothing else.
      --timeout SECONDS    The longest one AWS call may take, retries included
                           (default \(standard.total.components.seconds)); a call that runs out fails with a timeout.
      --connect-timeout SECONDS
                           The longest to wait for a connection to AWS (default \(standard.connect.components.seconds)).
    """

  /// The client configuration the options describe. A malformed endpoint URL, region or
  /// timeout is a usage error, found before any request is sent.
  /// - Throws: ``Arguments/UsageError``.
  static func configuration(_ arguments: Arguments) throws -> AWSClientConfiguration {
    var environment = ProcessInfo.processInfo.environment
    if let profile = arguments.options["--profile"] { environment["AWS_PROFILE"] = profile }
    let total = try bound(arguments, "--timeout", default: standard.total.timeInterval)
    // A --timeout shorter than the default connect bound shortens that too.
    let connect = try bound(
      arguments, "--connect-timeout", default: min(standard.connect.timeInterval, total))
    let timeout = try AWSClientConfiguration.Timeout(
      connect: .seconds(connect), total: .seconds(total))
    do {
      return try AWSClientConfiguration(
        region: arguments.options["--region"],
        endpoint: try arguments.options["--endpoint-url"].map {
          try AWSClientConfiguration.endpointURL(from: $0)
        },
        timeout: timeout, environment: environment)
    } catch let error as AWSError where error.code == .invalidRequest {
      let option: String? =
        switch error.errorCode {
        case "InvalidEndpoint": "--endpoint-url"
        case "InvalidRegion": arguments.options["--region"] != nil ? "--region" : nil
        default: nil
        }
      let hint = error.errorCode == "NoRegion" ? "; give --region" : ""
      throw Arguments.UsageError(
        description: (option.map { "\($0): " } ?? "") + error.message + hint)
    }
  }

  /// A timeout option in seconds, more than 0 and at most a day.
  private static func bound(_ arguments: Arguments, _ name: String, default fallback: TimeInterval)
    throws -> TimeInterval
  {
    let value = try arguments.seconds(name, default: fallback)
    let longest = AWSClientConfiguration.Timeout.longest.timeInterval
    guard value > 0, value <= longest else {
      throw Arguments.UsageError(
        description:
          "\(name) takes a number of seconds more than 0 and at most \(Int(longest)), not \(arguments.options[name] ?? "")"
      )
    }
    return value
  }
}
