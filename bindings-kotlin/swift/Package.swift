// swift-tools-version:5.9
// The Swift package of forumpay: the Swift that uniffi-bindgen generates (copied into
// Sources/ForumPay by scripts/build-xcframework.sh, never committed), the hand-written
// Secret.swift, and the Rust library as an XCFramework (ForumPayFFI.xcframework, built by the
// same script on macOS). Not built on the Linux machine that runs `make test`.
import PackageDescription

let package = Package(
    name: "ForumPay",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "ForumPay", targets: ["ForumPay"]),
    ],
    targets: [
        .binaryTarget(name: "ForumPayFFI", path: "ForumPayFFI.xcframework"),
        .target(name: "ForumPay", dependencies: ["ForumPayFFI"], path: "Sources/ForumPay"),
    ]
)
