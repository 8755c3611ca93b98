#!/usr/bin/env bash
# Builds the Python package for every platform this machine can target and
# checks each artifact: `bash scripts/wheels.sh [out-dir]` (default dist/release).
#
# Built here (maturin, with zig as the cross linker, so no target glibc is
# needed on the host):
#   manylinux2014 (glibc 2.17) x86-64 and aarch64, musllinux 1.2 x86-64, and the sdist;
#   Windows x86-64, linked by Debian's MinGW-w64 against the stable ABI's python3.dll;
#   macOS arm64 and x86-64, linked by zig against its libSystem stubs and ours for
#   the few CoreFoundation functions used (scripts/macos-stubs).
# Each wheel: auditwheel agrees with its platform tag (Linux), the extension is
# stripped and for the right machine, needs nothing but the C library (Linux) or
# Windows' own DLLs and python3.dll, or a Mac's own libraries with a code signature
# that matches the file (scripts/macho_check.py), and twine accepts the metadata. The
# x86-64 wheel is installed and run in fresh venvs here and on Debian 11 (glibc 2.31,
# scripts/python-oldglibc-rootfs.sh), the aarch64 one under qemu-user, and a
# wheel built from the sdist in a fresh venv.
# Not built here, and why, in docs/platforms.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out=$(realpath -m "${1:-dist/release}")
manifest=bindings-python/Cargo.toml

step "release tools (maturin, zig, auditwheel, twine) and Rust targets"
ensure_venv
"$repo/.venv/bin/pip" install -q --disable-pip-version-check -r requirements-release.txt
rustup target add aarch64-unknown-linux-gnu x86_64-unknown-linux-musl x86_64-pc-windows-gnu \
  aarch64-apple-darwin x86_64-apple-darwin >/dev/null
rustup component add llvm-tools >/dev/null
llvm_bin="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | awk '/^host:/ {print $2}')/bin"
# The Windows linker and C runtime (posix threads: Rust's std for windows-gnu links libpthread).
command -v x86_64-w64-mingw32-gcc-posix >/dev/null ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64-posix >/dev/null; }
# maturin finds zig through the ziglang package's `python -m ziglang`.
export PATH="$repo/.venv/bin:$PATH"
rm -rf "$out" && mkdir -p "$out"

step "sdist"
maturin sdist -m "$manifest" -o "$out"

for spec in x86_64-unknown-linux-gnu:manylinux2014 \
            aarch64-unknown-linux-gnu:manylinux2014 \
            x86_64-unknown-linux-musl:musllinux_1_2; do
  target=${spec%%:*} compat=${spec#*:}
  step "wheel: $target ($compat)"
  maturin build --release --locked --strip --zig -q --target "$target" \
    --compatibility "$compat" -m "$manifest" -o "$out"
done

for target in aarch64-apple-darwin x86_64-apple-darwin; do
  step "wheel: $target"
  # chrono's time-zone lookup (through arrow-rs) links CoreFoundation, which zig
  # does not carry: the linker reads our stub of the functions used, and the Mac's
  # own framework provides them at load time. rustc strips local symbols with
  # rust-objcopy, which re-signs the file; what remains is the export table.
  RUSTFLAGS="-C link-arg=-F$repo/scripts/macos-stubs" \
    maturin build --release --locked --strip --zig -q --target "$target" -m "$manifest" -o "$out"
done

step "wheel: x86_64-pc-windows-gnu (win_amd64)"
# Not through zig: maturin's zig route exports the module's dotted name
# (PyInit_seamline._native) and the link fails. MinGW links the import library
# maturin generates for python3.dll, so no Windows Python is needed to build.
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc-posix \
  maturin build --release --locked --strip -q --target x86_64-pc-windows-gnu -m "$manifest" -o "$out"

# A Windows extension: a 64-bit PE DLL for x86-64, exporting the module's init
# function and importing only DLLs every Windows 10+ has and python3.dll (the
# stable ABI, so one wheel serves CPython 3.10 and later) — no MinGW runtime DLL.
check_windows_wheel() {
  local name=$1 pyd=$2 dump dlls
  dump=$(x86_64-w64-mingw32-objdump -p "$pyd")
  grep -q 'Magic.*020b' <<<"$dump" || { echo "$name: not PE32+" >&2; exit 1; }
  x86_64-w64-mingw32-objdump -f "$pyd" | grep -q 'architecture: i386:x86-64' ||
    { echo "$name: not x86-64" >&2; exit 1; }
  grep -q '\] PyInit__native$' <<<"$dump" || { echo "$name: PyInit__native not exported" >&2; exit 1; }
  dlls=$(sed -n 's/.*DLL Name: //p' <<<"$dump" | tr 'A-Z' 'a-z' | sort -u | paste -sd ' ')
  for dll in $dlls; do
    case "$dll" in
      python3.dll|kernel32.dll|ntdll.dll|msvcrt.dll|userenv.dll|ws2_32.dll|bcryptprimitives.dll|api-ms-win-core-*.dll) ;;
      *) echo "$name: imports $dll" >&2; exit 1 ;;
    esac
  done
  if x86_64-w64-mingw32-objdump -h "$pyd" | grep -q '\.debug_'; then
    echo "$name: extension not stripped" >&2
    exit 1
  fi
  printf '  %-80s imports %s, %s KB\n' "$name" "$dlls" "$(( $(stat -c %s "$out/$name") / 1024 ))"
}

