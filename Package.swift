// swift-tools-version: 6.1
// MeshBridge: a Swift SDK that brings Amazon ECS Anywhere tasks into an Istio-style mesh.
// The product's graph holds no third-party Swift package: system C libraries come
// through pkg-config, everything else is Foundation and the toolchain.
import PackageDescription

let package = Package(
  name: "MeshBridge",
  // macOS 15 for the Synchronization module's Mutex, which guards all shared state.
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "YAMLCoding", targets: ["YAMLCoding"]),
    .library(name: "MeshModel", targets: ["MeshModel"]),
    .library(name: "EnvoyConfig", targets: ["EnvoyConfig"]),
    .library(name: "MeshPKI", targets: ["MeshPKI"]),
    .library(name: "ECSClient", targets: ["ECSClient"]),
    .library(name: "MeshBridge", targets: ["MeshBridge"]),
    .executable(name: "mesh-onboard", targets: ["mesh-onboard"]),
  ],
  targets: [
    .systemLibrary(
      name: "CMeshYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .systemLibrary(
      name: "CMeshSSL",
      pkgConfig: "openssl",
      providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
    ),
    .systemLibrary(
      name: "CMeshCurl",
      pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
    ),
    .systemLibrary(
      name: "CMeshXML",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // Package-internal helpers every library shares (the process runner, files written
    // whole, locks, input read with clear errors); never part of a public signature.
    .target(name: "MeshSupport"),
    .target(name: "YAMLCoding", dependencies: ["CMeshYAML", "MeshSupport"]),
    .target(name: "MeshModel", dependencies: ["YAMLCoding", "MeshSupport"]),
    .target(name: "EnvoyConfig", dependencies: ["MeshModel", "YAMLCoding"]),
    .target(name: "MeshPKI", dependencies: ["CMeshSSL", "MeshSupport"]),
    .target(name: "ECSClient", dependencies: ["CMeshCurl", "CMeshSSL", "CMeshXML", "MeshSupport"]),
    .target(
      name: "MeshBridge",
      dependencies: ["ECSClient", "EnvoyConfig", "MeshModel", "MeshPKI", "MeshSupport"]),
    .executableTarget(
      name: "mesh-onboard",
      dependencies: [
        "ECSClient", "EnvoyConfig", "MeshBridge", "MeshModel", "MeshPKI", "MeshSupport",
        "YAMLCoding",
      ]),
    .target(name: "MeshTestSupport", dependencies: ["MeshSupport"], path: "Tests/MeshTestSupport"),
    .testTarget(name: "CMeshSSLTests", dependencies: ["CMeshSSL"]),
    .testTarget(name: "MeshSupportTests", dependencies: ["MeshSupport", "MeshTestSupport"]),
    .testTarget(name: "CMeshCurlTests", dependencies: ["CMeshCurl"]),
    .testTarget(name: "YAMLCodingTests", dependencies: ["YAMLCoding", "MeshTestSupport"]),
    .testTarget(
      name: "MeshModelTests", dependencies: ["MeshModel", "YAMLCoding", "MeshTestSupport"]),
    .testTarget(
      name: "MeshPKITests", dependencies: ["MeshPKI", "MeshSupport", "MeshTestSupport"]),
    .testTarget(
      name: "EnvoyConfigTests",
      dependencies: [
        "EnvoyConfig", "MeshModel", "MeshPKI", "MeshSupport", "YAMLCoding", "MeshTestSupport",
      ]),
    .testTarget(
      name: "ECSClientTests", dependencies: ["ECSClient", "MeshTestSupport"],
      // Inputs the fuzzers found problems with, read by FuzzRegressionTests.
      exclude: ["FuzzFindings"]),
    .testTarget(
      name: "MeshBridgeTests",
      dependencies: [
        "MeshBridge", "ECSClient", "MeshModel", "MeshSupport", "MeshTestSupport",
      ]),
    .testTarget(
      name: "MeshOnboardTests",
      dependencies: ["mesh-onboard", "MeshPKI", "MeshSupport", "MeshTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
