#!/usr/bin/env bash
# Provides a CPython 3.11 on a glibc older than the build machine's, for running
# the manylinux wheel where its platform tag says it runs: Debian 11 (bullseye,
# glibc 2.31) in a root filesystem. Debian 11 ships only CPython 3.9 (the wheel
# needs 3.10+), so CPython 3.11 is compiled inside it from the source Debian 12
# packages (the upstream tarball, checked against Debian's recorded SHA-256),
# against bullseye's own glibc. Idempotent: cached outside the checkout and
# reused. Prints the root filesystem's path on its last line; the interpreter is
# /opt/python3.11/bin/python3.11 inside it.
set -euo pipefail

rootfs="${SEAMLINE_OLDGLIBC_ROOTFS:-/var/cache/seamline/python-bullseye}"
marker="$rootfs/.seamline-ready"
# python3.11_3.11.2.orig.tar.gz, as bookworm's Sources index records it.
source_sha256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849

if [ -f "$marker" ]; then
  echo "$rootfs"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "python-oldglibc-rootfs: building the root filesystem needs root (debootstrap, chroot)" >&2
  exit 1
fi

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mirror=$(debian_mirror)
command -v debootstrap >/dev/null ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }

# A half-built root filesystem from an interrupted run is started over.
[ -d "$rootfs" ] && rm -rf --one-file-system "$rootfs"
mkdir -p "$(dirname "$rootfs")"
debootstrap --variant=minbase --include=gcc,make,libc6-dev,zlib1g-dev,libffi-dev \
  bullseye "$rootfs" "$mirror" >/dev/null

tarball="$rootfs/tmp/python3.11.orig.tar.gz"
curl -fsS -o "$tarball" "$mirror/pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz"
echo "$source_sha256  $tarball" | sha256sum -c --quiet

cleanup() {
  umount "$rootfs/dev" 2>/dev/null || true
  umount "$rootfs/proc" 2>/dev/null || true
}
trap cleanup EXIT
mount -t proc proc "$rootfs/proc"
mount --bind /dev "$rootfs/dev"
# Plain configure (no PGO, no test run): an interpreter to run the wheel's smoke
# test, not one to ship. ensurepip's bundled pip installs the wheel offline.
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot "$rootfs" sh -c '
  cd /tmp && tar xzf python3.11.orig.tar.gz && cd Python-3.11.2 &&
  ./configure -q --prefix=/opt/python3.11 >/dev/null &&
  make -s -j"$(nproc)" >/dev/null 2>&1 && make -s altinstall >/dev/null 2>&1 &&
  cd /tmp && rm -rf Python-3.11.2 python3.11.orig.tar.gz'
touch "$marker"
echo "$rootfs"
