// swift-tools-version: 6.1
// The jobs platform engineers script with MeshBridge, each a short function through the
// public API only, as a package of their own would write them. Scripts/recipes builds
// and runs them against the real peers; the guides in Docs/ quote them
// (Scripts/doc-samples keeps the quotes and the code the same).
import Foundation
import PackageDescription

// A path dependency is identified by its folder's name, which differs between clones.
let meshbridge = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// snippet: package-manifest
let package = Package(
  name: "Recipes",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(path: "../..")  // or .package(url: "<the repository's URL>", branch: "main")
  ],
  targets: [
    .target(
      name: "Recipes",
      dependencies: [
        .product(name: "MeshModel", package: meshbridge),
        .product(name: "MeshIdentity", package: meshbridge),
        .product(name: "MeshPKI", package: meshbridge),
        .product(name: "EnvoyConfig", package: meshbridge),
        .product(name: "ECSClient", package: meshbridge),
        .product(name: "MeshBridge", package: meshbridge),
        .product(name: "YAMLCoding", package: meshbridge),
        .product(name: "MeshView", package: meshbridge),
      ]),
    .testTarget(
      name: "RecipesTests",
      dependencies: [
        "Recipes",
        .product(name: "MeshBridgeTesting", package: meshbridge),
      ]),
  ]
)
// end snippet
