//! Spun copies: pairing a synonym-spun text with its source on the words a spinner leaves alone.
//!
//! A context-blind spinner replaces content words by thesaurus synonyms, so ordinary shingles
//! of a spun copy no longer match its source. It does not touch function words ("the", "of",
//! "and", "to", …), and it replaces one word by one word, so the *immutables* of a text, its
//! function words each with the number of content words since the previous one, survive
//! spinning in order (Zhang et al., "DSpin", NDSS 2014). Each document is mapped to that token
//! sequence (remembering each token's word index); the sequences are winnowed and aligned by the
//! ordinary passage finder ([`super::find_passages`]), so a spun passage shows up as a long
//! diagonal run of aligned immutables. Function-word sequences are common, so every candidate
//! is verified before it is reported: enough aligned immutables, a high token similarity, sides
//! of comparable length, and a share of the words between the immutables that differ (else it
//! is an ordinary copy, which the shingle stages report). The thresholds were calibrated on a
//! synthetic corpus built from one half of the State of the Union speeches and checked on one
//! built from the other half (see README.md).

use super::{
    AlignInput, MatchKind, Passage, PassageConfig, WordRange, find_passages, function_words,
};
use crate::sketch::{shingle, winnow};
use rayon::prelude::*;

/// Settings of the spun-copy finder; `Default` gives the calibrated values.
#[derive(Debug, Clone, Copy)]
pub struct SpunConfig {
    /// Immutable tokens per fingerprinted shingle.
    pub shingle_words: usize,
    /// Winnowing window, in token shingles.
    pub window: usize,
    /// Content-word gaps longer than this are recorded as this (a long gap is one bucket).
    pub max_gap: u32,
    /// Fewest aligned immutables of a reported spun passage.
    pub min_immutables: usize,
    /// Lowest similarity of the two immutable-token sequences.
    pub min_token_similarity: f64,
    /// Lowest ratio of the two sides' lengths in words.
    pub min_length_ratio: f64,
    /// Lowest share of words of the passage that differ (1 - word similarity): below it the
    /// passage is a copy, not a spun copy.
    pub min_changed: f64,
    /// A token fingerprint in more documents than this is ignored (common function-word runs).
    pub common_docs: usize,
}

impl Default for SpunConfig {
    fn default() -> Self {
        SpunConfig {
            shingle_words: 6,
            window: 4,
            max_gap: 7,
            min_immutables: 15,
            min_token_similarity: 0.9,
            min_length_ratio: 0.85,
            min_changed: 0.25,
            common_docs: 10,
        }
    }
}

/// A document's immutables: one token per function word (the word and the content-word gap
/// before it), with the token's word index in the document.
#[derive(Debug, Clone, Default)]
pub struct Immutables {
    pub tokens: Vec<u64>,
    pub positions: Vec<u32>,
    pub fingerprints: Vec<winnow::Fingerprint>,
}

/// Whether a normalised word hash is a function word's.
pub fn is_function_word(hash: u64) -> bool {
    function_words::contains(hash)
}

/// Buffers that [`immutables_with`] reuses from one document to the next (one per rayon task):
/// a document's tokens are written into memory already mapped, then copied out at their
/// size, rather than into a fresh vector as long as the document, trimmed afterwards.
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Vec<u64>,
    positions: Vec<u32>,
    shingles: Vec<u64>,
}

/// The immutable tokens of a document's words, and their winnowed fingerprints.
pub fn immutables(word_hashes: &[u64], cfg: &SpunConfig) -> Immutables {
    immutables_with(word_hashes, cfg, &mut Scratch::default())
}

/// [`immutables`], working in `scratch`.
pub fn immutables_with(word_hashes: &[u64], cfg: &SpunConfig, scratch: &mut Scratch) -> Immutables {
    let n = function_word_tokens_into(
        word_hashes,
        cfg.max_gap,
        &mut scratch.tokens,
        &mut scratch.positions,
    );
    let tokens = scratch.tokens[..n].to_vec();
    let positions = scratch.positions[..n].to_vec();
    let fingerprints = if tokens.len() >= cfg.min_immutables {
        shingle::shingles_into(&tokens, cfg.shingle_words, &mut scratch.shingles);
        winnow::winnow(&scratch.shingles, cfg.window)
    } else {
        Vec::new()
    };
    Immutables {
        tokens,
        positions,
        fingerprints,
    }
}

/// The tokens of the function words among `word_hashes` and their word indices.
#[cfg(test)]
fn function_word_tokens(word_hashes: &[u64], max_gap: u32) -> (Vec<u64>, Vec<u32>) {
    let (mut tokens, mut positions) = (Vec::new(), Vec::new());
    let n = function_word_tokens_into(word_hashes, max_gap, &mut tokens, &mut positions);
    tokens.truncate(n);
    positions.truncate(n);
    (tokens, positions)
}

