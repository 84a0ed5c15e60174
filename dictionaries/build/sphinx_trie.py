"""Reader for CMU Sphinx binary trie language models (e.g. ``en-us.lm.bin``).

Pure Python 3, no dependencies.  ``read_model(path)`` returns the vocabulary
and every stored bigram / trigram (as word-id tuples), plus the quantized
log-probabilities if asked for.

File format (as understood from pocketsphinx src/lm/*.c; little-endian)
-----------------------------------------------------------------------
  magic    19 bytes  b"Trie Language Model" (no terminator)
  order    uint8     N (3 for en-us)
  counts   N x uint32  number of 1-grams, 2-grams, ... N-grams.  The counts of
                     the middle orders (2..N-1) are the sizes of the trie
                     arrays, which may include "filler" entries the builder
                     inserted so that an N-gram whose (N-1)-suffix was pruned
                     remains reachable.
  -- only if N > 1 --
  int32              legacy quantizer type (always 1), ignored
  quant tables       float32 centre values (logmath units, base 1.0001):
                       for each middle order: 65536 prob centres, then
                       65536 back-off centres;
                       then 65536 prob centres for the highest order.
  unigrams (count[0]+1) x {float32 prob, float32 backoff, uint32 next}
                     (unquantized; the extra last record is a sentinel whose
                     ``next`` closes the range of the last word).  Entry i is
                     word id i.
  middle arrays      one per order 2..N-1, then the array for order N.  Each
                     is a packed little-endian bit stream (bit k of the array
                     is bit k%8 of byte k//8) of fixed-width records:
                       middle : word | backoff index (16) | prob index (16) | next
                       longest: word | prob index (16)
                     word width = bits needed for count[0] (17 here); ``next``
                     width = bits needed for the count of the next order.
                     Space is reserved for count+1 records:
                     ceil((count+1)*record_bits/8) + 8 bytes.  Records
                     0..used-1 are n-grams, record ``used`` is a sentinel that
                     only carries the closing ``next`` (used == count except
                     for the quirk below); anything after it is zero.
  vocabulary int32 total byte length, then count[0] NUL-terminated words.

Trie structure (KenLM-style, *reversed* context): the unigram level is the
LAST word of an n-gram; its children [next[i], next[i+1]) in the 2nd array
are the word before it, their children in the 3rd array the word before
that, and so on.  Each children range is sorted by word id, and the arrays
are laid out in depth-first order, so entry j of array k belongs to the
parent whose ``next`` range contains j.  Thus the trigram "w1 w2 w3" is
the path unigram w3 -> middle entry w2 -> longest entry w1, and the model's
order is sorted by (w3, w2, w1).

Builder quirk (observed in en-us.lm.bin): the header count of a middle order
may exceed the records actually written.  The builder first counts the filler
entries it will need, but while inserting it skips a filler when the missing
(w2, w3) node happens to have the same w2 as the previous unigram's last
node.  The affected trigrams are then appended to that previous node's child
range, i.e. stored under the wrong last word (and sometimes out of sort
order, which makes the model's own search miss them).  The true number of
records of an order is the parent level's sentinel ``next``; this reader
enumerates exactly those.  For en-us: header says 2,051,547 bigrams, 2,051,541
are stored (6 fillers missing); all 1,669,625 trigrams are stored.

Scores: a stored n-gram's probability is the centre value of its quantized
index; pocketsphinx's ``NGramModel.prob`` returns ``int()`` (truncation) of
that float for a stored N-gram.
"""

import struct
from collections import namedtuple

MAGIC = b"Trie Language Model"
QBITS = 16                      # bits of one quantized prob / backoff index

Model = namedtuple("Model", "words counts stored unigrams ngrams probs unsorted")
Model.__doc__ = """words: list of words by id;  counts: header counts;
stored: number of records actually used per order (index = order; can be
    smaller than the header count for middle orders, see module doc);
unigrams: list of (prob, backoff) floats by word id;
ngrams[n]: list of word-id n-tuples in ARPA order (oldest word first),
    for n = 2..N, in the model's (trie) order; ngrams[2] are the bigrams,
    ngrams[3] the trigrams (ngrams[0], ngrams[1] are None);
probs[n]: parallel list of decoded quantized values -- (prob, backoff)
    for middle orders, prob for the highest order -- or None if not requested;
unsorted[n]: indices into ngrams[n] of entries whose sibling range is not
    strictly increasing in word id (a symptom of mis-filed entries).
"""


def _bits(max_value):
    """Number of bits needed to store values 0..max_value."""
    return max_value.bit_length()


