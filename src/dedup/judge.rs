//! Copies judged by alignment: whether a candidate pair is a copy, what kind, and which side
//! is the source.
//!
//! Sketches only propose pairs. A pair is judged on what aligning it shows, in this order:
//! 1. **Where the texts align**: the passages aligned between the two (ordinary passages, and
//!    alignments of immutables, which survive spinning). When they cover less than `coverage`
//!    of a document but the two content-word sets are alike (`word_set_threshold`), the pair
//!    is aligned again by a patience diff of its content words, whose dense regions
//!    ([`MIN_REGION_DENSITY`]) count as aligned too: a copy with a third of its words edited
//!    has few unchanged 10-word runs left, but its words are still there, in order.
//! 2. **How much aligns, one to one**: the aligned blocks, in order, and the gaps between them
//!    that are short ([`MAX_GAP_DIFFED`]) or of like length on both sides
//!    ([`MAX_IN_PLACE_GAP`]) are diffed word by word (`align::word_diff`) into words matched,
//!    substituted in place, inserted and deleted. The *coverage* of a document is its share of
//!    words matched or substituted. A pair is a copy when the shorter document's coverage is
//!    at least `coverage` (default 0.8). A copy with one word in ten changed keeps few shingles
//!    but is covered end to end, which is why coverage, not shingle overlap, decides; and the
//!    diff, not the passages' spans, measures it, since a passage that crosses small edits
//!    also spans the differing lines of two pages made from one template. Shingle Jaccard and
//!    containment still make a copy of texts too short to hold a passage and of copies whose
//!    passages were set aside as boilerplate (more than `boilerplate_docs` copies); their
//!    coverage is then read off the diff of their aligned blocks, or of their content-word
//!    regions, or of the whole texts when nothing aligns.
//! 3. **The kind**, first rule that holds: `exact` (the same words), `spun` (substitutions
//!    dominate, at least [`MIN_SUBSTITUTIONS`] of them, at least [`MIN_SYNONYM_SHARE`] of
//!    them link synonyms in the thesaurus, in at least [`MIN_DISTINCT_SYNONYMS`] distinct
//!    pairs), `contained` (the longer document is covered less
//!    than `coverage`: the shorter sits inside it), `near` (anything else: edits).
//! 4. **The direction** of a spun pair: the spinner writes words that fit their context worse
//!    than the ones it replaced, so each substitution leans towards the side whose phrase the
//!    CMU Sphinx trigram model (`spin::wide`, by its own word indices: no SymSpell model to
//!    build) finds likelier between the shared neighbouring words, by the difference in log
//!    probability, clipped at [`MAX_MARGIN`] nats (a signature pair, a replacement only
//!    spinners make, adds [`SIGNATURE_NATS`]). The side the leans add up to is the source; its
//!    share of the total is the pair's confidence. A tie goes to the document earlier in the
//!    corpus. Summed leans beat one vote per substitution (40 of 40 directions right at a 5 %
//!    spin on a SOTU calibration corpus, against 35); trigrams beat the SymSpell bigrams where
//!    substitutions are few (copies benchmark, seed 1: 37 and 39 of 40 right at 2 and 5 % of
//!    words spun, against 34 and 37). Sphinx alone against Sphinx mixed with SymSpell, as
//!    restoration mixes them: 235 against 236 of 238 spun pairs (seed 1), 232 and 232 of 236
//!    (seed 2), for 0.12 s and 40 MB less (BENCHMARKS.md).
//!
//! This is the only place where a pair's kind and direction are decided: reports and the
//! spinner learner read them from the [`Duplicate`].

use crate::align::WordRange;
use crate::align::immutable::is_function_word;
use crate::align::word_diff::{self, DiffCounts};
use crate::spin::{self, synonyms::Synonyms, wide::WideModel};
use crate::text::{self, WordKey};

/// How a pair of documents is a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CopyKind {
    /// The same words (after normalisation).
    Exact,
    /// Edited: insertions, deletions, scattered replacements.
    Near,
    /// Words and phrases replaced in place by synonyms; `a` is the source, `b` the copy.
    Spun,
    /// One document is mostly inside the other; `a` is the container.
    Contained,
}

impl CopyKind {
    /// The `kind` value of the JSON Lines output.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
            CopyKind::Spun => "spun",
            CopyKind::Contained => "contained",
        }
    }
}

