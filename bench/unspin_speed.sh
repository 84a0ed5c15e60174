#!/usr/bin/env bash
# Restoration throughput of `copydesk unspin` on one core.
#
# Builds the release binary, makes a text of about SIZE_MB megabytes (honest prose: the State of
# the Union speeches, fetched by bench/corpus/fetch_sotu.sh; and the same text spun by the
# evaluation spinner, examples/synth_spin.rs), and times `copydesk unspin` on each with
# RAYON_NUM_THREADS=1 and `taskset -c 0` when available. Prints MB/s (input bytes / wall time,
# best of RUNS), and the start-up cost (model loading) measured on a one-line input.
#
# Usage: bash bench/unspin_speed.sh   Env: SIZE_MB (default 4), RUNS (3), CARGO_TARGET_DIR,
#   COPYDESK (a copydesk binary to time instead of the one built here), WORK (scratch directory),
#   UNSPIN_ARGS (extra arguments for copydesk unspin, e.g. "--wide-lm").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
size_mb="${SIZE_MB:-4}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${WORK:-$root/bench/work/unspin_speed}"
cargo build --release --bin copydesk --example synth_spin
bash bench/corpus/fetch_sotu.sh >/dev/null
rm -rf "$work" && mkdir -p "$work/orig"
# Concatenate speeches until SIZE_MB is reached.
: >"$work/orig/honest.txt"
for f in bench/work/sotu/*.txt; do
    cat "$f" >>"$work/orig/honest.txt"
    printf '\n\n' >>"$work/orig/honest.txt"
    (( $(stat -c %s "$work/orig/honest.txt") >= size_mb * 1000000 )) && break
done
"$target/release/examples/synth_spin" --rate 1.0 --seed 3 "$work/orig" "$work" >/dev/null
cp "$work/spun/honest.txt" "$work/spun.txt"
printf 'One short line.\n' >"$work/tiny.txt"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
best() { # best FILE: best wall time in seconds over RUNS runs
    local best_t=""
    for _ in $(seq "$runs"); do
        local s e t
        s=$(date +%s.%N)
        # shellcheck disable=SC2086 # UNSPIN_ARGS is split on purpose.
        RAYON_NUM_THREADS=1 "${pin[@]}" "${COPYDESK:-$target/release/copydesk}" unspin ${UNSPIN_ARGS:-} "$1" >/dev/null || true
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [[ -z "$best_t" ]] || (( $(echo "$t < $best_t" | bc -l) )); then best_t=$t; fi
    done
    echo "$best_t"
}
startup=$(best "$work/tiny.txt")
printf 'start-up (model load, one-line input): %.3f s\n' "$startup"
for f in "$work/orig/honest.txt" "$work/spun.txt"; do
    bytes=$(stat -c %s "$f")
    t=$(best "$f")
    printf '%-8s %6.2f MB  %6.2f s  %6.2f MB/s  (%6.2f MB/s without start-up)\n' \
        "$(basename "$f" .txt)" "$(echo "$bytes / 1000000" | bc -l)" "$t" \
        "$(echo "$bytes / 1000000 / $t" | bc -l)" "$(echo "$bytes / 1000000 / ($t - $startup)" | bc -l)"
done
