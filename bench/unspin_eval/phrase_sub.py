#!/usr/bin/env python3
"""The unspin peer: plain tortured-phrase substitution, as screening tools apply it.

    python3 bench/unspin_eval/phrase_sub.py --dictionary PAIRS.tsv [--dictionary ...] IN OUT

IN and OUT are files, or directories (every *.txt of IN is written to OUT under
the same name).  Every occurrence of a known spun phrase is replaced by its
expected phrase, with no context model: the text is scanned left to right and
at each word the longest known phrase starting there wins (phrases match
whole words, case-insensitively, separated by white space only).  The
replacement takes the case pattern of the replaced text's first word (Title,
UPPER or lower); everything else is copied byte for byte.

Pair files: `spun<TAB>original[<TAB>count]` lines, `#` comments (the format of
`copydesk scan --learn` and of dictionaries/signatures.tsv).  A spun phrase
listed more than once keeps the original with the highest count (the first
one on a tie); a pair whose sides are equal is ignored.  Statistics on stderr.
"""

import argparse
import os
import re
import sys
import time

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def load_pairs(paths):
    best = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                cols = line.split("\t")
                if len(cols) < 2:
                    print("phrase_sub.py: %s:%d: not spun<TAB>original, skipped" % (path, n), file=sys.stderr)
                    continue
                spun = tuple(WORD.findall(cols[0].lower()))
                orig = cols[1].strip()
                if not spun or not orig or " ".join(spun) == orig.lower():
                    continue
                count = float(cols[2]) if len(cols) > 2 and re.fullmatch(r"[0-9.]+", cols[2]) else 0.0
                if spun not in best or count > best[spun][1]:
                    best[spun] = (orig, count)
    table = {k: v[0] for k, v in best.items()}
    lengths = {}
    for k in table:
        lengths.setdefault(k[0], set()).add(len(k))
    return table, {w: sorted(ls, reverse=True) for w, ls in lengths.items()}


def with_case(model, text):
    if model.isupper() and len(model) > 1:
        return text.upper()
    if model[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def substitute(text, table, lengths):
    """(restored text, number of replacements): longest match first, left to right."""
    words = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    out, at, i, n = [], 0, 0, 0
    while i < len(words):
        for k in lengths.get(words[i][2], ()):
            if i + k > len(words):
                continue
            key = tuple(w for _, _, w in words[i:i + k])
            if key not in table:
                continue
            if any(text[words[j][1]:words[j + 1][0]].strip() for j in range(i, i + k - 1)):
                continue  # punctuation between the words: not the phrase
            s, e = words[i][0], words[i + k - 1][1]
            out.append(text[at:s])
            out.append(with_case(text[s:words[i][1]], table[key]))
            at, i, n = e, i + k, n + 1
            break
        else:
            i += 1
    out.append(text[at:])
    return "".join(out), n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dictionary", action="append", required=True)
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()
    t0 = time.perf_counter()
    table, lengths = load_pairs(args.dictionary)
    t1 = time.perf_counter()
    if os.path.isdir(args.input):
        os.makedirs(args.output, exist_ok=True)
        jobs = [(os.path.join(args.input, f), os.path.join(args.output, f))
                for f in sorted(os.listdir(args.input)) if f.endswith(".txt")]
    else:
        jobs = [(args.input, args.output)]
    nbytes = edits = 0
    for src, dst in jobs:
        with open(src, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        restored, n = substitute(text, table, lengths)
        with open(dst, "w", encoding="utf-8") as fh:
            fh.write(restored)
        nbytes += len(text.encode("utf-8"))
        edits += n
    t2 = time.perf_counter()
    print("phrase_sub.py: %d pairs; %d files, %.2f MB, %d replacements; load %.2f s, substitute %.2f s (%.2f MB/s)"
          % (len(table), len(jobs), nbytes / 1e6, edits, t1 - t0, t2 - t1, nbytes / 1e6 / max(t2 - t1, 1e-9)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
