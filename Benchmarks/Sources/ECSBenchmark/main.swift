import ECSClient
import Foundation

// ECSBenchmark sign N                          sign N ListTasks-sized requests
// ECSBenchmark list ENDPOINT CLUSTER           list and describe every task of CLUSTER
// Each prints `<name>_ms=<milliseconds>` and what it counted.

func milliseconds(since start: ContinuousClock.Instant) -> Double {
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func run() async throws {
  let arguments = CommandLine.arguments
  switch arguments.count > 1 ? arguments[1] : "" {
  case "sign":
    let count = Int(arguments[2]) ?? 100_000
    let signer = SigV4Signer(service: "ecs", region: "us-east-1")
    // AWS's documented example key pair (the SigV4 test suite's), not a real credential.
    let credentials = AWSCredentials(
      accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let request = SignableRequest(
      method: "POST", path: "/",
      headers: [
        ("Host", "ecs.us-east-1.amazonaws.com"), ("Content-Type", "application/x-amz-json-1.1"),
        ("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListTasks"),
      ], body: Array(#"{"cluster":"onprem-east","maxResults":100}"#.utf8))
    let date = Date(timeIntervalSince1970: 1_795_595_400)
    var checksum = 0
    // A warm-up outside the clock (caches, allocator, CPU frequency), as the Python side
    // gets from its much longer run.
    for _ in 0..<2_000 {
      checksum &+= signer.sign(request, credentials: credentials, date: date).request.headers.count
    }
    checksum = 0
    let start = ContinuousClock.now
    for _ in 0..<count {
      // The Authorization header is what a caller sends (botocore's side injects it too).
      checksum &+=
        signer.sign(request, credentials: credentials, date: date).request.headers.last?.value
        .utf8.count ?? 0
    }
    print(
      String(
        format: "sign_ms=%.1f count=%d checksum=%d", milliseconds(since: start), count, checksum))
  case "list":
    let ecs = ECS(
      configuration: try AWSClientConfiguration(
        region: "us-east-1", endpoint: try AWSClientConfiguration.endpointURL(from: arguments[2]),
        credentials: StaticCredentialsProvider(
          AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"))))
    let cluster = arguments[3]
    let start = ContinuousClock.now
    var described = 0
    for try await page in ecs.listTasksPaginator(.init(cluster: cluster, maxResults: 100)) {
      let arns = page.taskArns ?? []
      for chunk in stride(from: 0, to: arns.count, by: 100) {
        let slice = Array(arns[chunk..<min(chunk + 100, arns.count)])
        described +=
          try await ecs.describeTasks(.init(tasks: slice, cluster: cluster)).tasks?.count ?? 0
      }
    }
    let counts = ecs.requestCounts
    print(
      String(
        format: "list_ms=%.1f tasks=%d ListTasks=%d DescribeTasks=%d", milliseconds(since: start),
        described,
        counts["ListTasks"] ?? 0, counts["DescribeTasks"] ?? 0))
  default:
    FileHandle.standardError.write(
      Data("usage: ECSBenchmark sign N | list ENDPOINT CLUSTER\n".utf8))
    exit(2)
  }
}

do {
  try await run()
} catch {
  FileHandle.standardError.write(Data("ECSBenchmark: \(error)\n".utf8))
  exit(1)
}
