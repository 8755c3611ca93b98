// swift-tools-version:5.9
// The Seamline Swift package: the uniffi-generated bindings (Sources/Seamline/Generated and
// Sources/SeamlineFFI/include, committed; scripts/swift-test.sh fails when they are stale) plus
// a small idiomatic layer, over the Rust library `seamline_ffi`.
//
// On iOS and macOS the library is the SeamlineFFI XCFramework (static libraries for iOS, the
// iOS simulator and macOS with the header and module map), built by scripts/xcframework.sh:
// a local `SeamlineFFI.xcframework` beside this file when there is one (unzip the script's
// output here to build against your own), otherwise the release's zip at `releaseURL`. On Linux,
// where the project's XCTest suite runs, it is the library cargo builds into target/release.
import Foundation
import PackageDescription

/// The published XCFramework; `scripts/xcframework.sh --publish URL` writes both lines.
let releaseURL = "https://example.invalid/seamline/releases/download/v0.1.0/SeamlineFFI.xcframework.zip"
let releaseChecksum = "0000000000000000000000000000000000000000000000000000000000000000"

let packageDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

#if os(Linux)
let libDir = ProcessInfo.processInfo.environment["SEAMLINE_LIB_DIR"]
    ?? packageDir.appendingPathComponent("../../target/release").standardized.path
let ffi: Target = .target(name: "SeamlineFFI", path: "Sources/SeamlineFFI")
let linkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-L", libDir, "-lseamline_ffi", "-Xlinker", "-rpath", "-Xlinker", libDir]),
]
#else
let local = packageDir.appendingPathComponent("SeamlineFFI.xcframework").path
let ffi: Target = FileManager.default.fileExists(atPath: local)
    ? .binaryTarget(name: "SeamlineFFI", path: "SeamlineFFI.xcframework")
    : .binaryTarget(name: "SeamlineFFI", url: releaseURL, checksum: releaseChecksum)
// Time-zone lookups in the Rust library (chrono, through Arrow) call CoreFoundation.
let linkerSettings: [LinkerSetting] = [.linkedFramework("CoreFoundation")]
#endif

let package = Package(
    name: "Seamline",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "Seamline", targets: ["Seamline"]),
    ],
    targets: [
        ffi,
        .target(
            name: "Seamline",
            dependencies: ["SeamlineFFI"],
            path: "Sources/Seamline",
            linkerSettings: linkerSettings
        ),
        .testTarget(
            name: "SeamlineTests",
            dependencies: ["Seamline"],
            path: "Tests/SeamlineTests"
        ),
    ]
)
