# Shared by demo.sh and test.sh: one place that installs the tools.
# Sourced, not run. Idempotent: a second run reuses what the first built.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export CARGO_TERM_COLOR=never

# Each step with the seconds since its script started, so a log shows where the time goes.
step() { printf '\n== %s  [%d s]\n' "$*" "$SECONDS"; }

# The Debian mirror this machine's apt already uses (no host is hard-coded),
# for root filesystems built with debootstrap.
debian_mirror() {
  local mirror=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$mirror" ]; then
    echo "no Debian mirror found in the apt sources" >&2
    return 1
  fi
  echo "$mirror"
}

# A Debian 13 (trixie) root filesystem at $1 with the packages $3... installed,
# for tools Debian 12 lacks or has too old (Swift, Wine). Built once and cached
# outside the checkout: a finished one carries the marker file $2 and is reused,
# a half-built one from an interrupted run is started over. Needs root
# (debootstrap, chroot). Prints the root filesystem's path on its last line.
trixie_rootfs() {
  local rootfs=$1 marker="$1/$2"
  shift 2
  if [ -f "$marker" ]; then
    echo "$rootfs"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "building the root filesystem $rootfs needs root (debootstrap, chroot)" >&2
    return 1
  fi
  local mirror
  mirror=$(debian_mirror)
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  if [ -d "$rootfs" ]; then
    rm -rf --one-file-system "$rootfs"
  fi
  mkdir -p "$(dirname "$rootfs")"
  debootstrap --variant=minbase trixie "$rootfs" "$mirror" >/dev/null
  # A subshell, so the mounts are let go however the install ends.
  (
    trap 'umount "$rootfs/dev" 2>/dev/null || true; umount "$rootfs/proc" 2>/dev/null || true' EXIT
    mount -t proc proc "$rootfs/proc"
    mount --bind /dev "$rootfs/dev"
    cp /etc/resolv.conf "$rootfs/etc/resolv.conf" 2>/dev/null || true
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      chroot "$rootfs" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $* >/dev/null"
  )
  touch "$marker"
  echo "$rootfs"
}

# The project's build venv (maturin, pytest, mypy), pinned in requirements-dev.txt.
ensure_venv() {
  if [ ! -x "$repo/.venv/bin/python" ]; then
    python3 -m venv "$repo/.venv"
  fi
  "$repo/.venv/bin/pip" install -q --disable-pip-version-check -r "$repo/requirements-dev.txt"
}

# Builds the wheel into dist/ and prints its path.
build_wheel() {
  rm -f "$repo"/dist/seamline-*.whl
  "$repo/.venv/bin/maturin" build --release --locked -q -m "$repo/bindings-python/Cargo.toml" -o "$repo/dist" >&2
  ls "$repo"/dist/seamline-*.whl
}
