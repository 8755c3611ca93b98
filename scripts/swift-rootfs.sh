#!/usr/bin/env bash
# Provides a Swift toolchain for the tests: Debian 12 has no Swift package, but
# Debian 13 (trixie) ships `swiftlang`, which runs in a trixie root filesystem.
# Idempotent: the root filesystem is cached outside the checkout and a finished
# one is reused. Prints the root filesystem's path on its last line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# --no-install-recommends leaves out libc6-dev (missing crti.o), so it is named.
trixie_rootfs "${SEAMLINE_SWIFT_ROOTFS:-/var/cache/seamline/swift-rootfs-trixie}" .seamline-swift-ready \
  swiftlang libc6-dev libstdc++-14-dev
