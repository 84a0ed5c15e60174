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
//! Steps 3 and 4 read at most [`VERDICT_SUBSTITUTIONS`] (128) substitutions, evenly spread:
//! past that, more change no verdict but cost a thesaurus and a language-model lookup each.
//! On the copies benchmark 128 keeps every kind and direction of reading them all (seed 1:
//! 237 of 240 directions right, seed 2: 235 of 239; `--learn` precision 0.995) for a tenth
//! less scan time; 64 lost a direction (236 of 240) and, through it, `--learn` precision
//! (0.987). `--learn` asks for every substitution's evidence, which changes no verdict.
//!
//! This is the only place where a pair's kind and direction are decided: reports and the
//! spinner learner read them from the [`Duplicate`].

use super::{PairSimilarity, verify_pair, verify_pair_if};
use crate::align::WordRange;
use crate::align::function_words;
use crate::align::word_diff::{self, DiffCounts};
use crate::text::WordKey;
use std::sync::OnceLock;

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
    /// A spun pair's evidence lists every substitution, not only the
    /// [`VERDICT_SUBSTITUTIONS`] its verdict reads (the spinner learner asks for them all;
    /// the verdict is the same either way).
    pub every_substitution: bool,
}

impl Default for JudgeConfig {
    fn default() -> Self {
        JudgeConfig {
            coverage: 0.8,
            threshold: 0.5,
            containment: 0.9,
            word_set_threshold: 0.5,
            every_substitution: false,
        }
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
    /// Its prose words' keys (all its words when it has no non-prose run).
    pub words: &'a [WordKey],
    /// The word index in `text` of each of `words`, when they are not all its words (a
    /// document with non-prose runs, `sketch::prose::ProseView`); `None`: word `i` is `words[i]`.
    pub positions: Option<&'a [u32]>,
    /// Its words in non-prose runs (`text::prose`), left out of `words`.
    pub masked: usize,
    /// Whether it is mostly non-prose (`text::prose::Mask::mostly_non_prose`): it is then
    /// not compared at all, since the little prose left (in mail, mostly headers) would
    /// make its verdicts.
    pub mostly_non_prose: bool,
    pub text: &'a str,
    /// Sorted, repeat-free shingle set (for Jaccard and containment).
    pub shingles: &'a [u64],
    /// Sorted, repeat-free set of its content words' keys ([`content_word_set`]).
    pub word_set: &'a [WordKey],
    /// Its content words for the content-word diff, made on first use: one cell per
    /// document, shared by every pair it is judged in ([`ContentWords`]).
    pub content: &'a OnceLock<ContentWords>,
}

impl Side<'_> {
    fn content_words(&self) -> &ContentWords {
        self.content.get_or_init(|| ContentWords::of(self.words))
    }
}

/// A document's content words as the content-word diff reads them ([`content_regions`]):
/// their keys (function words left out, so that unrelated prose does not align on its "the"
/// and "of"), the index of each in the side's words, and those that occur once (the patience
/// anchors' candidates). Made once per document, however many pairs it is judged in: on the
/// 55 MB corpus, 633 documents make the 6,430 sides of the content-word diffs.
#[derive(Debug, Default)]
pub struct ContentWords {
    keys: Vec<WordKey>,
    positions: Vec<u32>,
    /// `None` over [`word_diff::CHUNK_WORDS`] content words (diffed in chunks, each with
    /// its own unique words).
    unique: Option<word_diff::Unique>,
}

