//! The unspinner: detection and restoration of one document, as a frozen, `Sync` object.
//!
//! `analyze` runs two passes of the Viterbi restoration (`restore.rs`):
//! 1. with fixed detection settings (the low cost of a spun document, a high thesaurus cost), to
//!    measure the evidence (`detect.rs`);
//! 2. if the document is judged spun, again with the restoration settings of spun text (where
//!    the text is densely spun, as its broken collocations tell, thesaurus candidates need far
//!    less evidence: see `DENSE_THESAURUS_COST`), then a third time with a consistency prior
//!    for every swap restored confidently once (the spinner is context-blind, so "navy" ->
//!    "military" where the context is clear supports it where the context says little);
//!    otherwise with the high cost of honest text, where only overwhelming evidence changes a
//!    word.
//!
//! Each pass runs over the document a window at a time (`window.rs`), and only sums (the
//! evidence) and the set of confident swaps pass from one pass to the next, so a document of any
//! length is restored in bounded memory; a window ends at a clause boundary, where the search
//! keeps no context, so the result is the same as one search over the whole document.
//!
//! The embedded model (language model and dictionary) is built once per process, on first use,
//! and shared. An `Unspinner` with user pairs owns a copy of the dictionary with the pairs added.

use super::detect::Evidence;
use super::dictionary::{Dictionary, Source};
use super::edit::{self, Edit};
use super::lm::{LanguageModel, OOV};
pub use super::model::{Model, model};
use super::model::{moby, wide};
use super::restore::{self, Boost, CachePool, OptionCache, Params, Replacement};
use super::tokens::{self, Token};
use super::wide::Scorer;
use super::window::{self, Window, Windowing};
use once_cell::sync::{Lazy, OnceCell};
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::borrow::Cow;
use std::ops::Range;

/// Spinner signatures per 100 words from which a spun document is restored with the
/// restoration-only pairs too (seed 003 shows 5.7; honest 18th-century prose judged spun on its
/// wording shows at most 0.22 across the 233 State of the Union addresses).
const PHRASE_TABLE_SIGNATURES_PER_100: f64 = 1.0;

/// Prior gain (nats) of a multi-word signature or restoration pair in a document showing the
/// phrase-table spinner's signatures (elsewhere `Params::signature_phrase_prior`, 1.5).
const PHRASE_SPINNER_PHRASE_PRIOR: f32 = 3.0;

/// Evidence (nats) a reverse Moby Thesaurus candidate needs on top of the thesaurus cost: less
/// than a WordNet synonym, since it is only proposed in a document judged spun by a word-for-word
/// spinner, where a rare word is likelier a swap than a choice. Fitted on the 1946-1984
/// addresses spun at rates 1.0 and 0.3 (bench/unspin_eval/RESULTS.md): lower costs restore
/// more of a fully spun text and start to hurt a lightly spun one.
pub const MOBY_COST: f32 = -6.0;

/// Share of the frequency prior a known pair (signature, restoration-only or user pair) keeps in
/// a document judged spun (`restore::Params::alpha`, 0.3 in the detection pass, whose
/// calibration rests on it). If the spinner's table holds `original -> spun`, the spun word
/// stood for the original wherever the original fits as well as the spun word read as itself:
/// the whole model odds, frequency included, are the evidence, and alpha below 1 only hedges
/// for a pair this spinner may not use. Chosen on the calibration split (1946-1984, learned
/// table): WER 14.88% (0.3), 14.59% (0.7), 14.71% (1.0). See bench/unspin_eval/RESULTS.md.
const SPUN_PAIR_ALPHA: f32 = 0.7;

/// Gain (nats) from which a first-pass signature replacement counts as a spinner signature.
const SIGNATURE_EVIDENCE: f32 = 4.0;

/// Extra evidence a thesaurus candidate needs in the detection pass and in honest documents.
/// The detection score (`detect.rs`) was calibrated with this value: changing it moves the
/// evidence and needs a new calibration.
const DETECTION_THESAURUS_COST: f32 = 6.0;

