#!/usr/bin/env bash
# Copies benchmark: recall per kind and per rate of change (issue "Copies judged by
# alignment"). Builds a >= 3,000-document corpus from the State of the Union speeches and the
# Brown corpus with `copydesk synth` rate sweeps, scans it with one or two copydesk builds
# under /usr/bin/time -v, scores each with `copydesk eval`, and prints the table.
# See bench/copies/README.md.
#
#   bash bench/copies/run.sh                                   # this tree's release build
#   BASELINE=/path/to/old/copydesk bash bench/copies/run.sh    # side by side, same corpus
#   COPYDESK=... SYNTH=... EVAL=... WORK=... SEED=1 PER_RATE=40 RATES=... REPEAT=3
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/copies"
WORK="${WORK:-$ROOT/bench/work/copies}"
PY="${PYTHON:-python3}"
SEED="${SEED:-1}"
PER_RATE="${PER_RATE:-40}"
RATES="${RATES:-0.02,0.05,0.1,0.2,0.3,0.5}"
EXACT="${EXACT:-$PER_RATE}"
CONTAINED="${CONTAINED:-$PER_RATE}"
PASSAGES="${PASSAGES:-40}"
REPEAT="${REPEAT:-3}"
SCAN_ARGS="${SCAN_ARGS:-}"

# --- binaries: COPYDESK (default: this tree's release build, built here), optional BASELINE;
# SYNTH and EVAL need the rate sweeps and the per-rate report (default: COPYDESK).
if [[ -z "${COPYDESK:-}" ]]; then
    COPYDESK="${CARGO_TARGET_DIR:-$ROOT/target}/release/copydesk"
    (cd "$ROOT" && cargo build --release --quiet)
fi
SYNTH="${SYNTH:-$COPYDESK}"
EVAL="${EVAL:-$SYNTH}"
for bin in "$COPYDESK" "$SYNTH" "$EVAL" ${BASELINE:+"$BASELINE"}; do
    [[ -x "$bin" ]] || { echo "copies: not an executable: $bin" >&2; exit 2; }
done
if ! "$SYNTH" synth --help | grep -q -- '--spin-rates'; then
    echo "copies: $SYNTH synth has no --spin-rates (set SYNTH to a build that has)" >&2
    exit 2
fi

# --- tools (idempotent)
if [[ ! -x /usr/bin/time ]]; then
    apt-get update -qq && apt-get install -y -qq time
fi

# --- sources: installed once by the corpus scripts, cut once into 300-900-word documents
bash "$ROOT/bench/corpus/fetch_sotu.sh"
bash "$ROOT/bench/corpus/fetch_brown.sh"
mkdir -p "$WORK"
SOURCES="$WORK/sources.jsonl"
if [[ ! -s "$SOURCES" || "$HERE/cut.py" -nt "$SOURCES" ]]; then
    "$PY" "$HERE/cut.py" "$SOURCES" sotu="$ROOT/bench/work/sotu" brown="$ROOT/bench/work/brown"
fi

# --- corpus: deterministic, so rebuilt every run (under a second)
CORPUS="$WORK/corpus"
rm -rf "$CORPUS"   # synth refuses a directory holding files (older builds replaced them)
"$SYNTH" synth --seed "$SEED" --exact "$EXACT" --edited 0 --spun 0 \
    --edit-rates "$RATES" --spin-rates "$RATES" --per-rate "$PER_RATE" \
    --contained "$CONTAINED" --copy-passages "$PASSAGES" --spun-passages "$PASSAGES" \
    "$SOURCES" -o "$CORPUS"

# --- scans: REPEAT rounds, the builds alternating so shared-machine load falls on both alike;
# the fastest round of each is reported (its peak RSS with it), and every round's output must
# be the same.
RES="$WORK/results"
rm -rf "$RES"
mkdir -p "$RES"
names=(copydesk)
bins=("$COPYDESK")
if [[ -n "${BASELINE:-}" ]]; then
    names+=(baseline)
    bins+=("$BASELINE")
fi
for round in $(seq 1 "$REPEAT"); do
    for k in "${!names[@]}"; do
        name="${names[$k]}" bin="${bins[$k]}"
        extra=()
        if "$bin" scan --help | grep -q -- '--write-candidates'; then
            extra=(--write-candidates "$RES/$name.candidates.r$round.jsonl")
        fi
        echo "== $name scan, round $round/$REPEAT" >&2
        # shellcheck disable=SC2086
        /usr/bin/time -v "$bin" scan --json $SCAN_ARGS "${extra[@]}" \
            -o "$RES/$name.scan.r$round.jsonl" "$CORPUS/corpus.jsonl" \
            2> "$RES/$name.time.r$round" || {
            echo "copies: $name scan failed:" >&2
            tail -30 "$RES/$name.time.r$round" >&2
            exit 1
        }
        if ! cmp -s "$RES/$name.scan.r1.jsonl" "$RES/$name.scan.r$round.jsonl"; then
            echo "copies: $name scan output differs between rounds 1 and $round" >&2
            exit 1
        fi
    done
done

# --- scores
for name in "${names[@]}"; do
    cp "$RES/$name.scan.r1.jsonl" "$RES/$name.scan.jsonl"
    cand=()
    if [[ -f "$RES/$name.candidates.r1.jsonl" ]]; then
        cp "$RES/$name.candidates.r1.jsonl" "$RES/$name.candidates.jsonl"
        cand=(--candidates "$RES/$name.candidates.jsonl")
    fi
    "$EVAL" eval --json "$CORPUS/gold.jsonl" "$RES/$name.scan.jsonl" "${cand[@]}" \
        -o "$RES/$name.eval.jsonl"
    "$EVAL" eval "$CORPUS/gold.jsonl" "$RES/$name.scan.jsonl" "${cand[@]}" \
        -o "$RES/$name.eval.txt"
done

args=()
for k in "${!names[@]}"; do
    args+=("${names[$k]}=${bins[$k]}")
done
"$PY" "$HERE/report.py" --results "$RES" --corpus "$CORPUS" --seed "$SEED" "${args[@]}" \
    | tee "$RES/table.txt"
