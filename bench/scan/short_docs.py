#!/usr/bin/env python3
"""Many short documents: the memory test of copydesk scan (issue 6).

    python3 bench/scan/short_docs.py make --docs 1000000 --out bench/work/short/1000k
    python3 bench/scan/short_docs.py score --corpus bench/work/short/1000k --output out.jsonl

`make` cuts the source pool (sources.py, every source) into snippets of 20-60
words (consecutive words of one paragraph, each word of the pool used at most
once, so the snippets share no text by construction; when the sources do
not hold enough, a second pass cuts them again at other places and its
snippets overlap first-pass ones), plants copies, and
writes one JSON Lines file, OUT/docs.jsonl ({"id","text"} a line, shuffled),
which `copydesk scan` reads as a corpus, plus OUT/gold.jsonl:

  exact   2%  a byte-identical copy under a new id
  edited  3%  a copy with one word replaced by a word from elsewhere
              (true 5-word-shingle Jaccard 0.52-0.90 at 20-60 words)

`score` reads copydesk's --json output: recall of the planted pairs (a
`duplicate` record or one `cluster`), and the reported pairs that are not
planted, with their true Jaccard (below 0.3 counts as a false positive).
"""

import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sources  # noqa: E402
from shingles import shingle_set, jaccard  # noqa: E402

EXACT, EDITED = 0.02, 0.03


def snippets(rng, min_words, max_words):
    for _, _, text in sources.load_all():
        for p in text.split("\n\n"):
            words = p.split()
            i = 0
            while len(words) - i >= min_words:
                k = min(rng.randint(min_words, max_words), len(words) - i)
                yield " ".join(words[i:i + k])
                i += k


def make(args):
    rng = random.Random(args.seed)
    n_base = int(round(args.docs / (1 + EXACT + EDITED)))
    pool = list(snippets(rng, args.min_words, args.max_words))
    first_pass = len(pool)
    sources.log("pool: %d snippets" % first_pass)
    rng.shuffle(pool)
    if first_pass < n_base:
        # Not enough distinct text: cut the sources again at other places.  These
        # snippets overlap first-pass ones (like posts quoting each other); the
        # scorer counts such unplanted pairs apart ("unplanted_similar") or, under
        # Jaccard 0.3, as false positives.
        more = list(snippets(random.Random(args.seed + 1), args.min_words, args.max_words))
        rng.shuffle(more)
        pool.extend(more[:n_base - first_pass])
        sources.log("second pass over the sources: %d more snippets" % (n_base - first_pass))
    if len(pool) < n_base:
        raise SystemExit("short_docs.py: the sources give only %d snippets, %d needed" % (len(pool), n_base))
    base = pool[:n_base]
    del pool
    docs = list(base)
    gold = []
    idx = rng.sample(range(n_base), int(round(n_base * (EXACT + EDITED))))
    n_exact = int(round(n_base * EXACT))
    for j, i in enumerate(idx):
        t = docs[i]
        if j < n_exact:
            kind, c = "exact", t
        else:
            w = t.split(" ")
            at = rng.randrange(len(w) // 4, len(w) - len(w) // 4)
            w[at] = rng.choice(docs[rng.randrange(n_base)].split(" "))
            kind, c = "edited", " ".join(w)
        docs.append(c)
        gold.append((kind, i, len(docs) - 1))
    order = list(range(len(docs)))
    rng.shuffle(order)
    ids = {}
    for num, i in enumerate(order):
        ids[i] = "s%07d" % num
    os.makedirs(args.out, exist_ok=True)
    total = 0
    with open(os.path.join(args.out, "docs.jsonl.tmp"), "w", encoding="utf-8") as fh:
        for i in order:
            line = json.dumps({"id": ids[i], "text": docs[i]}, ensure_ascii=False) + "\n"
            total += len(docs[i].encode("utf-8"))
            fh.write(line)
    os.replace(os.path.join(args.out, "docs.jsonl.tmp"), os.path.join(args.out, "docs.jsonl"))
    with open(os.path.join(args.out, "gold.jsonl"), "w") as g:
        for kind, a, b in gold:
            j = jaccard(shingle_set(docs[a]), shingle_set(docs[b]))
            g.write(json.dumps({"type": "duplicate", "a": ids[a], "b": ids[b], "kind": kind,
                                "jaccard": round(j, 4)}) + "\n")
    manifest = {"documents": len(docs), "base": n_base, "text_bytes": total,
                "file_bytes": os.path.getsize(os.path.join(args.out, "docs.jsonl")),
                "planted": {"exact": n_exact, "edited": len(gold) - n_exact},
                "base_from_second_pass": max(0, n_base - first_pass),
                "words": [args.min_words, args.max_words], "seed": args.seed}
    json.dump(manifest, open(os.path.join(args.out, "manifest.json"), "w"), indent=1)
    sources.log(json.dumps(manifest))


def score(args):
    texts = {}
    for line in open(os.path.join(args.corpus, "docs.jsonl"), encoding="utf-8"):
        r = json.loads(line)
        texts[r["id"]] = r["text"]
    gold = [json.loads(l) for l in open(os.path.join(args.corpus, "gold.jsonl"))]
    pairs, cluster_of = set(), {}
    summary = None
    for line in open(args.output, encoding="utf-8", errors="replace"):
        r = json.loads(line)
        if r["type"] == "duplicate":
            pairs.add(frozenset((r["a"], r["b"])))
        elif r["type"] == "cluster":
            for m in r["members"]:
                cluster_of.setdefault(m, set()).add(id(r))
        elif r["type"] == "summary":
            summary = r
    found = {"exact": [0, 0], "edited": [0, 0], "edited_j_ge_0.5": [0, 0]}
    planted = set()
    for g in gold:
        key = frozenset((g["a"], g["b"]))
        planted.add(key)
        hit = key in pairs or bool(cluster_of.get(g["a"], set()) & cluster_of.get(g["b"], set()))
        kinds = [g["kind"]] + (["edited_j_ge_0.5"] if g["kind"] == "edited" and g["jaccard"] >= 0.5 else [])
        for k in kinds:
            found[k][0] += hit
            found[k][1] += 1
    fp = similar = 0
    for key in pairs - planted:
        a, b = tuple(key)
        if jaccard(shingle_set(texts[a]), shingle_set(texts[b])) < 0.3:
            fp += 1
        else:
            similar += 1
    tot = sum(found[k][0] for k in ("exact", "edited")), sum(found[k][1] for k in ("exact", "edited"))
    res = {"documents": len(texts), "recall": tot[0] / tot[1], "found": found, "reported_pairs": len(pairs),
           "false_positives_j_lt_0.3": fp, "unplanted_similar": similar, "summary": summary}
    print(json.dumps(res, indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--docs", type=int, required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--seed", type=int, default=20261122)
    m.add_argument("--min-words", type=int, default=20)
    m.add_argument("--max-words", type=int, default=60)
    s = sub.add_parser("score")
    s.add_argument("--corpus", required=True)
    s.add_argument("--output", required=True)
    args = ap.parse_args()
    make(args) if args.cmd == "make" else score(args)


if __name__ == "__main__":
    main()
