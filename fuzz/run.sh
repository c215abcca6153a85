#!/usr/bin/env bash
# Runs each fuzz target in turn (one process, one core: the machine is shared) for FUZZ_RUNS
# executions, or FUZZ_SECONDS seconds when that is not 0, whichever comes first. Prints per
# target the executions, exec/s, coverage (libFuzzer's final cov/ft), corpus size and crashes,
# writes the same table to fuzz/logs/summary.md, and fails if any target crashed.
# Called by `make fuzz` (which installs cargo-fuzz and writes the seeds first).
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${FUZZ_RUNS:-10000000}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-0}
SANITIZER=${FUZZ_SANITIZER:-none}
TOOLCHAIN=${FUZZ_TOOLCHAIN:-nightly}
# Debug assertions turn integer overflow into a panic the fuzzer sees.
FLAGS=(-s "$SANITIZER" --debug-assertions)

# The lock file is committed: refuse to run on dependencies it does not name.
cargo "+$TOOLCHAIN" metadata --locked --format-version 1 >/dev/null
cargo "+$TOOLCHAIN" fuzz build "${FLAGS[@]}"
read -r -a TARGETS <<< "${FUZZ_TARGETS:-$(cargo "+$TOOLCHAIN" fuzz list | tr '\n' ' ')}"

mkdir -p logs
summary=logs/summary.md
{
    echo "fuzz run of $(date -u +%Y-%m-%d), $(git rev-parse --short HEAD 2>/dev/null || echo '?'): FUZZ_RUNS=$RUNS FUZZ_SECONDS=$SECONDS_PER_TARGET sanitizer=$SANITIZER, debug assertions on, one process"
    echo
    echo "| target | executions | seconds | exec/s | cov | ft | corpus | crashes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
} > "$summary"

crashed=0
short=0
for target in "${TARGETS[@]}"; do
    log=logs/$target.log
    mkdir -p "corpus/$target"
    dict=()
    if [ -f "dicts/$target.dict" ]; then dict=(-dict="dicts/$target.dict"); fi
    start=$(date +%s)
    status=0
    cargo "+$TOOLCHAIN" fuzz run "${FLAGS[@]}" "$target" "corpus/$target" -- "${dict[@]}" \
        -runs="$RUNS" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -timeout=10 \
        >"$log" 2>&1 || status=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<< "$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<< "$last")
    crashes=0
    if [ "$status" -ne 0 ] || grep -qE '^==[0-9]+== ERROR|panicked at|Test unit written to' "$log"; then
        crashes=1
        crashed=1
        echo "fuzz: $target FAILED (exit $status); see fuzz/$log:" >&2
        grep -E 'panicked at|ERROR|Test unit written to' "$log" | head -5 >&2 || true
    fi
    if [ "${execs:-0}" -lt "$RUNS" ]; then short=1; fi
    row="| $target | ${execs:-?} | $elapsed | ${rate:-?} | ${cov:-?} | ${ft:-?} | ${corp:-?} | $crashes |"
    echo "$row" >> "$summary"
    echo "fuzz: $row"
done

cat "$summary"
if [ "$crashed" -ne 0 ]; then
    echo "fuzz: CRASH: a target failed (its input is in fuzz/artifacts/<target>/)" >&2
    exit 1
fi
if [ "$short" -eq 0 ]; then
    echo "fuzz: no crash; every one of the ${#TARGETS[@]} targets ran at least $RUNS executions"
else
    echo "fuzz: no crash; some targets stopped before $RUNS executions (FUZZ_SECONDS=$SECONDS_PER_TARGET)"
fi
