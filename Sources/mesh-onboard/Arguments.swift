import EnvoyConfig
import Foundation
import MeshIdentity
import MeshModel
import MeshPKI
import MeshSupport

/// Command-line parsing shared by the subcommands: `--name value` options, flags and
/// positional arguments, with errors that say which argument is wrong.
struct Arguments {
  struct UsageError: Error, CustomStringConvertible {
    var description: String
  }

  private(set) var options: [String: String] = [:]
  private(set) var repeatedOptions: [String: [String]] = [:]
  private(set) var flags: Set<String> = []
  private(set) var positional: [String] = []

  /// Splits `arguments`; `valued` names the options that take a value, `repeated` those
  /// that may be given several times.
  init(
    _ arguments: [String], valued: Set<String>, repeated: Set<String> = [],
    flags knownFlags: Set<String> = []
  ) throws {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if valued.contains(argument) || repeated.contains(argument) {
        index += 1
        guard index < arguments.count else {
          throw UsageError(description: "\(argument) needs a value")
        }
        if repeated.contains(argument) {
          repeatedOptions[argument, default: []].append(arguments[index])
        } else {
          options[argument] = arguments[index]
        }
      } else if knownFlags.contains(argument) {
        flags.insert(argument)
      } else if argument.hasPrefix("-") && argument != "-" {
        throw UsageError(description: "unknown option \(argument)")
      } else {
        positional.append(argument)
      }
      index += 1
    }
  }

  /// Every value of a repeatable option, in order.
  func values(_ name: String) -> [String] {
    repeatedOptions[name] ?? []
  }

  /// The value of an option that takes one of `allowed`, or `fallback`.
  func choice(_ name: String, from allowed: [String], default fallback: String) throws -> String {
    let value = options[name] ?? fallback
    guard allowed.contains(value) else {
      throw UsageError(description: "\(name) takes \(allowed.joined(separator: ", "))")
    }
    return value
  }

  /// Fails when positional arguments were given to a command that takes none.
  func requireNoPositional() throws {
    if let first = positional.first {
      throw UsageError(description: "unexpected argument \(first)")
    }
  }

  /// The value of a required option.
  func required(_ name: String) throws -> String {
    guard let value = options[name] else { throw UsageError(description: "\(name) is required") }
    return value
  }

  /// A TCP port option, nil when absent.
  func port(_ name: String) throws -> UInt32? {
    guard let text = options[name] else { return nil }
    guard let value = UInt32(text), (1...65535).contains(value) else {
      throw UsageError(description: "\(name) takes a port number, not \(text)")
    }
    return value
  }

  /// A number of seconds (`2`, `0.5`), or `fallback` when the option is absent.
  func seconds(_ name: String, default fallback: TimeInterval) throws -> TimeInterval {
    guard let text = options[name] else { return fallback }
    guard let value = TimeInterval(text), value >= 0, value.isFinite else {
      throw UsageError(description: "\(name) takes a number of seconds, not \(text)")
    }
    return value
  }

  /// A duration option (`24h`, `90m`, `3600s`) in seconds, within `bounds` when given.
  func duration(
    _ name: String, default fallback: TimeInterval, within bounds: ClosedRange<TimeInterval>? = nil
  ) throws -> TimeInterval {
    guard let text = options[name] else { return fallback }
    guard let nanoseconds = Rules.parseDuration(text), nanoseconds > 0 else {
      throw UsageError(
        description: "\(name) takes a positive duration such as 1h or 30m, not \(text)")
    }
    let seconds = TimeInterval(nanoseconds) / 1e9
    if let bounds, !bounds.contains(seconds) {
      throw UsageError(
        description:
          "\(name) takes a duration from \(Self.hours(bounds.lowerBound)) to \(Self.hours(bounds.upperBound)), not \(text)"
      )
    }
    return seconds
  }

  /// `1m`, `1h`, `8760h`: a bound as the options spell durations.
  private static func hours(_ seconds: TimeInterval) -> String {
    seconds < 3600 ? "\(Int(seconds / 60))m" : "\(Int(seconds / 3600))h"
  }

  /// A `UID:GID` option (numbers), nil when absent.
  /// The trust domain an option names; a malformed one is a usage error saying which rule
  /// it breaks.
  func trustDomain(_ name: String) throws -> TrustDomain? {
    try options[name].map { try Self.identity(name, $0, TrustDomain.init) }
  }

  /// The trust domain an option names, or `cluster.local`.
  func trustDomainOrClusterLocal(_ name: String) throws -> TrustDomain {
    try trustDomain(name) ?? .clusterLocal
  }

  /// A SPIFFE ID given on the command line; a malformed one is a usage error.
  static func spiffeID(_ text: String) throws -> SPIFFEID {
    try identity("the SPIFFE ID", text, SPIFFEID.init)
  }

  private static func identity<Value>(
    _ name: String, _ text: String, _ parse: (String) throws -> Value
  ) throws -> Value {
    do {
      return try parse(text)
    } catch let error as IdentityError {
      throw UsageError(description: "\(name) \(text.debugDescription): \(error.message)")
    }
  }

  func owner(_ name: String) throws -> FileOwner? {
    guard let text = options[name] else { return nil }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let user = UInt32(parts[0]), let group = UInt32(parts[1]) else {
      throw UsageError(
        description:
          "\(name) takes UID:GID as numbers, such as \(SidecarContract.standard.proxyUser), not \(text)"
      )
    }
    return FileOwner(userID: user, groupID: group)
  }
}

/// Writes to standard error. Errors quote input (names, values, file names), so control
/// characters are escaped: nothing read can drive the terminal.
func printError(_ text: String) {
  let safe = InputText.escapingControlCharacters(text, keepingLineBreaks: true)
  FileHandle.standardError.write(Data((safe + "\n").utf8))
}

/// Prints a line of text output (problems, findings) with control characters escaped, as
/// ``printError(_:)`` does: the line holds names and values from the input.
func printText(_ line: some CustomStringConvertible) {
  print(InputText.escapingControlCharacters(line.description, keepingLineBreaks: true))
}

/// `1 file`, `3 files`.
func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
