import Foundation
import MeshIdentity
import MeshTestSupport
import Testing

/// Every valid and invalid case of ../shared/testdata/spiffe/spiffe-id-cases.json
/// (transcribed from go-spiffe's tests).
@Suite("SPIFFE IDs and trust domains")
struct SPIFFEIDTests {
  struct Cases: Decodable {
    struct IDCase: Decodable {
      var id: String
      var trustDomain: String?
      var path: String?
      var error: String?

      enum CodingKeys: String, CodingKey {
        case id, path, error
        case trustDomain = "trust_domain"
      }
    }
    struct TrustDomainCase: Decodable {
      var input: String
      var trustDomain: String?
      var error: String?

      enum CodingKeys: String, CodingKey {
        case input, error
        case trustDomain = "trust_domain"
      }
    }
    struct IDs: Decodable {
      var valid: [IDCase]
      var invalid: [IDCase]
    }
    struct TrustDomains: Decodable {
      var valid: [TrustDomainCase]
      var invalid: [TrustDomainCase]
    }
    var spiffeID: IDs
    var trustDomainFromString: TrustDomains

    enum CodingKeys: String, CodingKey {
      case spiffeID = "spiffe_id"
      case trustDomainFromString = "trust_domain_from_string"
    }
  }

  static func cases() throws -> Cases {
    let url = Peers.sharedTestdata.appendingPathComponent("spiffe/spiffe-id-cases.json")
    return try JSONDecoder().decode(Cases.self, from: Data(contentsOf: url))
  }

  @Test("every valid SPIFFE ID parses to its trust domain and path")
  func validIDs() throws {
    let cases = try Self.cases().spiffeID.valid
    #expect(cases.count > 100)
    for testCase in cases {
      let id = try SPIFFEID(testCase.id)
      #expect(id.trustDomain.name == testCase.trustDomain, "\(testCase.id)")
      #expect(id.path == testCase.path, "\(testCase.id)")
      #expect(id.uri == testCase.id)
    }
  }

  @Test("every invalid SPIFFE ID is rejected with go-spiffe's reason")
  func invalidIDs() throws {
    let cases = try Self.cases().spiffeID.invalid
    #expect(cases.count > 400)
    for testCase in cases {
      let error = try #require(throws: IdentityError.self, "\(testCase.id.debugDescription)") {
        try SPIFFEID(testCase.id)
      }
      #expect(error.code == .invalidSPIFFEID)
      #expect(error.message == testCase.error, "\(testCase.id.debugDescription)")
    }
  }

  @Test("every trust domain case gives the right answer")
  func trustDomains() throws {
    let cases = try Self.cases().trustDomainFromString
    for testCase in cases.valid {
      #expect(try TrustDomain(testCase.input).name == testCase.trustDomain, "\(testCase.input)")
    }
    for testCase in cases.invalid {
      let error = try #require(throws: IdentityError.self, "\(testCase.input.debugDescription)") {
        try TrustDomain(testCase.input)
      }
      #expect(error.message == testCase.error, "\(testCase.input.debugDescription)")
    }
  }

  @Test("lengths: a 255-byte trust domain and a 2048-byte ID are the limits")
  func lengths() throws {
    let longest = String(repeating: "a", count: 255)
    #expect(try TrustDomain(longest).name == longest)
    #expect(throws: IdentityError.self) { try TrustDomain(longest + "a") }
    let path = "/" + String(repeating: "p", count: 2048 - "spiffe://td/".count)
    #expect(try SPIFFEID("spiffe://td" + path).uri.utf8.count == 2048)
    #expect(throws: IdentityError.self) { try SPIFFEID("spiffe://td" + path + "p") }
  }

  @Test("IDs are built from a trust domain and a checked path")
  func building() throws {
    let domain = try TrustDomain("example.org")

    let id = try domain.id(path: "/ns/shop/sa/orders")

    #expect(id.uri == "spiffe://example.org/ns/shop/sa/orders")
    #expect(domain.id.uri == "spiffe://example.org")
    #expect(throws: IdentityError.self) { try domain.id(path: "/ns/../x") }
  }
}