/// Settings of the verdict; `Default` gives the documented defaults.
#[derive(Debug, Clone, Copy)]
pub struct JudgeConfig {
    /// Share of the shorter document that aligned passages must cover (default 0.8).
    pub coverage: f64,
    /// Shingle Jaccard from which a pair is a copy whatever its coverage (default 0.5).
    pub threshold: f64,
    /// Shingle containment from which a pair is a copy whatever its coverage (default 0.9).
    pub containment: f64,
    /// Jaccard of the two content-word sets from which a pair that its passages do not cover
    /// is aligned again by a diff of its content words (default 0.5; see [`judge`]).
    pub word_set_threshold: f64,
}

impl Default for JudgeConfig {
    fn default() -> Self {
        JudgeConfig {
            coverage: 0.8,
            threshold: 0.5,
            containment: 0.9,
            word_set_threshold: 0.5,
        }
    }
}

/// Fewest substitutions for a spun verdict.
pub const MIN_SUBSTITUTIONS: usize = 3;
/// Lowest share of a pair's substitutions that link thesaurus synonyms for a spun verdict.
pub const MIN_SYNONYM_SHARE: f64 = 0.3;
/// Fewest distinct synonym pairs among a spun pair's substitutions: a spinner swaps many
/// words, two pages of one template differ in one word many times ("vertical" and
/// "horizontal" throughout two widget manuals).
pub const MIN_DISTINCT_SYNONYMS: usize = 3;
/// Substituted words must outnumber inserted and deleted ones this many times for a spun
/// verdict: a spinner keeps the length.
pub const SUBSTITUTION_DOMINANCE: f64 = 2.0;
/// Largest share, in nats, that one substitution's language-model margin adds to the
/// direction: a word the model has never seen must not outweigh the rest.
pub const MAX_MARGIN: f64 = 5.0;
/// What a signature pair (a replacement only spinners make) adds to the direction, in nats.
pub const SIGNATURE_NATS: f64 = 5.0;
/// ln P of a word the Sphinx model does not know, in a direction's context fit: about one in
/// ten million, below the rarest words it lists.
pub const UNKNOWN_WORD_LN_P: f32 = -16.0;
/// The Sphinx model by its own word indices, and its index from word hashes.
type SphinxAlone = (WideModel, rustc_hash::FxHashMap<u64, u32>);
/// Substitutions named as evidence in a spun pair's record.
pub const EVIDENCE_PAIRS: usize = 5;

/// One substitution of a spun pair, as text: the source's wording and the copy's.
#[derive(Debug, Clone, PartialEq)]
pub struct SubstitutionText {
    pub original: String,
    pub spun: String,
    /// Whether a thesaurus (or a signature pair) links the two.
    pub synonym: bool,
    /// ln P(original in context) - ln P(spun in context), by the bigram model: how much better
    /// the original reads between the shared neighbouring words.
    pub margin: f32,
}

/// The evidence of a spun pair.
#[derive(Debug, Clone, PartialEq)]
pub struct SpunEvidence {
    /// Every substitution, in the copy's order.
    pub substitutions: Vec<SubstitutionText>,
    /// Share of the substitutions that link synonyms.
    pub synonym_share: f64,
    /// Share of the direction evidence on the source's side (0.5-1).
    pub confidence: f64,
}

impl SpunEvidence {
    /// The first few substitutions that link synonyms, for a record's `evidence`.
    pub fn examples(&self) -> impl Iterator<Item = &SubstitutionText> {
        self.substitutions
            .iter()
            .filter(|s| s.synonym)
            .take(EVIDENCE_PAIRS)
    }
}

/// A verified copy pair. For `Spun`, `a` is the source and `b` the copy; for `Contained`, `a`
/// is the container; otherwise `a < b`.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub a: u32,
    pub b: u32,
    pub kind: CopyKind,
    /// Share of each document's words aligned one to one with the other (equal or substituted
    /// in place) in the word diff of the aligned blocks (for a pair judged on shingles alone, in
    /// the diff of the whole texts).
    pub coverage_a: f64,
    pub coverage_b: f64,
    /// The aligned region of each side: from the first aligned word to the last.
    pub region_a: WordRange,
    pub region_b: WordRange,
    /// The word diff of the two regions, read from `a` to `b`.
    pub diff: DiffCounts,
    /// Exact shingle Jaccard and containment.
    pub jaccard: f64,
    pub containment: f64,
    pub spun: Option<SpunEvidence>,
}

