import ECSClient
import Foundation
import MeshBridge
import MeshModel
import MeshPKI
import MeshSupport
import MeshTestSupport
import Testing

/// Known secret values (canaries) sent down every error path of ECSClient, MeshPKI and
/// MeshBridge: none may show in an error's description, debug description, dump or
/// localized description, in what mesh-onboard prints, or in any file but the key file
/// itself (0600).
@Suite(
  "Secrets stay secret",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct SecretsTests {
  static let secretKey = "wJalrXUtnFEMI/canarySECRET/K7MDENGbPxRfi"
  static let sessionToken = "IQoJb3JpZ2luX2Vj/canaryTOKEN/EJr9GxYt0f"
  static let activationCode = "canaryACTIVATIONcode5R8nQ2wL"
  static let passphrase = "canary-passphrase-8c1e41"
  static let canaries = [secretKey, sessionToken, activationCode, passphrase]

  static let credentials = AWSCredentials(
    accessKeyID: "AKIDCANARYTEST", secretAccessKey: secretKey, sessionToken: sessionToken)

  /// Every way a value reaches a log.
  static func renderings(_ value: Any) -> [String] {
    var dumped = ""
    dump(value, to: &dumped)
    var texts = [String(describing: value), String(reflecting: value), dumped]
    if let error = value as? any Error { texts.append(error.localizedDescription) }
    return texts
  }

  /// Records an issue for each rendering of `value` that holds one of `secrets`.
  static func expectClean(
    _ value: Any, _ context: String, secrets: [String] = canaries,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for text in renderings(value) {
      for secret in secrets where text.contains(secret) {
        Issue.record("\(context) shows a secret: \(text)", sourceLocation: sourceLocation)
      }
    }
  }

  /// The error `body` throws, or an issue when it succeeds.
  static func failure(_ body: () async throws -> Void) async -> (any Error)? {
    do {
      try await body()
      return nil
    } catch {
      return error
    }
  }

  @Test("ECSClient: service errors, signing failures, drops, timeouts and bad answers")
  func clientErrors() async throws {
    // A SignatureDoesNotMatch as AWS words it, with the signing inputs (here holding the
    // session token) that it appends.
    let mismatch =
      "The request signature we calculated does not match the signature you provided. "
      + "The Canonical String for this request should have been 'POST\n/\n\nx-amz-security-token:"
      + "\(Self.sessionToken)' The String-to-Sign should have been 'AWS4-HMAC-SHA256'"
    let server = try AWSTestServer(scenario: [
      "ListClusters": ["status": 403, "code": "SignatureDoesNotMatch", "message": mismatch],
      "DescribeClusters": ["malformed": true],
      "ListServices": ["status": 500, "code": "InternalFailure", "message": "try again"],
      "ListTasks": ["drop": true],
      "DescribeTasks": ["hang": 5],
      "ListContainerInstances": ["contentType": "text/html"],
      "CreateActivation": ["ok": ["ActivationId": "act-1"]],
    ])
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: server.endpointURL,
      credentials: StaticCredentialsProvider(Self.credentials),
      timeout: AWSClientConfiguration.Timeout(connect: .seconds(2), attempt: .seconds(1)))
    let ecs = ECS(configuration: configuration)
    let closed = try AWSClientConfiguration(
      region: "us-east-1",
      endpoint: URL(string: "http://127.0.0.1:\(try Peers.freeLoopbackPort())"),
      credentials: StaticCredentialsProvider(Self.credentials))

    let errors: [(String, (any Error)?)] = [
      ("SignatureDoesNotMatch", await Self.failure { _ = try await ecs.listClusters() }),
      ("malformed JSON", await Self.failure { _ = try await ecs.describeClusters() }),
      ("server errors", await Self.failure { _ = try await ecs.listServices() }),
      ("dropped connection", await Self.failure { _ = try await ecs.listTasks() }),
      ("timeout", await Self.failure { _ = try await ecs.describeTasks(.init(tasks: ["t"])) }),
      ("HTML answer", await Self.failure { _ = try await ecs.listContainerInstances() }),
      (
        "connection refused",
        await Self.failure { _ = try await ECS(configuration: closed).listClusters() }
      ),
      (
        "activation without a code",
        await Self.failure {
          _ = try await ECSAnywhereActivator(configuration: configuration).activate(cluster: "c")
        }
      ),
    ]

    for (name, error) in errors {
      #expect(error != nil, "\(name) did not fail")
      if let error { Self.expectClean(error, name) }
    }
    Self.expectClean(Self.credentials, "the credentials")
  }

  @Test("ECSClient: credential sources that fail with the secret in their input")
  func credentialErrors() async throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let credentialsFile = directory.appendingPathComponent("credentials")
    try
      "[default]\naws_secret_access_key = \(Self.secretKey)\naws_session_token = \(Self.sessionToken)\n"
      .write(to: credentialsFile, atomically: true, encoding: .utf8)
    let server = try AWSTestServer(scenario: [
      "/creds": ["ok": ["SecretAccessKey": Self.secretKey, "Expiration": "soon"]]
    ])
    let providers: [(String, any CredentialsProvider)] = [
      (
        "credential_process without Version",
        ProcessCredentialsProvider(
          command: "printf '{\"AccessKeyId\":\"AKID\",\"SecretAccessKey\":\"\(Self.secretKey)\"}'")
      ),
      (
        "credential_process failing",
        ProcessCredentialsProvider(command: "echo \(Self.secretKey) >&2; exit 3")
      ),
      (
        "a profile without a key id",
        ProfileCredentialsProvider(
          environment: [
            "AWS_SHARED_CREDENTIALS_FILE": credentialsFile.path,
            "AWS_CONFIG_FILE": directory.appendingPathComponent("none").path,
          ])
      ),
      (
        "a container endpoint answering nonsense",
        ContainerCredentialsProvider(environment: [
          "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.endpoint)/creds",
          "AWS_CONTAINER_AUTHORIZATION_TOKEN": Self.sessionToken,
        ])
      ),
    ]

    for (name, provider) in providers {
      let error = await Self.failure { _ = try await provider.credentials() }
      #expect(error != nil, "\(name) did not fail")
      if let error { Self.expectClean(error, name) }
    }
  }

  @Test("MeshPKI: wrong passphrases, corrupt keys and failed writes never show key material")
  func keyErrors() throws {
    let key = try PrivateKey(generating: .p256)
    let pem = try key.pemEncoded()
    let encrypted = try key.pemEncoded(passphrase: Self.passphrase)
    // Each base64 line of the key is secret.
    let keyLines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
    let secrets = Self.canaries + keyLines
    var corrupt = Array(pem.utf8)
    corrupt[40] = UInt8(ascii: "!")

    let failures: [(String, (any Error)?)] = [
      (
        "a wrong passphrase",
        Result { try PrivateKey(pemEncoded: encrypted, passphrase: "wrong") }.failure
      ),
      ("no passphrase", Result { try PrivateKey(pemEncoded: encrypted) }.failure),
      (
        "a corrupt key",
        Result { try PrivateKey(pemEncoded: String(decoding: corrupt, as: UTF8.self)) }.failure
      ),
      (
        "a key file that cannot be written",
        // A file where its directory should be: even root cannot write there.
        Result { try AtomicFile.write(pem, to: "/dev/null/\(UUID())/svid.key", mode: 0o600) }
          .failure
      ),
    ]

    for (name, error) in failures {
      #expect(error != nil, "\(name) did not fail")
      if let error { Self.expectClean(error, name, secrets: secrets) }
    }
    Self.expectClean(key, "the key", secrets: secrets)
    Self.expectClean(
      try PrivateKey(pemEncoded: encrypted, passphrase: Self.passphrase), "the decrypted key",
      secrets: secrets)
  }

  @Test("MeshBridge: an activation's code is only in its install command")
  func activation() async throws {
    let server = try AWSTestServer(scenario: [
      "CreateActivation": ["ok": ["ActivationId": "act-1", "ActivationCode": Self.activationCode]]
    ])
    let configuration = try AWSClientConfiguration(
      region: "us-east-1", endpoint: server.endpointURL,
      credentials: StaticCredentialsProvider(Self.credentials))

    let activation = try await ECSAnywhereActivator(configuration: configuration).activate(
      cluster: "onprem-east")
    let response = try await SSM(configuration: configuration).createActivation(
      .init(iamRole: "ecsAnywhereRole"))

    #expect(activation.installCommand.contains(Self.activationCode))
    Self.expectClean(activation, "the activation")
    #expect(response.activationCode == Self.activationCode)
    Self.expectClean(response, "SSM's CreateActivation response")
  }

  @Test("mesh-onboard: nothing it prints or writes holds a secret but the key file, 0600")
  func commandLine() throws {
    let directory = try Peers.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    var scenario = ECSAnywhereScenario.scenario()
    scenario["CreateActivation"] = [
      "ok": ["ActivationId": "act-1", "ActivationCode": Self.activationCode]
    ]
    let server = try AWSTestServer(scenario: scenario)
    let refusing = try AWSTestServer(scenario: [
      "ListContainerInstances": [
        "status": 403, "code": "SignatureDoesNotMatch", "message": "signature mismatch",
      ]
    ])
    let environment = [
      "AWS_ACCESS_KEY_ID": "AKIDCANARYTEST", "AWS_SECRET_ACCESS_KEY": Self.secretKey,
      "AWS_SESSION_TOKEN": Self.sessionToken, "AWS_REGION": "us-east-1",
    ]
    func run(_ arguments: [String]) throws -> Peers.Output {
      try Peers.run(
        Peers.meshOnboard, arguments: arguments, environment: environment)
    }
    let ca = directory.appendingPathComponent("ca").path
    let bundle = directory.appendingPathComponent("bundle")

    let outputs = [
      try run(["ca", "init", "--dir", ca, "--trust-domain", "example.org"]),
      try run([
        "bundle", "--cluster", "onprem-east", "--task", "1f3c2a9e", "--ca", ca, "--out",
        bundle.path, "--endpoint-url", server.endpoint,
      ]),
      try run(["discover", "--cluster", "onprem-east", "--endpoint-url", refusing.endpoint]),
      try run(["activate", "--cluster", "onprem-east", "--endpoint-url", server.endpoint]),
    ]

    #expect(outputs.map(\.status) == [0, 0, 1, 0], "\(outputs.map(\.stderr))")
    for output in outputs {
      for secret in Self.canaries where output.stderr.contains(secret) {
        Issue.record("mesh-onboard's stderr shows a secret: \(output.stderr)")
      }
    }
    // The install command is the one place the code goes, on standard output.
    let activate = outputs[3].stdout
    #expect(activate.contains("--activation-code \"\(Self.activationCode)\""))
    for output in outputs.dropLast() {
      for secret in Self.canaries where output.stdout.contains(secret) {
        Issue.record("mesh-onboard's stdout shows a secret: \(output.stdout)")
      }
    }

    // Files: the AWS secrets nowhere; the bundle's private key only in certs/svid.key.
    let keyText = try String(
      contentsOf: bundle.appendingPathComponent("certs/svid.key"), encoding: .utf8)
    let keyLines = keyText.split(separator: "\n").filter { !$0.hasPrefix("-----") }
      .map(String.init)
    let caKeyLines = try String(contentsOfFile: "\(ca)/ca.key", encoding: .utf8)
      .split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
    let files = FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String]
    for file in files ?? [] {
      let path = directory.appendingPathComponent(file).path
      // Files only: the links of certs/ show a generation's files, checked as themselves.
      let type = try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
      guard type == .typeRegular else { continue }
      let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
      for secret in Self.canaries where text.contains(secret) {
        Issue.record("\(file) holds an AWS secret")
      }
      let holdsKey = keyLines.contains { text.contains($0) }
      let holdsCAKey = caKeyLines.contains { text.contains($0) }
      // Keys live in their directory's current generation (`..<time>.<random>/`).
      let generation =
        file.split(separator: "/").dropLast().last.map { $0.hasPrefix("..") } ?? false
      #expect(
        holdsKey == (file.hasPrefix("bundle/certs/") && file.hasSuffix("/svid.key") && generation),
        "\(file)")
      #expect(
        holdsCAKey == (file.hasPrefix("ca/") && file.hasSuffix("/ca.key") && generation), "\(file)")
      if holdsKey || holdsCAKey {
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
      }
    }
  }
}

extension Result {
  /// The error, if it is one.
  fileprivate var failure: Failure? {
    if case .failure(let error) = self { return error }
    return nil
  }
}
