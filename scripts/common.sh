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
