#!/usr/bin/env bash
# Builds the Rust library for Swift, generates the uniffi bindings into the
# SwiftPM package, and runs `swift test` in the trixie root filesystem from
# scripts/swift-rootfs.sh. Needs root (chroot, mounts).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
rootfs=$(bash scripts/swift-rootfs.sh | tail -n 1)
package="$repo/bindings-swift/Seamline"

echo "== swift: building libseamline_ffi (release)"
cargo build --release --locked -p seamline-swift
lib="$repo/target/release/libseamline_ffi.so"

echo "== swift: generating bindings"
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
cargo run --release --locked -q -p uniffi-bindgen -- \
  generate --library "$lib" --language swift --out-dir "$gen" 2>&1 | grep -v 'swift-format' || true
mkdir -p "$package/Sources/Seamline/Generated" "$package/Sources/SeamlineFFI/include"
cp "$gen/Seamline.swift" "$package/Sources/Seamline/Generated/Seamline.swift"
cp "$gen/SeamlineFFI.h" "$package/Sources/SeamlineFFI/include/SeamlineFFI.h"
# The generated module map names Darwin's modules, which Linux does not have.
grep -v '^ *use "' "$gen/SeamlineFFI.modulemap" > "$package/Sources/SeamlineFFI/include/module.modulemap"

# The generated sources are committed (a remote SwiftPM dependency builds
# from the repository as it is): a fresh generation must not change them.
if ! git diff --exit-code -- "$package/Sources/Seamline/Generated" "$package/Sources/SeamlineFFI/include" \
  || [ -n "$(git status --porcelain -- "$package/Sources/Seamline/Generated" "$package/Sources/SeamlineFFI/include")" ]; then
  echo "the generated Swift bindings differ from the committed ones: commit them" >&2
  exit 1
fi

# The docs' Swift blocks become XCTest cases, so the examples cannot rot.
python3 scripts/doc_snippets.py "$gen/snippets" "$package/Tests/SeamlineTests/DocSnippetTests.swift" >/dev/null

echo "== swift: swift test (in $rootfs)"
# Own mount and PID namespaces: every mount and process of the run dies with
# it, so cleanup never has to find processes or mounts by guesswork.
unshare --mount --pid --fork --kill-child bash -s -- "$rootfs" "$repo" "$package" <<'INNER'
set -euo pipefail
rootfs=$1 repo=$2 package=$3
mount --make-rprivate /
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
mkdir -p "$rootfs$repo"
# The same absolute path inside as outside: SwiftPM's caches embed it.
mount --bind "$repo" "$rootfs$repo"
if [ -n "${SEAMLINE_EXTRA_VECTORS:-}" ]; then
  mkdir -p "$rootfs$SEAMLINE_EXTRA_VECTORS"
  mount --bind "$SEAMLINE_EXTRA_VECTORS" "$rootfs$SEAMLINE_EXTRA_VECTORS"
fi
env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  ${SEAMLINE_EXTRA_VECTORS:+SEAMLINE_EXTRA_VECTORS="$SEAMLINE_EXTRA_VECTORS"} \
  chroot "$rootfs" sh -c "cd '$package' && swift test --disable-swift-testing 2>&1"
INNER
