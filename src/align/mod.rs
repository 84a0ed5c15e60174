//! Shared passages between documents, aligned with byte offsets and robust to small edits.
//!
//! Every document's winnowed fingerprints go into one index. A fingerprint found in two to
//! `boilerplate_docs` documents yields *seeds*, matching word positions in a pair of documents
//! ([`seeds`]); one found in more documents is boilerplate, kept out of pairwise matching and
//! reported once as such. A pair's seeds are chained along a diagonal across small gaps, so a
//! passage with an edited word stays one passage ([`chain`]); each chain is then extended word
//! by word past its first and last seed, resynchronising over small edits, measured by a word
//! diff, and overlapping results are merged ([`extend`]). The same stages, run on sequences of
//! function words instead of words, pair synonym-spun copies with their sources ([`immutable`]).

pub(crate) mod bucket_sort;
pub mod chain;
pub mod extend;
pub(crate) mod function_words;
pub mod immutable;
pub mod seeds;
pub mod word_diff;

use crate::progress::{Progress, Stage};
use crate::sketch::winnow::Fingerprint;
use crate::text::WordKey;
use rayon::prelude::*;

/// Settings of the passage finder; `Default` gives the documented defaults.
#[derive(Debug, Clone, Copy)]
pub struct PassageConfig {
    /// Words per fingerprinted shingle (default 5).
    pub shingle_words: usize,
    /// Winnowing window in shingles (default 6): any shared run of
    /// `window + shingle_words - 1` words (10) is guaranteed a shared fingerprint.
    pub window: usize,
    /// Fewest matching words for a reported passage (default 25).
    pub min_words: usize,
    /// Largest gap in words between two seeds of one passage (default 20).
    pub max_gap: usize,
    /// A fingerprint in more documents than this is boilerplate (default 20).
    pub boilerplate_docs: usize,
    /// Lowest word-level similarity of a reported passage (default 0.5).
    pub min_similarity: f64,
}

impl Default for PassageConfig {
    fn default() -> Self {
        PassageConfig {
            shingle_words: 5,
            window: 6,
            min_words: 25,
            max_gap: 20,
            boilerplate_docs: 20,
            min_similarity: 0.5,
        }
    }
}

/// What the passage finder needs of one document.
pub struct AlignInput<'a> {
    pub word_keys: &'a [WordKey],
    pub fingerprints: &'a [Fingerprint],
}

/// Where the passage finder reads each document's word sequence when it aligns a pair: stored
/// sequences, or sequences derived from stored ones on demand (the immutable tokens of the
/// spun-copy finder, made only for the documents of a pair that shares seeds, rather than kept
/// for the whole corpus).
pub trait WordSource: Sync {
    /// Document `doc`'s sequence: borrowed from the source, or made in `buf`.
    fn words<'a>(&'a self, doc: u32, buf: &'a mut WordBuf) -> &'a [WordKey];
}

/// A sequence a [`WordSource`] made, kept with the document it belongs to: pairs are aligned
/// in order of their first document, so consecutive pairs reuse it.
#[derive(Debug, Default)]
pub struct WordBuf {
    doc: Option<u32>,
    len: usize,
    words: Vec<WordKey>,
}

impl WordBuf {
    /// Document `doc`'s sequence, made by `make` (which writes it at the front of the vector,
    /// grown as needed, and returns its length) unless this buffer already holds it.
    pub fn get_or_make(
        &mut self,
        doc: u32,
        make: impl FnOnce(&mut Vec<WordKey>) -> usize,
    ) -> &[WordKey] {
        if self.doc != Some(doc) {
            self.len = make(&mut self.words);
            self.doc = Some(doc);
        }
        &self.words[..self.len]
    }
}

impl WordSource for [AlignInput<'_>] {
    fn words<'a>(&'a self, doc: u32, _: &'a mut WordBuf) -> &'a [WordKey] {
        self[doc as usize].word_keys
    }
}

/// One side of a passage: words `start..end` of document `doc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordRange {
    pub doc: u32,
    pub start: u32,
    pub end: u32,
}

