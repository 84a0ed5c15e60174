#!/usr/bin/env bash
# Growth benchmark: copydesk scan against MinHash LSH (datasketch, rensa) at
# several corpus sizes; throughput, CPU time, peak memory, recall.
# See bench/scan/growth.py and BENCHMARKS-history.md ("Growth with corpus size").
#
#   bash bench/growth.sh                    # sizes 10 30 100 170 MB, fastest of 3 rounds
#   SIZES="10 30" REPEAT=1 WRITE=0 bash bench/growth.sh   # a quick check, prints only
#   TOOLS="copydesk rensa" ...              # a subset of copydesk copydesk-nopairs datasketch rensa
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10 30 100 170}"
REPEAT="${REPEAT:-3}"
TOOLS="${TOOLS:-copydesk copydesk-nopairs datasketch rensa}"
WORK="$ROOT/bench/work"
VENV="$WORK/venv"
PY="${PYTHON:-python3}"

# --- tools (idempotent)
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -c 'import datasketch, rensa, matplotlib' 2>/dev/null \
  || "$VENV/bin/pip" install -q datasketch rensa matplotlib
cargo build --release

# --- corpora: the full source pool (bench/scan/sources.py), one per size
for S in $SIZES; do
  "$PY" bench/scan/make_corpus.py --size-mb "$S" --out "$WORK/growth/corpus-${S}mb"
done

# shellcheck disable=SC2086 # word lists on purpose
"$PY" bench/scan/growth.py run --sizes $SIZES --repeat "$REPEAT" --tools $TOOLS
CMD="bash bench/growth.sh"
[ "$SIZES" != "10 30 100 170" ] && CMD="SIZES=\"$SIZES\" $CMD"
[ "$REPEAT" != 3 ] && CMD="REPEAT=$REPEAT $CMD"
if [ "${WRITE:-1}" = 1 ]; then
  "$VENV/bin/python" bench/scan/growth.py report --write BENCHMARKS-history.md --svg bench/growth.svg --command "$CMD"
else
  "$VENV/bin/python" bench/scan/growth.py report --command "$CMD"
fi
