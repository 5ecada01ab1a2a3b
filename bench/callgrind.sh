#!/usr/bin/env bash
# 1. Instructions per call (callgrind), generated AS client versus hand-written reqwest +
# serde_json, same loopback server (tests/benches/call_count.rs). Each way runs with 0 and N
# calls after one warm-up call; instructions per call = (I(N) - I(0)) / N, so setup (runtime,
# TLS config, connection) drops out. Threads are counted apart: the client (main thread and any
# other) and the server thread (thread 2, started first).
#
# 2. Instructions of one decode of the large list answers (tests/benches/decode.rs with
# DECODE_ONCE=<case>), minus the same program with DECODE_ONCE=none (building the bodies).
#
#   bash bench/callgrind.sh            # N=200; results in bench/target/results/callgrind.tsv
#                                      # and bench/target/results/decode-ir.tsv
#
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${BENCH_TARGET:-$here/target}"
N="${N:-200}"
mkdir -p "$out/callgrind" "$out/results"
# The executable of bench target $1 of otc-tests.
bench_bin() {
    (cd "$root" && cargo bench -p otc-tests --bench "$1" --no-run --message-format=json 2>/dev/null) |
        python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]==sys.argv[1] and m.get("executable"): print(m["executable"])' "$1" | tail -1
}
bin=$(bench_bin call_count)
echo "binary: $bin" >&2
# Sum of instructions in the files of one run: client threads, server thread.
totals() {
    python3 - "$@" <<'PY'
import glob, re, sys
prefix = sys.argv[1]
client = server = 0
for f in sorted(glob.glob(prefix + ".*")):
    tid, ir = None, 0
    for line in open(f):
        if line.startswith("thread:"):
            tid = int(line.split()[1])
        elif line.startswith("totals:") or line.startswith("summary:"):
            ir = int(line.split()[1])
    if tid is None:
        continue
    if tid == 2:
        server += ir
    else:
        client += ir
print(client, server)
PY
}
{
    echo "# date: $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; $(valgrind --version); N=$N"
    printf 'case\tmode\tclient_ir_per_call\tserver_ir_per_call\n'
} >"$out/results/callgrind.tsv"
for case in list1 list20 create; do
    for mode in generated hand; do
        for n in 0 "$N"; do
            rm -f "$out/callgrind/$mode-$case-$n".*
            valgrind --tool=callgrind --separate-threads=yes \
                --callgrind-out-file="$out/callgrind/$mode-$case-$n.%p" \
                "$bin" "$mode" "$case" "$n" >/dev/null 2>&1
        done
        read -r c0 s0 < <(totals "$out/callgrind/$mode-$case-0")
        read -r c1 s1 < <(totals "$out/callgrind/$mode-$case-$N")
        printf '%s\t%s\t%d\t%d\n' "$case" "$mode" $(((c1 - c0) / N)) $(((s1 - s0) / N)) |
            tee -a "$out/results/callgrind.tsv" >&2
    done
done

bin=$(bench_bin decode)
echo "binary: $bin" >&2
ir() { grep -E '^(summary|totals):' "$1" | head -1 | awk '{print $2}'; }
printf 'case\tinstructions\n' >"$out/results/decode-ir.tsv"
DECODE_ONCE=none valgrind --tool=callgrind --callgrind-out-file="$out/callgrind/decode-none" "$bin" >/dev/null 2>&1
base=$(ir "$out/callgrind/decode-none")
for case in ims/generated ims/generated_runtime ims/hand as/generated as/generated_runtime as/hand \
    lenient/lenient_from_strings lenient/plain_from_numbers lenient/strings_as_strings \
    lenient/lenient_from_numbers; do
    f="$out/callgrind/decode-${case//\//_}"
    DECODE_ONCE="$case" valgrind --tool=callgrind --callgrind-out-file="$f" "$bin" >/dev/null 2>&1
    printf '%s\t%d\n' "$case" $(($(ir "$f") - base)) | tee -a "$out/results/decode-ir.tsv" >&2
done
echo "results in $out/results/callgrind.tsv and $out/results/decode-ir.tsv" >&2
