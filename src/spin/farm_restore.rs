//! Restoring a farm's article with a learned table: noisy-channel decoding with a
//! document-level spin rate.
//!
//! A table `scan --learn` writes (`learned`) gives, per pair `s -> o`, the share of `s`'s
//! occurrences in the farm that the spinner wrote (`score`, P0) and the farm's channel rate
//! `θ(s|o)` (`rate`). From the two follow the honest odds of the words, `c(o)/c(s) = P0 /
//! ((1 - P0) θ)`. In one document the spinner ran at one rate `r` (a context-blind spinner
//! applies its whole table at one rate), so an occurrence of `s` was written for `o` with
//! prior odds `r c(o)/c(s)`, times the language model's likelihood ratio of `o` over `s` in
//! its contexts (the Sphinx trigrams, as the farm learner scores them). A spun form may stand
//! for several originals (a spinner's table maps some words to one synonym): each is a
//! hypothesis, and the posterior is over keeping the word and each of them. A row with count 0
//! (a pair of the true table the farm never applied, in an oracle's table) takes even odds
//! `c(o)/c(s) = 1`: its conventional score of 1 would give it the largest prior odds there
//! are, and on the small farm of `tests/farm_restore.rs` it turned "full" into "fully" and
//! "preservation" into "conservation" in an honest article the engine judged spun. `r` is estimated
//! by EM over the document: the expected number of replaced words over that plus the table's
//! originals left standing, with a Beta(1, 4) prior. A heavily spun document gets a high `r`
//! and restores boldly; an honest one, where the table's originals stand and its spun words
//! read as honest, gets an `r` near 0 and stays nearly silent. The decoding runs [`ROUNDS`]
//! times, each round scoring every site with its neighbours as the round before restored
//! them (iterated conditional modes): in a heavily spun text the neighbours of a spun word
//! are often spun too. An occurrence is restored to its most probable original when that
//! original is more probable than keeping the word (the maximum a posteriori choice, not a
//! bar of one half: with two originals at 0.35 and 0.3 the word is more likely spun than not),
//! with the posterior as its confidence. The trigram model's likelihood ratio enters with the
//! weight [`LM_WEIGHT`], as a speech recogniser weighs its language model against its
//! acoustics: the model's odds between two synonyms are overconfident.
//!
//! The table also judges whether a text is spun: a document whose estimated rate reaches
//! [`SPUN_RATE`] is restored even where the engine's verdict (which knows nothing of this
//! spinner) found no spinning: a lightly spun farm article (5 % of its words) gets a rate of
//! 0.17-0.30 where honest articles get 0.01-0.10.

use super::case;
use super::dictionary::Source;
use super::edit::Edit;
use super::farm::context_fit;
use super::lm::OOV;
use super::model::{model, wide};
use super::tokens::tokens;
use crate::text::word_hash;
use rustc_hash::{FxHashMap, FxHashSet};

/// Columns of a learned table row (`learned`): spun, original, count, score, rate, seen.
pub const LEARNED_COLUMNS: usize = 6;

/// Prior of the document rate: pseudo-counts of replaced and of standing originals.
const RATE_PRIOR: (f64, f64) = (1.0, 4.0);
/// Rounds of decoding: each rescores every site with its neighbours as the round before
/// restored them (iterated conditional modes).
const ROUNDS: usize = 3;
/// EM iterations for the document rate, per round.
const RATE_ITERATIONS: usize = 10;
/// Largest context margin, in nats, one occurrence takes.
const MAX_MARGIN: f64 = 12.0;
/// Weight of the context likelihood ratio against the table's prior odds. On the 200-article
/// farm with the true table (`bench/farm/run.sh`, seed 1): 1.5: 0.848, 1: 0.855, 0.7: 0.859,
/// 0.5: 0.861 (0.7 with the maximum a posteriori choice: 0.863).
const LM_WEIGHT: f64 = 0.7;
/// Least document rate at which the table restores a text the engine did not judge spun (see
/// the module doc). On the 200-article farm with the true table: the two held-out articles
/// the engine passed, 0.22 and 0.30; the 50 held-out honest ones, at most 0.10 (0.08 with
/// the learned table).
pub const SPUN_RATE: f64 = 0.15;
/// Fewest restorations for that verdict: a short text with few sites keeps about the rate
/// prior's mean (0.2), which says nothing.
const SPUN_EDITS: usize = 5;