/// Weight of the Sphinx model when it is used (`UnspinnerBuilder::wide_lm`). Chosen on the
/// calibration split (1946-1984) once the trigrams were in: WER fell steadily from 0.3 to 1.0
/// (16.66% -> 14.28% with a learned table); 0.85 (15.04%) keeps SymSpell's share of the
/// mixture, and at 0.95-1.0 seed 003 gained wrong edits. See bench/unspin_eval/RESULTS.md.
pub const WIDE_WEIGHT: f32 = 0.85;

/// Which documents judged spun are restored with the Sphinx model mixed in (`wide.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WideLm {
    /// None: the SymSpell model alone.
    Never,
    /// Those showing the phrase-table spinner's signatures (the default): its phrase outputs
    /// ("by way of", "close to", "the place") need bigrams the SymSpell lists lack.
    #[default]
    PhraseSpinner,
    /// Every document judged spun.
    Always,
}

/// Thesaurus cost (nats) in a densely spun document. A word-for-word spinner breaks the
/// collocations around every word it swaps, whether or not our dictionary knows the swap, so a
/// low collocation share (`detect.rs`) says that much of the text was touched: there a rare
/// word with a thesaurus synonym is likelier a swap than a choice, and a candidate needs little
/// evidence. The cost falls linearly from the builder's (8) at `SPARSE_COLLOCATIONS` to this
/// at `DENSE_COLLOCATIONS`; the phrase-table spinner (seed 003), which swaps a smaller share of
/// words, keeps the builder's cost, and so does a document restored with a user's pairs.
/// Fitted on the 1946-1984 addresses spun by the Moby and MyThes evaluation spinners at rates
/// 1.0 and 0.3 (bench/unspin_eval/RESULTS.md): at rate 1.0 every address restored best near
/// -2 (tried 8, 4, 1, -2, -5, -8), while -2 doubled the errors of the lightly spun addresses
/// flagged at rate 0.3, whose shares are 0.667-0.687 (rate 1.0: 0.556-0.679).
///
/// Honest prose judged spun on its unusual wording (Milton's *Areopagitica*: score 0.83,
/// collocation share 0.64) can look as broken as spun text; what it lacks is a clear verdict.
/// So the discount needs a verdict margin (`Evidence::margin`, the score's log-odds) of
/// `DENSE_MARGIN` (score 0.95) for its full size and none below `FAIR_MARGIN` (score 0.88): the
/// flagged honest texts of `honest_sotu.sh` score 0.83.
const DENSE_THESAURUS_COST: f32 = -2.0;
const FAIR_MARGIN: f64 = 1.992_430_164_690_206; // ln(0.88 / 0.12)
const DENSE_MARGIN: f64 = 2.944_438_979_166_44; // ln(0.95 / 0.05)
const DENSE_COLLOCATIONS: f64 = 0.64;
const SPARSE_COLLOCATIONS: f64 = 0.68;

/// Documents up to this many bytes are tokenized once for all passes (their tokens take some
/// 5 bytes per byte of prose, 16 at most); longer ones are streamed again by each pass.
const WHOLE_TOKENS_BYTES: usize = 1 << 20;

/// Pseudo-pairs at the honest collocation share added to every document (see `collocations`).
const COLLOCATION_PRIOR_PAIRS: f64 = 20.0;

mod builder;
pub use builder::UnspinnerBuilder;

static DEFAULT: Lazy<Unspinner> = Lazy::new(|| UnspinnerBuilder::new().build());

/// Analyses one document with the embedded model and default settings.
pub fn analyze(text: &str) -> SpinReport {
    DEFAULT.analyze(text)
}

/// Scores one document with the embedded model; restorations only if it is judged spun
/// (see [`Unspinner::detect`]).
pub fn detect(text: &str) -> SpinReport {
    DEFAULT.detect(text)
}

/// What `analyze` found in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpinReport {
    /// Calibrated spin score in [0, 1].
    pub score: f64,
    /// The verdict: `score >= threshold`.
    pub spun: bool,
    #[serde(flatten)]
    pub evidence: Evidence,
    /// The restorations, sorted by `start`, never overlapping.
    pub edits: Vec<Edit>,
}

