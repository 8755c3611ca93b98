// SwiftPM needs one source file in a C target; the module is the generated
// header in include/ (written by scripts/swift-test.sh).
