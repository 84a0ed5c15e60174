#!/usr/bin/env python3
"""Infer a spinner's `spun -> original` pairs from spun text alone (an experiment; see
RESULTS.md, "Inferring the spinner's pairs from spun text alone").

A context-blind spinner at rate 1.0 replaces every occurrence of every word in its table, so in
its output a common table word (the original) is missing, while its replacement (the spun word)
is over-represented. With thesaurus links as the only possible pairs, a pair `spun -> original`
is proposed when, over the given spun texts of N words:

- the spun word occurs at least twice and at least MIN_EXCESS times its expected count;
- the original is expected at least MIN_EXPECTED times (N x its SymSpell frequency) and occurs
  at most MAX_RATIO times its expected count;
- the original is one of the TOP_K most expected such partners of the spun word.

Expected counts come from dictionaries/lm_unigrams.tsv.gz; the links are those copydesk
ships: dictionaries/moby_reverse.tsv.gz and the single-word members of
dictionaries/synsets.tsv.gz. The output is a `spun<TAB>original` dictionary for
`copydesk unspin --dictionary`.

Usage: infer_pairs.py SPUN_DIR OUT.tsv [--min-expected 3] [--max-ratio 0.1]
                      [--min-excess 1.5] [--top-k 1]
"""

import argparse
import collections
import glob
import gzip
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def words(text):
    return re.findall(r"[a-z]+(?:'[a-z]+)*", text.lower())


def load_reference():
    ref = {}
    with gzip.open(os.path.join(ROOT, "dictionaries/lm_unigrams.tsv.gz"), "rt") as f:
        for line in f:
            word, count = line.rstrip("\n").split("\t")
            ref[word] = int(count)
    return ref


def load_links():
    links = collections.defaultdict(set)
    with gzip.open(os.path.join(ROOT, "dictionaries/moby_reverse.tsv.gz"), "rt") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            links[parts[0]].update(parts[1:])
    with gzip.open(os.path.join(ROOT, "dictionaries/synsets.tsv.gz"), "rt") as f:
        for line in f:
            group = [w for w in line.rstrip("\n").split("\t") if " " not in w]
            for a in group:
                links[a].update(b for b in group if b != a)
    return links


def infer(counts, ref, links, min_expected, max_ratio, min_excess, top_k):
    total_ref = sum(ref.values())
    n = sum(counts.values())

    def expected(word):
        return n * ref.get(word, 0) / total_ref

    pairs = []
    for spun in sorted(links):
        if counts[spun] < 2:
            continue
        if (counts[spun] + 0.5) / (expected(spun) + 0.5) < min_excess:
            continue
        partners = []
        for original in links[spun]:
            e = expected(original)
            if e >= min_expected and (counts[original] + 0.5) / (e + 0.5) <= max_ratio:
                partners.append((-e, original))
        pairs.extend((spun, original) for _, original in sorted(partners)[:top_k])
    return pairs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("spun_dir")
    p.add_argument("out")
    p.add_argument("--min-expected", type=float, default=3.0)
    p.add_argument("--max-ratio", type=float, default=0.1)
    p.add_argument("--min-excess", type=float, default=1.5)
    p.add_argument("--top-k", type=int, default=1)
    a = p.parse_args()
    counts = collections.Counter()
    for path in sorted(glob.glob(os.path.join(a.spun_dir, "*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            counts.update(words(f.read()))
    pairs = infer(counts, load_reference(), load_links(), a.min_expected, a.max_ratio,
                  a.min_excess, a.top_k)
    with open(a.out, "w") as f:
        f.write("# spun<TAB>original, inferred by bench/unspin_eval/infer_pairs.py\n")
        for spun, original in pairs:
            f.write(f"{spun}\t{original}\n")
    print(f"{len(pairs)} pairs from {sum(counts.values())} words", file=sys.stderr)


if __name__ == "__main__":
    main()
