#!/usr/bin/env bash
# Builds the documentation site into target/site and checks its links:
#   the guides (docs/*.md) by MkDocs with the Material theme (mkdocs.yml),
#   the Rust API by rustdoc (intra-doc links denied when broken),
#   the Python API by pdoc from the wheel as installed, with its type stubs,
#   the TypeScript API by TypeDoc from the npm package's .d.ts files,
# then every link of the finished site, anchors included (scripts/site/links.py).
# Open target/site/index.html, or serve the directory as it is.
#
# SEAMLINE_WHEEL=path reuses a wheel already built (the test command does).
set -euo pipefail
source "$(dirname "$0")/common.sh"

site="$repo/target/site"
docs_venv="$repo/target/docs-venv"

step "docs: tools (requirements-docs.txt) and the Python package"
ensure_venv
wheel=${SEAMLINE_WHEEL:-$(build_wheel)}
[ -x "$docs_venv/bin/python" ] || python3 -m venv "$docs_venv"
"$docs_venv/bin/pip" install -q --disable-pip-version-check -r requirements-docs.txt
"$docs_venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"

step "docs: guides (MkDocs)"
# NO_MKDOCS_2_WARNING: Material prints a banner about its successor on every build.
NO_MKDOCS_2_WARNING=1 "$docs_venv/bin/mkdocs" build --quiet --clean --config-file mkdocs.yml

step "docs: Rust API (rustdoc)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked -q -p seamline -p seamline-arrow -p seamline-files
mkdir -p "$site/api"
cp -r target/doc "$site/api/rust"
# rustdoc writes one folder per crate and no page above them (its help and settings pages
# link one): a short list of the crates.
cat > "$site/api/rust/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Seamline: Rust API</title></head>
<body><h1>Seamline: Rust API</h1><ul>
<li><a href="seamline/index.html">seamline</a>: the core, every rule</li>
<li><a href="seamline_arrow/index.html">seamline_arrow</a>: Arrow IPC input read in place</li>
<li><a href="seamline_files/index.html">seamline_files</a>: CSV files streamed into the tie-out's reader</li>
</ul><p><a href="../../api.html">All API references</a></p></body></html>
HTML

step "docs: Python API (pdoc)"
"$docs_venv/bin/pdoc" --docformat restructuredtext --no-show-source \
  --footer-text "Seamline $("$docs_venv/bin/python" -c 'import seamline; print(seamline.__version__)')" \
  -o "$site/api/python" seamline

step "docs: TypeScript API (TypeDoc)"
[ -d bindings-node/node_modules/typedoc ] || (cd bindings-node && npm ci --no-audit --no-fund --silent)
(cd bindings-node && npx typedoc --logLevel Warn --treatWarningsAsErrors --out "$site/api/typescript")

step "docs: every link of the site"
python3 scripts/site/links.py "$site"
