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

use crate::align::immutable::{self, SpunConfig};
use crate::align::{self, AlignInput, Boilerplate, Passage, PassageConfig, WordRange};
use crate::corpus::Document;
use crate::dedup::{self, JudgeConfig, KeepPolicy, LshParams, cluster::Cluster, judge};
use crate::progress::{Progress, Stage};
use crate::sketch::{minhash::MinHasher, prose::ProseView, winnow};
use crate::spin::{self, SpinReport};
use crate::text::{self, WordKey, prose::Mask};
use rayon::prelude::*;

mod offsets;

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
    /// for `byte_range`.
    range_ends: offsets::RangeEnds,
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
    /// LSH band keys of the content-word set (see `ScanConfig::word_set_threshold`).
    word_band_keys: Vec<u64>,
    fingerprints: Vec<winnow::Fingerprint>,
    /// Its prose's content-word set (`judge::content_word_set`): signed for the content-word
    /// LSH, and read by the verdict.
    word_set: Vec<WordKey>,
    /// Its non-prose runs (`text::prose`; their word keys are scrambled, see `sketch::prose`).
    mask: Mask,
}

/// Sketches one document; `shingles` is a scratch buffer reused from document to document
/// (one per rayon task), which spares an allocation, and its page faults, per document.
fn sketch(
    index: u32,
    doc: &Document,
    cfg: &ScanConfig,
    hashers: (&MinHasher, &MinHasher),
    lsh: (&LshParams, &LshParams),
    shingles: &mut Vec<u64>,
) -> Sketch {
    let (hasher, word_hasher) = hashers;
    let (lsh, word_lsh) = lsh;
    let (mut word_keys, checkpoints, mask) = text::keys_checkpoints_and_mask(&doc.text);
    crate::sketch::prose::scramble(&mut word_keys, &mask, index);
    let prose_words = mask
        .prose_segments(word_keys.len())
        .flat_map(|segment| word_keys[segment].iter().copied());
    let (word_set, content_words) = judge::content_word_set(prose_words);
    // a MinHash signature is a set's: signing the set gives that of every occurrence
    let word_band_keys = if content_words < MIN_WORD_SET_WORDS {
        Vec::new()
    } else {
        shingles.clear();
        shingles.extend(word_set.iter().map(|&w| u64::from(w)));
        word_lsh.band_keys(&word_hasher.signature(shingles))
    };
    crate::sketch::prose::shingles_into(&word_keys, &mask, cfg.shingle_words, shingles);
    let band_keys = if shingles.is_empty() {
        Vec::new()
    } else {
        lsh.band_keys(&hasher.signature(shingles))
    };
    if cfg.passages.shingle_words != cfg.shingle_words {
        crate::sketch::prose::shingles_into(
            &word_keys,
            &mask,
            cfg.passages.shingle_words,
            shingles,
        );
    }
    let fingerprints = winnow::winnow(shingles, cfg.passages.window);
    Sketch {
        word_keys,
        checkpoints,
        band_keys,
        word_band_keys,
        fingerprints,
        word_set,
        mask,
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
    let word_hasher = MinHasher::new(WORD_SET_PERMUTATIONS);
    let word_lsh = LshParams::for_threshold(cfg.word_set_threshold, WORD_SET_PERMUTATIONS);
    progress.start(Stage::Sketching, Some(docs.len()));
    let sketches: Vec<Sketch> = docs
        .par_iter()
        .enumerate()
        .map_init(Vec::new, |shingles, (index, doc)| {
            let sketch = sketch(
                index as u32,
                doc,
                cfg,
                (&hasher, &word_hasher),
                (&lsh, &word_lsh),
                shingles,
            );
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
    let mut duplicates = judge_pairs(docs, &sketches, &candidates, &aligned, cfg, progress);
    clock.lap("duplicates");

    // Round 2: pairs whose immutables align (spun copies), judged on all their passages.
    let mut passages = passage_report.passages;
    let mut all_candidates = candidates;
    if cfg.spun_copies {
        progress.start(Stage::PairingSpun, None);
        let first = cluster_documents(docs, &duplicates, cfg.keep);
        let report = find_spun(&sketches, &passages, &first, cfg);
        let judged: std::collections::HashSet<(u32, u32)> =
            duplicates.iter().map(Duplicate::pair).collect();
        let again: Vec<(u32, u32)> = report
            .pairs
            .iter()
            .copied()
            .filter(|pair| !judged.contains(pair))
            .collect();
        aligned.add(&report.aligned);
        duplicates.extend(judge_pairs(
            docs, &sketches, &again, &aligned, cfg, progress,
        ));
        all_candidates.extend(again);
        all_candidates.par_sort_unstable();
        all_candidates.dedup();
        passages.extend(report.passages);
    }
    duplicates.sort_by_key(|d| (d.pair(), d.kind));
    clock.lap("spun");
    let clusters = cluster_documents(docs, &duplicates, cfg.keep);
    let duplicates = one_source_per_spun_copy(duplicates);
    // a pair of copies is reported once, as a duplicate or through their cluster, not also
    // by its passages
    let mut cluster_of: Vec<u32> = vec![u32::MAX; docs.len()];
    for (c, cluster) in clusters.iter().enumerate() {
        for &m in &cluster.members {
            cluster_of[m as usize] = c as u32;
        }
    }
    passages.retain(|p| {
        let (ca, cb) = (cluster_of[p.a.doc as usize], cluster_of[p.b.doc as usize]);
        ca == u32::MAX || ca != cb
    });
    passages.sort_by_key(|p| (p.a, p.b, p.kind));
    clock.lap("clusters");
    let spin = if cfg.spin {
        progress.start(Stage::ScoringSpin, Some(docs.len()));
        // spin detection reads prose only: non-prose runs blanked, offsets kept
        docs.par_iter()
            .zip(&sketches)
            .map(|(d, s)| {
                let report = spin::detect(&text::prose::blank_masked(&d.text, &s.mask));
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
    let reported = passages
        .iter()
        .flat_map(|p| [p.a, p.b])
        .chain(duplicates.iter().flat_map(|d| [d.region_a, d.region_b]))
        .chain(
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
        masked_words,
        non_prose_share,
        checkpoints,
        range_ends,
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

/// The aligned ranges of one pair: (side a, side b).
type AlignedRanges = Vec<(WordRange, WordRange)>;

/// The aligned passages of every pair, (side a, side b) word ranges by pair (`a.doc <
/// b.doc`), for the verdict's coverage.
struct AlignedByPair {
    ranges: Vec<((u32, u32), WordRange, WordRange)>,
}

impl AlignedByPair {
    fn new(passages: &[Passage]) -> Self {
        let mut me = AlignedByPair { ranges: Vec::new() };
        me.add(passages);
        me
    }

    fn add(&mut self, passages: &[Passage]) {
        self.ranges
            .extend(passages.iter().map(|p| ((p.a.doc, p.b.doc), p.a, p.b)));
        self.ranges.sort_unstable();
    }

    fn of(&self, pair: (u32, u32)) -> AlignedRanges {
        let from = self.ranges.partition_point(|r| r.0 < pair);
        self.ranges[from..]
            .iter()
            .take_while(|r| r.0 == pair)
            .map(|r| (r.1, r.2))
            .collect()
    }
}

/// Judges `pairs` (sorted) in parallel (`dedup::judge`); the copies, in pair order. A
/// document with non-prose runs is judged on its prose words alone (`sketch::prose`): its
/// aligned ranges are read as prose words, and the verdict's ranges mapped back.
fn judge_pairs(
    docs: &[Document],
    sketches: &[Sketch],
    pairs: &[(u32, u32)],
    aligned: &AlignedByPair,
    cfg: &ScanConfig,
    progress: &Progress,
) -> Vec<Duplicate> {
    let views: Vec<Option<ProseView>> = sketches
        .par_iter()
        .map(|s| (!s.mask.is_empty()).then(|| ProseView::new(&s.word_keys, &s.mask)))
        .collect();
    let prose_of = |d: usize| -> &[WordKey] {
        views[d]
            .as_ref()
            .map_or(&sketches[d].word_keys, |v| &v.keys)
    };
    // content-word sets (made with the sketches) first: they rule out most candidates that
    // share no passage, before the dearer shingle sets are made
    let word_sets: Vec<&[WordKey]> = sketches.iter().map(|s| s.word_set.as_slice()).collect();
    let to_prose = |r: WordRange| match &views[r.doc as usize] {
        Some(view) => {
            let (start, end) = view.to_prose(r.start, r.end);
            WordRange { start, end, ..r }
        }
        None => r,
    };
    let pairs: Vec<((u32, u32), AlignedRanges)> = pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let mut ranges = aligned.of((a, b));
            if views[a as usize].is_some() || views[b as usize].is_some() {
                ranges = ranges
                    .into_iter()
                    .map(|(ra, rb)| (to_prose(ra), to_prose(rb)))
                    .filter(|(ra, rb)| ra.start < ra.end && rb.start < rb.end)
                    .collect();
            }
            let worth = judge::worth_judging(
                word_sets[a as usize],
                word_sets[b as usize],
                !ranges.is_empty(),
            );
            if !worth {
                progress.advance(1);
            }
            worth.then_some(((a, b), ranges))
        })
        .collect();
    let kept: Vec<(u32, u32)> = pairs.iter().map(|p| p.0).collect();
    let shingle_sets = sets_of(sketches.len(), &kept, |d| {
        let s = &sketches[d];
        crate::sketch::prose::shingle_set(&s.word_keys, &s.mask, cfg.shingle_words)
    });
    let judge_cfg = JudgeConfig {
        coverage: cfg.coverage,
        threshold: cfg.threshold,
        containment: cfg.containment,
        word_set_threshold: cfg.word_set_threshold,
        every_substitution: cfg.every_substitution,
    };
    let side = |d: u32| judge::Side {
        doc: d,
        words: prose_of(d as usize),
        positions: views[d as usize].as_ref().map(|v| v.positions.as_slice()),
        masked: sketches[d as usize].mask.masked_words(),
        mostly_non_prose: sketches[d as usize]
            .mask
            .mostly_non_prose(docs[d as usize].text.len()),
        text: &docs[d as usize].text,
        shingles: &shingle_sets[d as usize],
        word_set: word_sets[d as usize],
    };
    let to_words = |r: WordRange| match &views[r.doc as usize] {
        Some(view) => {
            let words = sketches[r.doc as usize].word_keys.len() as u32;
            let (start, end) = view.to_words(r.start, r.end, words);
            WordRange { start, end, ..r }
        }
        None => r,
    };
    pairs
        .par_iter()
        .filter_map(|((a, b), ranges)| {
            progress.advance(1);
            let mut dup = judge::judge(side(*a), side(*b), ranges, &judge_cfg)?;
            dup.region_a = to_words(dup.region_a);
            dup.region_b = to_words(dup.region_b);
            Some(dup)
        })
        .collect()
}

/// Clusters of the documents linked by `duplicates`; a cluster's kept document is never a
/// spun copy when it has another member.
fn cluster_documents(
    docs: &[Document],
    duplicates: &[Duplicate],
    keep: KeepPolicy,
) -> Vec<Cluster> {
    let pairs: Vec<(u32, u32)> = duplicates.iter().map(Duplicate::pair).collect();
    let lengths: Vec<usize> = docs.iter().map(|d| d.text.len()).collect();
    let mut spun_copy = vec![false; docs.len()];
    for d in duplicates.iter().filter(|d| d.kind == CopyKind::Spun) {
        spun_copy[d.b as usize] = true;
    }
    dedup::clusters_avoiding(docs.len(), &pairs, &lengths, keep, &spun_copy)
}

/// A spun copy is named once, against its best source (the widest coverage of the copy, then
/// the earliest source): its other sources are in its cluster, copies of that one.
fn one_source_per_spun_copy(duplicates: Vec<Duplicate>) -> Vec<Duplicate> {
    let mut best: std::collections::HashMap<u32, (f64, u32)> = Default::default();
    for d in duplicates.iter().filter(|d| d.kind == CopyKind::Spun) {
        let entry = best.entry(d.b).or_insert((d.coverage_b, d.a));
        if d.coverage_b > entry.0 || (d.coverage_b == entry.0 && d.a < entry.1) {
            *entry = (d.coverage_b, d.a);
        }
    }
    duplicates
        .into_iter()
        .filter(|d| d.kind != CopyKind::Spun || best[&d.b].1 == d.a)
        .collect()
}

/// The spun-copy finder (`align::immutable`) over the corpus.
///
/// Copies of one text share its immutables, so a text with more copies than
/// `SpunConfig::common_docs` would have all its fingerprints set aside as common, and its spun
/// copies would go unpaired. So only the first member of each cluster of round one is
/// indexed: a spun copy is paired with that member, and joins the others through it.
fn find_spun(
    sketches: &[Sketch],
    passages: &[Passage],
    clusters: &[Cluster],
    cfg: &ScanConfig,
) -> immutable::SpunReport {
    let mut indexed = vec![true; sketches.len()];
    for cluster in clusters {
        for &m in &cluster.members[1..] {
            indexed[m as usize] = false;
        }
    }
    let fingerprints: Vec<Vec<winnow::Fingerprint>> = sketches
        .par_iter()
        .enumerate()
        .map_init(immutable::Scratch::default, |scratch, (d, s)| {
            if indexed[d] {
                immutable::fingerprints_with(&s.word_keys, &cfg.spun, scratch)
            } else {
                Vec::new()
            }
        })
        .collect();
    let fingerprints: Vec<&[winnow::Fingerprint]> =
        fingerprints.iter().map(Vec::as_slice).collect();
    let words: Vec<&[WordKey]> = sketches.iter().map(|s| s.word_keys.as_slice()).collect();
    immutable::find_spun(&words, &fingerprints, passages, &cfg.spun)
}

/// `make(doc)` for each document named in `pairs`, indexed by document (empty for the
/// others).
fn sets_of<T: Send>(
    docs: usize,
    pairs: &[(u32, u32)],
    make: impl Fn(usize) -> Vec<T> + Sync,
) -> Vec<Vec<T>> {
    let mut named = vec![false; docs];
    for &(a, b) in pairs {
        named[a as usize] = true;
        named[b as usize] = true;
    }
    named
        .into_par_iter()
        .enumerate()
        .map(|(d, named)| if named { make(d) } else { Vec::new() })
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
