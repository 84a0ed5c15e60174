#!/usr/bin/env python3
"""The true spinner table of a farm (`copydesk synth --farm`) written as a learned table, the
oracle in place of the learner: restoration with it measures the restorer alone.

Usage: oracle_table.py FARM_DIR > oracle.tsv

Rows are `spun<TAB>original<TAB>count<TAB>score<TAB>rate<TAB>seen` (the format `scan --learn`
writes and `unspin --dictionary` reads), with the true numbers of the farm's articles: `count`
the times the spinner applied the pair (farm-applied.tsv), `score` that over the occurrences of
the spun word in the farm's articles, `rate` that over the applied count plus the originals
left standing. Entries the farm never applied are written with count 0 and the rate the farm
shows overall (they are in the true table all the same).
"""
import json
import re
import sys
from collections import Counter

from farm_tsv import rows


def main():
    farm = sys.argv[1]
    table = [(r[0].lower(), r[1].lower()) for r in rows(farm + "/farm-table.tsv")]
    applied = {(r[0].lower(), r[1].lower()): int(r[2]) for r in rows(farm + "/farm-applied.tsv")}
    ids = {json.loads(l)["id"] for l in open(farm + "/farm.jsonl", encoding="utf-8")}
    words = Counter()
    for line in open(farm + "/corpus.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        if doc["id"] in ids:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:'[A-Za-z]+)?", doc["text"]))
    total_applied = sum(applied.values())
    total_standing = sum(words[o] for o, _ in table)
    overall = total_applied / max(1, total_applied + total_standing)
    print("# oracle: the farm's true table with its true numbers (bench/farm/oracle_table.py)")
    for o, s in sorted(table, key=lambda p: (p[1], p[0])):
        n = applied.get((o, s), 0)
        score = n / words[s] if words[s] else 1.0
        rate = n / (n + words[o]) if n + words[o] else overall
        print("%s\t%s\t%d\t%.4f\t%.4f\toracle" % (s, o, n, min(1.0, score), rate))


if __name__ == "__main__":
    main()
