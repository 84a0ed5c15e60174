//! The scan pipeline: from documents to duplicates, clusters, passages and boilerplate.
//!
//! Stages, each parallel over documents or pairs with rayon, each result sorted so the output
//! is the same whatever the thread count:
//! 1. sketch every document: words, shingle set, MinHash band keys, winnowed fingerprints;
//! 2. find shared passages from the fingerprints (`align`);
//! 3. propose candidate pairs by LSH banding, add every pair that shares a passage, and judge
//!    each by its alignment (`dedup::judge`): coverage decides whether it is a copy, the word
//!    diff what kind, the language model which side of a spun pair is the source;
//! 4. align the immutable words of the documents not yet in a copy cluster's shadow
//!    (`align::immutable`), unless turned off: spun passages, and the pairs they join judged
//!    again with them (heavily spun copies, whose ordinary passages are few);
//! 5. cluster every copy pair and apply the keep policy; name each spun copy against one
//!    source; drop the passages between members of one cluster (the duplicate records and
//!    the cluster cover them);
//! 6. score every document for synonym spinning (`spin`), unless turned off.
//!
//! `scan_with_progress` counts each stage's work on a `progress::Progress` for a display.

use crate::align::immutable::SpunConfig;
use crate::align::{self, AlignInput, Boilerplate, Passage, PassageConfig};
use crate::corpus::Document;
use crate::dedup::{self, JudgeConfig, KeepPolicy, LshParams, cluster::Cluster};
use crate::progress::{Progress, Stage};
use crate::spin::{self, SpinReport, farm_restore::LearnedTable};
use crate::text;
use rayon::prelude::*;

pub mod offsets;
pub mod stages;

use stages::{
    AlignedByPair, Sketch, Sketcher, VerdictInputs, cluster_documents, find_spun, judge_pairs_with,
    reported_ranges, settle, spun_pairs_to_judge,
};

/// MinHash bins of the content-word set signature: a coarse filter, every candidate is judged.
const WORD_SET_PERMUTATIONS: usize = 64;
/// Fewest content words for a content-word set signature (shorter texts have passages or
/// shingles enough).
const MIN_WORD_SET_WORDS: usize = 20;

/// Settings of a scan; `Default` gives the documented defaults.
#[derive(Debug, Clone, Copy)]
pub struct ScanConfig {
    /// Words per shingle for document similarity (default 5).
    pub shingle_words: usize,
    /// MinHash permutations (default 128).
    pub permutations: usize,
    /// Share of the shorter document covered by passages aligned with the other from which
    /// two documents are copies (default 0.8; see `dedup::judge`).
    pub coverage: f64,
    /// Shingle Jaccard at or above which two documents are copies whatever their coverage
    /// (default 0.5); it also tunes the LSH banding.
    pub threshold: f64,
    /// Jaccard of content-word sets from which a pair is proposed by the second LSH, and
    /// aligned by a content-word diff when its passages do not cover it (default 0.5): a
    /// heavily edited copy keeps its words but few unchanged runs.
    pub word_set_threshold: f64,
    /// Containment at or above which two documents are duplicates even when their Jaccard is
    /// lower: most of the smaller one is inside the larger (default 0.9).
    pub containment: f64,
    pub keep: KeepPolicy,
    pub passages: PassageConfig,
    /// Run spin detection on every document (default off: the slowest stage by far).
    pub spin: bool,
    /// Pair spun copies and spun passages with their sources (default on).
    pub spun_copies: bool,
    pub spun: SpunConfig,
    /// Spun pairs' evidence lists every substitution, for the spinner learner (default off:
    /// only those the verdict reads; see `JudgeConfig::every_substitution`).
    pub every_substitution: bool,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            shingle_words: 5,
            permutations: 128,
            coverage: JudgeConfig::default().coverage,
            threshold: 0.5,
            word_set_threshold: JudgeConfig::default().word_set_threshold,
            containment: 0.9,
            keep: KeepPolicy::First,
            passages: PassageConfig::default(),
            spin: false,
            spun_copies: true,
            spun: SpunConfig::default(),
            every_substitution: false,
        }
    }
}

pub use crate::dedup::judge::{CopyKind, Duplicate};

