//! The scan's stages as functions a front end composes: `scan_with_progress` runs them over
//! the whole corpus in one process, `copydesk.spark` runs the same functions across tasks
//! (sketches per partition, pairs per partition, clusters and assembly on the driver), so both
//! give the same records by construction.
//!
//! What is per document ([`sketch`]), what is per pair ([`judge_pairs`], the passage
//! alignment of a pair's seeds) and what is global (the fingerprint index and its boilerplate
//! cut, the LSH buckets, [`cluster_documents`], the final sort) is kept apart: a subset of the
//! corpus may be given to the per-document and per-pair stages as long as its documents keep
//! their corpus order (a document's index is passed to [`sketch`], which reads it).

use super::{CopyKind, Duplicate, ScanConfig};
use crate::align::immutable;
use crate::align::{Boilerplate, Passage, WordRange};
use crate::corpus::Document;
use crate::dedup::{self, JudgeConfig, KeepPolicy, LshParams, cluster::Cluster, judge};
use crate::progress::Progress;
use crate::sketch::{minhash::MinHasher, prose::ProseView, winnow};
use crate::text::{self, WordKey, prose::Mask};
use rayon::prelude::*;

/// What the scan keeps of a document: its words, LSH band keys and passage fingerprints.
/// Shingle sets for exact verification are rebuilt from the words, only for documents that
/// are part of a candidate pair.
pub struct Sketch {
    pub word_keys: Vec<WordKey>,
    pub checkpoints: Vec<u32>,
    pub band_keys: Vec<u64>,
    /// LSH band keys of the content-word set (see `ScanConfig::word_set_threshold`).
    pub word_band_keys: Vec<u64>,
    pub fingerprints: Vec<winnow::Fingerprint>,
    /// Its prose's content-word set (`sketch::prose::content_word_set`, which is
    /// `judge::content_word_set`'s): signed for the content-word
    /// LSH, and read by the verdict.
    pub word_set: Vec<WordKey>,
    /// Its non-prose runs (`text::prose`; their word keys are scrambled, see `sketch::prose`).
    pub mask: Mask,
}

/// The hashers and LSH settings every document is sketched with, made once per scan (or per
/// task) from its settings.
pub struct Sketcher {
    hasher: MinHasher,
    word_hasher: MinHasher,
    lsh: LshParams,
    word_lsh: LshParams,
}

impl Sketcher {
    pub fn new(cfg: &ScanConfig) -> Self {
        Sketcher {
            hasher: MinHasher::new(cfg.permutations),
            word_hasher: MinHasher::new(super::WORD_SET_PERMUTATIONS),
            lsh: LshParams::for_threshold(cfg.threshold, cfg.permutations),
            word_lsh: LshParams::for_threshold(
                cfg.word_set_threshold,
                super::WORD_SET_PERMUTATIONS,
            ),
        }
    }

    /// The LSH settings of the shingle signature and of the content-word set signature.
    pub fn lsh(&self) -> (LshParams, LshParams) {
        (self.lsh, self.word_lsh)
    }

    /// Sketches document `index` of the corpus (see [`sketch`]).
    pub fn sketch(
        &self,
        index: u32,
        doc: &Document,
        cfg: &ScanConfig,
        shingles: &mut Vec<u64>,
    ) -> Sketch {
        sketch(
            index,
            doc,
            cfg,
            (&self.hasher, &self.word_hasher),
            (&self.lsh, &self.word_lsh),
            shingles,
        )
    }
}