/// A frozen detector and restorer; `Sync`, so one can serve many threads.
pub struct Unspinner {
    lm: &'static LanguageModel,
    /// What restores: the embedded dictionary, plus the user's pairs if any.
    dict: Cow<'static, Dictionary>,
    /// The user's pairs, kept to add them to the Moby dictionary too.
    pairs: Vec<(String, String)>,
    /// `MOBY` plus the user's pairs, built on the first spun document (only with user pairs).
    moby_dict: OnceCell<Dictionary>,
    moby: bool,
    moby_cost: f32,
    spun_cost: f32,
    honest_cost: f32,
    thesaurus_cost: f32,
    threshold: f64,
    wide_lm: WideLm,
    wide_weight: f32,
    windowing: Windowing,
    /// Candidate options of the detection pass and of the honest pass, whose model, dictionary
    /// and parameters are fixed for the life of the `Unspinner`: kept across documents, so a
    /// corpus prices each word's candidates about once per thread, not once per document.
    detection_options: CachePool,
    honest_options: CachePool,
}

impl Unspinner {
    /// Tests only: this `Unspinner` with no option caches (see `CachePool`).
    #[cfg(test)]
    fn without_option_caches(mut self) -> Self {
        self.detection_options.disabled = true;
        self.honest_options.disabled = true;
        self
    }

    fn params(&self, cost: f32, thesaurus_cost: f32) -> Params {
        Params::new(cost, self.spun_cost, thesaurus_cost, self.moby_cost)
    }

    /// The embedded dictionary with the Moby candidates, and the user's pairs if any.
    fn moby_dict(&self) -> &Dictionary {
        if self.pairs.is_empty() {
            return moby();
        }
        self.moby_dict
            .get_or_init(|| with_user_pairs(moby(), self.lm, &self.pairs))
    }

    /// Detects spinning in `text` and returns the restorations.
    pub fn analyze(&self, text: &str) -> SpinReport {
        self.collect(text, true)
    }

    /// [`analyze`](Self::analyze), with each restoration handed to `sink` as it is made, in
    /// text order, instead of collected (the report's `edits` is empty): the memory it needs
    /// does not grow with the length of `text`.
    pub fn analyze_each(&self, text: &str, mut sink: impl FnMut(Edit)) -> SpinReport {
        self.run(text, true, &mut sink)
    }

    /// Like [`analyze`](Self::analyze), but a document judged honest gets no restoration pass
    /// and so no edits: half the work on honest text, for corpus scans that list restorations
    /// only for spun documents. Scores and verdicts are the same as `analyze`'s.
    pub fn detect(&self, text: &str) -> SpinReport {
        self.collect(text, false)
    }

    fn collect(&self, text: &str, restore_honest: bool) -> SpinReport {
        let mut edits = Vec::new();
        let report = self.run(text, restore_honest, &mut |e| edits.push(e));
        SpinReport { edits, ..report }
    }