impl WordRange {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// How a pair of texts or passages was found to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum MatchKind {
    /// Shared wording: an ordinary copy, exact or with small edits.
    #[default]
    Copy,
    /// Shared immutables (function words in order) with most content words changed: a
    /// synonym-spun copy ([`immutable`]).
    Spun,
}

impl MatchKind {
    /// The `kind` value of the JSON Lines output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Copy => "copy",
            MatchKind::Spun => "spun",
        }
    }
}

/// A passage shared by two documents (`a.doc < b.doc`).
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub a: WordRange,
    pub b: WordRange,
    /// Words the two sides have in common, in order (the word diff's equal parts).
    pub matched_words: u32,
    /// 2 * matched / (words in a + words in b).
    pub similarity: f64,
    pub kind: MatchKind,
    /// Aligned immutable words of a spun passage (0 for a copy).
    pub immutables: u32,
}

/// A passage found in many documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Boilerplate {
    pub occurrences: Vec<WordRange>,
}

impl Boilerplate {
    /// How many distinct documents hold an occurrence.
    pub fn documents(&self) -> usize {
        let mut docs: Vec<u32> = self.occurrences.iter().map(|o| o.doc).collect();
        docs.dedup();
        docs.len()
    }
}

/// All passages and boilerplate of a corpus, in a deterministic order.
#[derive(Debug, Default)]
pub struct PassageReport {
    pub passages: Vec<Passage>,
    pub boilerplate: Vec<Boilerplate>,
    /// Document pairs that shared seeds and were aligned.
    pub pairs_aligned: usize,
}

/// Finds the passages shared by documents of the corpus.
pub fn find_passages(docs: &[AlignInput<'_>], cfg: &PassageConfig) -> PassageReport {
    find_passages_with_progress(docs, cfg, &Progress::new())
}

/// [`find_passages`], counting the document pairs aligned on `progress` (stage
/// [`Stage::Aligning`]).
pub fn find_passages_with_progress(
    docs: &[AlignInput<'_>],
    cfg: &PassageConfig,
    progress: &Progress,
) -> PassageReport {
    let fingerprints: Vec<&[Fingerprint]> = docs.iter().map(|d| d.fingerprints).collect();
    find_passages_in(&fingerprints, docs, cfg, progress)
}

/// [`find_passages_with_progress`] over documents given as their fingerprints
/// (`fingerprints[doc]`) and a source of their word sequences.
pub fn find_passages_in<W: WordSource + ?Sized>(
    fingerprints: &[&[Fingerprint]],
    words: &W,
    cfg: &PassageConfig,
    progress: &Progress,
) -> PassageReport {
    let index = seeds::SeedIndex::build(fingerprints, cfg.boilerplate_docs);
    let groups = index.pair_groups(2);
    let pairs_aligned = groups.len();
    progress.start(Stage::Aligning, Some(pairs_aligned));
    let passages = align_seed_groups(&groups, words, cfg, progress);
    let boilerplate = index.boilerplate_runs(fingerprints, cfg);
    PassageReport {
        passages,
        boilerplate,
        pairs_aligned,
    }
}

/// The passages of each pair's seeds (`groups`: one pair's seeds each, as
/// [`seeds::SeedIndex::pair_groups`] gives them), sorted by their sides: the per-pair part of
/// [`find_passages_in`], which a front end may run on any subset of the pairs (with
/// `words` holding at least their documents).
pub fn align_seed_groups<W: WordSource + ?Sized>(
    groups: &[&[seeds::Seed]],
    words: &W,
    cfg: &PassageConfig,
    progress: &Progress,
) -> Vec<Passage> {
    let mut passages: Vec<Passage> = groups
        .par_iter()
        .map_init(
            || (WordBuf::default(), WordBuf::default()),
            |(buf_a, buf_b), group| {
                progress.advance(1);
                let (a, b) = (group[0].a, group[0].b);
                let chains = chain::chain_seeds(group, cfg.max_gap);
                let (words_a, words_b) = (words.words(a, buf_a), words.words(b, buf_b));
                extend::align_chains(words_a, words_b, a, b, &chains, cfg)
            },
        )
        .flatten_iter()
        .collect();
    passages.par_sort_by_key(|p| (p.a, p.b));
    passages
}
