"""Rebuilds tests/data/mail from a run of bench/mail/run.sh (SET=spam).

usage: python3 bench/mail/pick_fixtures.py bench/work/mail tests/data/mail

Picks, as tests/data/README.md says: the smallest message of each legacy charset detected
(two of windows-1252) and the one message with a real decoding problem; the 6 smallest
messages with a base64 MIME part; the 4 clusters of 3 messages with the fewest bytes.
"""
import json
import os
import re
import shutil
import sys

WANT = {"windows-1252": 2, "windows-1250": 1, "EUC-KR": 1, "Big5": 1, "Shift_JIS": 1, "GBK": 1,
        "ISO-8859-2": 1, "windows-1254": 1, "windows-874": 1, "UTF-8": 1}


def main(work, out):
    corpus = os.path.join(work, "corpus-spam")
    size = lambda rel: os.path.getsize(os.path.join(corpus, rel))
    detected = json.load(open(os.path.join(work, "encodings-spam.json")))
    pick = []
    for enc, k in WANT.items():
        pick += sorted((d for d, e in detected.items() if e == enc), key=size)[:k]
    b64 = []
    for dirpath, _, files in os.walk(corpus):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), corpus)
            raw = open(os.path.join(corpus, rel), "rb").read()
            if re.search(rb"Content-Transfer-Encoding:\s*base64", raw, re.I) and rel not in pick:
                b64.append(rel)
    pick += sorted(b64, key=lambda r: (size(r), r))[:6]
    records = [json.loads(l) for l in open(os.path.join(work, "report-spam.jsonl"))]
    clusters = [r["members"] for r in records if r["type"] == "cluster"
                and 3 <= len(r["members"]) <= 4]
    clusters.sort(key=lambda m: sum(size(x) for x in m))
    for members in clusters[:4]:
        pick += members
    for rel in dict.fromkeys(pick):
        os.makedirs(os.path.join(out, os.path.dirname(rel)), exist_ok=True)
        shutil.copyfile(os.path.join(corpus, rel), os.path.join(out, rel))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
