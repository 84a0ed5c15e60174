#!/usr/bin/env python3
"""MinHash LSH baselines for the scan benchmark.

    bench/work/venv/bin/python bench/scan/peers.py {datasketch|rensa} DOCS_DIR --out pairs.jsonl

Both peers use the same pipeline: read every *.txt under DOCS_DIR, 5-word
shingles over lower-cased words (bench/scan/shingles.py), 128 permutations,
an LSH index at threshold 0.5, then every document is queried and each
candidate pair is written once as {"type":"duplicate","a":ID,"b":ID,"est":J}
(est = the sketches' estimated Jaccard; pairs are raw LSH candidates, not
filtered on est).  A JSON summary with stage timings goes to stderr.

  datasketch: MinHash.bulk (numpy, update_batch) + MinHashLSH(threshold=0.5,
              num_perm=128), which picks b=25 bands x r=5 rows.
  rensa:      RMinHash.from_token_sets (Rust, bulk) + RMinHashLSH(0.5, 128,
              num_bands=32): rensa needs num_bands to divide 128, and 32 x 4
              (S-curve midpoint ~0.42) is the divisor pair nearest to
              threshold 0.5 (16 x 8 would put it at ~0.71).
Peak memory is measured from outside (run.sh runs this under /usr/bin/time -v).
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shingles import shingles  # noqa: E402

NUM_PERM = 128
THRESHOLD = 0.5
SEED = 1


def read_corpus(root):
    ids, texts, nbytes = [], [], 0
    for dp, dns, fns in os.walk(root):
        dns.sort()
        for fn in sorted(fns):
            if not fn.endswith(".txt"):
                continue
            p = os.path.join(dp, fn)
            data = open(p, "rb").read()
            nbytes += len(data)
            ids.append(os.path.relpath(p, root))
            texts.append(data.decode("utf-8", errors="replace"))
    return ids, texts, nbytes


def run_datasketch(token_sets):
    t0 = time.perf_counter()
    mhs = MinHash.bulk(([s.encode("utf-8") for s in ts] for ts in token_sets), num_perm=NUM_PERM, seed=SEED)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    with lsh.insertion_session() as sess:
        for i, m in enumerate(mhs):
            sess.insert(i, m)
    pairs = set()
    for i, m in enumerate(mhs):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    return pairs, (lambda p: mhs[p[0]].jaccard(mhs[p[1]])), {"sketch_s": t1 - t0, "lsh_s": t2 - t1, "bands": lsh.b, "rows": lsh.r}


def run_rensa(token_sets):
    t0 = time.perf_counter()
    mhs = RMinHash.from_token_sets(token_sets, NUM_PERM, SEED)
    t1 = time.perf_counter()
    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, 32)
    lsh.insert_many(mhs)
    cands = lsh.query_all(mhs)
    pairs = set()
    for i, js in enumerate(cands):
        for j in js:
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    return pairs, (lambda p: mhs[p[0]].jaccard(mhs[p[1]])), {"sketch_s": t1 - t0, "lsh_s": t2 - t1, "bands": 32, "rows": NUM_PERM // 32}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("peer", choices=["datasketch", "rensa"])
    ap.add_argument("docs")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    # imports happen before the clock starts: the peers are timed on the work only
    if args.peer == "datasketch":
        global MinHash, MinHashLSH
        from datasketch import MinHash, MinHashLSH
    else:
        global RMinHash, RMinHashLSH
        from rensa import RMinHash, RMinHashLSH

    t_start = time.perf_counter()
    ids, texts, nbytes = read_corpus(args.docs)
    t_read = time.perf_counter()
    token_sets = [shingles(t) for t in texts]
    del texts
    t_shingle = time.perf_counter()
    fn = run_datasketch if args.peer == "datasketch" else run_rensa
    pairs, est, stages = fn(token_sets)
    t_done = time.perf_counter()  # the clock stops before the output is written
    with open(args.out, "w") as fh:
        for a, b in sorted(pairs):
            fh.write(json.dumps({"type": "duplicate", "a": ids[a], "b": ids[b], "est": round(est((a, b)), 4)}) + "\n")
    summary = {"peer": args.peer, "documents": len(ids), "bytes": nbytes, "pairs": len(pairs),
               "read_s": t_read - t_start, "shingle_s": t_shingle - t_read, **stages,
               "total_s": t_done - t_start, "mb_per_s": nbytes / 1e6 / (t_done - t_start)}
    print(json.dumps(summary), file=sys.stderr)


if __name__ == "__main__":
    main()
