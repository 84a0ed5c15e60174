//! Spun copies: pairing a synonym-spun text with its source on the words a spinner leaves alone.
//!
//! A context-blind spinner replaces content words by thesaurus synonyms, so ordinary shingles
//! of a spun copy no longer match its source. It does not touch function words ("the", "of",
//! "and", "to", …), and it replaces one word by one word, so the *immutables* of a text, its
//! function words each with the number of content words since the previous one, survive
//! spinning in order (Zhang et al., "DSpin", NDSS 2014). Each document is mapped to that token
//! sequence; the sequences are winnowed and aligned by the ordinary passage finder
//! ([`super::find_passages_in`]), so a spun passage shows up as a long diagonal run of aligned
//! immutables. Only the fingerprints are kept for every document: the tokens, and each
//! token's word index, are made again from the words for the documents of a pair being aligned
//! or verified (a linear pass, cheaper than keeping them: the kept vectors were an eighth of
//! the scan's memory). Function-word sequences are common, so every candidate
//! is verified before it is reported: enough aligned immutables, a high token similarity, sides
//! of comparable length, and a share of the words between the immutables that differ (else it
//! is an ordinary copy, which the shingle stages report). The thresholds were calibrated on a
//! synthetic corpus built from one half of the State of the Union speeches and checked on one
//! built from the other half (see README.md).

use super::{MatchKind, Passage, PassageConfig, WordBuf, WordRange, WordSource, function_words};
use crate::progress::Progress;
use crate::sketch::{shingle, winnow};
use crate::text::WordKey;
use rayon::prelude::*;

/// Settings of the spun-copy finder; `Default` gives the calibrated values.
#[derive(Debug, Clone, Copy)]
pub struct SpunConfig {
    /// Immutable tokens per fingerprinted shingle.
    pub shingle_words: usize,
    /// Winnowing window, in token shingles (default 6): any shared run of
    /// `window + shingle_words - 1` tokens (11, below `min_immutables`) gets a shared
    /// fingerprint. A window of 4 found the same labelled spun copies and passages
    /// (BENCHMARKS.md, "Growth", session 8) with 40% more fingerprints to index and align
    /// (2/5 of the token shingles instead of 2/7).
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
            window: 6,
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
    pub tokens: Vec<WordKey>,
    pub positions: Vec<u32>,
    pub fingerprints: Vec<winnow::Fingerprint>,
}

/// Whether a word key is a function word's.
pub fn is_function_word(key: WordKey) -> bool {
    function_words::contains(key)
}

/// Buffers that [`fingerprints_with`] reuses from one document to the next (one per rayon
/// task): a document's tokens and shingles are written into memory already mapped.
#[derive(Debug, Default)]
pub struct Scratch {
    tokens: Vec<WordKey>,
    shingles: Vec<u64>,
}

/// The immutable tokens of a document's words, their word indices, and their winnowed
/// fingerprints.
pub fn immutables(word_keys: &[WordKey], cfg: &SpunConfig) -> Immutables {
    let (mut tokens, mut positions) = (Vec::new(), Vec::new());
    let n = function_word_tokens_into(word_keys, cfg.max_gap, &mut tokens, Some(&mut positions));
    tokens.truncate(n);
    positions.truncate(n);
    let fingerprints = fingerprints_of_tokens(&tokens, cfg, &mut Vec::new());
    Immutables {
        tokens,
        positions,
        fingerprints,
    }
}

/// The winnowed fingerprints of a document's immutable tokens (those of [`immutables`]),
/// working in `scratch`: the tokens themselves are not kept, the spun-copy finder makes them
/// again for the documents it aligns ([`ImmutableTokens`]).
pub fn fingerprints_with(
    word_keys: &[WordKey],
    cfg: &SpunConfig,
    scratch: &mut Scratch,
) -> Vec<winnow::Fingerprint> {
    let n = function_word_tokens_into(word_keys, cfg.max_gap, &mut scratch.tokens, None);
    fingerprints_of_tokens(&scratch.tokens[..n], cfg, &mut scratch.shingles)
}

