#!/usr/bin/env bash
# Sets everything up on a fresh machine and runs the main job: the buffer
# table of the guide's worked examples and a counter sale of the last unit
# taking it off the web, computed through the Python package.
set -euo pipefail
source "$(dirname "$0")/common.sh"

step "setup: Python build tools"
ensure_venv
step "setup: building and installing the seamline wheel"
wheel=$(build_wheel)
"$repo/.venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"
step "main job: buffer table"
"$repo/.venv/bin/python" "$repo/examples/buffer_table.py"
echo
"$repo/.venv/bin/python" "$repo/examples/last_unit.py"
