#!/usr/bin/env bash
# Builds the Swift package's binary: SeamlineFFI.xcframework, static libraries
# for iOS (arm64), the iOS simulator (arm64 + x86-64) and macOS (arm64 +
# x86-64) with the generated C header and module map, zipped with its SwiftPM
# checksum: `bash scripts/xcframework.sh [out-dir]` (default dist/swift).
#
# Runs on Linux: a static library is an archive of objects, so no Apple linker
# or SDK is needed to make one (the app's own link, in Xcode, brings them). The
# fat slices are joined with LLVM's lipo and the XCFramework's Info.plist is
# written as `xcodebuild -create-xcframework` writes it. Every slice is checked:
# architectures, the platform and minimum OS each object declares, and every
# function the header declares defined for every architecture.
#
# `--publish URL` also writes URL and the zip's checksum into Package.swift's
# binary target (a release step; the default is to leave the manifest alone).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

publish=""
if [ "${1:-}" = "--publish" ]; then
  publish=$2
  shift 2
fi
out=$(realpath -m "${1:-dist/swift}")
package="$repo/bindings-swift/Seamline"

# The minimum OS versions Package.swift declares; rustc stamps them into every object.
export IPHONEOS_DEPLOYMENT_TARGET=15.0 MACOSX_DEPLOYMENT_TARGET=12.0
slices=(
  "ios-arm64:ios::aarch64-apple-ios"
  "ios-arm64_x86_64-simulator:ios:simulator:aarch64-apple-ios-sim x86_64-apple-ios"
  "macos-arm64_x86_64:macos::aarch64-apple-darwin x86_64-apple-darwin"
)

step "Rust targets and LLVM's lipo"
rustup target add aarch64-apple-ios aarch64-apple-darwin x86_64-apple-darwin >/dev/null
rustup component add llvm-tools >/dev/null
# The simulator targets' standard libraries are not in the Rust registry for
# this toolchain (a 404); nightly builds std for them from its source instead.
sim_via_build_std=""
if ! rustup target add aarch64-apple-ios-sim x86_64-apple-ios >/dev/null 2>&1; then
  sim_via_build_std=1
  rustup toolchain install nightly --profile minimal --component rust-src >/dev/null
fi
llvm_bin="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | awk '/^host:/ {print $2}')/bin"
lipo=$(command -v llvm-lipo || ls /usr/bin/llvm-lipo-* 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$lipo" ]; then
  # rustup's llvm-tools has no lipo; Debian's llvm package does.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq llvm >/dev/null
  lipo=$(command -v llvm-lipo || ls /usr/bin/llvm-lipo-* | sort -V | tail -n 1)
fi

rm -rf "$out" && mkdir -p "$out"
framework="$out/SeamlineFFI.xcframework"
for slice in "${slices[@]}"; do
  IFS=: read -r id platform variant targets <<<"$slice"
  libs=()
  for target in $targets; do
    step "static library: $target"
    # The crate is a cdylib for Linux and Python's tests; Apple gets a staticlib.
    if [ -n "$sim_via_build_std" ] && [ "$variant" = simulator ]; then
      cargo +nightly rustc -q --release --locked -p seamline-swift --target "$target" --crate-type staticlib \
        -Z build-std=std,panic_unwind
    else
      cargo rustc -q --release --locked -p seamline-swift --target "$target" --crate-type staticlib
    fi
    # Without debug sections and the LLVM bitcode Rust's standard library
    # embeds (Apple no longer takes bitcode, and an older lipo cannot read a
    # newer LLVM's); the symbols stay for the app's linker.
    lib="$out/$target.a"
    "$llvm_bin/llvm-objcopy" --strip-debug --remove-section=__LLVM,__bitcode --remove-section=__LLVM,__cmdline \
      "target/$target/release/libseamline_ffi.a" "$lib"
    libs+=("$lib")
  done
  mkdir -p "$framework/$id/Headers"
  if [ "${#libs[@]}" -eq 1 ]; then
    mv "${libs[0]}" "$framework/$id/libseamline_ffi.a"
  else
    "$lipo" -create "${libs[@]}" -output "$framework/$id/libseamline_ffi.a"
    rm "${libs[@]}"
  fi
  cp "$package/Sources/SeamlineFFI/include/SeamlineFFI.h" "$package/Sources/SeamlineFFI/include/module.modulemap" \
    "$framework/$id/Headers/"
done

step "Info.plist, checks, zip and checksum"
python3 "$repo/scripts/xcframework.py" "$framework" "$llvm_bin" "${slices[@]}"
(cd "$out" && rm -f SeamlineFFI.xcframework.zip && python3 - <<'PY'
import os, zipfile
# Sorted entries and a fixed time: the same libraries give the same zip, so the checksum is stable.
with zipfile.ZipFile("SeamlineFFI.xcframework.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in sorted(os.walk("SeamlineFFI.xcframework")):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
)
# SwiftPM's checksum of a binary target is the SHA-256 of its zip.
checksum=$(sha256sum "$out/SeamlineFFI.xcframework.zip" | cut -d' ' -f1)
echo "$checksum" > "$out/SeamlineFFI.xcframework.zip.sha256"
ls -l "$out"
echo "checksum: $checksum"

if [ -n "$publish" ]; then
  python3 - "$package/Package.swift" "$publish" "$checksum" <<'PY'
import re, sys
path, url, checksum = sys.argv[1:]
text = open(path).read()
text, n = re.subn(r'let releaseURL = "[^"]*"', f'let releaseURL = "{url}"', text)
text, m = re.subn(r'let releaseChecksum = "[^"]*"', f'let releaseChecksum = "{checksum}"', text)
if (n, m) != (1, 1):
    sys.exit("Package.swift: releaseURL or releaseChecksum not found")
open(path, "w").write(text)
print(f"Package.swift now points at {url}")
PY
fi
