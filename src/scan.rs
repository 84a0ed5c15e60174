//! The scan pipeline: from documents to duplicates, clusters, passages and boilerplate.
//!
//! Stages, each parallel over documents or pairs with rayon, each result sorted so the output
//! is the same whatever the thread count:
//! 1. sketch every document: words, shingle set, MinHash band keys, winnowed fingerprints;
//! 2. find shared passages from the fingerprints (`align`);
//! 3. propose duplicate pairs by LSH banding, add every pair that shares a passage, and verify
//!    each exactly on its shingle sets (`dedup`);
//! 4. cluster the verified pairs and apply the keep policy;
//! 5. pair spun copies with their sources on their immutable words (`align::immutable`), unless
//!    turned off: spun passages, and spun duplicates among pairs not already duplicates;
//! 6. score every document for synonym spinning (`spin`), unless turned off.
//!
//! `scan_with_progress` counts each stage's work on a `progress::Progress` for a display.

use crate::align::immutable::{self, SpunConfig};
use crate::align::{self, AlignInput, Boilerplate, MatchKind, Passage, PassageConfig};
use crate::corpus::Document;
use crate::dedup::{self, KeepPolicy, LshParams, cluster::Cluster};
use crate::progress::{Progress, Stage};
use crate::sketch::{minhash::MinHasher, shingle, winnow};
use crate::spin::{self, SpinReport};
use crate::text::{self, WordKey};
use rayon::prelude::*;

mod offsets;

/// Settings of a scan; `Default` gives the documented defaults.
#[derive(Debug, Clone, Copy)]
pub struct ScanConfig {
    /// Words per shingle for document similarity (default 5).
    pub shingle_words: usize,
    /// MinHash permutations (default 128).
    pub permutations: usize,
    /// Jaccard similarity at or above which two documents are near-duplicates (default 0.5).
    pub threshold: f64,
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
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            shingle_words: 5,
            permutations: 128,
            threshold: 0.5,
            containment: 0.9,
            keep: KeepPolicy::First,
            passages: PassageConfig::default(),
            spin: false,
            spun_copies: true,
            spun: SpunConfig::default(),
        }
    }
}

/// A verified near-duplicate pair (`a < b`, corpus indices).
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub a: u32,
    pub b: u32,
    /// Over 5-word shingle sets for a copy; over function-word shingle sets for a spun copy.
    pub jaccard: f64,
    pub containment: f64,
    pub kind: MatchKind,
}

/// Everything a scan found, with the words of each document for byte offsets.
pub struct ScanResult {
    /// Words per document.
    pub word_counts: Vec<usize>,
    /// Byte offsets of every 64th word per document, to find word spans again.
    pub checkpoints: Vec<Vec<u32>>,
    pub lsh: LshParams,
    pub candidates: usize,
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
    /// for `byte_range`.
    range_ends: offsets::RangeEnds,
}

impl ScanResult {
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
            _ => text.len()..text.len(),
        }
    }
}

/// What the scan keeps of a document: its words, LSH band keys and passage fingerprints.
/// Shingle sets for exact verification are rebuilt from the words, only for documents that
/// are part of a candidate pair.
struct Sketch {
    word_keys: Vec<WordKey>,
    checkpoints: Vec<u32>,
    band_keys: Vec<u64>,
    fingerprints: Vec<winnow::Fingerprint>,
}

/// Sketches one document; `shingles` is a scratch buffer reused from document to document
/// (one per rayon task), which spares an allocation, and its page faults, per document.
fn sketch(
    doc: &Document,
    cfg: &ScanConfig,
    hasher: &MinHasher,
    lsh: &LshParams,
    shingles: &mut Vec<u64>,
) -> Sketch {
    let (word_keys, checkpoints) = text::keys_and_checkpoints(&doc.text);
    shingle::shingles_into(&word_keys, cfg.shingle_words, shingles);
    let band_keys = if shingles.is_empty() {
        Vec::new()
    } else {
        lsh.band_keys(&hasher.signature(shingles))
    };
    if cfg.passages.shingle_words != cfg.shingle_words {
        shingle::shingles_into(&word_keys, cfg.passages.shingle_words, shingles);
    }
    let fingerprints = winnow::winnow(shingles, cfg.passages.window);
    Sketch {
        word_keys,
        checkpoints,
        band_keys,
        fingerprints,
    }
}

