// swift-tools-version:5.9
// The Seamline Swift package: the uniffi-generated bindings (Sources/Seamline/
// Generated, Sources/SeamlineFFI/include — written by scripts/swift-test.sh)
// plus a small idiomatic layer, linked against the Rust library libseamline_ffi.
import Foundation
import PackageDescription

// The Rust library is built by cargo into the workspace's target directory.
let packageDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let libDir = ProcessInfo.processInfo.environment["SEAMLINE_LIB_DIR"]
    ?? packageDir.appendingPathComponent("../../target/release").standardized.path

let package = Package(
    name: "Seamline",
    products: [
        .library(name: "Seamline", targets: ["Seamline"]),
    ],
    targets: [
        .target(name: "SeamlineFFI", path: "Sources/SeamlineFFI"),
        .target(
            name: "Seamline",
            dependencies: ["SeamlineFFI"],
            path: "Sources/Seamline",
            linkerSettings: [
                .unsafeFlags(["-L", libDir, "-lseamline_ffi", "-Xlinker", "-rpath", "-Xlinker", libDir]),
            ]
        ),
        .testTarget(
            name: "SeamlineTests",
            dependencies: ["Seamline"],
            path: "Tests/SeamlineTests"
        ),
    ]
)