/// Everything a scan found, with the words of each document for byte offsets.
pub struct ScanResult {
    /// Words per document.
    pub word_counts: Vec<usize>,
    /// Words per document in non-prose runs (`text::prose`), which no copy verdict, passage
    /// seed or spin detection reads.
    pub masked_words: Vec<usize>,
    /// Share of each document's bytes in those runs.
    pub non_prose_share: Vec<f64>,
    /// Byte offsets of every 64th word per document, to find word spans again.
    pub checkpoints: Vec<Vec<u32>>,
    pub lsh: LshParams,
    /// Every pair proposed to the verdict (LSH, shared passages, aligned immutables), sorted:
    /// for measuring candidate recall apart from the verdict's.
    pub candidates: Vec<(u32, u32)>,
    /// The copies: every pair judged a copy, with its kind and direction, in pair order; a
    /// spun copy against one source only.
    pub duplicates: Vec<Duplicate>,
    pub clusters: Vec<Cluster>,
    pub passages: Vec<Passage>,
    pub boilerplate: Vec<Boilerplate>,
    pub pairs_aligned: usize,
    /// Spin detection per document (corpus order), when enabled.
    pub spin: Vec<SpinReport>,
    /// Wall-clock seconds of each stage, in order (for `--verbose`; not part of the output).
    pub stage_seconds: Vec<(&'static str, f64)>,
    /// Spans of the first and last words of every passage side and boilerplate occurrence,
    /// for `byte_range` (`stages::reported_ranges`).
    pub range_ends: offsets::RangeEnds,
    /// Bytes of each document's text.
    pub text_bytes: Vec<usize>,
}

impl ScanResult {
    /// The documents that are mostly non-prose (`text::prose::MOSTLY_NON_PROSE` of their
    /// bytes in non-prose runs), in corpus order, with that share.
    pub fn mostly_non_prose(&self) -> impl Iterator<Item = (u32, f64)> + '_ {
        self.non_prose_share
            .iter()
            .enumerate()
            .filter(|&(_, &share)| share >= text::prose::MOSTLY_NON_PROSE)
            .map(|(d, &share)| (d as u32, share))
    }

    /// Byte range in its document (`docs` as scanned) of a passage side or boilerplate
    /// occurrence: from the first byte of its first word to the last byte of its last word.
    pub fn byte_range(&self, docs: &[Document], range: align::WordRange) -> std::ops::Range<usize> {
        let text = &docs[range.doc as usize].text;
        let checkpoints = &self.checkpoints[range.doc as usize];
        let span_of = |word: u32| match self.range_ends.get(range.doc, word) {
            Some(found) => found,
            None => text::span_at(text, checkpoints, word as usize),
        };
        let start = span_of(range.start);
        let last = range.end.checked_sub(1).and_then(span_of);
        match (start, last) {
            (Some(s), Some(l)) if range.start < range.end => s.start as usize..l.end as usize,
            (Some(s), _) => s.start as usize..s.start as usize,
            _ => {
                let len = self.text_bytes[range.doc as usize];
                len..len
            }
        }
    }
}

/// Runs the whole scan over `docs` (in corpus order).
pub fn scan(docs: &[Document], cfg: &ScanConfig) -> ScanResult {
    scan_with_progress(docs, cfg, None, &Progress::new())
}

