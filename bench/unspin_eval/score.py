#!/usr/bin/env python3
"""Scores `copydesk unspin` against the evaluation spinner's gold (bench/unspin_eval/run.sh).

Inputs (one file per document, same base name in every directory):
  --orig DIR       original texts (NAME.txt)
  --spun DIR       spun texts (NAME.txt), made by examples/synth_spin.rs
  --gold DIR       gold edits (NAME.jsonl): {"spun_start","spun_end","original",...}
  --restored DIR   unspin's output on the spun texts (NAME.txt)
  --honest DIR     unspin's output on the original texts (NAME.txt)
  --json DIR       optional: unspin --json on the spun texts (NAME.jsonl)
  --json-honest DIR optional: unspin --json on the original texts (NAME.jsonl)
  --make-oracle SPUN GOLD OUT_TEXT OUT_JSON  writes a perfect restorer's output from the gold
Prints a Markdown table and writes --out FILE.json with the same figures.

Word error rate (WER) = word-level Levenshtein distance / words of the reference (the
original), summed over documents. Words are runs of letters/digits (with inner apostrophes),
compared case-insensitively. The distance is exact: Myers/Hyyro bit-vector algorithm on Python
integers (checked against the textbook DP by --self-test).
"""
import argparse
import json
import os
import random
import re
import sys

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def words(text):
    return [w.replace("\u2019", "'") for w in WORD.findall(text.lower())]


