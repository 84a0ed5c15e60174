#!/usr/bin/env python3
"""Breaks down what a restorer left wrong on a farm's held-out articles.

Usage: errors.py FARM_DIR GOLD.jsonl RESTORED_DIR [--json]

The farm's spinner swaps single words (case kept), so the original, spun and restored texts
line up word by word (a restored text that does not is counted as `misaligned`). Each word is
one of: a spun word restored (`fixed`), a spun word left as the spinner wrote it
(`unrestored`: with the spun form shared by several originals of the true table, or after an
honest word that was an original of another entry, counted apart), a spun word changed to a
wrong original (`wrong_original`), a right word in the wrong case (`case`), an honest word
changed (`honest_changed`: its form a spun form of the table, or not).
"""
import json
import re
import sys
from collections import Counter

from farm_tsv import rows

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def main():
    farm, gold, restored = sys.argv[1:4]
    table = [(r[0].lower(), r[1].lower()) for r in rows(farm + "/farm-table.tsv")]
    by_spun = Counter(s for _, s in table)
    spun_forms = set(by_spun)
    c = Counter()
    examples = {}
    for line in open(gold, encoding="utf-8"):
        g = json.loads(line)
        o, s = WORD.findall(g["original"]), WORD.findall(g["spun"])
        r = WORD.findall(open("%s/%s.txt" % (restored, g["id"]), encoding="utf-8").read())
        if not (len(o) == len(s) == len(r)):
            c["misaligned_docs"] += 1
            continue
        for a, b, x in zip(o, s, r):
            if a == b:
                if x != a:
                    kind = "honest_changed_spun_form" if b.lower() in spun_forms else "honest_changed_other"
                else:
                    kind = "honest_kept"
            elif x == a:
                kind = "fixed"
            elif x.lower() == a.lower():
                kind = "case"
            elif x == b:
                kind = "unrestored_shared_form" if by_spun[b.lower()] > 1 else "unrestored"
            else:
                kind = "wrong_original"
            c[kind] += 1
            examples.setdefault(kind, Counter())[(a, b, x)] += 1
    spun_sites = sum(c[k] for k in ("fixed", "case", "unrestored", "unrestored_shared_form", "wrong_original"))
    if "--json" in sys.argv:
        print(json.dumps(dict(c, spun_sites=spun_sites)))
        return
    print("spun sites %d" % spun_sites)
    for k, n in sorted(c.items()):
        print("%-26s %6d" % (k, n))
        if k != "honest_kept" and k in examples:
            print("    " + "; ".join("%s->%s->%s x%d" % (a, b, x, m) for (a, b, x), m in examples[k].most_common(8)))


if __name__ == "__main__":
    main()