impl Duplicate {
    /// The pair in corpus order.
    pub fn pair(&self) -> (u32, u32) {
        (self.a.min(self.b), self.a.max(self.b))
    }

    /// Share of the aligned words substituted in place (both sides).
    pub fn changed_rate(&self) -> f64 {
        let d = &self.diff;
        let words = self.region_a.len() + self.region_b.len();
        ratio((d.substituted_old + d.substituted_new) as usize, words)
    }

    /// Share of `b`'s aligned words that are not in `a` (outside substitutions).
    pub fn inserted_rate(&self) -> f64 {
        ratio(self.diff.inserted as usize, self.region_b.len())
    }

    /// Share of `a`'s aligned words that are not in `b` (outside substitutions).
    pub fn deleted_rate(&self) -> f64 {
        ratio(self.diff.deleted as usize, self.region_a.len())
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// One side of a candidate pair, as the verdict needs it.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub doc: u32,
    pub words: &'a [WordKey],
    pub text: &'a str,
    /// Sorted, repeat-free shingle set (for Jaccard and containment).
    pub shingles: &'a [u64],
    /// Sorted, repeat-free set of its content words' keys ([`content_word_set`]).
    pub word_set: &'a [u64],
}

/// Content words from which a document's word set can rule out a pair (shorter texts are
/// always judged).
pub const MIN_GATED_WORDS: usize = 10;
/// Lowest share of the smaller content-word set found in the other for a pair that shares no
/// aligned passage to be judged at all: a copy by any of the verdict's paths (coverage, a
/// content-word alignment, shingle Jaccard or containment) shares most of its words.
pub const MIN_WORD_SET_CONTAINMENT: f64 = 0.5;

/// Whether a candidate pair is worth judging: it shares aligned passages, or its content-word
/// sets (sorted) overlap enough to hold a copy.
pub fn worth_judging(a: &[u64], b: &[u64], has_aligned: bool) -> bool {
    let smaller = a.len().min(b.len());
    if has_aligned || smaller < MIN_GATED_WORDS {
        return true;
    }
    let shared = crate::sketch::shingle::intersection_size(a, b);
    shared as f64 >= MIN_WORD_SET_CONTAINMENT * smaller as f64
}

/// Lowest density of equal content words (2·matched / words spanned on both sides) of a
/// region aligned by the content-word diff: the passage finder's lowest similarity.
pub const MIN_REGION_DENSITY: f64 = 0.5;
/// Fewest equal content words of such a region.
pub const MIN_REGION_MATCHED: usize = 10;

/// The sorted set of a document's content words (those that are not function words), as
/// `u64` keys: what [`JudgeConfig::word_set_threshold`] compares.
pub fn content_word_set(words: &[WordKey]) -> Vec<u64> {
    let mut set: Vec<u64> = words
        .iter()
        .filter(|&&w| !is_function_word(w))
        .map(|&w| u64::from(w))
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Regions of two documents aligned by a diff of their content words (function words left
/// out, so that unrelated prose does not align on its "the" and "of"), as word ranges.
fn content_regions(a: &Side<'_>, b: &Side<'_>) -> Vec<(WordRange, WordRange)> {
    let content = |side: &Side<'_>| -> (Vec<WordKey>, Vec<u32>) {
        side.words
            .iter()
            .enumerate()
            .filter(|(_, w)| !is_function_word(**w))
            .map(|(i, &w)| (w, i as u32))
            .unzip()
    };
    let ((ka, pa), (kb, pb)) = (content(a), content(b));
    let range = |doc: u32, pos: &[u32], r: std::ops::Range<usize>| WordRange {
        doc,
        start: pos[r.start],
        end: pos[r.end - 1] + 1,
    };
    word_diff::dense_regions(&ka, &kb, MIN_REGION_DENSITY, MIN_REGION_MATCHED)
        .into_iter()
        .map(|(ra, rb)| (range(a.doc, &pa, ra), range(b.doc, &pb, rb)))
        .collect()
}

/// Judges one candidate pair (`a.doc < b.doc`) given the passages aligned between them
/// (`aligned`: (side a, side b) word ranges, any order, possibly overlapping). `None` when it
/// is not a copy.
pub fn judge(
    a: Side<'_>,
    b: Side<'_>,
    aligned: &[(WordRange, WordRange)],
    cfg: &JudgeConfig,
) -> Option<Duplicate> {
    let (len_a, len_b) = (a.words.len(), b.words.len());
    if len_a == 0 || len_b == 0 {
        return None;
    }
    let coverage = |aligned: &[(WordRange, WordRange)]| {
        let covered_a = covered_words(aligned.iter().map(|p| p.0));
        let covered_b = covered_words(aligned.iter().map(|p| p.1));
        (ratio(covered_a, len_a), ratio(covered_b, len_b))
    };
    let shorter_of = |(ca, cb): (f64, f64)| if len_a <= len_b { ca } else { cb };
    let mut aligned = std::borrow::Cow::Borrowed(aligned);
    let (mut coverage_a, mut coverage_b) = coverage(&aligned);
    // the passages' cover is a first, cheap reading: the diff below has the last word
    let alike_lengths = len_a.min(len_b) as f64 >= cfg.coverage * len_a.max(len_b) as f64;
    let short_of = |(ca, cb): (f64, f64)| {
        shorter_of((ca, cb)) < cfg.coverage || (alike_lengths && ca.min(cb) < cfg.coverage)
    };
    if short_of((coverage_a, coverage_b))
        && word_set_jaccard(a.word_set, b.word_set) >= cfg.word_set_threshold
    {
        // a heavily edited copy: too few unchanged runs for passages, but its words are there
        // (also run when only the longer side is short of coverage but the two are about as
        // long, so that an edited copy is not mistaken for one contained in the other)
        aligned.to_mut().extend(content_regions(&a, &b));
        (coverage_a, coverage_b) = coverage(&aligned);
    }
    let aligned: &[(WordRange, WordRange)] = &aligned;
    let exact = a.words == b.words;
    let whole = |side: &Side<'_>| WordRange {
        doc: side.doc,
        start: 0,
        end: side.words.len() as u32,
    };
    let one_to_one = |d: &word_diff::WordDiff| {
        let c = &d.counts;
        (
            ratio((c.matched + c.substituted_old) as usize, len_a),
            ratio((c.matched + c.substituted_new) as usize, len_b),
        )
    };
    // the aligned blocks, diffed: the passages say where two texts align, the diff how many of
    // their words do, one to one (a passage crossing small edits also spans a templated page's
    // differing lines; the diff does not count them)
    let mut judged = None;
    if exact {
        let counts = DiffCounts {
            matched: len_a as u32,
            ..DiffCounts::default()
        };
        let diff = word_diff::WordDiff {
            counts,
            substitutions: Vec::new(),
        };
        judged = Some((diff, (1.0, 1.0), (whole(&a), whole(&b))));
    } else if shorter_of((coverage_a, coverage_b)) >= cfg.coverage {
        let diff = diff_blocks(a.words, b.words, &aligned_blocks(aligned));
        let covered = one_to_one(&diff);
        if shorter_of(covered) >= cfg.coverage {
            let regions = (
                hull(a.doc, aligned.iter().map(|p| p.0)),
                hull(b.doc, aligned.iter().map(|p| p.1)),
            );
            judged = Some((diff, covered, regions));
        }
    }
    let keep = |s: &crate::dedup::PairSimilarity| {
        s.jaccard >= cfg.threshold || s.containment >= cfg.containment
    };
    let (sim, (diff, (coverage_a, coverage_b), (region_a, region_b))) = match judged {
        Some(judged) => (crate::dedup::verify_pair(a.shingles, b.shingles), judged),
        None => {
            // too short for passages, or passages set aside as boilerplate: shingles decide
            let sim = crate::dedup::verify_pair_if(a.shingles, b.shingles, keep)?;
            // the aligned blocks again, or where there are none (passages set aside as
            // boilerplate) those of the content words; the whole texts only when nothing aligns
            let found;
            let blocks = if aligned.is_empty() {
                found = content_regions(&a, &b);
                &found
            } else {
                aligned
            };
            let diff = if blocks.is_empty() {
                word_diff::diff(a.words, b.words)
            } else {
                diff_blocks(a.words, b.words, &aligned_blocks(blocks))
            };
            let covered = one_to_one(&diff);
            (sim, (diff, covered, (whole(&a), whole(&b))))
        }
    };
    let mut dup = Duplicate {
        a: a.doc,
        b: b.doc,
        kind: CopyKind::Near,
        coverage_a,
        coverage_b,
        region_a,
        region_b,
        diff: diff.counts,
        jaccard: sim.jaccard,
        containment: sim.containment,
        spun: None,
    };
    let longer = if len_a <= len_b {
        coverage_b
    } else {
        coverage_a
    };
    dup.kind = if exact {
        CopyKind::Exact
    } else if let Some(evidence) = spun_evidence(&a, &b, &diff) {
        let source_is_a = evidence.1;
        dup.spun = Some(evidence.0);
        if !source_is_a {
            dup = dup.reversed();
        }
        CopyKind::Spun
    } else if longer < cfg.coverage {
        if len_a < len_b {
            dup = dup.reversed();
        }
        CopyKind::Contained
    } else {
        CopyKind::Near
    };
    Some(dup)
}

impl Duplicate {
    /// The same pair read from `b` to `a` (the evidence, already read source to copy, stays).
    fn reversed(self) -> Duplicate {
        let d = self.diff;
        Duplicate {
            a: self.b,
            b: self.a,
            coverage_a: self.coverage_b,
            coverage_b: self.coverage_a,
            region_a: self.region_b,
            region_b: self.region_a,
            diff: DiffCounts {
                matched: d.matched,
                substituted_old: d.substituted_new,
                substituted_new: d.substituted_old,
                inserted: d.deleted,
                deleted: d.inserted,
            },
            ..self
        }
    }
}

fn word_set_jaccard(a: &[u64], b: &[u64]) -> f64 {
    let shared = crate::sketch::shingle::intersection_size(a, b);
    ratio(shared, a.len() + b.len() - shared)
}

/// Longest gap, in words on either side, between two aligned blocks that is diffed whatever its
/// sides' lengths; a longer one is text the two documents do not share, counted as deleted and
/// inserted undiffed (which bounds the diff's cost by the aligned text, not by the documents'
/// lengths), unless its sides are about as long ([`MAX_IN_PLACE_GAP`]).
pub const MAX_GAP_DIFFED: usize = 64;

/// Longest gap between two aligned blocks that is diffed when its two sides are within 10 % of
/// each other's length (see [`MAX_GAP_DIFFED`]).
pub const MAX_IN_PLACE_GAP: usize = 1024;

/// The aligned ranges of a pair as blocks in the order of both documents: ranges that overlap
/// on either side merged into one, and a block that would go backwards on side b (a
/// transposed passage) dropped.
fn aligned_blocks(aligned: &[(WordRange, WordRange)]) -> Vec<(WordRange, WordRange)> {
    let mut ranges = aligned.to_vec();
    ranges.sort_unstable_by_key(|r| (r.0.start, r.1.start));
    let mut blocks: Vec<(WordRange, WordRange)> = Vec::with_capacity(ranges.len());
    for (ra, rb) in ranges {
        match blocks.last_mut() {
            Some((la, lb)) if ra.start < la.end || rb.start < lb.end => {
                if rb.end <= lb.start {
                    continue; // before the block on side b: out of order
                }
                la.end = la.end.max(ra.end);
                lb.start = lb.start.min(rb.start);
                lb.end = lb.end.max(rb.end);
            }
            _ => blocks.push((ra, rb)),
        }
    }
    blocks
}

/// The word diff of a pair read block by block: each aligned block, and each gap between two
/// blocks of at most [`MAX_GAP_DIFFED`] words on both sides; the words of longer gaps count as
/// deleted and inserted. Substitutions are indexed in the whole documents.
fn diff_blocks(
    a: &[WordKey],
    b: &[WordKey],
    blocks: &[(WordRange, WordRange)],
) -> word_diff::WordDiff {
    let mut out = word_diff::WordDiff::default();
    let mut add = |ra: std::ops::Range<usize>, rb: std::ops::Range<usize>| {
        let piece = word_diff::diff(&a[ra.clone()], &b[rb.clone()]);
        let c = &mut out.counts;
        c.matched += piece.counts.matched;
        c.substituted_old += piece.counts.substituted_old;
        c.substituted_new += piece.counts.substituted_new;
        c.inserted += piece.counts.inserted;
        c.deleted += piece.counts.deleted;
        out.substitutions
            .extend(
                piece
                    .substitutions
                    .into_iter()
                    .map(|s| word_diff::Substitution {
                        old_start: s.old_start + ra.start as u32,
                        new_start: s.new_start + rb.start as u32,
                        ..s
                    }),
            );
    };
    let mut previous: Option<(WordRange, WordRange)> = None;
    let mut undiffed = (0u32, 0u32);
    for &(ra, rb) in blocks {
        if let Some((pa, pb)) = previous {
            let (gap_a, gap_b) = (
                pa.end as usize..ra.start.max(pa.end) as usize,
                pb.end as usize..rb.start.max(pb.end) as usize,
            );
            let (la, lb) = (gap_a.len(), gap_b.len());
            let short = la <= MAX_GAP_DIFFED && lb <= MAX_GAP_DIFFED;
            // a long gap of the same length on both sides is where the words were replaced in
            // place (a spun stretch no passage covers), not text the two do not share
            let in_place = la.max(lb) <= MAX_IN_PLACE_GAP && 10 * la.abs_diff(lb) <= la.max(lb);
            if short || in_place {
                add(gap_a, gap_b);
            } else {
                undiffed.0 += gap_a.len() as u32;
                undiffed.1 += gap_b.len() as u32;
            }
        }
        add(
            ra.start as usize..ra.end as usize,
            rb.start as usize..rb.end as usize,
        );
        previous = Some((ra, rb));
    }
    out.counts.deleted += undiffed.0;
    out.counts.inserted += undiffed.1;
    out
}

/// Number of distinct words in a set of ranges of one document.
fn covered_words(ranges: impl Iterator<Item = WordRange>) -> usize {
    let mut spans: Vec<(u32, u32)> = ranges.map(|r| (r.start, r.end)).collect();
    spans.sort_unstable();
    let mut covered = 0usize;
    let mut reach = 0u32;
    for (start, end) in spans {
        let start = start.max(reach);
        if end > start {
            covered += (end - start) as usize;
            reach = end;
        }
    }
    covered
}

/// From the first word of any range to the last.
fn hull(doc: u32, ranges: impl Iterator<Item = WordRange>) -> WordRange {
    let mut out = WordRange {
        doc,
        start: u32::MAX,
        end: 0,
    };
    for r in ranges {
        out.start = out.start.min(r.start);
        out.end = out.end.max(r.end);
    }
    if out.start > out.end {
        out.start = 0;
    }
    out
}

/// The evidence that `b` is a spun copy of `a` or the reverse, with `true` when `a` is the
/// source; `None` when the diff is not a spinner's (see the module doc).
fn spun_evidence(
    a: &Side<'_>,
    b: &Side<'_>,
    diff: &word_diff::WordDiff,
) -> Option<(SpunEvidence, bool)> {
    let c = &diff.counts;
    let substituted = f64::from(c.substituted_old + c.substituted_new) / 2.0;
    let indels = f64::from(c.inserted + c.deleted);
    if diff.substitutions.len() < MIN_SUBSTITUTIONS || substituted < SUBSTITUTION_DOMINANCE * indels
    {
        return None;
    }
    let (words_a, words_b) = (text::tokenize(a.text), text::tokenize(b.text));
    if words_a.len() != a.words.len() || words_b.len() != b.words.len() {
        return None; // not the texts the keys were made from
    }
    // where each substitution sits on both sides, its texts and whether a thesaurus links them
    let thesaurus = spin::synonyms::synonyms();
    let located: Vec<(Location, Location, bool)> = diff
        .substitutions
        .iter()
        .map(|s| {
            let at_a = Location::new(a.text, &words_a, s.old_start as usize, s.old_len as usize);
            let at_b = Location::new(b.text, &words_b, s.new_start as usize, s.new_len as usize);
            let linked = thesaurus.link(&at_a.text, &at_b.text).is_some()
                || word_by_word_link(thesaurus, &at_a.text, &at_b.text);
            (at_a, at_b, linked)
        })
        .collect();
    let linked = located.iter().filter(|l| l.2).count();
    let synonym_share = linked as f64 / located.len() as f64;
    let mut distinct: Vec<(&str, &str)> = located
        .iter()
        .filter(|l| l.2)
        .map(|l| (l.0.text.as_str(), l.1.text.as_str()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if synonym_share < MIN_SYNONYM_SHARE || distinct.len() < MIN_DISTINCT_SYNONYMS {
        return None;
    }
    // the direction: only now is the language model needed
    let sphinx = spin::model::sphinx_alone();
    let mut substitutions = Vec::with_capacity(located.len());
    // the evidence that a is the source (positive) or b (negative), in nats, per substitution
    let mut leans = Vec::with_capacity(located.len());
    for (at_a, at_b, synonym) in located {
        let margin =
            at_a.context_fit(sphinx, a.text, &words_a) - at_b.context_fit(sphinx, b.text, &words_b);
        let mut lean = f64::from(margin).clamp(-MAX_MARGIN, MAX_MARGIN);
        if thesaurus.is_signature(&at_b.text, &at_a.text) {
            lean += SIGNATURE_NATS;
        }
        if thesaurus.is_signature(&at_a.text, &at_b.text) {
            lean -= SIGNATURE_NATS;
        }
        leans.push(lean);
        substitutions.push((at_a.text, at_b.text, synonym, margin));
    }
    let for_a: f64 = leans.iter().filter(|&&l| l > 0.0).sum();
    let for_b: f64 = -leans.iter().filter(|&&l| l < 0.0).sum::<f64>();
    let source_is_a = for_a >= for_b;
    let confidence = for_a.max(for_b) / (for_a + for_b).max(f64::MIN_POSITIVE);
    let substitutions = substitutions
        .into_iter()
        .map(|(pa, pb, synonym, margin)| {
            let (original, spun, margin) = if source_is_a {
                (pa, pb, margin)
            } else {
                (pb, pa, -margin)
            };
            SubstitutionText {
                original,
                spun,
                synonym,
                margin,
            }
        })
        .collect();
    Some((
        SpunEvidence {
            substitutions,
            synonym_share,
            confidence: confidence.max(0.5),
        },
        source_is_a,
    ))
}

/// A substituted phrase in its document: its words' indices and its normalised text.
struct Location {
    start: usize,
    len: usize,
    text: String,
}

impl Location {
    fn new(text: &str, words: &text::Words, start: usize, len: usize) -> Location {
        let mut phrase = String::new();
        for i in start..start + len {
            if !phrase.is_empty() {
                phrase.push(' ');
            }
            phrase.push_str(&text::normalize_word(&text[words.spans[i].range()]));
        }
        Location {
            start,
            len,
            text: phrase,
        }
    }

    /// ln P of the phrase between its neighbours under `scorer`: each of its words, and the
    /// word after it, given the two words before each.
    fn context_fit(&self, sphinx: &SphinxAlone, text: &str, words: &text::Words) -> f32 {
        let (model, index) = sphinx;
        let id = |i: usize| {
            let (word, hash) = (&text[words.spans[i].range()], words.hashes[i]);
            index.get(&hash).copied().or_else(|| {
                // "U.S" as "us", "nation's" as "nation", as the SymSpell model reads them
                let norm = text::normalize_word(word);
                let plain = norm.replace('.', "");
                let stem = norm.strip_suffix("'s").unwrap_or(&norm);
                [plain.as_str(), stem]
                    .into_iter()
                    .find_map(|w| index.get(&text::word_hash(w)).copied())
            })
        };
        let before = |k: usize| self.start.checked_sub(k).and_then(id);
        let (mut prev2, mut prev) = (before(2), before(1));
        let mut lp = 0.0;
        let end = (self.start + self.len + 1).min(words.len());
        for i in self.start..end {
            let w = id(i);
            lp += w
                .and_then(|w| model.trigram(prev2, prev, w))
                .unwrap_or(UNKNOWN_WORD_LN_P);
            (prev2, prev) = (prev, w);
        }
        lp
    }
}

/// A substitution of as many words as it replaces (two or more) is linked when each word pair
/// that differs is.
fn word_by_word_link(thesaurus: &Synonyms, a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    wa.len() == wb.len()
        && wa.len() > 1
        && wa
            .iter()
            .zip(&wb)
            .filter(|(x, y)| x != y)
            .all(|(x, y)| thesaurus.link(x, y).is_some())
}

#[cfg(test)]
mod tests;
