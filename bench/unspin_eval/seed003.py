#!/usr/bin/env python3
"""Scores `copydesk unspin` on seed 003 against the hand annotation tests/data/seed003_gold.tsv.

Usage: python3 bench/unspin_eval/seed003.py [--copydesk BIN] [--sure-only] [--list]

The annotation marks every span of the seed the spinner changed, with its reconstructed
original wording and whether the annotator was sure (see the file's header). Figures:
  - word error rate against the annotated original: of the spun text, and of unspin's output;
  - spans restored (the output over the span reads as the annotation), wrong (changed, but to
    something else), missed (left as spun);
  - edits outside every annotated span: changes to text the annotator judged honest.
--list prints the missed and wrong spans and the edits outside spans.
Words are compared case-insensitively, as in score.py.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import edit_distance, words  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "seeds", "003_c30bde986995c84a.txt")
GOLD = os.path.join(ROOT, "tests", "data", "seed003_gold.tsv")


def load_gold(sure_only):
    spans = []
    for line in open(GOLD, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        start, end, spun, original, sure = line.rstrip("\n").split("\t")
        if sure_only and sure != "1":
            continue
        spans.append((int(start), int(end), original, sure == "1"))
    return spans


def apply(text, edits):
    """Text with `edits` (start, end, replacement; byte offsets, sorted, disjoint) applied."""
    out, at = [], 0
    for start, end, new in edits:
        out.append(text[at:start])
        out.append(new.encode("utf-8"))
        at = end
    out.append(text[at:])
    return b"".join(out).decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copydesk", default=os.path.join(ROOT, "target", "release", "copydesk"))
    ap.add_argument("--sure-only", action="store_true")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    text = open(SEED, "rb").read()
    gold = load_gold(args.sure_only)
    run = subprocess.run([args.copydesk, "unspin", "--json", SEED], capture_output=True, check=True)
    edits = []
    for line in run.stdout.decode().splitlines():
        rec = json.loads(line)
        if rec["type"] == "edit":
            edits.append((rec["start"], rec["end"], rec["original"]))
    gold_edits = [(s, e, o) for s, e, o, _ in gold]
    reference = words(apply(text, gold_edits))
    spun_errors = edit_distance(reference, words(text.decode("utf-8")))
    out_errors = edit_distance(reference, words(apply(text, edits)))

    restored = wrong = missed = 0
    touched = [False] * len(edits)
    problems = []
    for s, e, original, _ in gold:
        hits = [i for i, (es, ee, _) in enumerate(edits) if es < e and ee > s]
        if not hits:
            missed += 1
            problems.append(("missed", s, e, text[s:e].decode(), original, ""))
            continue
        lo = min(s, *(edits[i][0] for i in hits))
        hi = max(e, *(edits[i][1] for i in hits))
        for i in hits:
            touched[i] = True
        region_gold = [(gs, ge, go) for gs, ge, go in gold_edits if gs < hi and ge > lo]
        lo = min(lo, *(g[0] for g in region_gold))
        hi = max(hi, *(g[1] for g in region_gold))
        want = words(apply(text[:hi], [g for g in region_gold])[len(text[:lo].decode()):])
        got = words(apply(text[:hi], [edits[i] for i in hits])[len(text[:lo].decode()):])
        if want == got:
            restored += 1
        else:
            wrong += 1
            problems.append(("wrong", s, e, text[s:e].decode(), original, " ".join(got)))
    outside = [edits[i] for i in range(len(edits)) if not touched[i]]
    n = len(gold)
    print(f"seed 003, {n} annotated spans{' (sure only)' if args.sure_only else ''}, "
          f"{len(reference)} words")
    print(f"WER spun {100 * spun_errors / len(reference):.2f}%  "
          f"unspun {100 * out_errors / len(reference):.2f}%")
    print(f"spans restored {restored} ({100 * restored / n:.1f}%), wrong {wrong}, "
          f"missed {missed}; edits {len(edits)}, outside every span {len(outside)}")
    if args.list:
        for kind, s, e, spun, original, got in problems:
            print(f"{kind}\t{s}\t{spun}\t{original}\t{got}")
        for s, e, new in outside:
            print(f"outside\t{s}\t{text[s:e].decode()}\t{new}")


if __name__ == "__main__":
    main()