impl ContentWords {
    fn of(words: &[WordKey]) -> ContentWords {
        // room for every word: no vector grows word by word
        let mut keys = Vec::with_capacity(words.len());
        let mut positions = Vec::with_capacity(words.len());
        let table = function_words::table();
        for (&w, i) in words.iter().zip(0u32..) {
            if !table.contains(w) {
                keys.push(w);
                positions.push(i);
            }
        }
        let unique = (keys.len() <= word_diff::CHUNK_WORDS).then(|| word_diff::Unique::of(&keys));
        ContentWords {
            keys,
            positions,
            unique,
        }
    }
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
pub fn worth_judging(a: &[WordKey], b: &[WordKey], has_aligned: bool) -> bool {
    let smaller = a.len().min(b.len());
    if has_aligned || smaller < MIN_GATED_WORDS {
        return true;
    }
    // the merge stops as soon as the shared words can no longer reach the containment
    verify_pair_if(a, b, |s| s.containment >= MIN_WORD_SET_CONTAINMENT).is_some()
}

/// Lowest density of equal content words (2·matched / words spanned on both sides) of a
/// region aligned by the content-word diff: the passage finder's lowest similarity.
pub const MIN_REGION_DENSITY: f64 = 0.5;
/// Fewest equal content words of such a region.
pub const MIN_REGION_MATCHED: usize = 10;

/// The sorted set of a document's content words (those of `words` that are not function
/// words), and how many content words it has with repeats: what
/// [`JudgeConfig::word_set_threshold`] compares. The plain statement of it: the scan makes the
/// same set branch-free while it sketches (`sketch::prose::content_word_set`, tested against
/// this one), and the judge's tests build their inputs with this one.
pub fn content_word_set(words: impl IntoIterator<Item = WordKey>) -> (Vec<WordKey>, usize) {
    let mut set: Vec<WordKey> = Vec::new();
    let table = function_words::table();
    // `for_each`: a document's prose comes as a chain of slices, walked slice by slice
    words.into_iter().for_each(|w| {
        if !table.contains(w) {
            set.push(w);
        }
    });
    let count = set.len();
    // word keys are folded hashes: spread evenly
    (crate::align::bucket_sort::spread::sorted_set(set), count)
}

/// Regions of two documents aligned by a diff of their content words ([`ContentWords`]), as
/// word ranges.
fn content_regions(a: &Side<'_>, b: &Side<'_>) -> Vec<(WordRange, WordRange)> {
    let (ca, cb) = (a.content_words(), b.content_words());
    let range = |doc: u32, pos: &[u32], r: std::ops::Range<usize>| WordRange {
        doc,
        start: pos[r.start],
        end: pos[r.end - 1] + 1,
    };
    let unique = ca.unique.as_ref().zip(cb.unique.as_ref());
    word_diff::dense_regions_with(
        &ca.keys,
        &cb.keys,
        unique,
        MIN_REGION_DENSITY,
        MIN_REGION_MATCHED,
    )
    .into_iter()
    .map(|(ra, rb)| {
        (
            range(a.doc, &ca.positions, ra),
            range(b.doc, &cb.positions, rb),
        )
    })
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
    // only prose is compared: lengths and shares are of prose words (`text::prose`)
    let (len_a, len_b) = (a.words.len(), b.words.len());
    if len_a == 0 || len_b == 0 || a.mostly_non_prose || b.mostly_non_prose {
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
    // the content-word alignment, once made
    let mut content: Option<Vec<(WordRange, WordRange)>> = None;
    // the passages' cover is a first, cheap reading: the diff below has the last word
    let alike_lengths = len_a.min(len_b) as f64 >= cfg.coverage * len_a.max(len_b) as f64;
    let short_of = |(ca, cb): (f64, f64)| {
        shorter_of((ca, cb)) < cfg.coverage || (alike_lengths && ca.min(cb) < cfg.coverage)
    };
    // (the merge of the two sets stops once their Jaccard can no longer reach the threshold)
    let alike_words = || {
        verify_pair_if(a.word_set, b.word_set, |s| {
            s.jaccard >= cfg.word_set_threshold
        })
        .is_some()
    };
    if short_of((coverage_a, coverage_b)) && alike_words() {
        // a heavily edited copy: too few unchanged runs for passages, but its words are there
        // (also run when only the longer side is short of coverage but the two are about as
        // long, so that an edited copy is not mistaken for one contained in the other)
        let regions = content_regions(&a, &b);
        aligned.to_mut().extend(regions.iter().copied());
        content = Some(regions);
        (coverage_a, coverage_b) = coverage(&aligned);
    }
    let aligned: &[(WordRange, WordRange)] = &aligned;
    let exact = a.words == b.words && a.masked == 0 && b.masked == 0;
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
    // the aligned blocks' diff, when made and found short of coverage: the shingle path below
    // reads the same blocks
    let mut blocks_diff = None;
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
        } else {
            blocks_diff = Some(diff);
        }
    }
    let keep = |s: &PairSimilarity| s.jaccard >= cfg.threshold || s.containment >= cfg.containment;
    let (sim, (diff, (coverage_a, coverage_b), (region_a, region_b))) = match judged {
        Some(judged) => (verify_pair(a.shingles, b.shingles), judged),
        None => {
            // too short for passages, or passages set aside as boilerplate: shingles decide
            let sim = verify_pair_if(a.shingles, b.shingles, keep)?;
            // the aligned blocks again, or where there are none (passages set aside as
            // boilerplate) those of the content words; the whole texts only when nothing aligns
            let diff = match blocks_diff {
                Some(diff) => diff,
                None => {
                    let blocks = if aligned.is_empty() {
                        &*content.get_or_insert_with(|| content_regions(&a, &b))
                    } else {
                        aligned
                    };
                    if blocks.is_empty() {
                        word_diff::diff(a.words, b.words)
                    } else {
                        diff_blocks(a.words, b.words, &aligned_blocks(blocks))
                    }
                }
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
    } else if let Some(evidence) = spun_evidence(&a, &b, &diff, cfg.every_substitution) {
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

mod blocks;
mod spun;

pub use blocks::{MAX_GAP_DIFFED, MAX_IN_PLACE_GAP};
use blocks::{aligned_blocks, covered_words, diff_blocks, hull};
use spun::spun_evidence;
pub use spun::{
    EVIDENCE_PAIRS, MAX_MARGIN, MIN_DISTINCT_SYNONYMS, MIN_SUBSTITUTIONS, MIN_SYNONYM_SHARE,
    SIGNATURE_NATS, SUBSTITUTION_DOMINANCE, SpunEvidence, SubstitutionText, UNKNOWN_WORD_LN_P,
    VERDICT_SUBSTITUTIONS,
};

#[cfg(test)]
mod tests;
