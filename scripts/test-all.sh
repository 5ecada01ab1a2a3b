#!/usr/bin/env bash
# Runs every check CI runs: formatting, clippy on all crates (generated ones included, warnings
# are errors), and all tests. Tests that need the published API reference read it from
# $OTC_API_SHARED or ../shared; this script says whether it was found and how many tests
# skipped without it. With CI set (CI=true), a missing reference fails those tests instead.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${OTC_API_SHARED:-$(cd .. && pwd)/shared}"
if [ -d "$shared/otc-api-inventory" ]; then
    echo "published reference: found in $shared"
else
    echo "published reference: NOT found (looked in ${OTC_API_SHARED:-../shared}); tests that need it will skip${CI:+, and fail because CI is set}"
fi
cargo fmt --all -- --check
# The generator's pipeline stages are declared through a macro (`stage!` in codegen/src/lib.rs),
# which `cargo fmt` does not follow into their files; check every codegen file directly.
rustfmt --check --edition 2024 $(git ls-files 'codegen/src/*.rs')
cargo clippy --workspace --all-targets --locked -- -D warnings
# The generator library as a build script compiles it: default features only (a workspace
# build unifies the CLI's `tools`/`internal` features into it and would hide its warnings).
cargo clippy -p otc-codegen --lib --locked -- -D warnings
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --workspace --locked 2>&1 | tee "$log"
skipped="$(grep -c '^SKIPPED:' "$log" || true)"
echo "tests skipped for want of the published reference: $skipped"
