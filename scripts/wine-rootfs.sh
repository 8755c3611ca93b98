#!/usr/bin/env bash
# Provides Wine for running Windows builds here: Debian 12's Wine (8.0) lacks
# DLLs every Windows 10 has and Rust's standard library imports
# (bcryptprimitives.dll's ProcessPrng, the synchronization API set), so the
# Windows addon cannot load there; Debian 13's Wine (10.0) has them. It runs
# in a trixie root filesystem, as the Swift toolchain does. Idempotent: the root
# filesystem is cached outside the checkout and a finished one is reused.
# Prints the root filesystem's path on its last line.
set -euo pipefail

rootfs="${SEAMLINE_WINE_ROOTFS:-/var/cache/seamline/wine-rootfs-trixie}"
marker="$rootfs/.seamline-wine-ready"

if [ -f "$marker" ]; then
  echo "$rootfs"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "wine-rootfs: building the Wine root filesystem needs root (debootstrap, chroot)" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mirror=$(debian_mirror)

if ! command -v debootstrap >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# A half-built root filesystem from an interrupted run is started over.
if [ -d "$rootfs" ]; then
  rm -rf --one-file-system "$rootfs"
fi
mkdir -p "$(dirname "$rootfs")"
debootstrap --variant=minbase trixie "$rootfs" "$mirror" >/dev/null

cleanup() {
  umount "$rootfs/dev" 2>/dev/null || true
  umount "$rootfs/proc" 2>/dev/null || true
}
trap cleanup EXIT
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
cp /etc/resolv.conf "$rootfs/etc/resolv.conf" 2>/dev/null || true
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
  chroot "$rootfs" sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends wine64 >/dev/null'
touch "$marker"
echo "$rootfs"
