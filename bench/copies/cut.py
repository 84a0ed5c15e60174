#!/usr/bin/env python3
"""Cut long source texts into documents of about 300-900 words, as JSON Lines for synth.

Usage: cut.py OUT.jsonl NAME=DIR [NAME=DIR ...]

Each DIR holds plain-text files (bench/corpus/fetch_sotu.sh: one speech per line;
fetch_brown.sh: one paragraph per line). A file is read as paragraphs (its lines); a line of
more than 150 words (a whole SOTU speech) is regrouped into paragraphs of 4 sentences.
Documents are cut at sentence ends only: each gets a target length between MIN_WORDS and
MAX_WORDS, fixed by a CRC-32 of its would-be id (no random generator, so the cut is the same
on every Python), and ends at the first paragraph end past the target that keeps it within
MAX_WORDS, else at the first sentence end past the target. A remainder shorter than MIN_WORDS
is joined to the file's previous document when that stays within MAX_WORDS, else dropped
(as is a file shorter than MIN_WORDS). A document that shares REUSED_SHARE or more of its
8-word runs with an earlier document is left out (a brute-force index, independent of
copydesk): the real texts reuse each other, and such a pair would be a copy the gold does not
know of. Ids are NAME/STEM#K. Writes OUT.jsonl atomically.
"""

import json
import os
import re
import sys
import zlib

MIN_WORDS = 300
MAX_WORDS = 900
SENTENCES_PER_PARAGRAPH = 4
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def words(text):
    return len(text.split())


def sentences(paragraph):
    """The sentences of a paragraph (a split after . ! ? and closing quotes before a capital)."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start:m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def paragraphs(text):
    """Paragraphs as lists of sentences."""
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        sents = sentences(line)
        if words(line) <= 150:
            out.append(sents)
            continue
        for i in range(0, len(sents), SENTENCES_PER_PARAGRAPH):
            out.append(sents[i:i + SENTENCES_PER_PARAGRAPH])
    return out


def target(doc_id):
    return MIN_WORDS + zlib.crc32(doc_id.encode()) % (MAX_WORDS - MIN_WORDS + 1)


def render(paras):
    return "\n\n".join(" ".join(p) for p in paras if p)


def cut(name, stem, text):
    """(id, text) documents of one source file."""
    # Flatten to (sentence, words, ends_paragraph).
    flat = []
    for para in paragraphs(text):
        for i, s in enumerate(para):
            flat.append((s, words(s), i == len(para) - 1))
    docs = []  # lists of paragraphs (lists of sentences)
    i = 0
    while i < len(flat):
        doc_id = "%s/%s#%d" % (name, stem, len(docs) + 1)
        goal = target(doc_id)
        paras, current, n = [], [], 0
        while i < len(flat):
            s, w, end = flat[i]
            if n + w > MAX_WORDS and n >= MIN_WORDS:
                break
            current.append(s)
            n += w
            i += 1
            if end:
                paras.append(current)
                current = []
            if n >= goal:
                # Stop at this sentence if it ends a paragraph, or if running on to the
                # paragraph's end would pass MAX_WORDS.
                rest = 0
                j = i
                while current and j < len(flat):
                    rest += flat[j][1]
                    if flat[j][2]:
                        break
                    j += 1
                if not current or n + rest > MAX_WORDS:
                    break
        if current:
            paras.append(current)
        if n >= MIN_WORDS:
            docs.append((paras, n))
        elif docs and docs[-1][1] + n <= MAX_WORDS:
            docs[-1] = (docs[-1][0] + paras, docs[-1][1] + n)
    return [("%s/%s#%d" % (name, stem, k + 1), render(p)) for k, (p, _) in enumerate(docs)]


# A document sharing this share of its 8-word runs with an earlier one is left out.
REUSED_SHARE = 0.2
RUN_WORDS = 8


def runs(text):
    """The hashes of a text's runs of RUN_WORDS lower-cased words."""
    w = re.findall(r"\w+", text.lower())
    return {hash(tuple(w[i:i + RUN_WORDS])) for i in range(len(w) - RUN_WORDS + 1)}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_path = sys.argv[1]
    tmp = out_path + ".tmp"
    total, sizes, dropped = 0, [], []
    seen = set()
    with open(tmp, "w", encoding="utf-8") as out:
        for spec in sys.argv[2:]:
            name, _, directory = spec.partition("=")
            for fname in sorted(os.listdir(directory)):
                if not fname.endswith(".txt"):
                    continue
                with open(os.path.join(directory, fname), encoding="utf-8") as f:
                    text = f.read()
                for doc_id, doc in cut(name, fname[:-4], text):
                    # the real texts reuse each other (speeches repeat paragraphs of earlier
                    # ones; the Brown corpus holds an excerpt of a State of the Union): such a
                    # document would be a copy the gold does not know of
                    own = runs(doc)
                    if own and len(own & seen) >= REUSED_SHARE * len(own):
                        dropped.append(doc_id)
                        continue
                    seen |= own
                    out.write(json.dumps({"id": doc_id, "text": doc}, ensure_ascii=False) + "\n")
                    total += 1
                    sizes.append(words(doc))
    os.replace(tmp, out_path)
    sizes.sort()
    print("cut: %d documents, %d words (min %d, median %d, max %d) -> %s; %d left out as "
          "reusing %d%% or more of an earlier document's %d-word runs: %s" % (
              total, sum(sizes), sizes[0], sizes[len(sizes) // 2], sizes[-1], out_path,
              len(dropped), REUSED_SHARE * 100, RUN_WORDS, " ".join(dropped)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
