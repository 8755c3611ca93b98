#!/usr/bin/env bash
# Provides Wine for running Windows builds here: Debian 12's Wine (8.0) lacks
# DLLs every Windows 10 has and Rust's standard library imports
# (bcryptprimitives.dll's ProcessPrng, the synchronization API set), so the
# Windows addon cannot load there; Debian 13's Wine (10.0) has them. It runs
# in a trixie root filesystem, as the Swift toolchain does. Idempotent: the root
# filesystem is cached outside the checkout and a finished one is reused.
# Prints the root filesystem's path on its last line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
trixie_rootfs "${SEAMLINE_WINE_ROOTFS:-/var/cache/seamline/wine-rootfs-trixie}" .seamline-wine-ready wine64
