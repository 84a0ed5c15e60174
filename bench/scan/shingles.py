"""The shingling shared by the peers and the scorer: lower-cased words
(Unicode \\w+ runs), 5-word shingles joined by a space.  A text with fewer
than 5 words gives one shingle made of all its words."""

import re

K = 5
_WORD = re.compile(r"\w+")


def words(text):
    return _WORD.findall(text.lower())


def shingles(text, k=K):
    w = words(text)
    if len(w) < k:
        return [" ".join(w)] if w else []
    if k == 5:
        return list(map(" ".join, zip(w, w[1:], w[2:], w[3:], w[4:])))
    return [" ".join(w[i:i + k]) for i in range(len(w) - k + 1)]


def shingle_set(text, k=K):
    return set(shingles(text, k))


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)
