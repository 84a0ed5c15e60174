#!/usr/bin/env python3
"""Scores a learned spinner table against a farm's true table (`copydesk synth --farm`).

Usage: table_score.py LEARNED.tsv FARM_DIR [--json]

A learned line `spun<TAB>original...` is right when the true table (farm-table.tsv,
`original<TAB>replacement`) maps `original` to `spun`. Prints precision, recall over the whole
table, recall over the entries the farm applied (farm-applied.tsv), and the token-weighted
recall: the share of the farm's replacements whose pair was learned; and the precision of the
confident pairs alone (`confident`, `precision_confident`: every row but the farm learner's
weak tier, whose `seen` starts with `weak`).
"""
import json
import sys

from farm_tsv import rows


def main():
    learned_path, farm = sys.argv[1], sys.argv[2]
    truth = {r[0].lower(): r[1].lower() for r in rows(farm + "/farm-table.tsv")}
    applied = {(r[0].lower(), r[1].lower()): int(r[2]) for r in rows(farm + "/farm-applied.tsv")}
    table = list(rows(learned_path))
    learned = [(r[0].lower(), r[1].lower()) for r in table]
    confident = [(r[0].lower(), r[1].lower()) for r in table if not (len(r) > 5 and r[5].startswith("weak"))]
    right = {(o, s) for s, o in learned if truth.get(o) == s}
    right_confident = sum(1 for s, o in confident if truth.get(o) == s)
    out = {
        "learned": len(learned),
        "right": len(right),
        "precision": len(right) / len(learned) if learned else 0.0,
        "recall": len(right) / len(truth) if truth else 0.0,
        "recall_applied": len(right & set(applied)) / len(applied) if applied else 0.0,
        "recall_tokens": sum(n for p, n in applied.items() if p in right) / max(1, sum(applied.values())),
        "confident": len(confident),
        "precision_confident": right_confident / len(confident) if confident else 0.0,
    }
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        print("learned %(learned)d, right %(right)d, precision %(precision).3f, recall %(recall).3f "
              "(applied entries %(recall_applied).3f, replacements %(recall_tokens).3f); "
              "confident pairs %(confident)d, precision %(precision_confident).3f" % out)


if __name__ == "__main__":
    main()