/// Writes the tokens of the function words among `word_hashes` (the word and the gap before
/// it, capped at `max_gap`) and their word indices at the front of `tokens` and `positions`
/// (grown as needed, never shrunk); returns how many there are. About every other word of
/// prose is a function word, a branch the processor cannot predict, so every word's token is
/// written and the write position moves on only for a function word.
fn function_word_tokens_into(
    word_hashes: &[u64],
    max_gap: u32,
    tokens: &mut Vec<u64>,
    positions: &mut Vec<u32>,
) -> usize {
    let set = function_words::table();
    if tokens.len() < word_hashes.len() {
        tokens.resize(word_hashes.len(), 0);
        positions.resize(word_hashes.len(), 0);
    }
    let mut n = 0;
    let mut next_gap_start = 0usize;
    for (i, &h) in word_hashes.iter().enumerate() {
        let gap = ((i - next_gap_start) as u32).min(max_gap) as u64;
        tokens[n] = h ^ gap.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        positions[n] = i as u32;
        let function_word = set.contains(h);
        n += function_word as usize;
        next_gap_start = if function_word { i + 1 } else { next_gap_start };
    }
    n
}

/// What the spun-copy finder found.
#[derive(Debug, Default)]
pub struct SpunReport {
    /// Spun passages (`kind` = spun), ordered by pair and position.
    pub passages: Vec<Passage>,
    /// Candidate document pairs (those with a verified spun passage, reported or covered by a
    /// copy passage), in pair order.
    pub pairs: Vec<(u32, u32)>,
}

/// Finds the spun passages of a corpus. `words[d]` are document d's word hashes, `imm[d]` its
/// immutables, `copies` the ordinary passages (sorted by pair): a candidate mostly covered by
/// an ordinary passage of the same pair is not reported again.
pub fn find_spun(
    words: &[&[u64]],
    imm: &[Immutables],
    copies: &[Passage],
    cfg: &SpunConfig,
) -> SpunReport {
    let inputs: Vec<AlignInput<'_>> = imm
        .iter()
        .map(|d| AlignInput {
            word_hashes: &d.tokens,
            fingerprints: &d.fingerprints,
        })
        .collect();
    let pcfg = PassageConfig {
        shingle_words: cfg.shingle_words,
        window: cfg.window,
        min_words: cfg.min_immutables,
        max_gap: 20,
        boilerplate_docs: cfg.common_docs,
        min_similarity: cfg.min_token_similarity,
    };
    let candidates = find_passages(&inputs, &pcfg).passages;
    let mut copies: Vec<&Passage> = copies.iter().collect();
    copies.sort_by_key(|c| (c.a.doc, c.b.doc));
    let verified: Vec<Passage> = candidates
        .par_iter()
        .filter_map(|c| verify(words, imm, c, cfg))
        .collect();
    // a pair whose spun passages are mostly covered by copy passages (a lightly spun copy) is
    // still a spun pair, but those passages are reported once, as copies
    let mut pairs: Vec<(u32, u32)> = verified.iter().map(|p| (p.a.doc, p.b.doc)).collect();
    pairs.dedup();
    let mut passages: Vec<Passage> = verified
        .into_iter()
        .filter(|p| !covered_by_copies(p, &copies))
        .collect();
    passages.sort_by_key(|p| (p.a, p.b));
    SpunReport { passages, pairs }
}

/// Maps a candidate in token space to words and checks it; returns the spun passage.
fn verify(words: &[&[u64]], imm: &[Immutables], c: &Passage, cfg: &SpunConfig) -> Option<Passage> {
    let (ia, ib) = (&imm[c.a.doc as usize], &imm[c.b.doc as usize]);
    let (wa, wb) = (words[c.a.doc as usize], words[c.b.doc as usize]);
    let ra = to_words(ia, wa.len(), c.a);
    let rb = to_words(ib, wb.len(), c.b);
    let (la, lb) = ((ra.end - ra.start) as f64, (rb.end - rb.start) as f64);
    let sa = &wa[ra.start as usize..ra.end as usize];
    if la.min(lb) < cfg.min_length_ratio * la.max(lb) {
        return None;
    }
    let sb = &wb[rb.start as usize..rb.end as usize];
    let matched = super::extend::matched_words(sa, sb);
    let similarity = 2.0 * matched as f64 / (sa.len() + sb.len()).max(1) as f64;
    if 1.0 - similarity < cfg.min_changed {
        return None;
    }
    Some(Passage {
        a: ra,
        b: rb,
        matched_words: matched as u32,
        similarity,
        kind: MatchKind::Spun,
        immutables: c.matched_words,
    })
}

