#!/usr/bin/env bash
# otc-codegen side by side with progenitor, on AS and then on every spec in specs/:
#   generation time, size of the generated code, clean and incremental build times of the
#   generated client crate (dependencies already built), and whether build.rs re-runs when
#   nothing changed. Also times the otc-codegen CLI (`generate`, release) per spec.
#
#   bash bench/compare.sh            # everything; results in bench/target/results/
#   bash bench/compare.sh gen        # only: export, progenitor, generation time, sizes
#   bash bench/compare.sh build      # only: build times (needs `gen` first)
#   bash bench/compare.sh cli        # only: the otc-codegen CLI under hyperfine
#
# Needs: a Rust toolchain, crates.io, hyperfine (apt-get install hyperfine; a plain loop is
# used without it). CI does not run it. Variables: RUNS (hyperfine runs, default 5), ITER
# (in-process generation iterations, default 10), BENCH_TARGET (where everything goes,
# default bench/target).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${BENCH_TARGET:-$here/target}"
results="$out/results"
work="$out/work"
RUNS="${RUNS:-5}"
ITER="${ITER:-10}"
services=()
for spec in "$root"/specs/*.yaml; do services+=("$(basename "$spec" .yaml)"); done
mkdir -p "$results" "$work"
what="${1:-all}"

log() { echo "== $*" >&2; }

# Median of numbers on stdin.
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# time_cmd NAME PREPARE COMMAND: median wall seconds over $RUNS runs, PREPARE before each.
time_cmd() {
    local name="$1" prepare="$2" cmd="$3"
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$RUNS" --prepare "$prepare" --export-json "$results/$name.json" \
            --style basic "$cmd" >&2
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f" % r["median"])' \
            "$results/$name.json"
    else
        for _ in $(seq "$RUNS"); do
            bash -c "$prepare" >/dev/null 2>&1
            local t0 t1
            t0=$(date +%s.%N)
            bash -c "$cmd" >/dev/null 2>&1
            t1=$(date +%s.%N)
            echo "$t1 - $t0" | bc
        done | median
    fi
}

machine() {
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "rustc: $(rustc --version)"
}

harness() {
    log "building the harness (release)"
    (cd "$here" && CARGO_TARGET_DIR="$out/harness" cargo build --release --quiet)
    echo "$out/harness/release/otc-bench-compare"
}

# The workspace's otc-codegen CLI, release (in $CARGO_TARGET_DIR when set).
codegen_cli() {
    local dir="${CARGO_TARGET_DIR:-$out/codegen}"
    (cd "$root" && CARGO_TARGET_DIR="$dir" cargo build --release --quiet -p otc-codegen-cli)
    echo "$dir/release/otc-codegen"
}

gen() {
    local bin cli
    bin=$(harness)
    cli=$(codegen_cli)
    mkdir -p "$work/openapi" "$work/progenitor-out" "$work/otc-out"
    {
        machine
        printf 'service\tgenerator\tlines\tbytes\n'
    } >"$results/size.tsv"
    : >"$results/progenitor.tsv"
    : >"$results/gen-time.tsv"
    for svc in "${services[@]}"; do
        log "$svc: export, progenitor"
        "$cli" openapi "$root/specs/$svc.yaml" --out "$work/openapi/$svc.json" 2>/dev/null
        "$cli" generate "$root/specs/$svc.yaml" >"$work/otc-out/otc_$svc.rs" 2>/dev/null
        {
            echo "# $svc"
            "$bin" progenitor "$work/openapi/$svc.json" "$work/progenitor-out/$svc.rs" \
                "$work/openapi/$svc.reduced.json" || echo "FAILED"
        } | tee -a "$results/progenitor.tsv" >&2
        for g in otc progenitor; do
            local f="$work/$g-out/$svc.rs"
            [ "$g" = otc ] && f="$work/otc-out/otc_$svc.rs"
            [ -f "$f" ] && printf '%s\t%s\t%s\t%s\n' "$svc" "$g" "$(wc -l <"$f")" "$(wc -c <"$f")" >>"$results/size.tsv"
        done
        if [ -f "$work/openapi/$svc.reduced.json" ]; then
            "$bin" time "$ITER" "$root/specs/$svc.yaml" "$work/openapi/$svc.reduced.json" | tee -a "$results/gen-time.tsv" >&2
        fi
    done
}

# Writes the client crates: otc-<svc>-client (a copy of generated/<svc>: checked-in source, no
# build script) and progenitor-<svc>-client (build.rs + progenitor, as progenitor's README shows).
crates() {
    mkdir -p "$work/specs"
    local members=""
    for svc in "${services[@]}"; do
        cp "$root/specs/$svc.yaml" "$work/specs/$svc.yaml"
        local o="$work/otc-$svc-client" p="$work/progenitor-$svc-client"
        mkdir -p "$o/src" "$p/src"
        cat >"$o/Cargo.toml" <<TOML
[package]
name = "otc-$svc-client"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
otc-runtime = { path = "$root/runtime" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[features]
fake = []
TOML
        cp "$root/generated/$svc/src/lib.rs" "$root/generated/$svc/src/generated.rs" "$o/src/"
        cat >"$p/Cargo.toml" <<TOML
[package]
name = "progenitor-$svc-client"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
futures = "0.3"
progenitor-client = "0.15"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[build-dependencies]
progenitor = { version = "0.15", default-features = false }
serde_json = "1"
syn = { version = "3", features = ["full"] }
prettyplease = "0.3"
TOML
        cat >"$p/build.rs" <<RS
fn main() {
    let src = "../openapi/$svc.reduced.json";
    println!("cargo:rerun-if-changed={src}");
    let file = std::fs::File::open(src).unwrap();
    let spec = serde_json::from_reader(file).unwrap();
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).unwrap();
    let ast = syn::parse2(tokens).unwrap();
    let content = prettyplease::unparse(&ast);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("codegen.rs");
    std::fs::write(out, content).unwrap();
}
RS
        printf '#![allow(clippy::all, missing_docs)]\ninclude!(concat!(env!("OUT_DIR"), "/codegen.rs"));\n' >"$p/src/lib.rs"
        members="$members \"otc-$svc-client\", \"progenitor-$svc-client\","
    done
    cat >"$work/Cargo.toml" <<TOML
[workspace]
resolver = "3"
members = [${members%,} ]

[profile.dev.package."*"]
debug = false
TOML
}

build() {
    crates
    cd "$work"
    export CARGO_TARGET_DIR="$work/target"
    log "building every client once (dependencies)"
    cargo build --quiet 2>&1 | tail -5 >&2
    {
        machine
        printf 'measure\tservice\tgenerator\tmedian_s\n'
    } >"$results/build.tsv"
    for svc in as all; do
        local otc_pkgs="" prog_pkgs=""
        if [ "$svc" = all ]; then
            for s in "${services[@]}"; do otc_pkgs="$otc_pkgs -p otc-$s-client"; prog_pkgs="$prog_pkgs -p progenitor-$s-client"; done
        else
            otc_pkgs="-p otc-$svc-client"; prog_pkgs="-p progenitor-$svc-client"
        fi
        for g in otc progenitor; do
            local pkgs="$otc_pkgs"
            [ "$g" = progenitor ] && pkgs="$prog_pkgs"
            log "$svc/$g: clean build"
            t=$(time_cmd "clean-$svc-$g" "cargo clean $pkgs" "cargo build $pkgs")
            printf 'clean_build\t%s\t%s\t%s\n' "$svc" "$g" "$t" >>"$results/build.tsv"
            local touch_file="$work/otc-as-client/src/generated.rs"
            [ "$g" = progenitor ] && touch_file="$work/openapi/as.reduced.json"
            log "$svc/$g: rebuild after touching the AS code (otc) or spec (progenitor)"
            t=$(time_cmd "touch-$svc-$g" "touch $touch_file" "cargo build $pkgs")
            printf 'touch_spec_rebuild\t%s\t%s\t%s\n' "$svc" "$g" "$t" >>"$results/build.tsv"
            log "$svc/$g: rebuild after touching nothing"
            cargo build $pkgs --quiet
            t=$(time_cmd "noop-$svc-$g" "true" "cargo build $pkgs")
            printf 'noop_rebuild\t%s\t%s\t%s\n' "$svc" "$g" "$t" >>"$results/build.tsv"
            # build.rs must not run again when nothing changed.
            local v
            v=$(cargo build -v $pkgs 2>&1)
            local reran fresh
            reran=$(grep -c 'Running `.*build-script-build`' <<<"$v" || true)
            fresh=$(grep -c 'Fresh .*-client' <<<"$v" || true)
            printf 'noop_build_script_runs\t%s\t%s\t%s\n' "$svc" "$g" "$reran" >>"$results/build.tsv"
            printf 'noop_fresh_client_crates\t%s\t%s\t%s\n' "$svc" "$g" "$fresh" >>"$results/build.tsv"
        done
    done
    cat "$results/build.tsv" >&2
}

cli() {
    local cli
    cli=$(codegen_cli)
    {
        machine
        printf 'spec\tmedian_s\n'
    } >"$results/cli.tsv"
    for svc in "${services[@]}"; do
        t=$(time_cmd "cli-$svc" "true" "$cli generate $root/specs/$svc.yaml")
        printf '%s\t%s\n' "$svc" "$t" >>"$results/cli.tsv"
    done
    local all="for s in ${services[*]}; do $cli generate $root/specs/\$s.yaml >/dev/null; done"
    t=$(time_cmd "cli-all" "true" "bash -c '$all'")
    printf 'all\t%s\n' "$t" >>"$results/cli.tsv"
    t=$(time_cmd "cli-openapi-as" "true" "$cli openapi $root/specs/as.yaml")
    printf 'openapi-as\t%s\n' "$t" >>"$results/cli.tsv"
    cat "$results/cli.tsv" >&2
}

case "$what" in
    gen) gen ;;
    build) build ;;
    cli) cli ;;
    all) gen; cli; build ;;
    *) echo "usage: bash bench/compare.sh [all|gen|build|cli]" >&2; exit 2 ;;
esac
log "results in $results"
