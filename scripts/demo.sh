#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: the daily
# three-way tie-out of a two-channel store's bundled sample week (orders,
# stock movements, Stripe and Adyen settlement reports), through the Python
# package. It writes each morning's exception queue (CSV) and summary under
# out/ and prints the last morning's summary.
set -euo pipefail
source "$(dirname "$0")/common.sh"

step "setup: Python build tools"
ensure_venv
step "setup: building and installing the seamline wheel"
wheel=$(build_wheel)
"$repo/.venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
step "main job: the daily tie-out"
"$repo/.venv/bin/python" "$repo/examples/daily_tieout.py" "$repo/out"