fn fingerprints_of_tokens(
    tokens: &[WordKey],
    cfg: &SpunConfig,
    shingles: &mut Vec<u64>,
) -> Vec<winnow::Fingerprint> {
    if tokens.len() < cfg.min_immutables {
        return Vec::new();
    }
    shingle::shingles_into(tokens, cfg.shingle_words, shingles);
    winnow::winnow(shingles, cfg.window)
}

/// The documents' immutable tokens as a [`WordSource`] for the passage finder, made from their
/// words when a pair is aligned.
struct ImmutableTokens<'a> {
    words: &'a [&'a [WordKey]],
    max_gap: u32,
}

impl WordSource for ImmutableTokens<'_> {
    fn words<'a>(&'a self, doc: u32, buf: &'a mut WordBuf) -> &'a [WordKey] {
        buf.get_or_make(doc, |tokens| {
            function_word_tokens_into(self.words[doc as usize], self.max_gap, tokens, None)
        })
    }
}

/// The tokens of the function words among `word_keys` and their word indices.
#[cfg(test)]
fn function_word_tokens(word_keys: &[WordKey], max_gap: u32) -> (Vec<WordKey>, Vec<u32>) {
    let imm = immutables(
        word_keys,
        &SpunConfig {
            max_gap,
            ..SpunConfig::default()
        },
    );
    (imm.tokens, imm.positions)
}

/// Writes the tokens of the function words among `word_keys` (the word and the gap before
/// it, capped at `max_gap`) at the front of `tokens`, and their word indices at the front of
/// `positions` when given (both grown as needed, never shrunk); returns how many there are.
fn function_word_tokens_into(
    word_keys: &[WordKey],
    max_gap: u32,
    tokens: &mut Vec<WordKey>,
    positions: Option<&mut Vec<u32>>,
) -> usize {
    if tokens.len() < word_keys.len() {
        tokens.resize(word_keys.len(), 0);
    }
    match positions {
        Some(positions) => {
            if positions.len() < word_keys.len() {
                positions.resize(word_keys.len(), 0);
            }
            tokens_into::<true>(word_keys, max_gap, tokens, positions)
        }
        None => tokens_into::<false>(word_keys, max_gap, tokens, &mut []),
    }
}

/// Spreads a gap over a token's bits (the 32-bit golden ratio), so that a function word's
/// tokens with different gaps differ.
const GAP_MULTIPLIER: u32 = 0x9e37_79b9;

