//! The Spark path's Rust side: the scan's stages (`copydesk::scan::stages`) over one task's
//! rows, so that `copydesk.spark` composes across tasks what `copydesk scan` composes in one
//! process, with the same functions.
//!
//! - [`sketch_rows`], per partition of documents: each document's stats, LSH band keys,
//!   winnowed fingerprints and immutables' fingerprints, which `crate::shuffle` cuts into
//!   blobs for the shuffles (and merges into candidate pairs and seeds on the other side);
//! - [`pair_round`], per partition of pairs with their seeds and the texts of their documents:
//!   round 1 (passages aligned from the seeds, the verdict on every candidate) or round 2
//!   (spun passages aligned from the immutables' seeds, the verdict on the pairs they join);
//! - [`first_clusters`], on the driver: the clusters of round 1, whose members after the first
//!   stay out of round 2's index;
//! - [`final_rows`], per partition of documents: boilerplate runs, and the spans of the words
//!   that the records give byte offsets for;
//! - [`assemble`], on the driver: clusters, the keep policy, the passages to report, and the
//!   JSON Lines, written by the library's one writer.
//!
//! Documents keep their corpus index (`idx`) in every task: a task's documents are numbered
//! locally in corpus order, so every comparison the stages make between documents is the one
//! the one-process scan makes.

use crate::wire::{self, Reader, Writer};
use copydesk::align::seeds::{self, Seed};
use copydesk::align::{self, AlignInput, immutable};
use copydesk::corpus::Document;
use copydesk::dedup::LshParams;
use copydesk::options::ScanOptions;
use copydesk::progress::Progress;
use copydesk::report::{ReportContext, emit, jsonl::JsonSink};
use copydesk::scan::offsets::RangeEnds;
use copydesk::scan::stages::{self, AlignedByPair, Sketch, Sketcher};
use copydesk::scan::{ScanConfig, ScanResult};
use copydesk::text::WordKey;
use rayon::prelude::*;

/// Little-endian i64 values (a Spark `long` column's data buffer).
pub fn longs(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|c| {
            let mut le = [0u8; 8];
            le.copy_from_slice(c);
            i64::from_le_bytes(le)
        })
        .collect()
}

/// Columns of i64 values as little-endian bytes, one vector per column.
#[derive(Default)]
pub struct Rows {
    pub kind: Vec<u8>,
    pub cols: [Vec<u8>; 4],
    pub x: Vec<u8>,
}

impl Rows {
    fn push(&mut self, kind: i8, values: [i64; 4], x: f64) {
        self.kind.push(kind as u8);
        for (col, v) in self.cols.iter_mut().zip(values) {
            col.extend_from_slice(&v.to_le_bytes());
        }
        self.x.extend_from_slice(&x.to_le_bytes());
    }
}

/// Sketches `texts` (documents `idx`, in any order): rows `(kind, c0, c1, c2, c3, x)` of
/// kind 0 (stats: idx, text bytes, words, non-prose words; x the non-prose share), 1 (band
/// key: idx, band (1000 + band for the content-word LSH), key), 2 (fingerprint: idx,
/// position, hash) and 3 (immutables' fingerprint: idx, position, hash; when spun pairs are
/// on).
pub fn sketch_rows(idx: &[i64], texts: &[&str], cfg: &ScanConfig) -> Rows {
    let sketcher = Sketcher::new(cfg);
    let per_doc: Vec<Rows> = idx
        .par_iter()
        .zip(texts)
        .map_init(
            || (Vec::new(), immutable::Scratch::default()),
            |(shingles, scratch), (&i, &text)| {
                let doc = Document::new("", text);
                let s = sketcher.sketch(i as u32, &doc, cfg, shingles);
                let mut rows = Rows::default();
                let words = s.word_keys.len() as i64;
                let masked = s.mask.masked_words() as i64;
                let share = s.mask.share(text.len());
                rows.push(0, [i, text.len() as i64, words, masked], share);
                for (band, &key) in s.band_keys.iter().enumerate() {
                    rows.push(1, [i, band as i64, key as i64, 0], 0.0);
                }
                for (band, &key) in s.word_band_keys.iter().enumerate() {
                    rows.push(1, [i, 1000 + band as i64, key as i64, 0], 0.0);
                }
                for f in &s.fingerprints {
                    rows.push(2, [i, i64::from(f.pos), f.hash as i64, 0], 0.0);
                }
                if cfg.spun_copies {
                    for f in immutable::fingerprints_with(&s.word_keys, &cfg.spun, scratch) {
                        rows.push(3, [i, i64::from(f.pos), f.hash as i64, 0], 0.0);
                    }
                }
                rows
            },
        )
        .collect();
    let mut all = Rows::default();
    for r in per_doc {
        all.kind.extend(r.kind);
        for (a, b) in all.cols.iter_mut().zip(r.cols) {
            a.extend(b);
        }
        all.x.extend(r.x);
    }
    all
}

