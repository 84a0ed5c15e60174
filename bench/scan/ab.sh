#!/usr/bin/env bash
# Alternating runs of two or more copydesk builds on one corpus: the way to see a change of a
# few percent on a noisy machine, where one run of each build cannot (BENCHMARKS-history.md, "Growth").
# Runs `BIN scan --json [ARGS] CORPUS` for each binary in turn, N rounds, and prints per binary
# the median and fastest wall time, CPU time (user + system) and system time, the peak RSS, and
# whether every binary's output equals the first's.
#
# Usage: bash bench/scan/ab.sh CORPUS BIN1 BIN2 [BIN...]
#   Env: N (rounds, default 6), ARGS (extra scan arguments, e.g. "--spin"), WORK (scratch,
#   default a temporary directory). Needs GNU time (/usr/bin/time).
# Example: bash bench/scan/ab.sh bench/work/growth/corpus-100mb/docs /tmp/copydesk-before target/release/copydesk
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,11p "$0" >&2; exit 2; }
corpus="$1"
shift
rounds="${N:-6}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
times="$work/times.tsv"
: >"$times"
for round in $(seq "$rounds"); do
    for i in $(seq $#); do
        bin="${!i}"
        # shellcheck disable=SC2086 # ARGS is split on purpose.
        /usr/bin/time -f "$i	%e	%U	%S	%M" -a -o "$times" \
            "$bin" scan --json ${ARGS:-} "$corpus" -o "$work/out-$i.jsonl" 2>/dev/null || true
    done
    echo "round $round of $rounds done" >&2
done
python3 - "$times" "$@" <<'PY'
import statistics as st
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
for i, name in enumerate(sys.argv[2:], start=1):
    r = [[float(x) for x in row[1:]] for row in rows if row[0] == str(i)]
    wall = [x[0] for x in r]
    cpu = [x[1] + x[2] for x in r]
    sys_ = [x[2] for x in r]
    rss = max(x[3] for x in r) / 1024
    print(f"{name}: {len(r)} runs, wall median {st.median(wall):.3f} s (fastest {min(wall):.3f}), "
          f"CPU median {st.median(cpu):.3f} s (system {st.median(sys_):.3f}), peak RSS {rss:.0f} MB")
PY
for i in $(seq 2 $#); do
    if cmp -s "$work/out-1.jsonl" "$work/out-$i.jsonl"; then
        echo "${!i}: output identical to ${1}'s"
    else
        echo "${!i}: output DIFFERS from ${1}'s ($work/out-$i.jsonl)"
    fi
done
