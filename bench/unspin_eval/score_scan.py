#!/usr/bin/env python3
"""Scores `copydesk scan --json` on a synthetic corpus against its gold (copydesk::synth).

Usage:
  python3 bench/unspin_eval/score_scan.py GOLD.jsonl SCAN.jsonl
Recall per gold kind: a gold duplicate is found when scan reports a `duplicate` record for the
same pair; a gold passage is found when a scan `passage` record for the same pair overlaps both
gold spans (bytes). Also counts spun copies that got at least a passage record, and scan's
passage records on pairs the gold does not relate (real shared wording or boilerplate). When
scan writes per-document `spin` records, reports how many gold-spun and honest documents it
flags and the AUC of its spin score (spun vs honest).
"""
import collections
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    gold, scan = load(sys.argv[1]), load(sys.argv[2])
    dup_pairs = {frozenset((r["a"], r["b"])) for r in scan if r.get("type") == "duplicate"}
    passages = [r for r in scan if r.get("type") == "passage"]
    per_pair = collections.Counter(frozenset((r["a"]["id"], r["b"]["id"])) for r in passages)
    total, found = collections.Counter(), collections.Counter()
    related = set()
    spun_with_passages = 0
    for g in gold:
        if g["type"] == "duplicate":
            pair = frozenset((g["a"], g["b"]))
            related.add(pair)
            key = "duplicate/" + g["kind"]
            total[key] += 1
            found[key] += pair in dup_pairs
            if g["kind"] == "spun" and per_pair[pair]:
                spun_with_passages += 1
        elif g["type"] == "passage":
            ga, gb = g["a"], g["b"]
            related.add(frozenset((ga["id"], gb["id"])))
            key = "passage/" + g["kind"]
            total[key] += 1

            def overlaps(x, y):
                return (x["id"] == ga["id"] and y["id"] == gb["id"]
                        and x["start"] < ga["end"] and ga["start"] < x["end"]
                        and y["start"] < gb["end"] and gb["start"] < y["end"])

            found[key] += any(overlaps(r["a"], r["b"]) or overlaps(r["b"], r["a"])
                              for r in passages)
    print("| gold kind | found / total |")
    print("| --- | --- |")
    for key in sorted(total):
        print(f"| {key} | {found[key]} / {total[key]} |")
    print(f"| spun copies with any passage record | {spun_with_passages} / "
          f"{total['duplicate/spun']} |")
    other = sum(v for k, v in per_pair.items() if k not in related)
    print(f"| scan passage records on pairs unrelated by the gold | {other} |")
    verdict = {r["id"]: r for r in scan if r.get("type") == "spin" and "id" in r}
    truth = {g["id"]: g["spun"] for g in gold if g["type"] == "spin"}
    if verdict:
        spun = [verdict[i] for i, t in truth.items() if t and i in verdict]
        honest = [verdict[i] for i, t in truth.items() if not t and i in verdict]
        print(f"| spun documents flagged | {sum(bool(r.get('spun')) for r in spun)} / "
              f"{len(spun)} |")
        print(f"| honest documents flagged | {sum(bool(r.get('spun')) for r in honest)} / "
              f"{len(honest)} |")
        pos = [r["score"] for r in spun if isinstance(r.get("score"), (int, float))]
        neg = [r["score"] for r in honest if isinstance(r.get("score"), (int, float))]
        if pos and neg:
            wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
            print(f"| spin score AUC, spun vs honest | {wins / (len(pos) * len(neg)):.3f} |")


if __name__ == "__main__":
    main()