/// Word range of a token range: from the content words before its first token to those after
/// its last (up to the neighbouring function words).
fn to_words(imm: &Immutables, words: usize, r: WordRange) -> WordRange {
    let (s, e) = (r.start as usize, r.end as usize);
    let start = if s == 0 { 0 } else { imm.positions[s - 1] + 1 };
    let end = imm.positions.get(e).copied().unwrap_or(words as u32);
    WordRange {
        doc: r.doc,
        start,
        end,
    }
}

/// Whether at least half of `p`'s words on side a lie in ordinary passages of the same pair
/// that overlap `p` on side b as well (`copies` sorted by pair).
fn covered_by_copies(p: &Passage, copies: &[&Passage]) -> bool {
    let from = copies.partition_point(|c| (c.a.doc, c.b.doc) < (p.a.doc, p.b.doc));
    let mut covered = 0u32;
    for c in copies[from..]
        .iter()
        .take_while(|c| (c.a.doc, c.b.doc) == (p.a.doc, p.b.doc))
    {
        if c.b.start < p.b.end && p.b.start < c.b.end {
            let lo = c.a.start.max(p.a.start);
            let hi = c.a.end.min(p.a.end);
            covered += hi.saturating_sub(lo);
        }
    }
    2 * covered >= p.a.end - p.a.start
}

/// Exact Jaccard and containment of two documents' function-word shingle sets: shingles of
/// their function words alone, without the gaps, so that a spinner replacing a word by two
/// (which shifts one token's gap) costs little.
pub fn function_word_similarity(a: &[u64], b: &[u64], cfg: &SpunConfig) -> (f64, f64) {
    let set = |words: &[u64]| {
        let fw: Vec<u64> = words
            .iter()
            .copied()
            .filter(|&h| is_function_word(h))
            .collect();
        shingle::shingle_set(&fw, cfg.shingle_words)
    };
    let (sa, sb) = (set(a), set(b));
    let inter = shingle::intersection_size(&sa, &sb) as f64;
    let union = (sa.len() + sb.len()) as f64 - inter;
    let smaller = sa.len().min(sb.len()) as f64;
    (
        if union > 0.0 { inter / union } else { 0.0 },
        if smaller > 0.0 { inter / smaller } else { 0.0 },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_hashes;

    #[test]
    fn tokens_keep_function_words_and_gaps() {
        let cfg = SpunConfig::default();
        let a = immutables(
            &word_hashes("The law of the land said that we must obey"),
            &cfg,
        );
        let b = immutables(
            &word_hashes("The legislation of the soil mentioned that we must comply"),
            &cfg,
        );
        assert_eq!(a.tokens, b.tokens);
        assert_eq!(a.positions, vec![0, 2, 3, 6, 7, 8]);
        let c = immutables(&word_hashes("The law and order of the land"), &cfg);
        assert_ne!(
            a.tokens[1], c.tokens[1],
            "a different gap is a different token"
        );
    }

    #[test]
    fn tokens_are_the_reference_tokens() {
        // the loop as first written: a branch per word
        let reference = |words: &[u64], max_gap: u32| {
            let (mut tokens, mut positions) = (Vec::new(), Vec::new());
            let mut next_gap_start = 0usize;
            for (i, &h) in words.iter().enumerate() {
                if is_function_word(h) {
                    let gap = ((i - next_gap_start) as u32).min(max_gap) as u64;
                    tokens.push(h ^ gap.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                    positions.push(i as u32);
                    next_gap_start = i + 1;
                }
            }
            (tokens, positions)
        };
        let vocabulary = word_hashes("the law of and land to in a legislation soil we must obey");
        let mut state = 3u64;
        for len in 0..300 {
            let words: Vec<u64> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    vocabulary[(state >> 33) as usize % vocabulary.len()]
                })
                .collect();
            for max_gap in [0, 2, 7] {
                assert_eq!(
                    function_word_tokens(&words, max_gap),
                    reference(&words, max_gap)
                );
            }
        }
    }

    #[test]
    fn function_word_similarity_ignores_a_word_spun_into_two() {
        let cfg = SpunConfig::default();
        let a = word_hashes("It is the law of the land that we and they must obey in the end");
        let b = word_hashes(
            "It is the big rule of the soil that we and they must comply in the finish",
        );
        let c = word_hashes("We went to a market in town and bought a kilo of apples for them");
        assert_eq!(function_word_similarity(&a, &b, &cfg), (1.0, 1.0));
        assert_eq!(function_word_similarity(&a, &c, &cfg), (0.0, 0.0));
    }
}