/// The loop of [`function_word_tokens_into`], compiled once with the word indices and once
/// without (`tokens` and, with `POSITIONS`, `positions` at least as long as `word_keys`).
/// About every other word of prose is a function word, a branch the processor cannot
/// predict, so every word's token is written and the write position moves on only for a
/// function word.
fn tokens_into<const POSITIONS: bool>(
    word_keys: &[WordKey],
    max_gap: u32,
    tokens: &mut [WordKey],
    positions: &mut [u32],
) -> usize {
    let is_function_word = function_words::table().tester();
    let tokens = &mut tokens[..word_keys.len()];
    let positions = if POSITIONS {
        &mut positions[..word_keys.len()]
    } else {
        positions
    };
    let mut n = 0;
    let mut next_gap_start = 0usize;
    for (i, &h) in word_keys.iter().enumerate() {
        let gap = ((i - next_gap_start) as u32).min(max_gap);
        tokens[n] = h ^ gap.wrapping_mul(GAP_MULTIPLIER);
        if POSITIONS {
            positions[n] = i as u32;
        }
        let function_word = is_function_word(h);
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
    /// Every verified alignment of immutables, whatever share of its words differ (a lightly
    /// spun copy's too), ordered by pair and position: what the copy verdict measures a pair's
    /// coverage with.
    pub aligned: Vec<Passage>,
}

/// Finds the spun passages of a corpus. `words[d]` are document d's word keys,
/// `fingerprints[d]` its immutables' fingerprints ([`fingerprints_with`]; empty for a document
/// left out), `copies` the ordinary passages (sorted by pair): a candidate mostly covered by an
/// ordinary passage of the same pair is not reported again.
pub fn find_spun(
    words: &[&[WordKey]],
    fingerprints: &[&[winnow::Fingerprint]],
    copies: &[Passage],
    cfg: &SpunConfig,
) -> SpunReport {
    let index = super::seeds::SeedIndex::build(fingerprints, cfg.common_docs);
    spun_of_groups(words, &index.pair_groups(2), copies, cfg)
}

/// The settings of the passage finder run on immutable tokens.
fn token_passage_config(cfg: &SpunConfig) -> PassageConfig {
    PassageConfig {
        shingle_words: cfg.shingle_words,
        window: cfg.window,
        min_words: cfg.min_immutables,
        max_gap: 20,
        boilerplate_docs: cfg.common_docs,
        min_similarity: cfg.min_token_similarity,
    }
}

/// The per-pair part of [`find_spun`]: the spun passages of the pairs whose immutables'
/// seeds are `groups` (one pair's each, from the index of every document's immutables; a
/// front end may give any subset of the pairs, with `words` and `copies` holding at least
/// theirs).
pub fn spun_of_groups(
    words: &[&[WordKey]],
    groups: &[&[super::seeds::Seed]],
    copies: &[Passage],
    cfg: &SpunConfig,
) -> SpunReport {
    let tokens = ImmutableTokens {
        words,
        max_gap: cfg.max_gap,
    };
    let pcfg = token_passage_config(cfg);
    let candidates = super::align_seed_groups(groups, &tokens, &pcfg, &Progress::new());
    let mut copies: Vec<&Passage> = copies.iter().collect();
    copies.sort_by_key(|c| (c.a.doc, c.b.doc));
    let verified: Vec<Passage> = candidates
        .par_iter()
        .map_init(
            || (TokenPositions::default(), TokenPositions::default()),
            |(pa, pb), c| verify(words, (pa, pb), c, cfg),
        )
        .flatten_iter()
        .collect();
    // a pair whose spun passages are mostly covered by copy passages (a lightly spun copy) is
    // still a spun pair, but those passages are reported once, as copies
    let mut pairs: Vec<(u32, u32)> = verified.iter().map(|p| (p.a.doc, p.b.doc)).collect();
    pairs.dedup();
    let mut passages: Vec<Passage> = verified
        .iter()
        .filter(|p| 1.0 - p.similarity >= cfg.min_changed && !covered_by_copies(p, &copies))
        .cloned()
        .collect();
    passages.sort_by_key(|p| (p.a, p.b));
    let mut aligned = verified;
    aligned.sort_by_key(|p| (p.a, p.b));
    SpunReport {
        passages,
        pairs,
        aligned,
    }
}

/// Maps a candidate in token space to words and checks its sides' lengths; returns the
/// aligned passage (a spun passage when enough of its words differ, see `find_spun`).
fn verify(
    words: &[&[WordKey]],
    (pa, pb): (&mut TokenPositions, &mut TokenPositions),
    c: &Passage,
    cfg: &SpunConfig,
) -> Option<Passage> {
    let (wa, wb) = (words[c.a.doc as usize], words[c.b.doc as usize]);
    let ra = to_words(pa.of(c.a.doc, wa, cfg.max_gap), wa.len(), c.a);
    let rb = to_words(pb.of(c.b.doc, wb, cfg.max_gap), wb.len(), c.b);
    let (la, lb) = ((ra.end - ra.start) as f64, (rb.end - rb.start) as f64);
    let sa = &wa[ra.start as usize..ra.end as usize];
    if la.min(lb) < cfg.min_length_ratio * la.max(lb) {
        return None;
    }
    let sb = &wb[rb.start as usize..rb.end as usize];
    let matched = super::extend::matched_words(sa, sb);
    let similarity = 2.0 * matched as f64 / (sa.len() + sb.len()).max(1) as f64;
    Some(Passage {
        a: ra,
        b: rb,
        matched_words: matched as u32,
        similarity,
        kind: MatchKind::Spun,
        immutables: c.matched_words,
    })
}

/// The word index of every immutable token of one document, made again when a candidate of
/// that document is verified (candidates come in order of their first document, so one
/// document's are made once per run of its candidates), rather than kept for every document.
#[derive(Debug, Default)]
struct TokenPositions {
    doc: Option<u32>,
    len: usize,
    tokens: Vec<WordKey>,
    positions: Vec<u32>,
}

impl TokenPositions {
    fn of(&mut self, doc: u32, words: &[WordKey], max_gap: u32) -> &[u32] {
        if self.doc != Some(doc) {
            self.len = function_word_tokens_into(
                words,
                max_gap,
                &mut self.tokens,
                Some(&mut self.positions),
            );
            self.doc = Some(doc);
        }
        &self.positions[..self.len]
    }
}

/// Word range of a token range (`positions`: the word index of each token; `words`: the
/// document's length): from the content words before its first token to those after its last
/// (up to the neighbouring function words).
fn to_words(positions: &[u32], words: usize, r: WordRange) -> WordRange {
    let (s, e) = (r.start as usize, r.end as usize);
    let start = if s == 0 { 0 } else { positions[s - 1] + 1 };
    let end = positions.get(e).copied().unwrap_or(words as u32);
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
pub fn function_word_similarity(a: &[WordKey], b: &[WordKey], cfg: &SpunConfig) -> (f64, f64) {
    let set = |words: &[WordKey]| {
        let fw: Vec<WordKey> = words
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
    use crate::text::word_keys;

    #[test]
    fn tokens_keep_function_words_and_gaps() {
        let cfg = SpunConfig::default();
        let a = immutables(
            &word_keys("The law of the land said that we must obey"),
            &cfg,
        );
        let b = immutables(
            &word_keys("The legislation of the soil mentioned that we must comply"),
            &cfg,
        );
        assert_eq!(a.tokens, b.tokens);
        assert_eq!(a.positions, vec![0, 2, 3, 6, 7, 8]);
        let c = immutables(&word_keys("The law and order of the land"), &cfg);
        assert_ne!(
            a.tokens[1], c.tokens[1],
            "a different gap is a different token"
        );
    }

    #[test]
    fn tokens_are_the_reference_tokens() {
        // the loop as first written: a branch per word
        let reference = |words: &[WordKey], max_gap: u32| {
            let (mut tokens, mut positions) = (Vec::new(), Vec::new());
            let mut next_gap_start = 0usize;
            for (i, &h) in words.iter().enumerate() {
                if is_function_word(h) {
                    let gap = ((i - next_gap_start) as u32).min(max_gap);
                    tokens.push(h ^ gap.wrapping_mul(0x9e37_79b9));
                    positions.push(i as u32);
                    next_gap_start = i + 1;
                }
            }
            (tokens, positions)
        };
        let vocabulary = word_keys("the law of and land to in a legislation soil we must obey");
        let mut state = 3u64;
        for len in 0..300 {
            let words: Vec<WordKey> = (0..len)
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
    fn token_positions_are_made_again_per_document() {
        let cfg = SpunConfig::default();
        let a = word_keys("The law of the land said that we must obey");
        let b = word_keys("We went to a market in town and bought a kilo of apples");
        let mut cache = TokenPositions::default();
        for (doc, words) in [(0, &a), (1, &b), (1, &b), (0, &a)] {
            assert_eq!(
                cache.of(doc, words, cfg.max_gap),
                immutables(words, &cfg).positions
            );
        }
    }

    #[test]
    fn fingerprints_are_those_of_the_kept_tokens() {
        let cfg = SpunConfig::default();
        let text = "It is the law of the land that we and they must obey in the end, and so \
                    it was that the people of the town went to the market in the morning";
        let words = word_keys(&text.repeat(3));
        let imm = immutables(&words, &cfg);
        assert!(!imm.fingerprints.is_empty());
        let mut scratch = Scratch::default();
        // twice, the second time with a used scratch
        for _ in 0..2 {
            assert_eq!(
                fingerprints_with(&words, &cfg, &mut scratch),
                imm.fingerprints
            );
        }
        let tokens = ImmutableTokens {
            words: &[&words],
            max_gap: cfg.max_gap,
        };
        let mut buf = WordBuf::default();
        assert_eq!(tokens.words(0, &mut buf), imm.tokens.as_slice());
    }

    #[test]
    fn function_word_similarity_ignores_a_word_spun_into_two() {
        let cfg = SpunConfig::default();
        let a = word_keys("It is the law of the land that we and they must obey in the end");
        let b =
            word_keys("It is the big rule of the soil that we and they must comply in the finish");
        let c = word_keys("We went to a market in town and bought a kilo of apples for them");
        assert_eq!(function_word_similarity(&a, &b, &cfg), (1.0, 1.0));
        assert_eq!(function_word_similarity(&a, &c, &cfg), (0.0, 0.0));
    }
}
