#!/usr/bin/env bash
# Time and peak memory of `scan --spin` and `unspin` on one huge single-line document.
#
# Makes a text of SIZE_MB megabytes on one line (the seed articles, newlines turned into spaces,
# repeated) and runs `copydesk scan --spin --json` and `copydesk unspin --json` on it, each under
# /usr/bin/time -v. Prints one line per run: size, command, wall time, CPU time (user + system,
# s: the figure to compare on a loaded machine), peak RSS (MB).
# KIND=seeds (the default) repeats all five seeds: seed 003's spinner signatures make the whole
# text judged spun, so both commands restore it (three passes, an edit every 15 words);
# KIND=honest leaves seed 003 out: judged honest, scan makes one pass and unspin two.
#
# Usage: bash bench/spin_memory.sh   Env: SIZES (MB, default "10 50 100"), KIND (seeds|honest),
#   COMMANDS (default "scan unspin"), COPYDESK (binary; default the release build here),
#   WORK (scratch directory).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
sizes="${SIZES:-10 50 100}"
kind="${KIND:-seeds}"
commands="${COMMANDS:-scan unspin}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${WORK:-$root/bench/work/spin_memory}"
if [[ -z "${COPYDESK:-}" ]]; then
    cargo build --release --bin copydesk
    COPYDESK="$target/release/copydesk"
fi
mkdir -p "$work"
case "$kind" in
    seeds) unit=$(cat seeds/*.txt | tr '\n\r' '  ') ;;
    honest) unit=$(cat seeds/00[0124]_*.txt | tr '\n\r' '  ') ;;
    *) echo "KIND must be seeds or honest" >&2; exit 2 ;;
esac
for mb in $sizes; do
    doc="$work/$kind-$mb.txt"
    if [[ ! -s "$doc" ]]; then
        # Repeat the unit, then cut to the size (at a space) and end without a newline.
        reps=$(( mb * 1000000 / ${#unit} + 1 ))
        for _ in $(seq "$reps"); do printf '%s ' "$unit"; done | head -c $(( mb * 1000000 )) \
            | LC_ALL=C sed 's/ [^ ]*$//' | tr -d '\n' >"$doc" || true # the loop ends on SIGPIPE
    fi
    for cmd in $commands; do
        case "$cmd" in
            scan) args=(scan --spin --json "$doc") ;;
            unspin) args=(unspin --json "$doc") ;;
            *) echo "unknown command $cmd" >&2; exit 2 ;;
        esac
        /usr/bin/time -v "$COPYDESK" "${args[@]}" >"$work/out-$cmd-$kind-$mb.jsonl" \
            2>"$work/time-$cmd-$kind-$mb.txt" || true
        wall=$(grep 'Elapsed (wall clock)' "$work/time-$cmd-$kind-$mb.txt" | awk '{print $NF}')
        cpu=$(grep -E '(User|System) time' "$work/time-$cmd-$kind-$mb.txt" \
            | awk '{s += $NF} END {printf "%.1f", s}')
        rss=$(grep 'Maximum resident set size' "$work/time-$cmd-$kind-$mb.txt" | awk '{print $NF}')
        printf '%-6s %4d MB  %-7s wall %8s  CPU %7s s  peak RSS %6d MB\n' "$kind" "$mb" "$cmd" \
            "$wall" "$cpu" $(( rss / 1024 ))
    done
done
