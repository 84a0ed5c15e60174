#!/usr/bin/env python3
"""Build dictionaries/lm_sphinx.tsv.gz: the CMU Sphinx US English 3-gram model's unigrams,
bigrams and trigrams, as restoration evidence for `copydesk unspin` (src/spin/wide.rs,
`WideBigrams`, used by `unspin --wide-lm` and for the phrase-table spinner).

Usage (in an environment with the PyPI package pocketsphinx 5.1.1, BSD-2-Clause):
  python3 -m venv /tmp/ps && /tmp/ps/bin/pip install pocketsphinx==5.1.1
  /tmp/ps/bin/python dictionaries/build/build_sphinx_lm.py [--min-gain 0.1]

The model ships as a binary trie (pocketsphinx/model/en-us/en-us.lm.bin). pocketsphinx can
write it as ARPA, but that writer prints wrong probabilities and stops inside the trigrams; the
n-gram word lists it prints for unigrams and bigrams are complete. So the word lists are taken
from that ARPA text and every probability is asked of the model itself
(`NGramModel.prob([word, previous])`, in logmath units of base 1.0001). A unigram's back-off
weight is measured as P(w | v) / P(w) for a word w never listed after v. The trigram word lists
are read from the binary file itself (`sphinx_trie.py`, a reader of its trie layout), and their
probabilities again asked of the model (`prob([word, previous, before])`); a two-word context's
back-off weight is measured as P(w | u v) / P(w | v) for a word w never listed after `u v`.

Kept: words of copydesk's own vocabulary (dictionaries/lm_unigrams.tsv.gz, SymSpell), and the
bigrams and trigrams of such words whose probability differs from the back-off estimate by at
least --min-gain (log10): an n-gram the back-off predicts anyway adds nothing. A bigram row
carries its back-off weight as a third column when it is a trigram context whose weight is not
0 (such a row is kept even if its own probability is predicted).

Output (deterministic, sorted, gzip mtime 0), log10 probabilities with 3 decimals:
  word<TAB>log10 P(w)<TAB>log10 back-off(w)
  word1 word2<TAB>log10 P(word2 | word1)[<TAB>log10 back-off(word1 word2)]
  word1 word2 word3<TAB>log10 P(word3 | word1 word2)
"""
import argparse
import gzip
import math
import os
import tempfile

from pocketsphinx import NGramModel, get_model_path

from sphinx_trie import read_model

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
LOG10_PER_UNIT = math.log10(1.0001)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min-gain", type=float, default=0.1)
    args = ap.parse_args()
    with gzip.open(os.path.join(OUT, "lm_unigrams.tsv.gz"), "rt", encoding="utf-8") as f:
        vocab = {line.split("\t", 1)[0] for line in f if line.strip()}
    model_path = get_model_path("en-us/en-us.lm.bin")
    model = NGramModel.readfile(model_path)
    uni_words, bigrams = [], []
    with tempfile.TemporaryDirectory() as tmp:
        arpa = os.path.join(tmp, "lm.arpa")
        # The writer crashes the process after the bigrams: run it in a child process.
        pid = os.fork()
        if pid == 0:
            model.write(arpa, model.str_to_type("arpa"))
            os._exit(0)
        os.waitpid(pid, 0)
        section = None
        with open(arpa, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("\\"):
                    section = line.strip()
                    continue
                parts = line.split()
                if section == "\\1-grams:" and len(parts) >= 2:
                    uni_words.append(parts[1])
                elif section == "\\2-grams:" and len(parts) >= 3:
                    bigrams.append((parts[1], parts[2]))
    print(f"sphinx: {len(uni_words)} unigrams, {len(bigrams)} bigrams read")
    # Sphinx words are lower case; keep the ones copydesk's language model knows.
    words = sorted(w for w in set(uni_words) if w in vocab)
    followers = {}
    for v, w in bigrams:
        followers.setdefault(v, set()).add(w)
    unigram = {w: model.prob([w]) * LOG10_PER_UNIT for w in words}
    # A probe word for back-off weights: rare, so seldom listed after anything.
    probes = sorted(words, key=lambda w: unigram[w])[:50]
    backoff = {}
    for v in words:
        seen = followers.get(v, set())
        probe = next((p for p in probes if p not in seen), None)
        if probe is None:
            backoff[v] = 0.0
            continue
        backoff[v] = model.prob([probe, v]) * LOG10_PER_UNIT - unigram[probe]
    lines = [f"{w}\t{unigram[w]:.3f}\t{backoff[w]:.3f}" for w in words]
    trigrams, context_backoff = trigram_rows(model, model_path, unigram, probes, args.min_gain)
    kept = 0
    for v, w in sorted(set(bigrams) | set(context_backoff)):
        if v not in unigram or w not in unigram:
            continue
        lp = model.prob([w, v]) * LOG10_PER_UNIT
        bo = context_backoff.get((v, w))
        if bo is not None:
            lines.append(f"{v} {w}\t{lp:.3f}\t{bo:.3f}")
        elif abs(lp - (backoff[v] + unigram[w])) >= args.min_gain:
            lines.append(f"{v} {w}\t{lp:.3f}")
        else:
            continue
        kept += 1
    lines.extend(trigrams)
    print(f"kept: {len(words)} unigrams, {kept} bigrams ({len(context_backoff)} with a "
          f"context back-off), {len(trigrams)} trigrams")
    path = os.path.join(OUT, "lm_sphinx.tsv.gz")
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
            f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"lm_sphinx.tsv.gz: {len(lines)} lines, {os.path.getsize(path)} bytes")


def trigram_rows(model, model_path, unigram, probes, min_gain):
    """The trigram rows to keep, and the log10 back-off weight of every two-word context of
    kept words that has trigrams and a weight that is not 0 at 3 decimals."""
    trie = read_model(model_path)
    names = trie.words
    followers = {}
    for a, b, c in trie.ngrams[3]:
        followers.setdefault((a, b), set()).add(names[c])
    print(f"sphinx: {len(trie.ngrams[3])} trigrams read, {len(followers)} contexts")
    context_backoff = {}
    rows = []
    for (a, b), seen in sorted(followers.items(), key=lambda kv: (names[kv[0][0]], names[kv[0][1]])):
        u, v = names[a], names[b]
        if u not in unigram or v not in unigram:
            continue
        probe = next((p for p in probes if p not in seen), None)
        if probe is None:
            continue
        bo = (model.prob([probe, v, u]) - model.prob([probe, v])) * LOG10_PER_UNIT
        if round(bo, 3) != 0:
            context_backoff[(u, v)] = bo
        for w in sorted(seen):
            if w not in unigram:
                continue
            lp = model.prob([w, v, u]) * LOG10_PER_UNIT
            if abs(lp - (bo + model.prob([w, v]) * LOG10_PER_UNIT)) >= min_gain:
                rows.append(f"{u} {v} {w}\t{lp:.3f}")
    return rows, context_backoff


if __name__ == "__main__":
    main()
