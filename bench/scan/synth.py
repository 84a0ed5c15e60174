"""Synthetic prose for corpora larger than the sources' distinct text (143 MB): a word
trigram model of the pool, sampled.

Why: repeating the pool's prose to reach 500 MB would make every document a copy of several
others (giant clusters, quadratic pair counts), which no real corpus of that size looks like.
Text sampled from a trigram model is new at the level the scan looks at (5-word shingles,
winnowed fingerprints, MinHash of shingles) while keeping the pool's words, their
frequencies, sentence and paragraph lengths. Where the pool's pair of words has one
continuation only (a pair seen once), the next word is drawn from the successors of the last
word alone (a bigram step): without that, chains would copy the pool's rare stretches word
for word, and two chains passing through the same stretch would share long runs, i.e.
unplanted passages.

Tokens are whitespace-separated words (punctuation attached, as in the pool) and a paragraph
break. Many chains are sampled at once with numpy (one vectorised step for all chains), so
500 MB takes minutes, not hours. Deterministic for a seed.
"""

import numpy as np

PARA = "\n\n"


class Trigrams:
    """The pool's words as ids, and for each (w1, w2) pair and each w2 the sorted successors."""

    def __init__(self, texts):
        vocab = {PARA: 0}
        ids = []
        for text in texts:
            for p in text.split(PARA):
                words = p.split()
                if words:
                    ids.extend(vocab.setdefault(w, len(vocab)) for w in words)
                    ids.append(0)
        self.words = [None] * len(vocab)
        for w, i in vocab.items():
            self.words[i] = w
        v = len(vocab)
        self.v = v
        # wrap around so that every pair, the last included, has a successor
        seq = np.array(ids + ids[:2], dtype=np.int64)
        a, b, c = seq[:-2], seq[1:-1], seq[2:]
        self.tokens = len(ids)
        # paragraph starts: where chains begin (a state (PARA, first word))
        self.starts = np.flatnonzero(a == 0)
        self.seq = seq
        key = a * v + b
        order = np.argsort(key, kind="stable")
        self.pair_keys, self.pair_start, self.pair_count = np.unique(
            key[order], return_index=True, return_counts=True)
        self.pair_next = c[order].astype(np.int32)
        order = np.argsort(b, kind="stable")
        self.word_keys, self.word_start, self.word_count = np.unique(
            b[order], return_index=True, return_counts=True)
        self.word_next = c[order].astype(np.int32)

    def sample(self, chains: int, steps: int, rng: np.random.Generator):
        """``chains`` texts of ``steps`` tokens each (as strings), each starting a paragraph."""
        at = self.starts[rng.integers(0, len(self.starts), chains)]
        a = self.seq[at]          # PARA
        b = self.seq[at + 1]      # a paragraph's first word
        out = np.empty((steps, chains), dtype=np.int32)
        out[0] = b
        for s in range(1, steps):
            j = np.searchsorted(self.pair_keys, a * self.v + b)
            count = self.pair_count[j]
            nxt = self.pair_next[self.pair_start[j] + (rng.random(chains) * count).astype(np.int64)]
            forced = count < 2
            if forced.any():
                k = np.searchsorted(self.word_keys, b[forced])
                pick = self.word_start[k] + (rng.random(int(forced.sum())) *
                                             self.word_count[k]).astype(np.int64)
                nxt[forced] = self.word_next[pick]
            out[s] = nxt
            a, b = b, nxt.astype(np.int64)
        words = self.words
        texts = []
        for col in out.T:
            text = " ".join(words[t] for t in col).replace(" \n\n ", PARA)
            texts.append(text.strip() + "\n")
        return texts