/// Sketches one document; `shingles` is a scratch buffer reused from document to document
/// (one per rayon task), which spares an allocation, and its page faults, per document.
pub fn sketch(
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
    let (word_set, content_words) = crate::sketch::prose::content_word_set(&word_keys, &mask);
    // a MinHash signature is a set's: signing the set gives that of every occurrence
    let word_band_keys = if content_words < super::MIN_WORD_SET_WORDS {
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

/// The aligned ranges of one pair: (side a, side b).
pub type AlignedRanges = Vec<(WordRange, WordRange)>;

/// The aligned passages of every pair, (side a, side b) word ranges by pair (`a.doc <
/// b.doc`), for the verdict's coverage.
pub struct AlignedByPair {
    ranges: Vec<((u32, u32), WordRange, WordRange)>,
}

impl AlignedByPair {
    pub fn new(passages: &[Passage]) -> Self {
        let mut me = AlignedByPair { ranges: Vec::new() };
        me.add(passages);
        me
    }

    pub fn add(&mut self, passages: &[Passage]) {
        self.ranges
            .extend(passages.iter().map(|p| ((p.a.doc, p.b.doc), p.a, p.b)));
        self.ranges.sort_unstable();
    }

    pub fn of(&self, pair: (u32, u32)) -> AlignedRanges {
        let from = self.ranges.partition_point(|r| r.0 < pair);
        self.ranges[from..]
            .iter()
            .take_while(|r| r.0 == pair)
            .map(|r| (r.1, r.2))
            .collect()
    }
}

/// What the verdict reads of each document besides its sketch, made for the documents of the
/// pairs judged and kept from one round of judging to the next: the scan's second round
/// (spun copies) judges pairs of documents the first round judged already (on the 55 MB
/// corpus, 2,491 of its 2,500 documents), whose shingle sets were made again (0.22 G
/// instructions of 11.5 G).
pub struct VerdictInputs {
    /// The prose view of each document with non-prose runs.
    views: Vec<Option<ProseView>>,
    /// The sorted shingle set of each document of a pair judged so far.
    shingle_sets: Vec<Option<Vec<u64>>>,
    /// The content words of each document, made on first use (`judge::ContentWords`).
    contents: Vec<std::sync::OnceLock<judge::ContentWords>>,
}

impl VerdictInputs {
    /// Nothing made yet but the prose views.
    pub fn new(sketches: &[Sketch]) -> Self {
        VerdictInputs {
            views: sketches
                .par_iter()
                .map(|s| (!s.mask.is_empty()).then(|| ProseView::new(&s.word_keys, &s.mask)))
                .collect(),
            shingle_sets: sketches.iter().map(|_| None).collect(),
            contents: sketches.iter().map(|_| Default::default()).collect(),
        }
    }

    /// Makes the shingle sets of the documents of `pairs` not made yet.
    fn add_shingle_sets(&mut self, sketches: &[Sketch], pairs: &[(u32, u32)], cfg: &ScanConfig) {
        let mut named = vec![false; sketches.len()];
        for &(a, b) in pairs {
            named[a as usize] = true;
            named[b as usize] = true;
        }
        self.shingle_sets
            .par_iter_mut()
            .zip(named)
            .enumerate()
            .for_each(|(d, (set, named))| {
                if named && set.is_none() {
                    let s = &sketches[d];
                    *set = Some(crate::sketch::prose::shingle_set(
                        &s.word_keys,
                        &s.mask,
                        cfg.shingle_words,
                    ));
                }
            });
    }
}

/// Judges `pairs` (sorted) in parallel (`dedup::judge`); the copies, in pair order. A
/// document with non-prose runs is judged on its prose words alone (`sketch::prose`): its
/// aligned ranges are read as prose words, and the verdict's ranges mapped back.
pub fn judge_pairs(
    docs: &[Document],
    sketches: &[Sketch],
    pairs: &[(u32, u32)],
    aligned: &AlignedByPair,
    cfg: &ScanConfig,
    progress: &Progress,
) -> Vec<Duplicate> {
    let mut inputs = VerdictInputs::new(sketches);
    judge_pairs_with(&mut inputs, docs, sketches, pairs, aligned, cfg, progress)
}

/// [`judge_pairs`], reading and adding to `inputs` (made for the same `sketches`), so that a
/// later round of judging makes nothing twice.
pub fn judge_pairs_with(
    inputs: &mut VerdictInputs,
    docs: &[Document],
    sketches: &[Sketch],
    pairs: &[(u32, u32)],
    aligned: &AlignedByPair,
    cfg: &ScanConfig,
    progress: &Progress,
) -> Vec<Duplicate> {
    // content-word sets (made with the sketches) first: they rule out most candidates that
    // share no passage, before the dearer shingle sets are made
    let word_sets: Vec<&[WordKey]> = sketches.iter().map(|s| s.word_set.as_slice()).collect();
    let pairs: Vec<((u32, u32), AlignedRanges)> = {
        let views = &inputs.views;
        let to_prose = |r: WordRange| match &views[r.doc as usize] {
            Some(view) => {
                let (start, end) = view.to_prose(r.start, r.end);
                WordRange { start, end, ..r }
            }
            None => r,
        };
        pairs
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
            .collect()
    };
    let kept: Vec<(u32, u32)> = pairs.iter().map(|p| p.0).collect();
    inputs.add_shingle_sets(sketches, &kept, cfg);
    let VerdictInputs {
        views,
        shingle_sets,
        contents,
    } = &*inputs;
    let prose_of = |d: usize| -> &[WordKey] {
        views[d]
            .as_ref()
            .map_or(&sketches[d].word_keys, |v| &v.keys)
    };
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
        shingles: shingle_sets[d as usize].as_deref().unwrap_or_default(),
        word_set: word_sets[d as usize],
        content: &contents[d as usize],
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

/// The pairs round 2 judges: those the spun-copy finder joined (`report.pairs`) that round 1
/// did not already find copies (`judged`).
pub fn spun_pairs_to_judge(
    report: &immutable::SpunReport,
    judged: &std::collections::HashSet<(u32, u32)>,
) -> Vec<(u32, u32)> {
    report
        .pairs
        .iter()
        .copied()
        .filter(|pair| !judged.contains(pair))
        .collect()
}

/// Clusters of the documents linked by `duplicates`; a cluster's kept document is never a
/// spun copy when it has another member.
pub fn cluster_documents(
    lengths: &[usize],
    duplicates: &[Duplicate],
    keep: KeepPolicy,
) -> Vec<Cluster> {
    cluster_documents_labelled(lengths, duplicates, keep, None)
}

/// [`cluster_documents`], with the components given as every document's label (the smallest
/// document of its component) when they were found elsewhere, else found here by union-find.
pub fn cluster_documents_labelled(
    lengths: &[usize],
    duplicates: &[Duplicate],
    keep: KeepPolicy,
    labels: Option<&[u32]>,
) -> Vec<Cluster> {
    let mut spun_copy = vec![false; lengths.len()];
    for d in duplicates.iter().filter(|d| d.kind == CopyKind::Spun) {
        spun_copy[d.b as usize] = true;
    }
    let found;
    let labels = match labels {
        Some(labels) => labels,
        None => {
            let pairs: Vec<(u32, u32)> = duplicates.iter().map(Duplicate::pair).collect();
            found = dedup::component_labels(lengths.len(), &pairs);
            &found
        }
    };
    dedup::cluster::clusters_of_labels(labels, lengths, keep, &spun_copy)
}

/// The copies, clusters and passages to report, from every copy judged (both rounds, in any
/// order) and every passage found: copies sorted by pair, clustered (`lengths`: each
/// document's bytes, for the keep policy; `labels` as [`cluster_documents_labelled`] takes
/// them), a spun copy named against one source, and the
/// passages between members of one cluster dropped (the duplicate records and the cluster
/// cover them), the rest sorted.
pub fn settle(
    mut duplicates: Vec<Duplicate>,
    mut passages: Vec<Passage>,
    lengths: &[usize],
    keep: KeepPolicy,
    labels: Option<&[u32]>,
) -> (Vec<Duplicate>, Vec<Cluster>, Vec<Passage>) {
    duplicates.sort_by_key(|d| (d.pair(), d.kind));
    let clusters = cluster_documents_labelled(lengths, &duplicates, keep, labels);
    let duplicates = one_source_per_spun_copy(duplicates);
    let mut cluster_of: Vec<u32> = vec![u32::MAX; lengths.len()];
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
    (duplicates, clusters, passages)
}

/// Every word range the output gives byte offsets for: passage sides, copy regions and
/// boilerplate occurrences (their end words go into `ScanResult::range_ends`).
pub fn reported_ranges<'a>(
    passages: &'a [Passage],
    duplicates: &'a [Duplicate],
    boilerplate: &'a [Boilerplate],
) -> impl Iterator<Item = WordRange> + 'a {
    passages
        .iter()
        .flat_map(|p| [p.a, p.b])
        .chain(duplicates.iter().flat_map(|d| [d.region_a, d.region_b]))
        .chain(
            boilerplate
                .iter()
                .flat_map(|b| b.occurrences.iter().copied()),
        )
}

/// A spun copy is named once, against its best source (the widest coverage of the copy, then
/// the earliest source): its other sources are in its cluster, copies of that one.
pub fn one_source_per_spun_copy(duplicates: Vec<Duplicate>) -> Vec<Duplicate> {
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
pub fn find_spun(
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
