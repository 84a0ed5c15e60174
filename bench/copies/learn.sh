#!/usr/bin/env bash
# `scan --learn` measured: on the copies benchmark corpus (bench/copies/run.sh makes it; its
# spun copies are made by the evaluation spinner, whose table dictionaries/moby_spinner.tsv is
# the truth), the share of learned pairs that are the spinner's (precision), and how many
# words a learned table changes in honest text: `unspin --dictionary LEARNED` over the 233 State
# of the Union addresses (bench/unspin_eval/honest_sotu.sh), per 1,000 words.
#
# Usage: bash bench/copies/learn.sh                 # this tree's build
#        BASELINE=/path/copydesk bash bench/copies/learn.sh   # and another, side by side
# Env: COPYDESK (default target/release/copydesk), WORK (default bench/work/copies: the corpus
#      must be in WORK/corpus), LEARN_MIN (default 2), HONEST (1: also run the honest texts,
#      the default; 0: precision only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="${WORK:-$root/bench/work/copies}"
corpus="$work/corpus/corpus.jsonl"
[ -s "$corpus" ] || { echo "learn.sh: no $corpus: run bench/copies/run.sh first" >&2; exit 2; }
copydesk="${COPYDESK:-${CARGO_TARGET_DIR:-$root/target}/release/copydesk}"
builds=("copydesk=$copydesk")
[ -n "${BASELINE:-}" ] && builds+=("baseline=$BASELINE")
out="$work/learn"
mkdir -p "$out"
for build in "${builds[@]}"; do
    name="${build%%=*}"
    bin="${build#*=}"
    table="$out/$name.tsv"
    "$bin" scan --quiet --learn-min "${LEARN_MIN:-2}" --learn "$table" "$corpus" > /dev/null
    python3 - "$table" dictionaries/moby_spinner.tsv "$name" <<'PY'
import sys
learned_path, truth_path, name = sys.argv[1:]
truth = {}
for line in open(truth_path, encoding="utf-8"):
    if line.startswith("#") or "\t" not in line:
        continue
    word, repl = line.rstrip("\n").split("\t")[:2]
    truth[word.lower()] = repl.lower()
pairs = []
for line in open(learned_path, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    spun, original = line.rstrip("\n").split("\t")[:2]
    pairs.append((spun, original))
right = sum(1 for s, o in pairs if truth.get(o) == s)
print("%s: %d learned pairs, %d the spinner's (precision %.3f)" % (
    name, len(pairs), right, right / len(pairs) if pairs else float("nan")))
PY
    if [ "${HONEST:-1}" = 1 ]; then
        WORK="$out/honest-$name" COPYDESK="$bin" UNSPIN_ARGS="--dictionary $table" \
            bash bench/unspin_eval/honest_sotu.sh | tail -3 | sed "s/^/$name: /"
    fi
done
