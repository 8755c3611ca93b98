// SwiftPM needs one source file in a C target; the module is the generated
// header in include/ (committed; scripts/swift-test.sh fails when it is stale).
// Linux only: on iOS and macOS the SeamlineFFI XCFramework takes this target's place.