    /// The passes of the module doc, each over the document window by window (`window.rs`).
    fn run(&self, text: &str, restore_honest: bool, sink: &mut dyn FnMut(Edit)) -> SpinReport {
        // The verdict rests on the embedded dictionary without the restoration-only pairs: a
        // user's pairs (thousands, when learned from a corpus) would find "spinning" in any
        // text that uses their words, and the restoration-only pairs are common English. Both
        // take part in restoration once a document is judged spun (see below).
        let base = &model().dict;
        let base_lm = Scorer::base(self.lm);
        // A document of moderate length is tokenized once, for its names and every pass that
        // splits glued tokens with the embedded dictionary; a longer one is streamed again by
        // each pass, so that its tokens never need to be held at once (`window.rs`).
        let base_toks: Option<Vec<Token>> = (text.len() <= WHOLE_TOKENS_BYTES)
            .then(|| tokens::stream(text, self.lm, base).collect());
        let base_names = match &base_toks {
            Some(toks) => tokens::names_of(text, toks),
            None => tokens::names(text, self.lm, base),
        };
        let detection = self.params(self.spun_cost, DETECTION_THESAURUS_COST);
        let (mut words, mut total_gain, mut signatures) = (0usize, 0.0f64, 0usize);
        let (mut pairs, mut listed) = (0usize, 0usize);
        // The pairs the first pass restores confidently: the third pass's boost when the
        // restoration pass is this one (see below).
        let mut first_boost = Boost::default();
        self.detection_options.with(|cache| {
            let mut each = |w: &Window, _: usize, chosen: &[Replacement], c: &OptionCache| {
                words += w.own.len();
                for r in chosen {
                    total_gain += r.gain.max(0.0) as f64;
                    if r.gain >= SIGNATURE_EVIDENCE {
                        signatures += usize::from(!r.source.is_thesaurus());
                        first_boost.insert((r.spun, r.original));
                    }
                }
                // as the search's kept scores found them, else looked up again
                let (p, l) = c
                    .collocations(w.own.clone())
                    .unwrap_or_else(|| self.collocation_counts(&w.toks, w.own.clone()));
                pairs += p;
                listed += l;
            };
            let pass = Pass {
                names: &base_names,
                toks: base_toks.as_deref(),
                tokens_dict: base,
                lm: &base_lm,
                dict: base,
                params: &detection,
            };
            self.pass(text, &pass, &Boost::default(), cache, &mut each);
        });
        let evidence = Evidence::new(words, total_gain, signatures, collocations(pairs, listed));
        let score = evidence.score();
        let spun = score >= self.threshold;
        let report = SpinReport {
            score,
            spun,
            evidence,
            edits: Vec::new(),
        };
        if !spun && !restore_honest {
            return report;
        }
        let dict = &*self.dict;
        let user_pairs = !std::ptr::eq(dict, base);
        // A user's pairs can split glued tokens differently, and so find other names.
        let names = if user_pairs {
            tokens::names(text, self.lm, dict)
        } else {
            base_names
        };
        if !spun {
            // Honest text: only overwhelming evidence changes a word, and the restoration-only
            // pairs stay out (a user's pairs take part, as they always have).
            let params = self.params(self.honest_cost, DETECTION_THESAURUS_COST);
            let pass = Pass {
                names: &names,
                toks: base_toks.as_deref().filter(|_| !user_pairs),
                tokens_dict: dict,
                lm: &base_lm,
                dict,
                params: &params,
            };
            self.honest_options.with(|cache| {
                self.pass(
                    text,
                    &pass,
                    &Boost::default(),
                    cache,
                    &mut edits_to(text, false, dict, sink),
                )
            });
            return report;
        }
        // The restoration-only pairs are the phrase-table spinner's outputs: assumed only
        // where that spinner's signatures are seen, not in any text judged spun (old prose
        // can score as spun on its unusual wording alone).
        let phrase_spinner = evidence.signatures_per_100 >= PHRASE_TABLE_SIGNATURES_PER_100;
        let mut params = self.params(self.spun_cost, self.thesaurus_cost);
        params.alpha = SPUN_PAIR_ALPHA;
        // A user's pairs (learned by `scan --learn` from the spinner's own output) are
        // taken as the spinner's vocabulary: cheap thesaurus guesses would outbid them
        // (held-out WER with the learned pairs 18.1% -> 24.4%), so they keep the full cost.
        if !phrase_spinner && !user_pairs {
            params.thesaurus_cost = dense_thesaurus_cost(&evidence, self.thesaurus_cost);
        }
        if phrase_spinner {
            params.restoration_pairs = true;
            // Where the phrase-table spinner is at work, a phrase it is known to write
            // ("in accordance with", "by way of") is likely its output even where the
            // model finds both readings equally fluent.
            params.signature_phrase_prior = PHRASE_SPINNER_PHRASE_PRIOR;
        }
        let wide_weight = match self.wide_lm {
            WideLm::Always => self.wide_weight,
            WideLm::PhraseSpinner if phrase_spinner => self.wide_weight,
            _ => 0.0,
        };
        let lm = if wide_weight > 0.0 {
            Scorer::mixed(self.lm, wide(), wide_weight)
        } else {
            base_lm
        };
        // The dictionary the chosen replacements' phrase ids refer to. The reverse Moby
        // candidates are for a word-for-word thesaurus spinner. Where the phrase-table spinner
        // is at work its own pairs restore, and Moby's loose links only add wrong guesses
        // (seed 003: 6 wrong edits, 2 right ones lost).
        let mut restore_dict = dict;
        if self.moby && !phrase_spinner {
            params.moby = true;
            // A Moby candidate keeps the evidence it needed before the dense discount
            // (`MOBY_COST` was fitted at the builder's thesaurus cost): Moby's looser links
            // turn wrong far more often once they need none.
            params.moby_cost += self.thesaurus_cost - params.thesaurus_cost;
            restore_dict = self.moby_dict();
        }
        // The detection pass already is the restoration pass when nothing differs from it.
        let detection_again = !user_pairs
            && !phrase_spinner
            && !params.moby
            && wide_weight <= 0.0
            && params.thesaurus_cost == DETECTION_THESAURUS_COST;
        let restoring = |params| Pass {
            names: &names,
            toks: base_toks.as_deref().filter(|_| !user_pairs),
            tokens_dict: dict,
            lm: &lm,
            dict: restore_dict,
            params,
        };
        let second = restoring(if detection_again { &detection } else { &params });
        // Third pass: the spinner is context-blind, so a swap restored confidently once is
        // likely at its other occurrences too.
        let boost = if detection_again {
            first_boost
        } else {
            let mut boost = Boost::default();
            let mut cache = OptionCache::default();
            self.pass(
                text,
                &second,
                &Boost::default(),
                &mut cache,
                &mut |_, _, chosen, _| {
                    boost.extend(
                        chosen
                            .iter()
                            .filter(|r| r.gain >= SIGNATURE_EVIDENCE)
                            .map(|r| (r.spun, r.original)),
                    )
                },
            );
            boost
        };
        // Without a boost the third pass is the second (made again rather than kept: its
        // replacements may not fit in memory).
        let last = if boost.is_empty() {
            second
        } else {
            restoring(&params)
        };
        let mut cache = OptionCache::default();
        let mut each = edits_to(text, true, restore_dict, sink);
        self.pass(text, &last, &boost, &mut cache, &mut each);
        report
    }

