#!/usr/bin/env bash
# Checks that `copydesk eval --unspin` and score.py give the same word error rates on the same
# texts: lays UNSPIN_GOLD ({"id","original","spun"} lines) and RESTORED_DIR (ID.txt files) out
# as score.py reads them (--orig/--spun/--restored directories), runs both, compares.
# Usage: bash bench/unspin_eval/check_eval.sh UNSPIN_GOLD RESTORED_DIR
# Env: CARGO_TARGET_DIR (default target). Exit 0 when they agree, 1 when not.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
gold="$1"
restored="$2"
copydesk="${CARGO_TARGET_DIR:-$root/target}/release/copydesk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/orig" "$work/spun" "$work/gold" "$work/restored"
python3 - "$gold" "$restored" "$work" <<'PY'
import json, shutil, sys
gold, restored, work = sys.argv[1:]
for line in open(gold, encoding="utf-8"):
    if not line.strip():
        continue
    r = json.loads(line)
    for d in ("orig", "spun"):
        with open(f"{work}/{d}/{r['id']}.txt", "w", encoding="utf-8") as f:
            f.write(r["original" if d == "orig" else "spun"])
    open(f"{work}/gold/{r['id']}.jsonl", "w").close()
    shutil.copy(f"{restored}/{r['id']}.txt", f"{work}/restored/{r['id']}.txt")
PY
python3 "$root/bench/unspin_eval/score.py" --orig "$work/orig" --spun "$work/spun" \
    --gold "$work/gold" --restored "$work/restored" --honest "$work/orig" \
    --out "$work/py.json" >/dev/null
"$copydesk" eval --json --unspin "$gold" "$restored" >"$work/rust.jsonl"
python3 - "$work/py.json" "$work/rust.jsonl" <<'PY'
import json, sys
py = json.load(open(sys.argv[1]))
rust = [json.loads(l) for l in open(sys.argv[2])]
total = next(r for r in rust if r["type"] == "unspin")
docs = {r["id"]: r for r in rust if r["type"] == "unspin_document"}
bad = [p["doc"] for p in py["per_doc"]
       if (docs[p["doc"]]["words"], docs[p["doc"]]["before"], docs[p["doc"]]["after"])
       != (p["words"], p["before"], p["after"])]
same = not bad and (total["wer_before"], total["wer_after"]) == (py["wer_before"], py["wer_after"])
print(f"score.py WER {py['wer_before']:.6f} -> {py['wer_after']:.6f}; "
      f"copydesk eval {total['wer_before']:.6f} -> {total['wer_after']:.6f}; "
      f"{len(docs)} documents: {'agree' if same else 'DIFFER: ' + ', '.join(bad)}")
sys.exit(0 if same else 1)
PY
