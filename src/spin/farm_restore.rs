//! Restoring a farm's article with a learned table: noisy-channel decoding with a
//! document-level spin rate.
//!
//! A table `scan --learn` writes (`learned`) gives, per pair `s -> o`, the share of `s`'s
//! occurrences in the farm that the spinner wrote (`score`, P0) and the farm's channel rate
//! `θ(s|o)` (`rate`). From the two follow the honest odds of the words, `c(o)/c(s) = P0 /
//! ((1 - P0) θ)`. In one document the spinner ran at one rate `r` (a context-blind spinner
//! applies its whole table at one rate), so an occurrence of `s` was written for `o` with
//! prior odds `r c(o)/c(s)`, times the language model's likelihood ratio of `o` over `s` in
//! its contexts (the Sphinx trigrams, as the farm learner scores them). `r` is estimated by
//! EM over the document: the expected number of replaced words over that plus the table's
//! originals left standing, with a Beta(1, 4) prior. A heavily spun document gets a high `r`
//! and restores boldly; an honest one, where the table's originals stand and its spun words
//! read as honest, gets an `r` near 0 and stays nearly silent. Every occurrence whose
//! posterior passes one half is restored, with the posterior as its confidence.

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
/// EM iterations for the document rate.
const RATE_ITERATIONS: usize = 10;
/// Largest context margin, in nats, one occurrence takes.
const MAX_MARGIN: f64 = 12.0;

/// One learned pair with its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedPair {
    pub spun: String,
    pub original: String,
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
                score: f[3].trim().parse().ok()?,
                rate: f[4].trim().parse().ok()?,
            })
        })
        .filter(|p| !p.spun.is_empty() && !p.original.is_empty() && !p.spun.contains(' '))
        .collect()
}

/// A learned table ready to decode with.
pub struct LearnedTable {
    /// Spun word hash -> (original text, original model id, honest odds c(o)/c(s)).
    by_spun: FxHashMap<u64, (String, u32, f64)>,
    originals: FxHashSet<u64>,
}

impl LearnedTable {
    pub fn new(pairs: &[LearnedPair]) -> LearnedTable {
        let lm = &model().lm;
        let mut by_spun = FxHashMap::default();
        let mut originals = FxHashSet::default();
        for p in pairs {
            let (hash, id) = (
                word_hash(&p.original),
                lm.id_of_word(&p.original, word_hash(&p.original)),
            );
            if id == OOV || p.original.contains(' ') {
                continue;
            }
            let p0 = p.score.clamp(0.01, 0.99);
            let odds = p0 / ((1.0 - p0) * p.rate.clamp(0.05, 1.0));
            by_spun
                .entry(word_hash(&p.spun))
                .or_insert((p.original.clone(), id, odds));
            originals.insert(hash);
        }
        LearnedTable { by_spun, originals }
    }

    pub fn is_empty(&self) -> bool {
        self.by_spun.is_empty()
    }

    /// The restorations of `text` and the document's estimated spin rate (see the module doc).
    pub fn restore(&self, text: &str) -> (Vec<Edit>, f64) {
        let m = model();
        let toks = tokens(text, &m.lm, &m.dict);
        let wide = wide();
        // (token, log prior odds without the rate, margin)
        let mut sites: Vec<(usize, f64, f64, &str)> = Vec::new();
        let mut standing = 0.0;
        for (i, t) in toks.iter().enumerate() {
            if self.originals.contains(&t.hash) {
                standing += 1.0;
            }
            let Some((original, id, odds)) = self.by_spun.get(&t.hash) else {
                continue;
            };
            let margin =
                f64::from(context_fit(wide, &toks, i, *id) - context_fit(wide, &toks, i, t.id))
                    .clamp(-MAX_MARGIN, MAX_MARGIN);
            sites.push((i, odds.ln(), margin, original));
        }
        let posterior = |rate: f64, log_odds: f64, margin: f64| {
            1.0 / (1.0 + (-(log_odds + rate.ln() + margin)).exp())
        };
        let mut rate = RATE_PRIOR.0 / (RATE_PRIOR.0 + RATE_PRIOR.1);
        for _ in 0..RATE_ITERATIONS {
            let replaced: f64 = sites.iter().map(|s| posterior(rate, s.1, s.2)).sum();
            rate = (replaced + RATE_PRIOR.0) / (replaced + standing + RATE_PRIOR.0 + RATE_PRIOR.1);
        }
        let edits = sites
            .iter()
            .filter_map(|&(i, log_odds, margin, original)| {
                let p = posterior(rate, log_odds, margin);
                if p <= 0.5 {
                    return None;
                }
                let t = &toks[i];
                let spun = &text[t.start..t.end];
                let restored = case::apply(case::pattern(&[spun]), original);
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
        (edits, rate)
    }
}

/// The spin report of `text` restored with a learned table: the table knows this spinner, so
/// the thesaurus guesses and the plain user-pair edits go ([`merge`]), and in a text judged
/// spun the table's noisy-channel restorations take their place. Without a table this is
/// `unspinner.analyze`. The one reading of a learned table, for every front end.
pub fn analyze_with(
    unspinner: &super::Unspinner,
    text: &str,
    learned: &LearnedTable,
) -> super::SpinReport {
    let mut report = unspinner.analyze(text);
    if !learned.is_empty() {
        let edits = if report.spun {
            learned.restore(text).0
        } else {
            Vec::new()
        };
        report.edits = merge(std::mem::take(&mut report.edits), edits);
    }
    report
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
        let (edits, spun_rate) = table().restore(spun);
        let (honest_edits, honest_rate) = table().restore(honest);
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
