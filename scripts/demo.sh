#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: the daily
# three-way tie-out of a two-channel store's bundled sample week (orders,
# stock movements, Stripe and Adyen settlement reports as downloaded) with
# the `seamline tieout` command the Python package installs, three mornings
# in turn, each carrying the last one's queue. Each morning's report.html,
# exception queue (CSV, Parquet), pending list, summary and queue.json land
# in out/<date>/; it prints the last morning's summary.
set -euo pipefail
source "$(dirname "$0")/common.sh"

step "setup: Python build tools"
ensure_venv
step "setup: building and installing the seamline wheel"
wheel=$(build_wheel)
"$repo/.venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
step "main job: the daily tie-out, three mornings"
previous=()
for as_of in 2026-11-21T06:00:00Z 2026-11-22T06:00:00Z 2026-11-23T06:00:00Z; do
  day="$repo/out/${as_of:0:10}"
  # Exit 1 means the books need a person (exceptions or a broken identity):
  # expected on this week, which has a problem of every kind planted in it.
  status=0
  "$repo/.venv/bin/seamline" tieout --config "$repo/examples/seamline.toml" --as-of "$as_of" \
    "${previous[@]}" --out "$day" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "seamline tieout failed (exit $status)" >&2
    exit "$status"
  fi
  previous=(--previous "$day/queue.json")
done
echo
cat "$day/summary.txt"
echo "Open $day/report.html in a browser first."