step "checks: platform tags, machine, stripped, metadata"
twine check --strict "$out"/*
for wheel in "$out"/*.whl; do
  name=$(basename "$wheel")
  scratch=$(mktemp -d)
  python3 -m zipfile -e "$wheel" "$scratch"
  if [[ "$name" == *win_amd64* ]]; then
    check_windows_wheel "$name" "$(find "$scratch" -name '_native*.pyd')"
    rm -rf "$scratch"
    continue
  fi
  if [[ "$name" == *macosx* ]]; then
    # The deployment target maturin builds for is in the tag: macosx_11_0_arm64, macosx_10_12_x86_64.
    tag=$(sed -n 's/.*-macosx_\([0-9]*\)_\([0-9]*\)_\(.*\)\.whl/\1.\2 \3/p' <<<"$name")
    checked=$(python3 "$repo/scripts/macho_check.py" "$llvm_bin" \
      "$(find "$scratch" -name '_native*.so')" "${tag#* }" "${tag% *}" PyInit__native Py)
    printf '  %-80s %s, %s KB\n' "$name" "$checked" "$(( $(stat -c %s "$wheel") / 1024 ))"
    rm -rf "$scratch"
    continue
  fi
  so=$(find "$scratch" -name '_native*.so')
  case "$name" in
    *musllinux*)
      # auditwheel audits musl wheels only on a musl host: check what it
      # would, that musl's libc is all the extension needs and no glibc
      # symbol version is referenced.
      needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
      if [ "$needed" != "libc.so " ] || readelf -V "$so" | grep -q GLIBC; then
        echo "$name: needs $needed" >&2
        exit 1
      fi
      tag="musl only (NEEDED libc.so)"
      ;;
    *)
      # The tag auditwheel derives from the symbols must be the one in the name.
      tag=$(auditwheel show "$wheel" 2>&1 | tr -d '\n' | sed -n 's/.*platform tag:[[:space:]]*"\([^"]*\)".*/\1/p')
      if [ -z "$tag" ] || [[ "$name" != *"$tag"* ]]; then
        echo "$name: auditwheel says \"$tag\"" >&2
        exit 1
      fi
      ;;
  esac
  machine=$(readelf -h "$so" | sed -n 's/ *Machine: *//p')
  case "$name:$machine" in
    *x86_64*:*X86-64*|*aarch64*:*AArch64*) ;;
    *) echo "$name: extension built for $machine" >&2; exit 1 ;;
  esac
  if readelf -S "$so" | grep -q '\.symtab'; then
    echo "$name: extension not stripped" >&2
    exit 1
  fi
  printf '  %-80s %s, %s, %s KB\n' "$name" "$tag" "$machine" "$(( $(stat -c %s "$wheel") / 1024 ))"
  rm -rf "$scratch"
done

smoke() {
  # A clean venv with the package alone; run from outside the checkout.
  local venv=$1 wheel=$2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$wheel"
  (cd "$venv" && "$venv/bin/python" "$repo/scripts/wheel_smoke.py")
}

step "install and run: the manylinux2014 x86-64 wheel"
scratch=$(mktemp -d)
smoke "$scratch/venv" "$(ls "$out"/*manylinux*x86_64*.whl)"

step "install and run: the manylinux2014 x86-64 wheel on Debian 11 (glibc 2.31, older than this machine's)"
# CPython 3.11 compiled against bullseye's glibc in a cached root filesystem;
# pip installs the wheel into a fresh venv there, offline.
oldfs=$(bash "$repo/scripts/python-oldglibc-rootfs.sh" | tail -n 1)
check="$oldfs/tmp/seamline-wheel-check"
rm -rf "$check" && mkdir -p "$check"
cp "$(ls "$out"/*manylinux*x86_64*.whl)" "$repo/scripts/wheel_smoke.py" "$check/"
mount -t proc proc "$oldfs/proc" && mount --bind /dev "$oldfs/dev"
trap 'umount "$oldfs/dev" "$oldfs/proc" 2>/dev/null || true' EXIT
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root chroot "$oldfs" sh -ec '
  cd /tmp/seamline-wheel-check
  /opt/python3.11/bin/python3.11 -m venv venv
  venv/bin/pip install -q --no-index --disable-pip-version-check ./seamline-*.whl
  venv/bin/python wheel_smoke.py'
umount "$oldfs/dev" "$oldfs/proc" && trap - EXIT
rm -rf "$check"

step "install and run: built from the sdist"
# pip compiles it with the maturin it fetches; one target dir across runs keeps it warm.
CARGO_TARGET_DIR="$repo/target/sdist" smoke "$scratch/sdist-venv" "$(ls "$out"/*.tar.gz)"

step "install and run: the aarch64 wheel under emulation (qemu-user, Debian 12 arm64's CPython)"
# qemu runs the arm64 CPython of an unpacked Debian root filesystem (cached;
# nothing in it is executed on the host); the wheel is unzipped onto its path.
rootfs=/var/cache/seamline/python-arm64-bookworm
if [ ! -f "$rootfs/.seamline-ready" ]; then
  command -v qemu-aarch64-static >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static >/dev/null; }
  rm -rf --one-file-system "$rootfs" && mkdir -p "$rootfs"
  # First stage only: the packages are fetched and unpacked, never configured.
  debootstrap --foreign --arch=arm64 --variant=minbase --include=python3 bookworm "$rootfs" "$(debian_mirror)" >/dev/null
  for deb in "$rootfs"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  touch "$rootfs/.seamline-ready"
fi
mkdir -p "$scratch/arm64"
python3 -m zipfile -e "$(ls "$out"/*manylinux*aarch64*.whl)" "$scratch/arm64"
(cd "$scratch" && PYTHONPATH="$scratch/arm64" qemu-aarch64-static -L "$rootfs" "$rootfs/usr/bin/python3" "$repo/scripts/wheel_smoke.py")
rm -rf "$scratch"
ls -l "$out"
