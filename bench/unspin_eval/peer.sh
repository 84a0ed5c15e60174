#!/usr/bin/env bash
# copydesk unspin against the plain tortured-phrase substitution that existing screening tools
# apply (bench/unspin_eval/phrase_sub.py: every known spun phrase replaced by its expected phrase,
# longest match first, no context model), on the held-out spun State of the Union set of
# bench/unspin_eval/run.sh, with the same pair lists copydesk has:
#
#   learned   the spinner learned by `copydesk scan --learn` from the 1946-1984 addresses and
#             their spun copies (synth_spin seed 7; the held-out set is 1985 on, seed 1)
#   embedded  the pair lists compiled into copydesk: dictionaries/signatures.tsv + numbers.tsv
#             (its third source, WordNet synonym groups, has no direction and is no pair list)
#
# and, with SPEED=1, unspin throughput on about 10 MB and 100 MB of text (the growth corpora's
# documents concatenated; bench/growth.sh builds them): copydesk unspin (one thread) and the peer.
# SPEED=only runs the throughput part alone, with the dictionaries of an earlier run.
# Results: $WORK/results.md and $WORK/speed.md (default WORK=bench/work/unspin_peer).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
W="${WORK:-$root/bench/work/unspin_peer}"
target="${CARGO_TARGET_DIR:-$root/target}"
copydesk="$target/release/copydesk"
cargo build --release --bin copydesk --example synth_spin
if [ "${SPEED:-0}" != only ]; then
bash bench/corpus/fetch_sotu.sh >/dev/null
rm -rf "$W"
mkdir -p "$W/learn/in" "$W/learn/corpus"

# 1. the learned dictionary (as in BENCHMARKS-history.md, "Unspin")
for f in bench/work/sotu/*.txt; do
    year="$(basename "$f" | cut -d_ -f1)"
    (( 10#$year >= 1946 && 10#$year <= 1984 )) && cp "$f" "$W/learn/in/"
done
"$target/release/examples/synth_spin" --rate 1.0 --seed 7 "$W/learn/in" "$W/learn/out" >/dev/null
cp "$W"/learn/in/*.txt "$W/learn/corpus/"
for f in "$W"/learn/out/spun/*.txt; do cp "$f" "$W/learn/corpus/spun_$(basename "$f")"; done
"$copydesk" scan --json --learn "$W/learned.tsv" "$W/learn/corpus" >/dev/null
cat dictionaries/signatures.tsv dictionaries/numbers.tsv >"$W/embedded.tsv"
echo "learned pairs: $(grep -vc '^#' "$W/learned.tsv"); embedded pairs: $(grep -vc '^#' "$W/embedded.tsv")"

# 2. copydesk unspin, without and with the learned dictionary (run.sh makes the held-out set)
WORK="$W/copydesk" bash bench/unspin_eval/run.sh >"$W/copydesk.log"
UNSPIN_ARGS="--dictionary $W/learned.tsv" WORK="$W/copydesk-learned" bash bench/unspin_eval/run.sh \
    >"$W/copydesk-learned.log"
held="$W/copydesk"   # orig/, spun/, gold/ of the held-out set

# 3. the peer on the same texts
peer() { # peer NAME DICT...
    local name="$1"; shift
    local args=() d
    for d in "$@"; do args+=(--dictionary "$d"); done
    mkdir -p "$W/peer-$name"
    python3 bench/unspin_eval/phrase_sub.py "${args[@]}" "$held/spun" "$W/peer-$name/restored"
    python3 bench/unspin_eval/phrase_sub.py "${args[@]}" "$held/orig" "$W/peer-$name/honest"
    python3 bench/unspin_eval/score.py --orig "$held/orig" --spun "$held/spun" --gold "$held/gold" \
        --restored "$W/peer-$name/restored" --honest "$W/peer-$name/honest" \
        --out "$W/peer-$name/results.json" >"$W/peer-$name/results.md"
}
peer learned "$W/learned.tsv"
peer embedded "$W/embedded.tsv"
peer learned+embedded "$W/learned.tsv" "$W/embedded.tsv"

python3 - "$W" <<'PYEOF' | tee "$W/results.md"
import json, sys
w = sys.argv[1]
rows = [("copydesk unspin", "copydesk"), ("copydesk unspin --dictionary learned.tsv", "copydesk-learned"),
        ("phrase substitution, learned pairs", "peer-learned"),
        ("phrase substitution, embedded pairs (signatures + numbers)", "peer-embedded"),
        ("phrase substitution, learned + embedded pairs", "peer-learned+embedded")]
print("| restorer | WER before -> after | honest text: changed words / 1,000 |")
print("|---|---|---|")
for label, d in rows:
    r = json.load(open("%s/%s/results.json" % (w, d)))
    print("| %s | %.2f%% -> %.2f%% | %.2f |" % (label, 100 * r["wer_before"], 100 * r["wer_after"],
                                             r["honest_changed_words_per_1000"]))
PYEOF
fi

# 4. throughput (SPEED=1): honest text of about 10 and 100 MB, and its spun version at 10 MB
if [ "${SPEED:-0}" != 0 ]; then
    mkdir -p "$W/speed"
    for s in 10 100; do
        c="$root/bench/work/growth/corpus-${s}mb/docs"
        [ -d "$c" ] || { echo "no $c: run bench/growth.sh first" >&2; exit 1; }
        find "$c" -name '*.txt' | sort | xargs cat >"$W/speed/honest-${s}mb.txt"
    done
    mkdir -p "$W/speed/in10" && cp "$W/speed/honest-10mb.txt" "$W/speed/in10/text.txt"
    "$target/release/examples/synth_spin" --rate 1.0 --seed 3 "$W/speed/in10" "$W/speed/out10" >/dev/null
    cp "$W/speed/out10/spun/text.txt" "$W/speed/spun-10mb.txt"
    for f in honest-10mb spun-10mb honest-100mb; do
        in="$W/speed/$f.txt"
        RAYON_NUM_THREADS=1 /usr/bin/time -v "$copydesk" unspin "$in" >"$W/speed/$f.copydesk.out" \
            2>"$W/speed/$f.copydesk.time" || true
        /usr/bin/time -v python3 bench/unspin_eval/phrase_sub.py --dictionary "$W/learned.tsv" \
            --dictionary "$W/embedded.tsv" "$in" "$W/speed/$f.peer.out" 2>"$W/speed/$f.peer.time"
    done
    python3 - "$W/speed" <<'PYEOF' | tee "$W/speed.md"
import os, sys
sys.path.insert(0, "bench/scan")
from score import parse_time_file
d = sys.argv[1]
print("\n| text | MB | copydesk unspin (1 thread): s, MB/s, peak RSS MB | phrase substitution: s, MB/s, peak RSS MB |")
print("|---|---:|---|---|")
for f in ("honest-10mb", "spun-10mb", "honest-100mb"):
    mb = os.path.getsize(os.path.join(d, f + ".txt")) / 1e6
    cells = []
    for tool in ("copydesk", "peer"):
        t = parse_time_file(os.path.join(d, "%s.%s.time" % (f, tool)))
        ok = t.get("exit_status", 1) == 0
        cells.append("%.1f s, %.2f MB/s, %.0f MB%s" % (t["wall_s"], mb / t["wall_s"], t["peak_rss_mb"],
                                                    "" if ok else " (exit %s)" % t.get("exit_status")))
    print("| %s | %.1f | %s | %s |" % (f, mb, cells[0], cells[1]))
PYEOF
    date -u +"measured %Y-%m-%d %H:%M UTC" | tee -a "$W/speed.md"
fi
