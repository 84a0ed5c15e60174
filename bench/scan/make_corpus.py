#!/usr/bin/env python3
"""Build the scan-benchmark corpus: real English prose cut into article-sized
documents, with planted copies and reused passages, and a gold file.

    python3 bench/scan/make_corpus.py --size-mb 55 --out bench/work/corpus-55mb

Writes
  OUT/docs/dNNN/NNNNNN.txt   the corpus (scan this directory)
  OUT/gold.jsonl             planted pairs; ids are paths relative to OUT/docs
  OUT/manifest.json          sizes, counts, seed, source mix
  OUT/docs.jsonl             per document: id, source, title, part, role (base or copy kind)

Planted (fixed seed, fractions of the base documents):
  exact   4%  byte-identical copy under a new name
  edited  8%  copy with ~5% word edits (substitution / insertion / deletion)
  framed  6%  copy wrapped in a header and a footer of unrelated text
              (0.1x-1.0x the document's length: a containment case)
  passage 6%  a 40-150 word run of document X inserted, as its own
              paragraph, into an unrelated document Y
MB means 10^6 bytes.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sources  # noqa: E402
from shingles import shingle_set, jaccard  # noqa: E402

RATES = {"exact": 0.04, "edited": 0.08, "framed": 0.06, "passage": 0.06}
EDIT_RATE = 0.05
FRAME_RESERVE = 0.04  # share of the pool's documents kept out for frame text
MIN_DOC, MAX_DOC = 2000, 10000


def blen(s):
    return len(s.encode("utf-8"))


def split_long_paragraph(p, limit):
    """Split a paragraph longer than limit bytes at sentence boundaries."""
    out, cur = [], ""
    for s in sources.sentences(p) or [p]:
        if cur and blen(cur) + 1 + blen(s) > limit:
            out.append(cur)
            cur = s
        else:
            cur = cur + " " + s if cur else s
    if cur:
        out.append(cur)
    return out


def segment(text, rng, short_ok):
    """Cut a text into documents of 2-10 KB at paragraph (else sentence) bounds."""
    paras = []
    for p in text.split("\n\n"):
        paras.extend(split_long_paragraph(p, MAX_DOC // 2) if blen(p) > MAX_DOC // 2 else [p])
    docs, cur, cur_len = [], [], 0
    target = rng.randint(MIN_DOC, MAX_DOC)
    for p in paras:
        pl = blen(p) + 2
        if cur and cur_len + pl > MAX_DOC:
            docs.append(cur)
            cur, cur_len = [], 0
            target = rng.randint(MIN_DOC, MAX_DOC)
        cur.append(p)
        cur_len += pl
        if cur_len >= target:
            docs.append(cur)
            cur, cur_len = [], 0
            target = rng.randint(MIN_DOC, MAX_DOC)
    if cur:
        if docs and cur_len < MIN_DOC and sum(blen(x) + 2 for x in docs[-1]) + cur_len <= MAX_DOC + MIN_DOC:
            docs[-1].extend(cur)
        elif cur_len >= MIN_DOC or short_ok:
            docs.append(cur)
        elif not docs and cur_len >= 400:
            docs.append(cur)
    return ["\n\n".join(d) + "\n" for d in docs]


def mostly_english_letters(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(ord(c) > 127 for c in letters) <= 0.05 * len(letters)


def edit_words(text, rng, vocab):
    """~5% word edits: substitute, insert or delete whole words."""
    parts = re.split(r"(\s+)", text)
    out = []
    for tok in parts:
        if not tok or tok.isspace():
            out.append(tok)
            continue
        r = rng.random()
        if r < EDIT_RATE:
            op = rng.random()
            if op < 0.4:
                out.append(rng.choice(vocab))
            elif op < 0.7:
                out.append(tok + " " + rng.choice(vocab))
            else:
                if out and out[-1].isspace():
                    out.pop()  # drop the word and its preceding space
                continue
        else:
            out.append(tok)
    return "".join(out)


class FrameStream:
    """Unrelated paragraphs used once each for headers and footers."""

    def __init__(self, docs):
        self.paras = [p for d in docs for p in d.split("\n\n") if p.strip()]
        self.i = 0

    def take(self, nbytes):
        got, n = [], 0
        while n < nbytes and self.i < len(self.paras):
            p = self.paras[self.i].strip()
            self.i += 1
            got.append(p)
            n += blen(p) + 2
        return "\n\n".join(got)


def synthetic_pool(pool, target_bytes, seed, rng):
    """Documents of text sampled from a trigram model of the pool's (synth.py), enough for
    a corpus of ``target_bytes`` with its planted copies and frame text."""
    import numpy as np
    import synth

    model = synth.Trigrams(d["text"] for d in pool)
    del pool
    sources.log("trigram model: %d tokens, %d words" % (model.tokens, len(model.words)))
    need = target_bytes * 1.05 / (1 - FRAME_RESERVE)
    steps = 4000
    gen = np.random.default_rng(seed)
    out, made, batch = [], 0, 0
    while made < need:
        # about 6 bytes a token; batches of at most 4,000 chains (100 MB) bound the memory
        chains = max(100, min(4000, int((need - made) / (steps * 6)) + 1))
        for text in model.sample(chains, steps, gen):
            for i, d in enumerate(segment(text, rng, short_ok=False)):
                out.append({"src": "synthetic", "title": "chain %d" % batch, "part": i, "text": d})
                made += blen(d)
            batch += 1
        sources.log("synthetic: %.0f of %.0f MB" % (made / 1e6, need / 1e6))
    del model
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=55.0, help="target corpus size in MB (10^6 bytes)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--force", action="store_true", help="rebuild even if OUT/manifest.json exists")
    ap.add_argument("--allow-short", action="store_true",
                    help="if the sources cannot fill --size-mb, build a smaller corpus instead of failing")
    ap.add_argument("--synthetic", action="store_true",
                    help="base documents sampled from a word trigram model of the sources (synth.py), "
                         "not the sources themselves: any size, new text at the shingle level")
    args = ap.parse_args()

    if os.path.exists(os.path.join(args.out, "manifest.json")) and not args.force:
        sources.log("corpus exists:", args.out)
        return
    rng = random.Random(args.seed)

    # 1. source texts -> article-sized documents
    pool = []
    for src, title, text in sources.load_all():
        for i, d in enumerate(segment(text, rng, short_ok=(src == "email"))):
            if not mostly_english_letters(d):
                continue  # a few mails are in Chinese or Japanese
            pool.append({"src": src, "title": title, "part": i, "text": d})
    pool_bytes = sum(blen(d["text"]) for d in pool)
    sources.log("pool: %d documents, %.2f MB" % (len(pool), pool_bytes / 1e6))
    if args.synthetic:
        pool = synthetic_pool(pool, args.size_mb * 1e6, args.seed, rng)
        pool_bytes = sum(blen(d["text"]) for d in pool)
        sources.log("synthetic pool: %d documents, %.2f MB" % (len(pool), pool_bytes / 1e6))
    rng.shuffle(pool)
    n_reserve = int(len(pool) * FRAME_RESERVE)
    frames = FrameStream([d["text"] for d in pool[:n_reserve]])
    pool = pool[n_reserve:]

    # 2. choose base documents so that base + planted reaches the target
    overhead = RATES["exact"] + RATES["edited"] + RATES["framed"] * 1.55 + 0.005
    target = args.size_mb * 1e6
    base, nbytes = [], 0
    for d in pool:
        if nbytes * (1 + overhead) >= target:
            break
        base.append(d)
        nbytes += blen(d["text"])
    if nbytes * (1 + overhead) < 0.98 * target:
        msg = ("the sources hold only enough distinct text for a corpus of about %.0f MB, not %.0f MB "
               "(add sources in sources.py, or pass --allow-short to build the smaller corpus)"
               % (nbytes * (1 + overhead) / 1e6, args.size_mb))
        if not args.allow_short:
            raise SystemExit("make_corpus.py: " + msg)
        sources.log("WARNING: " + msg)

    # 3. plant
    n = len(base)
    idx = list(range(n))
    rng.shuffle(idx)
    take = lambda k: [idx.pop() for _ in range(int(round(n * RATES[k])))]  # noqa: E731
    exact_src, edited_src, framed_src = take("exact"), take("edited"), take("framed")
    pass_y = take("passage")
    pass_x = take("passage")
    vocab = []
    for d in rng.sample(base, min(200, n)):
        vocab.extend(w for w in re.findall(r"[A-Za-z]+", d["text"]) if len(w) > 2)

    docs = [dict(d, role="base") for d in base]
    dup_gold = []
    for kind, srcs in (("exact", exact_src), ("edited", edited_src), ("framed", framed_src)):
        for i in srcs:
            t = docs[i]["text"]
            if kind == "exact":
                c = t
            elif kind == "edited":
                c = edit_words(t, rng, vocab)
            else:
                f = rng.uniform(0.1, 1.0) * blen(t)
                h = rng.uniform(0.3, 0.7)
                c = frames.take(f * h) + "\n\n" + t.rstrip("\n") + "\n\n" + frames.take(f * (1 - h)) + "\n"
            docs.append({"src": docs[i]["src"], "title": docs[i]["title"], "part": docs[i]["part"],
                         "text": c, "role": kind + "-copy"})
            dup_gold.append((kind, i, len(docs) - 1))

    passage_gold = []
    for x, y in zip(pass_x, pass_y):
        tx = docs[x]["text"]
        spans = [m.span() for m in re.finditer(r"\S+", tx)]
        w = rng.randint(40, 150)
        if len(spans) < w + 10:
            w = max(40, len(spans) - 10)
            if len(spans) < w:
                continue
        s = rng.randint(0, len(spans) - w)
        cs, ce = spans[s][0], spans[s + w - 1][1]
        run = tx[cs:ce]
        ty = docs[y]["text"]
        starts = [0] + [m.end() for m in re.finditer(r"\n\n", ty)]
        starts = [p for p in starts if p < len(ty)]
        p = rng.choice(starts)
        docs[y]["text"] = ty[:p] + run + "\n\n" + ty[p:]
        docs[y]["role"] = "passage-host"  # each y hosts exactly one run
        yb = blen(ty[:p])
        passage_gold.append((x, (blen(tx[:cs]), blen(tx[:ce])), y, (yb, yb + blen(run)), run))

    # 4. names: a random permutation so copies do not sit next to originals
    order = list(range(len(docs)))
    rng.shuffle(order)
    names = {}
    for num, i in enumerate(order):
        names[i] = "d%03d/%06d.txt" % (num // 1000, num)

    docdir = os.path.join(args.out, "docs")
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(docdir)
    total = 0
    for i, d in enumerate(docs):
        path = os.path.join(docdir, names[i])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = d["text"].encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        total += len(data)

    with open(os.path.join(args.out, "gold.jsonl"), "w") as g:
        for kind, a, b in dup_gold:
            j = jaccard(shingle_set(docs[a]["text"]), shingle_set(docs[b]["text"]))
            g.write(json.dumps({"type": "duplicate", "a": names[a], "b": names[b], "kind": kind,
                                "jaccard": round(j, 4)}) + "\n")
        for x, (xs, xe), y, (ys_b, ye_b), run in passage_gold:
            assert docs[y]["text"].encode()[ys_b:ye_b] == docs[x]["text"].encode()[xs:xe]
            g.write(json.dumps({"type": "passage", "a": {"id": names[x], "start": xs, "end": xe},
                                "b": {"id": names[y], "start": ys_b, "end": ye_b},
                                "words": len(run.split())}) + "\n")

    with open(os.path.join(args.out, "docs.jsonl"), "w") as fh:
        for i in sorted(names, key=lambda i: names[i]):
            d = docs[i]
            fh.write(json.dumps({"id": names[i], "source": d["src"], "title": d["title"], "part": d["part"],
                                 "role": d["role"]}) + "\n")

    mix = {}
    for d in docs:
        mix[d["src"]] = mix.get(d["src"], 0) + blen(d["text"])
    manifest = {
        "seed": args.seed, "target_mb": args.size_mb, "bytes": total, "mb": round(total / 1e6, 3),
        "documents": len(docs), "base_documents": n,
        "planted": {"exact": len(exact_src), "edited": len(edited_src), "framed": len(framed_src),
                    "passage": len(passage_gold)},
        "bytes_by_source": mix, "pool_bytes": pool_bytes,
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    sources.log(json.dumps(manifest))


if __name__ == "__main__":
    main()
