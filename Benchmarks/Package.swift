// swift-tools-version: 6.1
// Benchmarks for MeshBridge, side by side with baselines. A package of its own so that the
// product's dependency graph never contains the baselines (Yams here).
import Foundation
import PackageDescription

// A path dependency is identified by its folder's name, which differs between clones.
let rootIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "MeshBridgeBenchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(path: ".."),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
  ],
  targets: [
    .executableTarget(
      name: "YAMLBenchmark",
      dependencies: [
        .product(name: "MeshModel", package: rootIdentity),
        .product(name: "YAMLCoding", package: rootIdentity),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "ECSBenchmark",
      dependencies: [.product(name: "ECSClient", package: rootIdentity)],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "AnalyzeBenchmark",
      dependencies: [.product(name: "MeshModel", package: rootIdentity)],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "EnvoyBenchmark",
      dependencies: [
        .product(name: "EnvoyConfig", package: rootIdentity),
        .product(name: "MeshModel", package: rootIdentity),
      ],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "ScaleBenchmark",
      dependencies: [
        .product(name: "ECSClient", package: rootIdentity),
        .product(name: "MeshBridge", package: rootIdentity),
        .product(name: "MeshIdentity", package: rootIdentity),
        .product(name: "MeshModel", package: rootIdentity),
        .product(name: "MeshPKI", package: rootIdentity),
      ],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "TopologyBenchmark",
      dependencies: [
        .product(name: "MeshModel", package: rootIdentity),
        .product(name: "MeshView", package: rootIdentity),
      ],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
    .executableTarget(
      name: "PKIBenchmark",
      dependencies: [.product(name: "MeshPKI", package: rootIdentity)],
      swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
    ),
  ],
  swiftLanguageModes: [.v6]
)
