#!/usr/bin/env python3
"""The copies benchmark's table: per kind and rate, one column block per scanned build.

Usage: report.py --results DIR --corpus DIR --seed S NAME=BINARY [NAME=BINARY ...]

Reads, for each NAME, DIR/NAME.eval.jsonl (`copydesk eval --json`), DIR/NAME.scan.jsonl (its
`summary` record: the corpus size) and DIR/NAME.time.r* (`/usr/bin/time -v` of each round),
and the gold's duplicate records in CORPUS/gold.jsonl. Prints plain text.
"""

import argparse
import glob
import hashlib
import json
import os
import statistics

# The targets.
RECALL_TARGET, RECALL_FROM = 0.99, 0.05
PRECISION_TARGET = 0.995
KIND_TARGET = DIRECTION_TARGET = 0.95


def records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def clock(path):
    """(wall seconds, peak RSS in KiB) of one /usr/bin/time -v log."""
    wall = rss = None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("Elapsed (wall clock)"):
                wall = 0.0
                for part in line.rsplit(": ", 1)[1].split(":"):
                    wall = wall * 60 + float(part)
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(": ", 1)[1])
    return wall, rss


def fmt(x, digits=3):
    return "-" if x is None else ("%.*f" % (digits, x))


def short_sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:12]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("builds", nargs="+")
    args = ap.parse_args()
    builds = [b.split("=", 1) for b in args.builds]

    evals, clocks, summary = {}, {}, None
    for name, _ in builds:
        evals[name] = records(os.path.join(args.results, name + ".eval.jsonl"))
        runs = [clock(p) for p in sorted(glob.glob(os.path.join(args.results, name + ".time.r*")))]
        clocks[name] = runs
        for r in records(os.path.join(args.results, name + ".scan.jsonl")):
            if r.get("type") == "summary":
                summary = r

    gold = [r for r in records(os.path.join(args.corpus, "gold.jsonl")) if r["type"] == "duplicate"]
    sources = sum(1 for r in records(os.path.join(args.corpus, "gold.jsonl"))
                  if r["type"] == "spin" and not r["id"].startswith("synth-"))
    if summary:
        print("corpus: %d documents (%d of them source documents cut from SOTU and Brown, %d gold "
              "duplicate records), "
              "%s words, %.1f MB; synth seed %s"
              % (summary["documents"], sources, len(gold), format(summary["words"], ","),
                 summary["bytes"] / 1e6, args.seed))
    for name, binary in builds:
        print("%s: %s (sha256 %s)" % (name, binary, short_sha(binary)))
    print()

    # Rows: the union of (kind, rate) groups in eval order.
    order, rows = [], {}
    for name, _ in builds:
        for r in evals[name]:
            if r["type"] != "duplicates_by_rate":
                continue
            key = (r["kind"], r["rate"])
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][name] = r
    block = "%7s %7s %7s %7s %7s"
    head1 = "%-10s %5s %5s" % ("", "", "")
    head2 = "%-10s %5s %5s" % ("kind", "rate", "gold")
    for name, _ in builds:
        head1 += " | %-39s" % name
        head2 += " | " + block % ("recall", "kind ok", "direct.", "cand.r", "verif.r")
    print(head1)
    print(head2)
    for key in order:
        kind, rate = key
        any_row = next(iter(rows[key].values()))
        line = "%-10s %5s %5d" % (kind, "-" if rate is None else "%.2f" % rate, any_row["gold"])
        for name, _ in builds:
            r = rows[key].get(name)
            if r is None:
                line += " | " + block % ("", "", "", "", "")
                continue
            line += " | " + block % (fmt(r["recall"]), fmt(r["kind_accuracy"]),
                                     fmt(r["direction_accuracy"]), fmt(r["candidate_recall"]),
                                     fmt(r["verification_recall"]))
        print(line)
    print("(recall: a duplicate record on the gold pair; kind ok: of those found, labelled near "
          "for edited, else the gold kind; direct.: spun a = source, contained a = container; "
          "cand.r / verif.r: recall of the candidate stage / of verification among candidates, "
          "'-' when the build writes no candidates)")
    print()

    def line(label, values):
        print("%-34s" % label + "".join(" %14s" % v for v in values))

    line("", [name for name, _ in builds])
    dup = {n: next(r for r in evals[n] if r["type"] == "duplicates") for n, _ in builds}
    line("pair precision (gold closure)", [fmt(dup[n]["precision"], 4) for n, _ in builds])
    line("pair recall (gold closure)", [fmt(dup[n]["recall"], 4) for n, _ in builds])
    line("pair F1", [fmt(dup[n]["f1"], 4) for n, _ in builds])
    line("predicted pairs / gold pairs",
         ["%d/%d" % (dup[n]["predicted"], dup[n]["gold"]) for n, _ in builds])
    cands = {n: next((r for r in evals[n] if r["type"] == "candidates"), None) for n, _ in builds}
    line("candidate recall (all gold pairs)",
         [fmt(c["recall"], 4) if c else "-" for c in cands.values()])
    walls = {n: [w for w, _ in clocks[n] if w is not None] for n, _ in builds}
    line("scan wall s, fastest of %d" % max(len(w) for w in walls.values()),
         ["%.2f" % min(walls[n]) for n, _ in builds])
    line("scan wall s, median", ["%.2f" % statistics.median(walls[n]) for n, _ in builds])
    line("scan peak RSS MB (largest)",
         ["%.0f" % (max(r for _, r in clocks[n]) / 1024) for n, _ in builds])
    print()

    # The targets, per build.
    for name, _ in builds:
        groups = [rows[k][name] for k in order if name in rows[k]]
        checked = [g for g in groups if g["rate"] is None or g["rate"] >= RECALL_FROM]
        low = ["%s %s: %s" % (g["kind"], "-" if g["rate"] is None else g["rate"], fmt(g["recall"]))
               for g in checked if g["recall"] is None or g["recall"] < RECALL_TARGET]
        found = sum(g["found"] for g in groups)
        kind_ok = sum(g["kind_right"] for g in groups)
        spun = [g for g in groups if g["kind"] == "spun"]
        dchecked = sum(g["direction_checked"] or 0 for g in spun)
        dright = sum(g["direction_right"] or 0 for g in spun)
        p = dup[name]["precision"]
        print("%s against the issue's targets:" % name)
        print("  recall >= %.2f in every group from rate %.2f up (and exact, contained): %d of %d%s"
              % (RECALL_TARGET, RECALL_FROM, len(checked) - len(low), len(checked),
                 "" if not low else "; below: " + ", ".join(low)))
        print("  pair precision >= %.3f: %s (%s)" % (PRECISION_TARGET, fmt(p, 4),
              "met" if p is not None and p >= PRECISION_TARGET else "not met"))
        kind_share = kind_ok / found if found else None
        print("  kind right >= %.2f of found pairs: %s (%d of %d)%s"
              % (KIND_TARGET, fmt(kind_share), kind_ok, found,
                 "" if kind_share is not None and kind_share >= KIND_TARGET else "  not met"))
        direction = dright / dchecked if dchecked else None
        print("  spun direction right >= %.2f: %s (%d of %d spun pairs labelled spun)%s"
              % (DIRECTION_TARGET, fmt(direction), dright, dchecked,
                 "" if direction is not None and direction >= DIRECTION_TARGET else "  not met"))


if __name__ == "__main__":
    main()
