#!/usr/bin/env bash
# Learning a content farm's spinner, measured (issue 25): for farms of 50, 200 and 1,000 spun
# articles, with no sources in the corpus and with a quarter of them present,
# 1. `copydesk synth --farm N` over the State of the Union addresses (bench/corpus/fetch_sotu.sh)
#    makes the farm, its true table, held-out spun articles and held-out honest ones;
# 2. `copydesk scan --spin --learn TABLE` learns the spinner from the corpus;
# 3. the table is scored against the truth (table_score.py: precision, recall);
# 4. the held-out spun articles are restored with `copydesk unspin`, without and with
#    `--dictionary TABLE`, and scored by `copydesk eval --unspin` (restoration
#    1 - WER(restored)/WER(spun));
# 5. the held-out honest articles go through `unspin --dictionary TABLE`: changed words per 1,000;
# 6. steps 4 and 5 again with the farm's true table in place of the learned one (the oracle,
#    bench/farm/oracle_table.py): the restoration stage measured alone.
# Results: WORK/results.tsv (one row per farm) and WORK/results.md.
#
# Usage: bash bench/farm/run.sh
# Env: COPYDESK (default $CARGO_TARGET_DIR/release/copydesk), WORK (default bench/work/farm),
#      SIZES (default "50 200 1000"), SOURCES (default "0 0.25"), SEED (default 1),
#      SHARES (default 0.05,0.5: share of an article's words spun), TABLE_SIZE (default 2000),
#      HELDOUT (default 50).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
copydesk="${COPYDESK:-${CARGO_TARGET_DIR:-$root/target}/release/copydesk}"
work="${WORK:-$root/bench/work/farm}"
seed="${SEED:-1}"
[ -d bench/work/sotu ] || bash bench/corpus/fetch_sotu.sh
mkdir -p "$work"
results="$work/results.tsv"
printf 'docs\tsources\tlearned\tprecision\trecall\trecall_applied\trecall_tokens\twer_spun\twer_plain\twer_learned\trestoration_plain\trestoration_learned\thonest_per_1000\trestoration_oracle\thonest_oracle_per_1000\n' > "$results"

# unspin_dir GOLD OUT_DIR [ARGS...]: unspin every `spun` text of GOLD into OUT_DIR/ID.txt
unspin_dir() {
    local gold="$1" out="$2"
    shift 2
    rm -rf "$out" "$out.in"
    mkdir -p "$out" "$out.in"
    python3 - "$gold" "$out.in" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    open("%s/%s.txt" % (sys.argv[2], r["id"]), "w", encoding="utf-8").write(r["spun"])
PY
    for f in "$out.in"/*.txt; do
        local rc=0
        "$copydesk" unspin -q "$@" "$f" > "$out/$(basename "$f")" || rc=$?
        (( rc <= 1 )) || { echo "run.sh: copydesk unspin $f: exit $rc" >&2; exit 1; }
    done
}

# field JSON KEY: a number of the eval's `unspin` record
wer() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l)
    if r.get("type")=="unspin": print(r[sys.argv[2]])' "$1" "$2"; }

for docs in ${SIZES:-50 200 1000}; do
    for sources in ${SOURCES:-0 0.25}; do
        dir="$work/farm-$docs-$sources"
        rm -rf "$dir"
        "$copydesk" synth --seed "$seed" --farm "$docs" --farm-sources "$sources" \
            --farm-shares "${SHARES:-0.05,0.5}" \
            --farm-table-size "${TABLE_SIZE:-2000}" \
            --farm-heldout "${HELDOUT:-50}" bench/work/sotu -o "$dir" 2>/dev/null || true
        [ -s "$dir/corpus.jsonl" ] || { echo "run.sh: synth --farm $docs failed" >&2; exit 1; }
        "$copydesk" scan --quiet --spin --learn "$dir/learned.tsv" "$dir/corpus.jsonl" -o /dev/null || true
        score="$(python3 bench/farm/table_score.py "$dir/learned.tsv" "$dir" --json)"
        unspin_dir "$dir/heldout-gold.jsonl" "$dir/plain"
        unspin_dir "$dir/heldout-gold.jsonl" "$dir/learned" --dictionary "$dir/learned.tsv"
        unspin_dir "$dir/honest-gold.jsonl" "$dir/honest" --dictionary "$dir/learned.tsv"
        python3 bench/farm/oracle_table.py "$dir" > "$dir/oracle.tsv"
        unspin_dir "$dir/heldout-gold.jsonl" "$dir/oracle" --dictionary "$dir/oracle.tsv"
        unspin_dir "$dir/honest-gold.jsonl" "$dir/honest-oracle" --dictionary "$dir/oracle.tsv"
        for run in plain learned oracle; do
            "$copydesk" eval --json --unspin "$dir/heldout-gold.jsonl" "$dir/$run" > "$dir/eval-$run.jsonl" || true
        done
        for run in honest honest-oracle; do
            "$copydesk" eval --json --unspin "$dir/honest-gold.jsonl" "$dir/$run" > "$dir/eval-$run.jsonl" || true
        done
        python3 - "$docs" "$sources" "$score" "$dir" >> "$results" <<'PY'
import json, sys
docs, sources, score, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
def unspin(name):
    for l in open("%s/eval-%s.jsonl" % (d, name)):
        r = json.loads(l)
        if r.get("type") == "unspin":
            return r
plain, learned, honest = unspin("plain"), unspin("learned"), unspin("honest")
oracle, honest_oracle = unspin("oracle"), unspin("honest-oracle")
spun = plain["wer_before"]
row = [docs, sources, score["learned"], "%.3f" % score["precision"], "%.3f" % score["recall"],
       "%.3f" % score["recall_applied"], "%.3f" % score["recall_tokens"],
       "%.4f" % spun, "%.4f" % plain["wer_after"], "%.4f" % learned["wer_after"],
       "%.3f" % (1 - plain["wer_after"] / spun), "%.3f" % (1 - learned["wer_after"] / spun),
       "%.2f" % (1000 * honest["wer_after"]),
       "%.3f" % (1 - oracle["wer_after"] / spun), "%.2f" % (1000 * honest_oracle["wer_after"])]
print("\t".join(map(str, row)))
PY
        tail -1 "$results"
    done
done
column -t -s $'\t' "$results" | tee "$work/results.md"
