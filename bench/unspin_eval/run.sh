#!/usr/bin/env bash
# Restoration evaluation of `copydesk unspin` on held-out text spun by the evaluation spinner.
#
# 1. installs the State of the Union addresses (bench/corpus/fetch_sotu.sh);
# 2. takes the speeches from FROM_YEAR on (to TO_YEAR, if given) as held-out originals;
# 3. spins them with examples/synth_spin.rs (Moby-derived table, RATE, SEED), keeping the gold;
# 4. runs `copydesk unspin FILE` and `copydesk unspin --json FILE` on each spun text and on
#    each original (honest) text;
# 5. scores with score.py: WER before/after, honest change rate, edit precision/recall,
#    detection rates. Results: bench/work/unspin_eval/results.{md,json}.
#
# Usage: bash bench/unspin_eval/run.sh [--stand-in | --oracle]
#   --stand-in  use `cat` instead of copydesk unspin (tests the harness; no JSON, no detection)
#   --oracle    a perfect restorer built from the gold (tests the scoring: WER after = 0)
# Env: FROM_YEAR (default 1985), TO_YEAR (default: no limit; FROM_YEAR=1946 TO_YEAR=1984 is the
#      calibration split, the only one to tune on), RATE (1.0), SEED (1), CARGO_TARGET_DIR (target),
#      COPYDESK (a copydesk binary to evaluate instead of the one built here, e.g. a saved
#      build of another commit for a before/after comparison),
#      WORK (bench/work/unspin_eval: scratch + results, wiped at start),
#      UNSPIN_ARGS (extra arguments for copydesk unspin, e.g. "--dictionary FILE"),
#      SPIN_TABLE (the spinner's table, default the embedded Moby-derived one; e.g.
#      bench/spinner/mythes_spinner.tsv for the cross-check spinner).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
stand_in=0
oracle=0
case "${1:-}" in
    --stand-in) stand_in=1 ;;
    --oracle) stand_in=1; oracle=1 ;;
    "") ;;
    *) echo "usage: run.sh [--stand-in | --oracle]" >&2; exit 2 ;;
esac
from_year="${FROM_YEAR:-1985}"
to_year="${TO_YEAR:-9999}"
rate="${RATE:-1.0}"
seed="${SEED:-1}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="${WORK:-$root/bench/work/unspin_eval}"

python3 bench/unspin_eval/score.py --self-test
bash bench/corpus/fetch_sotu.sh
if (( stand_in )); then
    cargo build --release --example synth_spin
else
    cargo build --release --bin copydesk --example synth_spin
fi
copydesk="${COPYDESK:-$target/release/copydesk}"

rm -rf "$work"
mkdir -p "$work/orig" "$work/restored" "$work/honest" "$work/json" "$work/json_honest"
for f in bench/work/sotu/*.txt; do
    year="$(basename "$f" | cut -d_ -f1)"
    (( 10#$year >= from_year && 10#$year <= to_year )) && cp "$f" "$work/orig/"
done
echo "held-out: $(ls "$work/orig" | wc -l) speeches from $from_year to $to_year, $(cat "$work"/orig/*.txt | wc -w) words"
table_args=()
[ -n "${SPIN_TABLE:-}" ] && table_args=(--table "$SPIN_TABLE")
"$target/release/examples/synth_spin" --rate "$rate" --seed "$seed" "${table_args[@]}" "$work/orig" "$work"

unspin() { # unspin OUT_TEXT OUT_JSON IN
    if (( stand_in )); then
        cat "$3" >"$1"
        return
    fi
    local rc=0
    # shellcheck disable=SC2086 # UNSPIN_ARGS is split on purpose.
    "$copydesk" unspin ${UNSPIN_ARGS:-} "$3" >"$1" || rc=$?
    (( rc <= 1 )) || { echo "copydesk unspin $3: exit $rc" >&2; exit 1; }
    rc=0
    # shellcheck disable=SC2086
    "$copydesk" unspin ${UNSPIN_ARGS:-} --json "$3" >"$2" || rc=$?
    (( rc <= 1 )) || { echo "copydesk unspin --json $3: exit $rc" >&2; exit 1; }
}
start=$(date +%s)
for f in "$work"/orig/*.txt; do
    name="$(basename "$f" .txt)"
    unspin "$work/restored/$name.txt" "$work/json/$name.jsonl" "$work/spun/$name.txt"
    unspin "$work/honest/$name.txt" "$work/json_honest/$name.jsonl" "$f"
done
echo "unspin: $(( $(date +%s) - start )) s for $(ls "$work/orig" | wc -l) x 2 texts (x 2 runs)"

json_args=()
if (( oracle )); then
    python3 bench/unspin_eval/score.py --make-oracle "$work/spun" "$work/gold" \
        "$work/restored" "$work/json"
    for f in "$work"/orig/*.txt; do
        name="$(basename "$f" .txt)"
        echo '{"type":"spin","score":0.0,"spun":false}' >"$work/json_honest/$name.jsonl"
    done
    json_args=(--json "$work/json" --json-honest "$work/json_honest")
elif (( ! stand_in )); then
    json_args=(--json "$work/json" --json-honest "$work/json_honest")
fi
python3 bench/unspin_eval/score.py --orig "$work/orig" --spun "$work/spun" --gold "$work/gold" \
    --restored "$work/restored" --honest "$work/honest" "${json_args[@]}" \
    --out "$work/results.json" | tee "$work/results.md"
