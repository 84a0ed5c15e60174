#!/usr/bin/env bash
# Memory on many small documents (issue 6): copydesk scan of 100k, 300k and 1M documents of
# 20-60 words (bench/scan/short_docs.py: cut from the scan benchmark's sources, 2% exact and 3%
# edited copies planted), one JSON Lines file each, under /usr/bin/time -v: wall and CPU time,
# peak RSS, recall of the planted copies.  Results: bench/work/short/results.md.
#
#   bash bench/short_docs.sh                 # 100k 300k 1000k
#   COUNTS="100000" bash bench/short_docs.sh
#   SCAN_ARGS="--no-spun-pairs" ...          # extra arguments for copydesk scan
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COUNTS="${COUNTS:-100000 300000 1000000}"
W="$ROOT/bench/work/short"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release
for N in $COUNTS; do
  D="$W/$((N / 1000))k"
  [ -f "$D/manifest.json" ] || python3 bench/scan/short_docs.py make --docs "$N" --out "$D"
  cat "$D/docs.jsonl" >/dev/null
  # shellcheck disable=SC2086 # SCAN_ARGS is split on purpose
  /usr/bin/time -v target/release/copydesk scan "$D/docs.jsonl" --json --verbose ${SCAN_ARGS:-} \
    -o "$D/copydesk.jsonl" 2>"$D/copydesk.time"
  python3 bench/scan/short_docs.py score --corpus "$D" --output "$D/copydesk.jsonl" >"$D/copydesk.score.json"
done
python3 - "$W" $COUNTS <<'PYEOF' | tee "$W/results.md"
import json, os, sys
sys.path.insert(0, "bench/scan")
from score import parse_time_file
w = sys.argv[1]
print("| documents | text MB | wall s | CPU s | peak RSS MB | RSS bytes per document | recall exact / edited (J >= 0.5) | reported pairs | FP (J < 0.3) |")
print("|---:|---:|---:|---:|---:|---:|---|---:|---:|")
for n in sys.argv[2:]:
    d = os.path.join(w, "%dk" % (int(n) // 1000))
    m = json.load(open(os.path.join(d, "manifest.json")))
    t = parse_time_file(os.path.join(d, "copydesk.time"))
    s = json.load(open(os.path.join(d, "copydesk.score.json")))
    f = s["found"]
    print("| {:,} | {:.0f} | {:.1f} | {:.1f} | {:.0f} | {:.0f} | {}/{} / {}/{} | {:,} | {} |".format(
        m["documents"], m["text_bytes"] / 1e6, t["wall_s"], t["user_s"] + t["sys_s"], t["peak_rss_mb"],
        t["peak_rss_mb"] * 2**20 / m["documents"], f["exact"][0], f["exact"][1],
        f["edited_j_ge_0.5"][0], f["edited_j_ge_0.5"][1], s["reported_pairs"], s["false_positives_j_lt_0.3"]))
PYEOF