/// One task's documents, numbered locally in corpus order, with their sketches.
struct Local {
    idx: Vec<u32>,
    docs: Vec<Document>,
    sketches: Vec<Sketch>,
}

impl Local {
    fn new(idx: &[i64], texts: &[&str], cfg: &ScanConfig) -> Local {
        let mut order: Vec<usize> = (0..idx.len()).collect();
        order.sort_unstable_by_key(|&i| idx[i]);
        order.dedup_by_key(|i| idx[*i]);
        let idx: Vec<u32> = order.iter().map(|&i| idx[i] as u32).collect();
        let docs: Vec<Document> = order.iter().map(|&i| Document::new("", texts[i])).collect();
        let sketcher = Sketcher::new(cfg);
        let sketches = idx
            .par_iter()
            .zip(&docs)
            .map_init(Vec::new, |shingles, (&i, doc)| {
                sketcher.sketch(i, doc, cfg, shingles)
            })
            .collect();
        Local {
            idx,
            docs,
            sketches,
        }
    }

    fn local(&self, doc: u32) -> Result<u32, String> {
        self.idx
            .binary_search(&doc)
            .map(|i| i as u32)
            .map_err(|_| format!("document {doc} of a pair is not among the task's rows"))
    }

    fn has(&self, doc: u32) -> bool {
        self.idx.binary_search(&doc).is_ok()
    }

    fn range_out(&self, r: align::WordRange) -> align::WordRange {
        align::WordRange {
            doc: self.idx[r.doc as usize],
            ..r
        }
    }

    fn range_in(&self, r: align::WordRange) -> Result<align::WordRange, String> {
        Ok(align::WordRange {
            doc: self.local(r.doc)?,
            ..r
        })
    }

    fn passage_out(&self, mut p: align::Passage) -> align::Passage {
        p.a = self.range_out(p.a);
        p.b = self.range_out(p.b);
        p
    }
}

