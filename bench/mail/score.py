"""Scores a copydesk scan of a mail corpus against exact 5-word-shingle Jaccard (brute force).

Words are runs of letters and digits, case-folded, in the message decoded as UTF-8 (bytes that
are not UTF-8 dropped: they do not change which long runs of ASCII words two spam messages
share). Every pair of messages is compared (a size filter skips only pairs whose Jaccard cannot
reach the threshold). Prints a Markdown block for BENCHMARKS.md.
"""
import argparse
import collections
import itertools
import json
import os
import re
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, k=5):
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def body(raw):
    """The message after its header (the first empty line)."""
    for sep in (b"\r\n\r\n", b"\n\n"):
        at = raw.find(sep)
        if at >= 0:
            return raw[at + len(sep):]
    return raw


# WHATWG names of the charsets mail declares (encoding_rs's names)
WHATWG = {
    "us-ascii": "windows-1252", "iso-8859-1": "windows-1252", "latin1": "windows-1252",
    "windows-1252": "windows-1252", "iso-8859-15": "ISO-8859-15",
    "gb2312": "GBK", "gbk": "GBK", "gb18030": "gb18030", "big5": "Big5",
    "ks_c_5601-1987": "EUC-KR", "euc-kr": "EUC-KR", "shift_jis": "Shift_JIS",
    "iso-2022-jp": "ISO-2022-JP", "euc-jp": "EUC-JP", "koi8-r": "KOI8-R",
    "iso-8859-2": "ISO-8859-2", "windows-1250": "windows-1250", "windows-1251": "windows-1251",
    "windows-1254": "windows-1254", "iso-8859-9": "windows-1254", "tis-620": "windows-874",
    "windows-874": "windows-874", "utf-8": "UTF-8",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--time", required=True)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--encodings", required=True)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()

    ids, raws = [], []
    for dirpath, _, files in os.walk(args.corpus):
        for name in files:
            path = os.path.join(dirpath, name)
            ids.append(os.path.relpath(path, args.corpus))
            with open(path, "rb") as f:
                raws.append(f.read())
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    ids = [ids[i] for i in order]
    raws = [raws[i] for i in order]
    index = {d: i for i, d in enumerate(ids)}
    sets = [shingles(r.decode("utf-8", "ignore")) for r in raws]
    bodies = [shingles(body(r).decode("utf-8", "ignore")) for r in raws]

    # exact Jaccard of every pair (the size filter drops only pairs that cannot reach it)
    t = args.threshold
    truth = {}
    for i, j in itertools.combinations(range(len(ids)), 2):
        a, b = sets[i], sets[j]
        if not a or not b:
            continue
        small, large = sorted((len(a), len(b)))
        if small < t * large:
            continue
        inter = len(a & b)
        jac = inter / (len(a) + len(b) - inter)
        if jac >= t:
            truth[(i, j)] = jac

    records = [json.loads(l) for l in open(args.report)]
    dups = [r for r in records if r["type"] == "duplicate"]
    summary = [r for r in records if r["type"] == "summary"][0]
    problems = [r for r in records if r["type"] == "problem"]
    found = {}
    for r in dups:
        i, j = sorted((index[r["a"]], index[r["b"]]))
        found[(i, j)] = r["kind"]
    hits = sum(1 for p in truth if p in found)
    kinds = collections.Counter(found.values())
    kinds_true = collections.Counter(found[p] for p in truth if p in found)

    def body_share(p):
        a, b = bodies[p[0]], bodies[p[1]]
        if not a or not b:
            return 0.0
        return len(a & b) / min(len(a), len(b))

    little = [p for p in found if body_share(p) < 0.3]
    little_kinds = collections.Counter(found[p] for p in little)

    # charsets: each message that is not UTF-8, scanned alone, against its declared charset
    detected = {}
    if os.path.exists(args.encodings):
        detected = json.load(open(args.encodings))
    for i, raw in enumerate(raws):
        try:
            raw.decode("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        if ids[i] in detected:
            continue
        out = subprocess.run([args.bin, "scan", "--json", os.path.join(args.corpus, ids[i])],
                             capture_output=True).stdout.decode().strip().splitlines()
        enc = json.loads(out[-1]).get("encodings", {})
        detected[ids[i]] = next(iter(enc), None)
    with open(args.encodings, "w") as f:
        json.dump(detected, f, indent=0, sort_keys=True)
    agree = declared = 0
    disagreements = collections.Counter()
    for doc, enc in detected.items():
        raw = raws[index[doc]]
        labels = [m.decode().lower() for m in
                  re.findall(rb'charset="?([A-Za-z0-9_.:-]+)', raw, re.I)]
        labels = [WHATWG.get(l, l) for l in labels if WHATWG.get(l, l) not in ("UTF-8",)]
        if not labels:
            continue
        declared += 1
        if enc in labels:
            agree += 1
        else:
            disagreements[(labels[0], enc)] += 1

    wall = mem = None
    for line in open(args.time):
        if "Elapsed (wall clock)" in line:
            wall = line.rsplit(" ", 1)[1].strip()
        if "Maximum resident set size" in line:
            mem = int(line.rsplit(" ", 1)[1]) / 1024
    encodings = ", ".join(f"{k} {v}" for k, v in summary["encodings"].items())
    print(f"- messages: {summary['documents']}, {summary['bytes'] / 1e6:.1f} MB of text; "
          f"wall {wall}, max RSS {mem:.0f} MB; exit code with {len(problems)} problems")
    print(f"- pairs at exact 5-word-shingle Jaccard >= {t}: {len(truth)}; "
          f"found by copydesk: {hits} ({hits / max(1, len(truth)):.1%}); "
          f"kinds of those: {dict(kinds_true)}")
    print(f"- duplicate pairs reported: {len(found)}, kinds {dict(kinds)}; "
          f"{len(found) - hits} below Jaccard {t} (copies by coverage)")
    print(f"- reported pairs whose bodies share less than 30% of the smaller body's "
          f"shingles: {len(little)} ({dict(little_kinds)})")
    print(f"- documents per charset: {encodings}")
    print(f"- messages not UTF-8 that declare a charset: {declared}; detected charset is one "
          f"declared: {agree}; others (declared, detected): "
          f"{dict(disagreements.most_common(6))}")
    print(f"- problems: {[p['place'].split('/')[-1] + ': ' + p['message'] for p in problems]}")


if __name__ == "__main__":
    sys.exit(main())
