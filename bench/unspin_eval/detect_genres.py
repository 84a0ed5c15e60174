#!/usr/bin/env python3
"""Spin detection across genres: how often `copydesk unspin` flags honest text, and spun text,
by source.

Takes the base documents of the scan benchmark corpus (bench/work/corpus-55mb, built by
bench/scan/run.sh: e-mail, Brown, Shakespeare, Milton and 20 kinds of software documentation),
PER_SOURCE of each source (at least MIN_WORDS words; the first by id), leaving out the State of
the Union pieces (the unspin evaluation's held-out set is made of those addresses). Each is
scored as it is (honest) and spun by the evaluation spinner (examples/synth_spin.rs, Moby-built
table) at each RATE. Writes one TSV row per text (source, kind, words, score, gain_per_100,
signatures_per_100, collocations) and prints flag rates per source.

Usage: python3 bench/unspin_eval/detect_genres.py --copydesk BIN --synth-spin BIN --work DIR
       [--per-source 25] [--min-words 200] [--rates 1.0,0.5] [--seed 11] [--jobs 2]
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "bench", "work", "corpus-55mb")


def pick(per_source, min_words):
    chosen = collections.defaultdict(list)
    for line in open(os.path.join(CORPUS, "docs.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        if r["role"] != "base" or r["source"] == "sotu":
            continue
        if len(chosen[r["source"]]) >= per_source:
            continue
        path = os.path.join(CORPUS, "docs", r["id"])
        with open(path, encoding="utf-8", errors="replace") as f:
            if len(f.read().split()) < min_words:
                continue
        chosen[r["source"]].append(r["id"])
    return chosen


def verdict(copydesk, path):
    out = subprocess.run([copydesk, "unspin", "--json", path], capture_output=True, text=True)
    last = [json.loads(l) for l in out.stdout.splitlines() if l.strip()][-1]
    return last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copydesk", required=True)
    ap.add_argument("--synth-spin", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--per-source", type=int, default=25)
    ap.add_argument("--min-words", type=int, default=200)
    ap.add_argument("--rates", default="1.0,0.5")
    ap.add_argument("--seed", default="11")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if not os.path.isdir(CORPUS):
        sys.exit(f"{CORPUS} is missing: build it with bash bench/scan/run.sh")
    shutil.rmtree(args.work, ignore_errors=True)
    honest = os.path.join(args.work, "honest")
    os.makedirs(honest)
    chosen = pick(args.per_source, args.min_words)
    texts = []  # (source, kind, path)
    for source, ids in sorted(chosen.items()):
        for i in ids:
            name = f"{source}__{i.replace('/', '_')}"
            shutil.copy(os.path.join(CORPUS, "docs", i), os.path.join(honest, name))
            texts.append((source, "honest", os.path.join(honest, name)))
    for rate in args.rates.split(","):
        out = os.path.join(args.work, f"rate{rate}")
        subprocess.run([args.synth_spin, "--rate", rate, "--seed", args.seed, honest, out],
                       check=True, stdout=subprocess.DEVNULL)
        for source, kind, path in list(texts):
            if kind == "honest":
                texts.append((source, f"spun{rate}", os.path.join(out, "spun", os.path.basename(path))))
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda t: verdict(args.copydesk, t[2]), texts))
    rows = os.path.join(args.work, "verdicts.tsv")
    flagged = collections.defaultdict(lambda: [0, 0])
    with open(rows, "w", encoding="utf-8") as f:
        f.write("source\tkind\twords\tscore\tgain_per_100\tsignatures_per_100\tcollocations\n")
        for (source, kind, _), r in zip(texts, results):
            f.write(f"{source}\t{kind}\t{r['words']}\t{r['score']:.4f}\t{r['gain_per_100']:.3f}"
                    f"\t{r['signatures_per_100']:.3f}\t{r['collocations']:.4f}\n")
            for key in (source, "ALL"):
                flagged[(key, kind)][0] += r["spun"]
                flagged[(key, kind)][1] += 1
    kinds = ["honest"] + [f"spun{r}" for r in args.rates.split(",")]
    print("| source | " + " | ".join(f"{k} flagged" for k in kinds) + " |")
    print("|---|" + "---:|" * len(kinds))
    for source in sorted(chosen) + ["ALL"]:
        cells = []
        for k in kinds:
            n, total = flagged[(source, k)]
            cells.append(f"{n}/{total}")
        print(f"| {source} | " + " | ".join(cells) + " |")
    print(f"rows: {rows}")


if __name__ == "__main__":
    main()
