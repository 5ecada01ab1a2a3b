#!/usr/bin/env bash
# Runs every check CI runs: formatting, clippy on all crates (generated ones included, warnings
# are errors), and all tests. Tests that need the published API reference read it from
# $OTC_API_SHARED or ../shared and say so when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