    /// One restoration pass over `text`, window by window (`window.rs`): `each` gets, in text
    /// order, every window, the first of its own tokens that no replacement kept before covers,
    /// the replacements that belong to it (those starting there or later in its own tokens),
    /// and the cache the window was searched with (`OptionCache::collocations`).
    fn pass(
        &self,
        text: &str,
        pass: &Pass,
        boost: &Boost,
        cache: &mut OptionCache,
        each: &mut EachWindow,
    ) {
        match pass.toks {
            Some(toks) => self.pass_over(text, toks.iter().copied(), pass, boost, cache, each),
            None => {
                let stream = tokens::stream(text, self.lm, pass.tokens_dict);
                self.pass_over(text, stream, pass, boost, cache, each)
            }
        }
    }

    /// [`pass`](Self::pass) over the document's tokens `stream`.
    fn pass_over(
        &self,
        text: &str,
        stream: impl Iterator<Item = Token>,
        pass: &Pass,
        boost: &Boost,
        cache: &mut OptionCache,
        each: &mut EachWindow,
    ) {
        // Tokens before this one (in the document) are covered by the replacements kept.
        let mut covered = 0usize;
        for w in window::windows(text, stream, pass.names, self.windowing) {
            let mut chosen = restore::restore(
                &w.toks,
                text,
                pass.lm,
                pass.dict,
                pass.params,
                boost,
                Some(cache),
            );
            let from = w.own.start.max(covered.saturating_sub(w.offset));
            chosen.retain(|r| r.first >= from && r.first < w.own.end);
            if let Some(r) = chosen.last() {
                covered = w.offset + r.end;
            }
            each(&w, from, &chosen, cache);
        }
    }

