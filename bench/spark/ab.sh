#!/usr/bin/env bash
# Alternates Spark runs of two Python environments (each with a copydesk package installed)
# on one corpus, N pairs, and prints each run's seconds, stages and load average:
#   N=3 bash bench/spark/ab.sh CORPUS.jsonl EXPECT.jsonl PYTHON_A PYTHON_B [run.py options]
# Each run is `run.py` in a fresh session (COPYDESK_SPARK_TIMES unset: no task prints).
set -euo pipefail
corpus=$1 expect=$2 a=$3 b=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
for i in $(seq "${N:-3}"); do
  for py in "$a" "$b"; do
    out=$(mktemp)
    "$py" "$here/run.py" "$corpus" --expect "$expect" --out "$out" "$@" 2>/dev/null |
      python3 -c "import json,sys; r=json.loads(sys.stdin.read()); print('$py'.split('/')[-3], r['seconds'], r['mb_per_s'], r['cpu_seconds'], r['identical'], r['loadavg'][0], [s for _, s in r['stages']], r['peak_rss_mb'])"
    rm -f "$out"
  done
done