/// One learned pair with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedPair {
    pub spun: String,
    pub original: String,
    /// Times the farm showed the spinner writing the pair: 0 for a pair of the true table the
    /// farm never applied (an oracle's row), whose score and rate then say nothing.
    pub count: f64,
    pub score: f64,
    pub rate: f64,
}

/// The learned pairs of a dictionary text: rows of [`LEARNED_COLUMNS`] fields whose score and
/// rate are numbers (other rows, such as plain `spun<TAB>original` pairs, are not learned
/// ones and are left to the dictionary reader).
pub fn parse_learned(text: &str) -> Vec<LearnedPair> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.trim_end_matches('\r').split('\t').collect();
            if f.len() != LEARNED_COLUMNS {
                return None;
            }
            Some(LearnedPair {
                spun: f[0].trim().to_lowercase(),
                original: f[1].trim().to_lowercase(),
                count: f[2].trim().parse().ok()?,
                score: f[3].trim().parse().ok()?,
                rate: f[4].trim().parse().ok()?,
            })
        })
        .filter(|p| !p.spun.is_empty() && !p.original.is_empty() && !p.spun.contains(' '))
        .collect()
}

/// What a learned table restores in one document.
#[derive(Debug, Clone)]
pub struct Restoration {
    /// The restorations, each with its posterior as confidence.
    pub edits: Vec<Edit>,
    /// The document's spin rate: the share of the table's originals the spinner replaced.
    pub rate: f64,
}

/// One original a spun word may stand for, with its prior log odds without the rate.
struct Candidate {
    original: String,
    id: u32,
    log_odds: f64,
}

/// A learned table ready to decode with.
pub struct LearnedTable {
    /// Spun word hash -> the originals it may stand for.
    by_spun: FxHashMap<u64, Vec<Candidate>>,
    originals: FxHashSet<u64>,
}

impl LearnedTable {
    pub fn new(pairs: &[LearnedPair]) -> LearnedTable {
        let lm = &model().lm;
        let mut by_spun: FxHashMap<u64, Vec<Candidate>> = FxHashMap::default();
        let mut originals = FxHashSet::default();
        for p in pairs {
            let (hash, id) = (
                word_hash(&p.original),
                lm.id_of_word(&p.original, word_hash(&p.original)),
            );
            if id == OOV || p.original.contains(' ') {
                continue;
            }
            // a pair the farm never showed has no odds of its words: even, the context decides
            // (its conventional score of 1 would give it the largest prior odds there are)
            let log_odds = if p.count > 0.0 {
                let p0 = p.score.clamp(0.01, 0.99);
                (p0 / ((1.0 - p0) * p.rate.clamp(0.05, 1.0))).ln()
            } else {
                0.0
            };
            let list = by_spun.entry(word_hash(&p.spun)).or_default();
            if list.iter().all(|c| c.id != id) {
                list.push(Candidate {
                    original: p.original.clone(),
                    id,
                    log_odds,
                });
            }
            originals.insert(hash);
        }
        LearnedTable { by_spun, originals }
    }

    pub fn is_empty(&self) -> bool {
        self.by_spun.is_empty()
    }

    /// Whether the table judges `text` spun on its own: its document rate reaches
    /// [`SPUN_RATE`] with at least [`SPUN_EDITS`] restorations.
    pub fn judges_spun(&self, text: &str) -> bool {
        judged(&self.restore(text))
    }

