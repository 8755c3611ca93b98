#!/usr/bin/env bash
# Runs every test: Rust (unit, property, doc, conformance), Python (pytest on
# the installed wheel, stubtest), Node (node --test, TypeScript, packed
# tarball in CJS and ESM consumers), Swift (XCTest), the docs' examples, and the
# docs site (built, links checked, opened in headless Chromium).
set -euo pipefail
source "$(dirname "$0")/common.sh"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 scripts/doc_snippets.py "$scratch/snippets" "$scratch/unused.swift"
# Each package ships the license text beside its manifest: the same text.
for copy in bindings-python/LICENSE bindings-node/LICENSE; do
  cmp -s LICENSE "$copy" || { echo "$copy differs from LICENSE: copy it again" >&2; exit 1; }
done

step "rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --locked -q -- -D warnings
cargo clippy -p seamline -p seamline-arrow -p seamline-files --all-targets --locked -q -- -D warnings

step "rust: unit, property, doc and conformance tests"
cargo test -p seamline --locked
step "rust: Arrow input (IPC bytes read in place)"
cargo test -p seamline-arrow --locked
step "rust: CSV files streamed into core's reader"
cargo test -p seamline-files --locked
step "rust: the Node binding's own unit tests"
cargo test -p seamline-node --lib --locked
step "types: the TypeScript and Python record types match core's schemas"
cargo test -p seamline-typegen --locked -q
cargo run -p seamline-typegen --locked -q -- --check

step "python: wheel into a clean venv"
ensure_venv
wheel=$(build_wheel)
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install -q --disable-pip-version-check "$wheel" -r requirements-dev.txt
step "python: stubs match the compiled module"
(cd "$scratch" && "$scratch/venv/bin/python" -m mypy.stubtest seamline._native)
step "python: a Java runtime for PySpark's local mode (Debian's openjdk-17-jre-headless)"
if ! command -v java >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
step "python: docs examples"
for f in "$scratch"/snippets/python/*.py; do
  [ -e "$f" ] || continue
  echo "  $(basename "$f")"
  "$scratch/venv/bin/python" "$f" >/dev/null
done
step "python: a headless browser for the HTML report's test (Debian's chromium-headless-shell)"
if ! command -v chromium-headless-shell >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null
fi
step "python: pytest"
(cd "$scratch" && SEAMLINE_REQUIRE_BROWSER=1 SEAMLINE_REQUIRE_SPARK=1 "$scratch/venv/bin/python" -m pytest -q -p no:cacheprovider "$repo/bindings-python/tests")

step "node: build"
(cd bindings-node && npm ci --no-audit --no-fund --silent && npm run --silent build)
if ! git diff --exit-code -- bindings-node/native.d.ts bindings-node/native.js; then
  echo "bindings-node/native.d.ts or native.js differ from the generated ones: rebuild and commit them" >&2
  exit 1
fi
step "node: packed tarball in clean CommonJS, ESM and TypeScript consumers"
tarball=$(cd bindings-node && npm pack --silent --pack-destination "$scratch")
mkdir -p "$scratch/consumer"
cp -r "$scratch"/snippets/node/. "$scratch/consumer/" 2>/dev/null || true
cp -r "$scratch"/snippets/ts/. "$scratch/consumer/" 2>/dev/null || true
(
  cd "$scratch/consumer"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --silent "$scratch/$tarball" "typescript@$(node -p "require('$repo/bindings-node/package.json').devDependencies.typescript")" @types/node@20
  for f in *.cjs *.mjs; do
    [ -e "$f" ] || continue
    echo "  $f"
    node "$f" >/dev/null
  done
  if ls *.ts >/dev/null 2>&1; then
    npx tsc --strict --module nodenext --moduleResolution nodenext --target es2022 --types node --outDir out *.ts
    for f in out/*.js; do echo "  $(basename "$f")"; node "$f" >/dev/null; done
  fi
)
step "node: node --test"
(cd bindings-node && npx tsc --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --types node test/types.ts && node --test test/)

step "docs: the site (guides, API references), every link, each page opened in Chromium"
(cd scripts/site && python3 test_links.py -q)
SEAMLINE_WHEEL="$wheel" bash scripts/docs-site.sh
(cd scripts/site && npm ci --no-audit --no-fund --silent && node browser.mjs "$repo/target/site")

step "swift: XCTest in the Swift root filesystem"
bash scripts/swift-test.sh

step "fuzz: every cargo-fuzz target for a short fixed time (nightly, ASan)"
# Any crash, panic, hang (-timeout) or allocation over the limit fails the
# run; the seeds in fuzz/seeds are read-only, new inputs go to scratch.
rustup toolchain install nightly --profile minimal >/dev/null
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked --version 0.13.2
(
  cd fuzz
  for target in $(cargo +nightly fuzz list); do
    echo "  $target"
    mkdir -p "$scratch/corpus/$target"
    log="$scratch/fuzz-$target.log"
    if ! cargo +nightly fuzz run -O "$target" "$scratch/corpus/$target" "seeds/$target" -- \
      -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
      -print_final_stats=1 >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      echo "fuzz target $target failed; its input is in fuzz/artifacts/$target" >&2
      exit 1
    fi
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed 's/^/    /' || true
  done
)