/// [`scan`], counting each stage's work on `progress` for a display (the results are the same);
/// with `--spin` and a `learned` spinner table, the documents judged spun are restored with it
/// (`spin::farm_restore::restore_with`), on the prose the detector read.
pub fn scan_with_progress(
    docs: &[Document],
    cfg: &ScanConfig,
    learned: Option<&LearnedTable>,
    progress: &Progress,
) -> ScanResult {
    let mut clock = StageClock::default();
    let sketcher = Sketcher::new(cfg);
    let (lsh, word_lsh) = sketcher.lsh();
    progress.start(Stage::Sketching, Some(docs.len()));
    let sketches: Vec<Sketch> = docs
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |shingles, (index, doc)| {
            let sketch = sketcher.sketch(index as u32, doc, cfg, shingles);
            progress.advance(1);
            sketch
        })
        .collect();
    clock.lap("sketch");

    let align_inputs: Vec<AlignInput<'_>> = sketches
        .iter()
        .map(|s| AlignInput {
            word_keys: &s.word_keys,
            fingerprints: &s.fingerprints,
        })
        .collect();
    let band_keys: Vec<&[u64]> = sketches.iter().map(|s| s.band_keys.as_slice()).collect();
    let word_band_keys: Vec<&[u64]> = sketches
        .iter()
        .map(|s| s.word_band_keys.as_slice())
        .collect();
    // The LSH candidate pairs do not depend on the passages: finding them alongside lets the
    // cores idle in the passage stage's serial parts do that work (the "passages" lap counts
    // both).
    let (passage_report, mut candidates) = rayon::join(
        || align::find_passages_with_progress(&align_inputs, &cfg.passages, progress),
        || {
            let mut pairs = dedup::candidate_pairs(&band_keys, lsh.bands);
            pairs.extend(dedup::candidate_pairs(&word_band_keys, word_lsh.bands));
            pairs
        },
    );
    drop(align_inputs);
    clock.lap("passages");

    // Round 1: every pair proposed by LSH or sharing a passage, judged on its passages.
    candidates.extend(passage_report.passages.iter().map(|p| (p.a.doc, p.b.doc)));
    candidates.par_sort_unstable();
    candidates.dedup();
    let mut aligned = AlignedByPair::new(&passage_report.passages);
    progress.start(Stage::Verifying, Some(candidates.len()));
    // what the verdict makes of a document, kept for round 2
    let mut verdict_inputs = VerdictInputs::new(&sketches);
    let mut duplicates = judge_pairs_with(
        &mut verdict_inputs,
        docs,
        &sketches,
        &candidates,
        &aligned,
        cfg,
        progress,
    );
    clock.lap("duplicates");

    // Round 2: pairs whose immutables align (spun copies), judged on all their passages.
    let mut passages = passage_report.passages;
    let mut all_candidates = candidates;
    let lengths: Vec<usize> = docs.iter().map(|d| d.text.len()).collect();
    if cfg.spun_copies {
        progress.start(Stage::PairingSpun, None);
        let first = cluster_documents(&lengths, &duplicates, cfg.keep);
        let report = find_spun(&sketches, &passages, &first, cfg);
        let judged: std::collections::HashSet<(u32, u32)> =
            duplicates.iter().map(Duplicate::pair).collect();
        let again = spun_pairs_to_judge(&report, &judged);
        aligned.add(&report.aligned);
        duplicates.extend(judge_pairs_with(
            &mut verdict_inputs,
            docs,
            &sketches,
            &again,
            &aligned,
            cfg,
            progress,
        ));
        all_candidates.extend(again);
        all_candidates.par_sort_unstable();
        all_candidates.dedup();
        passages.extend(report.passages);
    }
    clock.lap("spun");
    let (duplicates, clusters, passages) = settle(duplicates, passages, &lengths, cfg.keep, None);
    clock.lap("clusters");
    let spin = if cfg.spin {
        progress.start(Stage::ScoringSpin, Some(docs.len()));
        // spin detection reads prose only: non-prose runs blanked, offsets kept
        docs.par_iter()
            .zip(&sketches)
            .map(|(d, s)| {
                let prose = text::prose::blank_masked(&d.text, &s.mask);
                let mut report = spin::detect(&prose);
                if let Some(learned) = learned {
                    spin::farm_restore::restore_with(&mut report, &prose, learned);
                }
                progress.advance(1);
                report
            })
            .collect()
    } else {
        Vec::new()
    };
    clock.lap("spin");
    let word_counts: Vec<usize> = sketches.iter().map(|s| s.word_keys.len()).collect();
    let masked_words: Vec<usize> = sketches.iter().map(|s| s.mask.masked_words()).collect();
    let non_prose_share: Vec<f64> = (sketches.iter().zip(docs))
        .map(|(s, d)| s.mask.share(d.text.len()))
        .collect();
    let checkpoints: Vec<Vec<u32>> = sketches.into_iter().map(|s| s.checkpoints).collect();
    let reported = reported_ranges(&passages, &duplicates, &passage_report.boilerplate);
    let range_ends = offsets::RangeEnds::find(reported, |d| {
        (
            docs[d as usize].text.as_str(),
            checkpoints[d as usize].as_slice(),
        )
    });
    clock.lap("offsets");
    progress.start(Stage::Done, None);

    ScanResult {
        word_counts,
        masked_words,
        non_prose_share,
        checkpoints,
        range_ends,
        text_bytes: lengths,
        lsh,
        candidates: all_candidates,
        duplicates,
        clusters,
        passages,
        boilerplate: passage_report.boilerplate,
        pairs_aligned: passage_report.pairs_aligned,
        spin,
        stage_seconds: clock.laps,
    }
}

/// Times consecutive stages.
struct StageClock {
    last: std::time::Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Default for StageClock {
    fn default() -> Self {
        StageClock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl StageClock {
    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, (now - self.last).as_secs_f64()));
        self.last = now;
    }
}