    /// The restorations of `text` and the document's estimated spin rate (see the module doc).
    pub fn restore(&self, text: &str) -> Restoration {
        let m = model();
        let mut toks = tokens(text, &m.lm, &m.dict);
        let wide = wide();
        // (token, spun id, candidates)
        let mut sites: Vec<(usize, u32, &[Candidate])> = Vec::new();
        let mut standing = 0.0;
        for (i, t) in toks.iter().enumerate() {
            if self.originals.contains(&t.hash) {
                standing += 1.0;
            }
            if let Some(c) = self.by_spun.get(&t.hash) {
                sites.push((i, t.id, c));
            }
        }
        let mut rate = RATE_PRIOR.0 / (RATE_PRIOR.0 + RATE_PRIOR.1);
        // per site: log odds of each candidate against keeping the word, without the rate
        let mut evidence: Vec<Vec<f64>> = vec![Vec::new(); sites.len()];
        let mut chosen: Vec<Option<(usize, f64)>> = vec![None; sites.len()];
        for _ in 0..ROUNDS {
            for (k, &(i, spun_id, cands)) in sites.iter().enumerate() {
                let keep = context_fit(wide, &toks, i, spun_id);
                evidence[k] = cands
                    .iter()
                    .map(|c| {
                        c.log_odds
                            + LM_WEIGHT
                                * f64::from(context_fit(wide, &toks, i, c.id) - keep)
                                    .clamp(-MAX_MARGIN, MAX_MARGIN)
                    })
                    .collect();
            }
            for _ in 0..RATE_ITERATIONS {
                let replaced: f64 = evidence.iter().map(|e| 1.0 - keep_posterior(e, rate)).sum();
                rate =
                    (replaced + RATE_PRIOR.0) / (replaced + standing + RATE_PRIOR.0 + RATE_PRIOR.1);
            }
            for (k, &(i, spun_id, cands)) in sites.iter().enumerate() {
                let keep = keep_posterior(&evidence[k], rate);
                chosen[k] = evidence[k]
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(j, &e)| (j, keep * (e + rate.ln()).exp()))
                    .filter(|&(_, p)| p > keep);
                toks[i].id = chosen[k].map_or(spun_id, |(j, _)| cands[j].id);
            }
        }
        let edits = sites
            .iter()
            .zip(&chosen)
            .filter_map(|(&(i, _, cands), chosen)| {
                let (j, p) = (*chosen)?;
                let t = &toks[i];
                let spun = &text[t.start..t.end];
                let restored = case::apply(case::pattern(&[spun]), &cands[j].original);
                (restored != spun).then(|| Edit {
                    start: t.start,
                    end: t.end,
                    spun: spun.to_string(),
                    original: restored,
                    confidence: p,
                    source: Source::User,
                })
            })
            .collect();
        Restoration { edits, rate }
    }
}

/// Whether a restoration says its text is spun (see [`LearnedTable::judges_spun`]).
fn judged(restoration: &Restoration) -> bool {
    // a short text with no sites keeps the prior's mean rate (0.2): edits are the evidence
    restoration.rate >= SPUN_RATE && restoration.edits.len() >= SPUN_EDITS
}

/// The posterior of keeping a word whose candidates have `evidence` (log odds against keeping,
/// without the rate) in a document spun at `rate`.
fn keep_posterior(evidence: &[f64], rate: f64) -> f64 {
    let others: f64 = evidence.iter().map(|e| (e + rate.ln()).exp()).sum();
    1.0 / (1.0 + others)
}

/// The spin report of `text` restored with a learned table: `unspinner.analyze`, then
/// [`restore_with`]. Without a table this is `unspinner.analyze`.
pub fn analyze_with(
    unspinner: &super::Unspinner,
    text: &str,
    learned: &LearnedTable,
) -> super::SpinReport {
    let mut report = unspinner.analyze(text);
    restore_with(&mut report, text, learned);
    report
}