/// Runs the whole scan over `docs` (in corpus order).
pub fn scan(docs: &[Document], cfg: &ScanConfig) -> ScanResult {
    scan_with_progress(docs, cfg, &Progress::new())
}

/// [`scan`], counting each stage's work on `progress` for a display (the results are the same).
pub fn scan_with_progress(docs: &[Document], cfg: &ScanConfig, progress: &Progress) -> ScanResult {
    let mut clock = StageClock::default();
    let hasher = MinHasher::new(cfg.permutations);
    let lsh = LshParams::for_threshold(cfg.threshold, cfg.permutations);
    progress.start(Stage::Sketching, Some(docs.len()));
    let sketches: Vec<Sketch> = docs
        .par_iter()
        .map_init(Vec::new, |shingles, doc| {
            let sketch = sketch(doc, cfg, &hasher, &lsh, shingles);
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
    // The LSH candidate pairs do not depend on the passages: finding them alongside lets the
    // cores idle in the passage stage's serial parts do that work (the "passages" lap counts
    // both).
    let (passage_report, mut candidates) = rayon::join(
        || align::find_passages_with_progress(&align_inputs, &cfg.passages, progress),
        || dedup::candidate_pairs(&band_keys, lsh.bands),
    );
    drop(align_inputs);
    clock.lap("passages");

    candidates.extend(passage_report.passages.iter().map(|p| (p.a.doc, p.b.doc)));
    candidates.par_sort_unstable();
    candidates.dedup();
    progress.start(Stage::Verifying, Some(candidates.len()));
    let shingle_sets = candidate_shingle_sets(&sketches, &candidates, cfg.shingle_words);
    let duplicates: Vec<Duplicate> = candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            progress.advance(1);
            let (set_a, set_b) = (&shingle_sets[a as usize], &shingle_sets[b as usize]);
            let sim = dedup::verify_pair_if(set_a, set_b, |sim| {
                sim.jaccard >= cfg.threshold || sim.containment >= cfg.containment
            })?;
            Some(Duplicate {
                a,
                b,
                jaccard: sim.jaccard,
                containment: sim.containment,
                kind: MatchKind::Copy,
            })
        })
        .collect();
    clock.lap("duplicates");
    let pairs: Vec<(u32, u32)> = duplicates.iter().map(|d| (d.a, d.b)).collect();
    let lengths: Vec<usize> = docs.iter().map(|d| d.text.len()).collect();
    let clusters = dedup::clusters(docs.len(), &pairs, &lengths, cfg.keep);
    clock.lap("clusters");
    let mut duplicates = duplicates;
    let mut passages = passage_report.passages;
    if cfg.spun_copies {
        progress.start(Stage::PairingSpun, None);
        let (spun_dups, spun_passages) =
            find_spun(&sketches, &duplicates, &passages, &clusters, cfg);
        duplicates.extend(spun_dups);
        duplicates.sort_by_key(|d| (d.a, d.b, d.kind));
        passages.extend(spun_passages);
        passages.sort_by_key(|p| (p.a, p.b, p.kind));
    }
    clock.lap("spun");
    let spin = if cfg.spin {
        progress.start(Stage::ScoringSpin, Some(docs.len()));
        docs.par_iter()
            .map(|d| {
                let report = spin::detect(&d.text);
                progress.advance(1);
                report
            })
            .collect()
    } else {
        Vec::new()
    };
    clock.lap("spin");
    let word_counts: Vec<usize> = sketches.iter().map(|s| s.word_keys.len()).collect();
    let checkpoints: Vec<Vec<u32>> = sketches.into_iter().map(|s| s.checkpoints).collect();
    let reported = passages.iter().flat_map(|p| [p.a, p.b]).chain(
        passage_report
            .boilerplate
            .iter()
            .flat_map(|b| b.occurrences.iter().copied()),
    );
    let range_ends = offsets::RangeEnds::find(reported, |d| &docs[d as usize].text, &checkpoints);
    clock.lap("offsets");
    progress.start(Stage::Done, None);

    ScanResult {
        word_counts,
        checkpoints,
        range_ends,
        lsh,
        candidates: candidates.len(),
        duplicates,
        clusters,
        passages,
        boilerplate: passage_report.boilerplate,
        pairs_aligned: passage_report.pairs_aligned,
        spin,
        stage_seconds: clock.laps,
    }
}

