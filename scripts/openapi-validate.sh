#!/usr/bin/env bash
# Exports every spec in specs/ as OpenAPI 3.0 (`otc-codegen openapi`) and validates each
# document with the standard validator, openapi-spec-validator (PyPI), installed into a venv
# under target/. Needs python3 with venv and access to PyPI. Exit 1 if any document is invalid.
#
#   bash scripts/openapi-validate.sh            # every spec in specs/
#   bash scripts/openapi-validate.sh specs/as.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/openapi-validate
venv=$work/venv
mkdir -p "$work"
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'openapi-spec-validator==0.8.5'
fi
cargo build --quiet -p otc-codegen-cli
bin="${CARGO_TARGET_DIR:-target}/debug/otc-codegen"
if [ "$#" -gt 0 ]; then specs=("$@"); else specs=(specs/*.yaml); fi
failed=0
for spec in "${specs[@]}"; do
    name=$(basename "$spec" .yaml)
    out="$work/$name.openapi.json"
    "$bin" openapi "$spec" --out "$out" 2>/dev/null
    if "$venv/bin/openapi-spec-validator" --schema 3.0 --subschema-errors all --validation-errors all "$out"; then
        echo "valid: $spec -> $out"
    else
        echo "INVALID: $spec -> $out"
        failed=1
    fi
done
exit "$failed"