/// `report` (of `text`, by the engine's `analyze` or `detect`) restored with a learned table: the
/// table knows this spinner, so the thesaurus guesses and the plain user-pair edits go
/// ([`merge`]), and in a text judged spun the table's noisy-channel restorations take their
/// place; a text the engine passed is judged spun, and restored, when the table's document
/// rate reaches [`SPUN_RATE`]. An empty table changes nothing. The one reading of a learned
/// table, for every front end (`unspin --dictionary`, `scan --spin --dictionary`).
pub fn restore_with(report: &mut super::SpinReport, text: &str, learned: &LearnedTable) {
    if !learned.is_empty() {
        let restoration = learned.restore(text);
        report.spun |= judged(&restoration);
        let edits = if report.spun {
            restoration.edits
        } else {
            Vec::new()
        };
        report.edits = merge(std::mem::take(&mut report.edits), edits);
    }
}

/// `edits` with `learned` merged in: the engine's thesaurus (WordNet, Moby) and user-pair
/// edits go, since the learned table knows this spinner (on farm articles the thesaurus
/// guesses undo more than they restore), and a learned edit replaces every edit it overlaps.
pub fn merge(edits: Vec<Edit>, learned: Vec<Edit>) -> Vec<Edit> {
    let overlaps = |e: &Edit| learned.iter().any(|l| l.start < e.end && e.start < l.end);
    let mut out: Vec<Edit> = edits
        .into_iter()
        .filter(|e| !e.source.is_thesaurus() && e.source != Source::User && !overlaps(e))
        .collect();
    out.extend(learned);
    out.sort_by_key(|e| e.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> LearnedTable {
        LearnedTable::new(&parse_learned(
            "# learned\nlegislation\tlaw\t40\t0.9\t0.8\tfarm-1\nofficers\tofficials\t3\n",
        ))
    }

    #[test]
    fn only_learned_rows_are_read() {
        let pairs = parse_learned(
            "# h\nlegislation\tlaw\t40\t0.9000\t0.8\tfarm-1,farm-2\nplain\tpair\nx\ty\t1\tnan?\t1\ta\n",
        );
        assert_eq!(
            pairs,
            vec![LearnedPair {
                spun: "legislation".into(),
                original: "law".into(),
                count: 40.0,
                score: 0.9,
                rate: 0.8
            }]
        );
    }

    #[test]
    fn a_spun_text_gets_a_higher_rate_and_its_edits() {
        let spun = "The legislation enforcement officers arrived. They said the legislation \
                    was broken and that legislation enforcement must act under the legislation.";
        let honest = "The law enforcement officers arrived. They said the law was broken and \
                      that law enforcement must act under the law. New legislation was passed.";
        let r = table().restore(spun);
        let (edits, spun_rate) = (r.edits, r.rate);
        let r = table().restore(honest);
        let (honest_edits, honest_rate) = (r.edits, r.rate);
        assert!(
            spun_rate > 0.5 && honest_rate < 0.3,
            "{spun_rate} {honest_rate}"
        );
        // the one "legislation" of the honest text, where the model much prefers "law", may
        // go (`unspin` runs this decoding only in a text judged spun)
        assert!(honest_edits.len() <= 1, "{honest_edits:?}");
        assert_eq!(edits.len(), 4, "{edits:?}");
        for e in &edits {
            assert_eq!(&spun[e.start..e.end], e.spun);
            assert_eq!(e.original, "law");
            assert!(e.confidence > 0.5 && e.confidence <= 1.0);
        }
    }

    #[test]
    fn learned_edits_replace_thesaurus_guesses_and_overlaps() {
        let edit = |start, end, source| Edit {
            start,
            end,
            spun: "x".into(),
            original: "y".into(),
            confidence: 0.9,
            source,
        };
        let merged = merge(
            vec![
                edit(0, 5, Source::Thesaurus),
                edit(10, 15, Source::Signature),
                edit(20, 25, Source::Signature),
                edit(30, 35, Source::User),
            ],
            vec![edit(12, 18, Source::User)],
        );
        let kept: Vec<(usize, Source)> = merged.iter().map(|e| (e.start, e.source)).collect();
        assert_eq!(kept, vec![(12, Source::User), (20, Source::Signature)]);
    }
}