/// The seeds of `seeds` (global numbering) in local numbering, sorted and deduplicated as the
/// index makes them.
fn local_seeds(local: &Local, seeds: &[Seed]) -> Result<Vec<Seed>, String> {
    let mut out = Vec::with_capacity(seeds.len());
    for s in seeds {
        out.push(Seed {
            a: local.local(s.a)?,
            b: local.local(s.b)?,
            ..*s
        });
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// What a pair task found: passages, copies and the candidate pairs judged, as blobs.
pub struct Found {
    pub passages: Vec<u8>,
    pub duplicates: Vec<u8>,
    pub candidates: Vec<u8>,
    /// How many pairs had two or more seeds (round 1's `pairs_aligned`).
    pub aligned_pairs: usize,
}

/// One round of the verdict over a task's pairs. Round 1: `pairs` (a, b, proposed by LSH)
/// and `seeds` of the words' fingerprints; round 2: `seeds` of the immutables' fingerprints,
/// `context` the round-1 passages and copies (blobs).
pub fn pair_round(
    round: u8,
    docs: (&[i64], &[&str]),
    pairs: &[(u32, u32)],
    seeds: &[Seed],
    context: (&[u8], &[u8]),
    cfg: &ScanConfig,
) -> Result<Found, String> {
    let local = Local::new(docs.0, docs.1, cfg);
    let seeds = local_seeds(&local, seeds)?;
    let groups: Vec<&[Seed]> = seeds
        .chunk_by(|x, y| (x.a, x.b) == (y.a, y.b))
        .filter(|g| g.len() >= 2)
        .collect();
    let aligned_pairs = groups.len();
    let progress = Progress::new();
    let (passages, candidates, aligned) = if round == 1 {
        let inputs: Vec<AlignInput<'_>> = local
            .sketches
            .iter()
            .map(|s| AlignInput {
                word_keys: &s.word_keys,
                fingerprints: &s.fingerprints,
            })
            .collect();
        let passages = align::align_seed_groups(&groups, &inputs[..], &cfg.passages, &progress);
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for &(a, b) in pairs {
            candidates.push((local.local(a)?, local.local(b)?));
        }
        candidates.extend(passages.iter().map(|p| (p.a.doc, p.b.doc)));
        candidates.sort_unstable();
        candidates.dedup();
        let aligned = AlignedByPair::new(&passages);
        (passages, candidates, aligned)
    } else {
        let mut copies = Vec::new();
        for p in wire::all(context.0, Reader::passage)? {
            if local.has(p.a.doc) && local.has(p.b.doc) {
                let (a, b) = (local.range_in(p.a)?, local.range_in(p.b)?);
                copies.push(align::Passage { a, b, ..p });
            }
        }
        let mut judged = std::collections::HashSet::new();
        for d in wire::all(context.1, Reader::duplicate)? {
            let (a, b) = d.pair();
            if local.has(a) && local.has(b) {
                judged.insert((local.local(a)?, local.local(b)?));
            }
        }
        let words: Vec<&[WordKey]> = local.sketches.iter().map(|s| &s.word_keys[..]).collect();
        let report = immutable::spun_of_groups(&words, &groups, &copies, &cfg.spun);
        let again = stages::spun_pairs_to_judge(&report, &judged);
        let mut aligned = AlignedByPair::new(&copies);
        aligned.add(&report.aligned);
        (report.passages, again, aligned)
    };
    let dups = stages::judge_pairs(
        &local.docs,
        &local.sketches,
        &candidates,
        &aligned,
        cfg,
        &progress,
    );
    let mut out = Writer::default();
    for p in passages {
        out.passage(&local.passage_out(p));
    }
    let passages = std::mem::take(&mut out.bytes);
    for mut d in dups {
        d.a = local.idx[d.a as usize];
        d.b = local.idx[d.b as usize];
        d.region_a = local.range_out(d.region_a);
        d.region_b = local.range_out(d.region_b);
        out.duplicate(&d);
    }
    let duplicates = std::mem::take(&mut out.bytes);
    for (a, b) in candidates {
        out.u32(local.idx[a as usize]);
        out.u32(local.idx[b as usize]);
    }
    Ok(Found {
        passages,
        duplicates,
        candidates: out.bytes,
        aligned_pairs,
    })
}

/// The copies of a blob in the order round 1 judged them (pair order).
fn copies_in_pair_order(blob: &[u8]) -> Result<Vec<copydesk::scan::Duplicate>, String> {
    let mut dups = wire::all(blob, Reader::duplicate)?;
    dups.sort_by_key(|d| (d.pair(), d.kind));
    Ok(dups)
}

/// Every document's component label from a blob of u32 labels (found on Spark), or `None`
/// for an empty blob (union-find on the driver then).
fn labels_of(blob: &[u8], docs: usize) -> Result<Option<Vec<u32>>, String> {
    if blob.is_empty() {
        return Ok(None);
    }
    let labels = wire::all(blob, Reader::u32)?;
    if labels.len() != docs {
        return Err(format!(
            "{} component labels for {docs} documents",
            labels.len()
        ));
    }
    Ok(Some(labels))
}

/// The pairs of a blob of copies, as two columns of i64 (the edges of the copy graph).
pub fn copy_pairs(dups: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for d in wire::all(dups, Reader::duplicate)? {
        let (x, y) = d.pair();
        a.extend_from_slice(&i64::from(x).to_le_bytes());
        b.extend_from_slice(&i64::from(y).to_le_bytes());
    }
    Ok((a, b))
}

/// The documents left out of round 2's index: the members after the first of each cluster of
/// the round-1 copies (`lengths`: every document's bytes, in corpus order; `labels` as
/// [`labels_of`] reads them).
pub fn first_clusters(
    dups: &[u8],
    lengths: &[usize],
    labels: &[u8],
    cfg: &ScanConfig,
) -> Result<Vec<u8>, String> {
    let dups = copies_in_pair_order(dups)?;
    let labels = labels_of(labels, lengths.len())?;
    let clusters = stages::cluster_documents_labelled(lengths, &dups, cfg.keep, labels.as_deref());
    let mut out = Writer::default();
    for c in &clusters {
        for &m in &c.members[1..] {
            out.u32(m);
        }
    }
    Ok(out.bytes)
}

/// Boilerplate runs and word spans of a partition's documents: `boilerplate` the hashes cut
/// as boilerplate (u64 blob), `ranges` every range the records may give byte offsets for
/// (word-range blob; each task takes its documents').
pub fn final_rows(
    docs: (&[i64], &[&str]),
    boilerplate: &[u8],
    ranges: &[u8],
    cfg: &ScanConfig,
) -> Result<(Vec<u8>, Vec<u8>), String> {
    let local = Local::new(docs.0, docs.1, cfg);
    let hashes: std::collections::HashSet<u64> =
        wire::all(boilerplate, Reader::u64)?.into_iter().collect();
    let runs: Vec<(align::WordRange, Vec<u64>)> = if hashes.is_empty() {
        Vec::new()
    } else {
        (local.idx.iter().zip(&local.sketches))
            .flat_map(|(&i, s)| {
                seeds::boilerplate_in_doc(
                    i,
                    &s.fingerprints,
                    |h| hashes.contains(&h),
                    &cfg.passages,
                )
            })
            .collect()
    };
    let mut wanted: Vec<align::WordRange> = Vec::new();
    for r in wire::all(ranges, Reader::range)? {
        if local.has(r.doc) {
            wanted.push(local.range_in(r)?);
        }
    }
    for (r, _) in &runs {
        wanted.push(local.range_in(*r)?);
    }
    let ends = RangeEnds::find(wanted.into_iter(), |d| {
        (
            local.docs[d as usize].text.as_str(),
            local.sketches[d as usize].checkpoints.as_slice(),
        )
    });
    let mut out = Writer::default();
    for run in &runs {
        out.run(run);
    }
    let runs = std::mem::take(&mut out.bytes);
    for ((doc, word), span) in ends.entries() {
        out.end(((local.idx[doc as usize], word), span));
    }
    Ok((runs, out.bytes))
}

/// Per-document figures of the corpus, in corpus order (from [`sketch_rows`]' stats rows).
pub struct Stats {
    pub bytes: Vec<usize>,
    pub words: Vec<usize>,
    pub masked: Vec<usize>,
    pub share: Vec<f64>,
}

/// What the driver gathered from the tasks, as blobs.
pub struct Gathered<'a> {
    pub duplicates: &'a [u8],
    pub passages: &'a [u8],
    pub runs: &'a [u8],
    pub ends: &'a [u8],
    pub candidates: &'a [u8],
    pub pairs_aligned: usize,
    /// Component labels found on Spark (u32 per document), or empty.
    pub labels: &'a [u8],
}

/// The JSON Lines of the scan, made from what the tasks found: the same stages and the same
/// writer as `copydesk scan --json`. The driver holds the ids and the records, no text.
pub fn assemble(
    ids: Vec<String>,
    stats: Stats,
    found: Gathered<'_>,
    opts: &ScanOptions,
) -> Result<Vec<u8>, String> {
    let cfg = opts.config();
    let dups = wire::all(found.duplicates, Reader::duplicate)?;
    let passages = wire::all(found.passages, Reader::passage)?;
    let mut runs = wire::all(found.runs, Reader::run)?;
    runs.sort_by_key(|r| r.0);
    let boilerplate = seeds::group_boilerplate_runs(&runs, &cfg.passages);
    let ends = RangeEnds::from_entries(wire::all(found.ends, Reader::end)?);
    let mut candidates: Vec<(u32, u32)> =
        wire::all(found.candidates, |r| Ok((r.u32()?, r.u32()?)))?;
    candidates.sort_unstable();
    candidates.dedup();
    let labels = labels_of(found.labels, stats.bytes.len())?;
    let (duplicates, clusters, passages) =
        stages::settle(dups, passages, &stats.bytes, cfg.keep, labels.as_deref());
    let n = ids.len();
    let result = ScanResult {
        word_counts: stats.words,
        masked_words: stats.masked,
        non_prose_share: stats.share,
        checkpoints: vec![Vec::new(); n],
        lsh: LshParams::for_threshold(cfg.threshold, cfg.permutations),
        candidates,
        duplicates,
        clusters,
        passages,
        boilerplate,
        pairs_aligned: found.pairs_aligned,
        spin: Vec::new(),
        stage_seconds: Vec::new(),
        range_ends: ends,
        text_bytes: stats.bytes,
    };
    let docs: Vec<Document> = ids
        .into_iter()
        .map(|id| {
            let mut d = Document::new(id, "");
            d.origin.encoding = Some("UTF-8");
            d
        })
        .collect();
    let ctx = ReportContext::new(&docs, &result, cfg, &[]);
    let mut sink = JsonSink::new(Vec::new());
    emit(&ctx, &mut sink).map_err(|e| e.to_string())?;
    Ok(sink.into_inner())
}
