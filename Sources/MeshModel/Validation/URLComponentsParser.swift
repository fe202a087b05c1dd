import Foundation

/// The scheme and host of a URL, read with Foundation's parser.
enum URLComponentsParser {
  struct Parts {
    var scheme: String
    var host: String
  }

  static func parse(_ text: String) -> Parts? {
    guard let components = URLComponents(string: text), let scheme = components.scheme else {
      return nil
    }
    return Parts(scheme: scheme.lowercased(), host: components.host ?? "")
  }
}
