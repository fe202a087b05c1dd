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
    .library(name: "MeshIdentity", targets: ["MeshIdentity"]),
    .library(name: "MeshModel", targets: ["MeshModel"]),
    .library(name: "EnvoyConfig", targets: ["EnvoyConfig"]),
    .library(name: "MeshPKI", targets: ["MeshPKI"]),
    .library(name: "ECSClient", targets: ["ECSClient"]),
    .library(name: "MeshBridge", targets: ["MeshBridge"]),
    .library(name: "MeshView", targets: ["MeshView"]),
    .library(name: "MeshBridgeTesting", targets: ["MeshBridgeTesting"]),
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
    // whole, locks, input read with clear errors, a plain HTTP GET on libcurl); never part
    // of a public signature.
    .target(name: "MeshSupport", dependencies: ["CMeshCurl"]),
    // SPIFFE IDs, trust domains and Istio's workload identities: pure Swift, no dependency.
    .target(name: "MeshIdentity"),
    .target(name: "YAMLCoding", dependencies: ["CMeshYAML", "MeshSupport"]),
    .target(name: "MeshModel", dependencies: ["YAMLCoding", "MeshSupport"]),
    .target(
      name: "EnvoyConfig", dependencies: ["MeshIdentity", "MeshModel", "YAMLCoding", "MeshSupport"]),
    .target(name: "MeshPKI", dependencies: ["CMeshSSL", "MeshIdentity", "MeshSupport"]),
    .target(
      name: "ECSClient", dependencies: ["CMeshCurl", "CMeshSSL", "CMeshXML", "MeshSupport"]),
    .target(
      name: "MeshBridge",
      dependencies: [
        "ECSClient", "EnvoyConfig", "MeshIdentity", "MeshModel", "MeshPKI", "MeshSupport",
      ]),
    // The mesh at a glance: inventory plus the sidecars' own statistics, drawn as a page.
    .target(name: "MeshView", dependencies: ["MeshIdentity", "MeshModel", "MeshSupport"]),
    // For users' test targets (as Soto's SotoTestUtils): moto on 127.0.0.1 with signature
    // checks and ECS Anywhere, run by Python; the launcher ships as a resource.
    .target(
      name: "MeshBridgeTesting", dependencies: ["ECSClient", "MeshSupport"],
      resources: [
        .copy("Resources/moto_ecs_anywhere.py"), .copy("Resources/moto_bootstrap.py"),
      ]),
    .executableTarget(
      name: "mesh-onboard",
      dependencies: [
        "ECSClient", "EnvoyConfig", "MeshBridge", "MeshIdentity", "MeshModel", "MeshPKI",
        "MeshSupport", "MeshView", "YAMLCoding",
      ]),
    .target(name: "MeshTestSupport", dependencies: ["MeshSupport"], path: "Tests/MeshTestSupport"),
    .testTarget(name: "CMeshSSLTests", dependencies: ["CMeshSSL"]),
    .testTarget(name: "MeshSupportTests", dependencies: ["MeshSupport", "MeshTestSupport"]),
    .testTarget(name: "CMeshCurlTests", dependencies: ["CMeshCurl"]),
    .testTarget(name: "YAMLCodingTests", dependencies: ["YAMLCoding", "MeshTestSupport"]),
    .testTarget(
      name: "MeshModelTests", dependencies: ["MeshModel", "YAMLCoding", "MeshTestSupport"]),
    .testTarget(name: "MeshIdentityTests", dependencies: ["MeshIdentity", "MeshTestSupport"]),
    .testTarget(
      name: "MeshPKITests",
      dependencies: ["MeshIdentity", "MeshPKI", "MeshSupport", "MeshTestSupport"]),
    .testTarget(
      name: "EnvoyConfigTests",
      dependencies: [
        "EnvoyConfig", "MeshIdentity", "MeshModel", "MeshPKI", "MeshSupport", "YAMLCoding",
        "MeshTestSupport",
      ]),
    .testTarget(
      name: "ECSClientTests", dependencies: ["ECSClient", "MeshBridgeTesting", "MeshTestSupport"],
      // Inputs the fuzzers found problems with, read by FuzzRegressionTests.
      exclude: ["FuzzFindings"]),
    .testTarget(
      name: "MeshBridgeTests",
      dependencies: [
        "MeshBridge", "ECSClient", "MeshBridgeTesting", "MeshIdentity", "MeshModel", "MeshSupport",
        "MeshTestSupport",
      ]),
    .testTarget(
      name: "MeshBridgeTestingTests",
      dependencies: ["MeshBridgeTesting", "ECSClient", "MeshSupport", "MeshTestSupport"]),
    .testTarget(
      name: "MeshViewTests",
      // The live suite writes real sidecars' bundles through MeshBridge.
      dependencies: [
        "MeshView", "MeshBridge", "EnvoyConfig", "MeshIdentity", "MeshModel", "MeshPKI",
        "MeshTestSupport",
      ]),
    // Every library product imported in one file: a name two of them declare is a
    // compile error there.
    .testTarget(
      name: "AllProductsTests",
      dependencies: [
        "YAMLCoding", "MeshIdentity", "MeshModel", "EnvoyConfig", "MeshPKI", "ECSClient",
        "MeshBridge", "MeshView", "MeshBridgeTesting",
      ]),
    .testTarget(
      name: "MeshOnboardTests",
      dependencies: ["mesh-onboard", "MeshIdentity", "MeshPKI", "MeshSupport", "MeshTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