def _read_array(data, pos, n_alloc, n_used, word_bits, qbits, next_bits):
    """Decode the first n_used records of a packed array sized for n_alloc.
    Returns (words, quant indices, nexts, end_pos); nexts has n_used+1
    values (the last from the sentinel record) or is None if next_bits == 0."""
    rec_bits = word_bits + qbits + next_bits
    size = ((n_alloc + 1) * rec_bits + 7) // 8 + 8
    buf = data[pos:pos + size]
    nbytes = (rec_bits + 7) // 8 + 1          # bytes covering one record
    wmask, qmask, nmask = (1 << word_bits) - 1, (1 << qbits) - 1, (1 << next_bits) - 1
    qshift, nshift = word_bits, word_bits + qbits
    frm = int.from_bytes
    words, quants, nexts = [], [], []
    off = 0
    for _ in range(n_used):
        b = off >> 3
        v = frm(buf[b:b + nbytes], "little") >> (off & 7)
        words.append(v & wmask)
        quants.append((v >> qshift) & qmask)
        nexts.append(v >> nshift & nmask)
        off += rec_bits
    if next_bits:                              # sentinel record: only "next"
        b = off >> 3
        nexts.append(frm(buf[b:b + nbytes], "little") >> (off & 7) >> nshift & nmask)
    else:
        nexts = None
    return words, quants, nexts, pos + size


def read_model(path, with_probs=False):
    """read_model(path, with_probs=False) -> Model

    Read a Sphinx trie LM and enumerate every stored n-gram (see ``Model``).
    With with_probs=True also decode the quantized probabilities/backoffs."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(MAGIC):
        raise ValueError("not a Sphinx trie LM: %r" % path)
    pos = len(MAGIC)
    order = data[pos]
    counts = list(struct.unpack_from("<%dI" % order, data, pos + 1))
    pos += 1 + 4 * order

    tables = []                       # per order 2..N: [prob centres, bo centres]
    if order > 1:
        pos += 4                      # legacy quantizer type
        nq = 1 << QBITS
        for n in range(2, order + 1):
            t = [struct.unpack_from("<%df" % nq, data, pos)]
            pos += 4 * nq
            if n < order:
                t.append(struct.unpack_from("<%df" % nq, data, pos))
                pos += 4 * nq
            tables.append(t)

    ug = list(struct.iter_unpack("<ffI", data[pos:pos + 12 * (counts[0] + 1)]))
    pos += 12 * (counts[0] + 1)
    unigrams = [(p, b) for p, b, _ in ug[:-1]]
    nexts = [x for _, _, x in ug]

    word_bits = _bits(counts[0])
    ngrams, probs, stored, unsorted = [None, None], [None, None], [None, counts[0]], [None, None]
    parents = [(w,) for w in range(counts[0])]   # trie paths, newest word first
    for n in range(2, order + 1):
        last = n == order
        next_bits = 0 if last else _bits(counts[n])
        qbits = QBITS if last else 2 * QBITS
        n_used = nexts[-1]                 # parents' sentinel = records in use
        if n_used > counts[n - 1]:
            raise ValueError("order %d: %d records > header count %d"
                             % (n, n_used, counts[n - 1]))
        words, quants, child_next, pos = _read_array(
            data, pos, counts[n - 1], n_used, word_bits, qbits, next_bits)
        paths, bad = [], []
        for i, par in enumerate(parents):
            lo, hi = nexts[i], nexts[i + 1]
            for j in range(lo, hi):
                paths.append(par + (words[j],))
            if any(words[j] >= words[j + 1] for j in range(lo, hi - 1)):
                bad.extend(range(lo, hi))
        if len(paths) != n_used:
            raise ValueError("order %d: child ranges are not contiguous" % n)
        ngrams.append([p[::-1] for p in paths])
        stored.append(n_used)
        unsorted.append(bad)
        if with_probs:
            pt = tables[n - 2][0]
            if last:
                probs.append([pt[q] for q in quants])
            else:
                bt = tables[n - 2][1]
                probs.append([(pt[q >> QBITS], bt[q & 0xFFFF]) for q in quants])
        else:
            probs.append(None)
        parents, nexts = paths, child_next

    (k,) = struct.unpack_from("<i", data, pos)
    pos += 4
    words = data[pos:pos + k].split(b"\0")[:-1]
    if len(words) != counts[0] or pos + k != len(data):
        raise ValueError("vocabulary section malformed")
    words = [w.decode("utf-8") for w in words]
    return Model(words, counts, stored, unigrams, ngrams, probs, unsorted)


if __name__ == "__main__":
    import sys, time
    t = time.time()
    m = read_model(sys.argv[1])
    print("header counts", m.counts, "stored", m.stored[1:],
          "enumerated", [len(x) for x in m.ngrams[2:]], "in %.1fs" % (time.time() - t))
    for tri in m.ngrams[-1][:3]:
        print(" ".join(m.words[w] for w in tri))