    /// Adjacent known word pairs inside clauses whose second word is one of `toks[own]`, and
    /// how many of them are listed bigrams (see [`collocations`]).
    fn collocation_counts(&self, toks: &[Token], own: Range<usize>) -> (usize, usize) {
        let (mut pairs, mut listed) = (0usize, 0usize);
        for i in own.start.max(1)..own.end {
            let (a, b) = (&toks[i - 1], &toks[i]);
            if b.boundary_before || a.id == OOV || b.id == OOV {
                continue;
            }
            pairs += 1;
            listed += usize::from(self.lm.listed(a.id, b.id));
        }
        (pairs, listed)
    }
}

/// What a pass hands each window (see `Unspinner::pass`).
type EachWindow<'e> = dyn FnMut(&Window, usize, &[Replacement], &OptionCache) + 'e;

/// What a restoring pass hands each window: its edits to `sink` (`spun`: the document was
/// judged spun; `dict`: the dictionary the replacements' phrases are of).
fn edits_to<'a>(
    text: &'a str,
    spun: bool,
    dict: &'a Dictionary,
    sink: &'a mut dyn FnMut(Edit),
) -> impl FnMut(&Window, usize, &[Replacement], &OptionCache) + 'a {
    move |w, from, chosen, _| {
        edit::from_replacements(text, &w.toks, from..w.own.end, chosen, spun, dict, sink)
    }
}

/// What one restoration pass runs with.
struct Pass<'a> {
    /// The document's names (`tokens::names`) with glued tokens split by `tokens_dict`.
    names: &'a FxHashSet<u64>,
    /// The document's tokens as `tokens::stream` makes them with `tokens_dict`, when they are
    /// held (see `WHOLE_TOKENS_BYTES`); else each pass streams them again.
    toks: Option<&'a [Token]>,
    tokens_dict: &'a Dictionary,
    lm: &'a Scorer<'a>,
    /// The dictionary candidates come from.
    dict: &'a Dictionary,
    params: &'a Params,
}

/// Share of adjacent known word pairs inside clauses that are listed bigrams (`listed` of
/// `pairs`), shrunk towards the honest-prose level (0.7) by `COLLOCATION_PRIOR_PAIRS`
/// pseudo-pairs, so that a short text's few pairs do not decide its verdict alone.
fn collocations(pairs: usize, listed: usize) -> f64 {
    (listed as f64 + 0.7 * COLLOCATION_PRIOR_PAIRS) / (pairs as f64 + COLLOCATION_PRIOR_PAIRS)
}

/// A copy of `dict` with the user's `spun -> original` pairs added (lower-cased).
fn with_user_pairs(
    dict: &Dictionary,
    lm: &LanguageModel,
    pairs: &[(String, String)],
) -> Dictionary {
    let mut d = dict.clone();
    for (s, o) in pairs {
        d.add_pair(lm, &s.to_lowercase(), &o.to_lowercase(), Source::User);
    }
    d
}

/// Thesaurus cost for a document judged spun by a word-for-word spinner (see
/// `DENSE_THESAURUS_COST`): `sparse` (the builder's cost) at a collocation share of
/// `SPARSE_COLLOCATIONS` or more, `DENSE_THESAURUS_COST` at `DENSE_COLLOCATIONS` or less, and
/// linear in between; the discount is scaled down by a verdict margin short of `DENSE_MARGIN`,
/// and gone below `FAIR_MARGIN`.
fn dense_thesaurus_cost(evidence: &Evidence, sparse: f32) -> f32 {
    let broken =
        (SPARSE_COLLOCATIONS - evidence.collocations) / (SPARSE_COLLOCATIONS - DENSE_COLLOCATIONS);
    let sure = (evidence.margin() - FAIR_MARGIN) / (DENSE_MARGIN - FAIR_MARGIN);
    let t = (broken.clamp(0.0, 1.0) * sure.clamp(0.0, 1.0)) as f32;
    sparse + t * (DENSE_THESAURUS_COST - sparse)
}

#[cfg(test)]
mod tests;