def edit_distance(ref, hyp):
    """Exact Levenshtein distance between two word lists (bit-parallel, global)."""
    m = len(ref)
    if m == 0:
        return len(hyp)
    peq = {}
    for i, w in enumerate(ref):
        peq[w] = peq.get(w, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for w in hyp:
        eq = peq.get(w, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def dp_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def self_test():
    rng = random.Random(1)
    for _ in range(2000):
        a = [rng.choice("abcd") for _ in range(rng.randint(0, 80))]
        b = [rng.choice("abcd") for _ in range(rng.randint(0, 80))]
        assert edit_distance(a, b) == dp_distance(a, b), (a, b)
    assert edit_distance(words("The White House said."), words("the white home mentioned")) == 2
    assert words("It\u2019s the U.S. in the 1980s") == ["it's", "the", "u", "s", "in", "the", "1980s"]
    print("score.py self-test: 2002 passed, 0 failed")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_jsonl(path):
    if not os.path.exists(path):
        return None
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    return None
    return out


def flagged(records):
    """True/False from unspin's {"type":"spin","spun":bool} record, None if absent."""
    if records is None:
        return None
    for r in records:
        if r.get("type") == "spin" and "spun" in r:
            return bool(r["spun"])
    return None


def spin_score(records):
    """unspin's spin score from the {"type":"spin","score":f} record, None if absent."""
    for r in records or []:
        if r.get("type") == "spin" and isinstance(r.get("score"), (int, float)):
            return float(r["score"])
    return None


def auc(pos, neg):
    """Probability that a spun document scores above an honest one (ties count half)."""
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def make_oracle(spun_dir, gold_dir, out_text, out_json):
    """A perfect restorer from the gold: tests the scoring (WER after must be 0)."""
    for n in sorted(os.listdir(spun_dir)):
        if not n.endswith(".txt"):
            continue
        spun = open(os.path.join(spun_dir, n), "rb").read()
        gold = read_jsonl(os.path.join(gold_dir, n[:-4] + ".jsonl")) or []
        out, at, recs = bytearray(), 0, []
        for g in gold:
            out += spun[at:g["spun_start"]] + g["original"].encode()
            at = g["spun_end"]
            recs.append({"type": "edit", "start": g["spun_start"], "end": g["spun_end"],
                         "spun": g["spun"], "original": g["original"], "confidence": 1.0})
        out += spun[at:]
        open(os.path.join(out_text, n), "wb").write(bytes(out))
        recs.append({"type": "spin", "score": 1.0 if gold else 0.0, "spun": bool(gold)})
        with open(os.path.join(out_json, n[:-4] + ".jsonl"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in recs)


def main():
    ap = argparse.ArgumentParser()
    for name in ("orig", "spun", "gold", "restored", "honest", "json", "json-honest", "out"):
        ap.add_argument("--" + name)
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("--make-oracle", nargs=4, metavar=("SPUN", "GOLD", "OUT_TEXT", "OUT_JSON"))
    args = ap.parse_args()
    if args.make_oracle:
        make_oracle(*args.make_oracle)
        return
    if args.self_test:
        self_test()
        return
    names = sorted(n[:-4] for n in os.listdir(args.orig) if n.endswith(".txt"))
    ref_words = d_before = d_after = d_honest = 0
    gold_n = hits = unspin_edits = honest_edits = 0
    det_spun, det_honest = [], []
    score_spun, score_honest = [], []
    per_doc = []
    for name in names:
        ref = words(read(os.path.join(args.orig, name + ".txt")))
        spun_text = read(os.path.join(args.spun, name + ".txt"))
        before = edit_distance(ref, words(spun_text))
        after = edit_distance(ref, words(read(os.path.join(args.restored, name + ".txt"))))
        honest = edit_distance(ref, words(read(os.path.join(args.honest, name + ".txt"))))
        ref_words += len(ref)
        d_before += before
        d_after += after
        d_honest += honest
        per_doc.append({"doc": name, "words": len(ref), "before": before, "after": after,
                        "honest": honest})
        gold = read_jsonl(os.path.join(args.gold, name + ".jsonl")) or []
        gold_n += len(gold)
        if args.json:
            recs = read_jsonl(os.path.join(args.json, name + ".jsonl"))
            det_spun.append(flagged(recs))
            score_spun.append(spin_score(recs))
            edits = [r for r in recs or [] if r.get("type") == "edit"]
            unspin_edits += len(edits)
            want = {(g["spun_start"], g["spun_end"]): g["original"].lower() for g in gold}
            for e in edits:
                if want.get((e.get("start"), e.get("end"))) == str(e.get("original", "")).lower():
                    hits += 1
        if args.json_honest:
            recs = read_jsonl(os.path.join(args.json_honest, name + ".jsonl"))
            det_honest.append(flagged(recs))
            score_honest.append(spin_score(recs))
            honest_edits += sum(1 for r in recs or [] if r.get("type") == "edit")

    def rate(flags):
        known = [f for f in flags if f is not None]
        return (sum(known) / len(known), len(known)) if known else (None, 0)

    res = {
        "documents": len(names),
        "reference_words": ref_words,
        "gold_spun_words": gold_n,
        "wer_before": d_before / max(ref_words, 1),
        "wer_after": d_after / max(ref_words, 1),
        "honest_changed_words_per_1000": 1000 * d_honest / max(ref_words, 1),
        "per_doc": per_doc,
    }
    if args.json:
        res["unspin_edits_on_spun"] = unspin_edits
        res["edit_precision"] = hits / unspin_edits if unspin_edits else None
        res["edit_recall"] = hits / gold_n if gold_n else None
        res["spun_docs_flagged"], res["spun_docs_with_verdict"] = rate(det_spun)
    if args.json_honest:
        res["honest_edit_records_per_1000"] = 1000 * honest_edits / max(ref_words, 1)
        res["honest_docs_flagged"], res["honest_docs_with_verdict"] = rate(det_honest)
    pos = [x for x in score_spun if x is not None]
    neg = [x for x in score_honest if x is not None]
    res["spin_score_auc"] = auc(pos, neg)
    if pos and neg:
        res["spin_score_median_spun"] = sorted(pos)[len(pos) // 2]
        res["spin_score_median_honest"] = sorted(neg)[len(neg) // 2]
        res["spin_score_min_spun"] = min(pos)
        res["spin_score_max_honest"] = max(neg)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
            f.write("\n")

    def fmt(v, pct=True):
        if v is None:
            return "n/a"
        return f"{100 * v:.2f}%" if pct else f"{v:.2f}"

    print("| measure | value |")
    print("| --- | --- |")
    print(f"| documents | {len(names)} |")
    print(f"| reference words | {ref_words:,} |")
    print(f"| gold spun words | {gold_n:,} |")
    print(f"| WER spun vs original (before) | {fmt(res['wer_before'])} |")
    print(f"| WER restored vs original (after) | {fmt(res['wer_after'])} |")
    print(f"| honest text: changed words per 1,000 | "
          f"{fmt(res['honest_changed_words_per_1000'], False)} |")
    if args.json:
        print(f"| unspin edits on spun text | {unspin_edits:,} |")
        print(f"| edit precision (exact span + original) | {fmt(res['edit_precision'])} |")
        print(f"| edit recall of gold spun words | {fmt(res['edit_recall'])} |")
        print(f"| spun documents flagged | {fmt(res['spun_docs_flagged'])} "
              f"(of {res['spun_docs_with_verdict']}) |")
    if args.json_honest:
        print(f"| honest documents flagged | {fmt(res['honest_docs_flagged'])} "
              f"(of {res['honest_docs_with_verdict']}) |")
        print(f"| honest text: edit records per 1,000 words | "
              f"{fmt(res['honest_edit_records_per_1000'], False)} |")
    if res["spin_score_auc"] is not None:
        print(f"| spin score AUC, spun vs honest | {fmt(res['spin_score_auc'], False)} |")
        print(f"| spin score median: spun / honest | {res['spin_score_median_spun']:.4f} / "
              f"{res['spin_score_median_honest']:.4f} |")
        print(f"| spin score: lowest spun / highest honest | {res['spin_score_min_spun']:.4f} / "
              f"{res['spin_score_max_honest']:.4f} |")


if __name__ == "__main__":
    sys.exit(main())
