// swift-tools-version: 6.1
// libFuzzer targets over MeshBridge's parsers. A package of its own: Scripts/fuzz builds
// it with `-sanitize=fuzzer,address` over every module, which the product never is.
import Foundation
import PackageDescription

// A path dependency is identified by its folder's name, which differs between clones.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "MeshBridgeFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(
      name: "MeshFuzz",
      dependencies: [
        .product(name: "MeshModel", package: rootIdentity),
        .product(name: "MeshPKI", package: rootIdentity),
        .product(name: "ECSClient", package: rootIdentity),
        "CFuzzDriver",
      ],
      // No top-level code: the entry point is CFuzzDriver's, the target function
      // LLVMFuzzerTestOneInput. Scripts/fuzz builds every module with
      // -sanitize=fuzzer,address, so that coverage guides the fuzzer through the SDK.
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    ),
    .target(name: "CFuzzDriver"),
    // Every C-library wrapper 10,000 times under LeakSanitizer (Scripts/leakcheck).
    .executableTarget(
      name: "MeshLeakCheck",
      dependencies: [
        .product(name: "MeshModel", package: rootIdentity),
        .product(name: "MeshPKI", package: rootIdentity),
        .product(name: "ECSClient", package: rootIdentity),
        .product(name: "YAMLCoding", package: rootIdentity),
      ]),
  ]
)