/// Up to this many member pairs of two copy clusters joined by a spun pair are each checked;
/// beyond it, each member is checked against the other cluster's representative only.
const MAX_SPUN_MEMBER_PAIRS: usize = 1024;

/// Spun duplicates and spun passages (see `align::immutable`): pairs with a verified spun
/// passage that are not copies already become spun duplicates when their function-word
/// shingle sets pass the same Jaccard or containment threshold as copies. Nothing spun is
/// reported for a pair that is a copy duplicate.
///
/// Copies of one text share its immutables, so a text with more copies than
/// `SpunConfig::common_docs` would have all its fingerprints set aside as common, and its spun
/// copies would go unpaired. So only the first member of each copy cluster is indexed; a spun
/// pair found between two such representatives is then checked between every member of one
/// cluster and every member of the other (for large clusters, each member against the other
/// cluster's representative only: the remaining pairs follow through the clusters).
fn find_spun(
    sketches: &[Sketch],
    duplicates: &[Duplicate],
    passages: &[Passage],
    clusters: &[Cluster],
    cfg: &ScanConfig,
) -> (Vec<Duplicate>, Vec<Passage>) {
    let mut cluster_of: Vec<Option<usize>> = vec![None; sketches.len()];
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of[m as usize] = Some(c);
        }
    }
    let indexed = |d: usize| cluster_of[d].is_none_or(|c| clusters[c].members[0] as usize == d);
    let fingerprints: Vec<Vec<winnow::Fingerprint>> = sketches
        .par_iter()
        .enumerate()
        .map_init(immutable::Scratch::default, |scratch, (d, s)| {
            if indexed(d) {
                immutable::fingerprints_with(&s.word_keys, &cfg.spun, scratch)
            } else {
                Vec::new()
            }
        })
        .collect();
    let fingerprints: Vec<&[winnow::Fingerprint]> =
        fingerprints.iter().map(Vec::as_slice).collect();
    let words: Vec<&[WordKey]> = sketches.iter().map(|s| s.word_keys.as_slice()).collect();
    let report = immutable::find_spun(&words, &fingerprints, passages, &cfg.spun);
    let copies: std::collections::HashSet<(u32, u32)> =
        duplicates.iter().map(|d| (d.a, d.b)).collect();
    let members = |d: u32| -> Vec<u32> {
        cluster_of[d as usize].map_or(vec![d], |c| clusters[c].members.clone())
    };
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for &(a, b) in &report.pairs {
        let (ma, mb) = (members(a), members(b));
        if ma.len() * mb.len() <= MAX_SPUN_MEMBER_PAIRS {
            for &x in &ma {
                candidates.extend(mb.iter().map(|&y| (x.min(y), x.max(y))));
            }
        } else {
            candidates.extend(ma.iter().map(|&x| (x.min(b), x.max(b))));
            candidates.extend(mb.iter().map(|&y| (y.min(a), y.max(a))));
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let spun_dups: Vec<Duplicate> = candidates
        .par_iter()
        .filter(|pair| !copies.contains(pair))
        .filter_map(|&(a, b)| {
            let (jaccard, containment) = immutable::function_word_similarity(
                &sketches[a as usize].word_keys,
                &sketches[b as usize].word_keys,
                &cfg.spun,
            );
            (jaccard >= cfg.threshold || containment >= cfg.containment).then_some(Duplicate {
                a,
                b,
                jaccard,
                containment,
                kind: MatchKind::Spun,
            })
        })
        .collect();
    let spun_passages = report
        .passages
        .into_iter()
        .filter(|p| !copies.contains(&(p.a.doc, p.b.doc)))
        .collect();
    (spun_dups, spun_passages)
}

/// The sorted shingle sets of the documents named in `candidates`, indexed by document (empty
/// for the others).
fn candidate_shingle_sets(
    sketches: &[Sketch],
    candidates: &[(u32, u32)],
    k: usize,
) -> Vec<Vec<u64>> {
    let mut named = vec![false; sketches.len()];
    for &(a, b) in candidates {
        named[a as usize] = true;
        named[b as usize] = true;
    }
    sketches
        .par_iter()
        .zip(named)
        .map(|(sketch, named)| {
            if named {
                shingle::shingle_set(&sketch.word_keys, k)
            } else {
                Vec::new()
            }
        })
        .collect()
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
