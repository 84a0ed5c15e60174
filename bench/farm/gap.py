#!/usr/bin/env python3
"""Where a learned table's restoration falls short of the true table's (issue 25): the same
held-out spun articles restored with the learned table, with its right pairs only, with its
right pairs carrying the true numbers, and with the whole true table (the oracle), so that
(b) wrong pairs, (c) the learned numbers and (a) missing pairs each show as the step between
two rows; and, per row, the articles the engine does not judge spun (d: the table's decoding
runs only in a text judged spun).

Usage: gap.py COPYDESK FARM_DIR LEARNED.tsv OUT_DIR [--json]

FARM_DIR is a `copydesk synth --farm` directory (farm-table.tsv, heldout-gold.jsonl, and
oracle.tsv as `oracle_table.py` writes it, made here when missing). Each variant table is
written to OUT_DIR/NAME.tsv, its restored articles to OUT_DIR/NAME/, scored by `copydesk eval
--unspin` (restoration `1 - WER(restored)/WER(spun)`) and broken down by errors.py.
"""
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from farm_tsv import rows

HERE = os.path.dirname(os.path.abspath(__file__))


def write_table(path, table):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# gap.py variant\n")
        for r in table:
            f.write("\t".join(r) + "\n")


def restore_one(copydesk, table, text_path, out_path):
    """Restores one article; returns whether the engine judged it spun."""
    text = open(text_path, encoding="utf-8").read()
    p = subprocess.run([copydesk, "unspin", "--json", "-q", "--dictionary", table, text_path],
                       capture_output=True, text=True)
    if p.returncode > 1:
        raise SystemExit("gap.py: unspin %s: exit %d %s" % (text_path, p.returncode, p.stderr))
    raw, out, at, spun = text.encode("utf-8"), [], 0, False
    for line in p.stdout.splitlines():
        r = json.loads(line)
        if r["type"] == "edit":
            out.append(raw[at:r["start"]])
            out.append(r["original"].encode("utf-8"))
            at = r["end"]
        elif r["type"] == "spin":
            spun = r["spun"]
    out.append(raw[at:])
    open(out_path, "wb").write(b"".join(out))
    return spun


def main():
    copydesk, farm, learned_path, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    oracle_path = os.path.join(farm, "oracle.tsv")
    if not os.path.exists(oracle_path):
        with open(oracle_path, "w", encoding="utf-8") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "oracle_table.py"), farm], stdout=f, check=True)
    truth = {(r[1].lower(), r[0].lower()) for r in rows(farm + "/farm-table.tsv")}  # (spun, original)
    oracle = {(r[0], r[1]): r for r in rows(oracle_path)}
    learned = [r for r in rows(learned_path)]
    right = [r for r in learned if (r[0].lower(), r[1].lower()) in truth]
    true_numbers = lambda r: oracle.get((r[0].lower(), r[1].lower()), r)[:5] + [r[5] if len(r) > 5 else "x"]
    variants = [
        ("learned", learned),
        ("right_pairs", right),
        ("right_pairs_true_numbers", [true_numbers(r) for r in right]),
        ("learned_true_numbers", [true_numbers(r) for r in learned]),
        ("oracle", list(oracle.values())),
    ]
    gold = [json.loads(l) for l in open(farm + "/heldout-gold.jsonl", encoding="utf-8")]
    indir = os.path.join(out, "in")
    os.makedirs(indir, exist_ok=True)
    for g in gold:
        open(os.path.join(indir, g["id"] + ".txt"), "w", encoding="utf-8").write(g["spun"])
    result = {}
    for name, table in variants:
        tpath = os.path.join(out, name + ".tsv")
        write_table(tpath, table)
        rdir = os.path.join(out, name)
        os.makedirs(rdir, exist_ok=True)
        with ThreadPoolExecutor(2) as pool:
            flags = list(pool.map(lambda g: restore_one(copydesk, tpath, os.path.join(indir, g["id"] + ".txt"),
                                                        os.path.join(rdir, g["id"] + ".txt")), gold))
        ev = subprocess.run([copydesk, "eval", "--json", "--unspin", farm + "/heldout-gold.jsonl", rdir],
                            capture_output=True, text=True).stdout
        docs, total = {}, None
        for l in ev.splitlines():
            r = json.loads(l)
            if r.get("type") == "unspin_document":
                docs[r["id"]] = r
            elif r.get("type") == "unspin":
                total = r
        flagged = {g["id"]: f for g, f in zip(gold, flags)}
        # WER is per word: the errors of the articles not judged spun, as a share of all spun errors
        err = lambda d: d["wer_after"] * d["words"]
        before = sum(d["wer_before"] * d["words"] for d in docs.values())
        missed = [i for i, f in flagged.items() if not f]
        errs = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "errors.py"), farm,
                                          farm + "/heldout-gold.jsonl", rdir, "--json"],
                                         capture_output=True, text=True, check=True).stdout)
        result[name] = {
            "pairs": len(table),
            "restoration": 1 - total["wer_after"] / total["wer_before"],
            "not_flagged": len(missed),
            "not_flagged_loss": sum(err(docs[i]) for i in missed if i in docs) / before,
            "errors": errs,
        }
    if "--json" in sys.argv:
        print(json.dumps(result))
        return
    keys = ["fixed", "unrestored", "unrestored_shared_form", "wrong_original", "case",
            "honest_changed_spun_form", "honest_changed_other"]
    print("%-26s %6s %7s %5s %6s " % ("table", "pairs", "restore", "unfl", "loss") + " ".join("%8s" % k[:8] for k in keys))
    for name, r in result.items():
        print("%-26s %6d %7.3f %5d %6.3f " % (name, r["pairs"], r["restoration"], r["not_flagged"], r["not_flagged_loss"])
              + " ".join("%8d" % r["errors"].get(k, 0) for k in keys))


if __name__ == "__main__":
    main()
