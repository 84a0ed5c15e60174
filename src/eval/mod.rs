//! Scoring copydesk's results against a gold standard (`copydesk eval`).
//!
//! Predictions are `copydesk scan --json` records (or any JSON Lines file in that schema);
//! the gold is the same schema plus what only a gold can say (`copydesk synth` writes one).
//! One metric family per module, each with its definition and source:
//! - [`records`]: reading gold and predicted JSON Lines into document indices and spans;
//! - [`pairs`]: duplicate pairs (precision, recall, F1) and the transitive closure of the gold;
//! - [`by_rate`]: duplicate pairs per gold kind and rate: recall, kind and direction of the
//!   predicted records, and candidate recall apart from verification recall;
//! - [`ari`]: cluster agreement, the adjusted Rand index (Hubert & Arabie 1985);
//! - [`pan`]: passage alignment by the PAN measures (Potthast et al. 2010): character
//!   precision and recall, granularity, plagdet;
//! - [`verdicts`]: spin verdicts (precision, recall, F1 of the `spun` flag);
//! - [`wer`]: word error rate of spun and restored texts against their originals;
//! - [`report`]: the readable table and the JSON Lines records of the results.

pub mod ari;
pub mod by_rate;
pub mod pairs;
pub mod pan;
pub mod records;
pub mod report;
pub mod verdicts;
pub mod wer;

use records::{Ids, Labels, PassageKind};
use report::Evaluation;
use serde::Serialize;
use std::collections::HashSet;

/// Precision, recall and F1, each `None` where its denominator is empty.
///
/// F1 is the harmonic mean of precision and recall, 0 when both are 0. When only one of the two
/// is defined (nothing predicted but something expected, or the reverse) the other is
/// necessarily 0 and so is F1; F1 is `None` only when there was nothing to find and nothing was
/// found.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PrecisionRecall {
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl PrecisionRecall {
    /// From set sizes: `hits` of the `predicted` items are among the `expected` ones.
    pub fn from_counts(hits: usize, predicted: usize, expected: usize) -> Self {
        let ratio = |n: usize, d: usize| (d > 0).then(|| n as f64 / d as f64);
        Self::from_values(ratio(hits, predicted), ratio(hits, expected))
    }

    /// From precision and recall computed elsewhere (`None`: empty denominator).
    pub fn from_values(precision: Option<f64>, recall: Option<f64>) -> Self {
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (None, None) => None,
            _ => Some(0.0),
        };
        PrecisionRecall {
            precision,
            recall,
            f1,
        }
    }
}

/// The documents the gold speaks of: those of its `document` and `spin` records and of its
/// `duplicate` records, in index order.
pub fn universe(gold: &Labels) -> Vec<u32> {
    let mut docs: Vec<u32> = gold
        .documents
        .iter()
        .copied()
        .chain(gold.duplicates.iter().flat_map(|link| [link.a, link.b]))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    docs
}

/// Scores a prediction against a gold, both read with the same [`Ids`]; `candidates` are the
/// pairs the scan proposed for verification, when known (read with the same [`Ids`]).
pub fn evaluate(
    gold: &Labels,
    predicted: &Labels,
    ids: &Ids,
    candidates: Option<&[(u32, u32)]>,
) -> Evaluation {
    let n = ids.len();
    let gold_pairs = pairs::gold_pairs(gold, n);
    let predicted_pairs = pairs::predicted_pairs(predicted);
    let duplicates = pairs::score_pairs(&gold_pairs, &predicted_pairs);
    let candidates: Option<HashSet<pairs::Pair>> = candidates.map(|list| {
        list.iter()
            .filter_map(|&(a, b)| pairs::unordered(a, b))
            .collect()
    });
    let by_rate = by_rate::score_by_rate(gold, predicted, candidates.as_ref());
    let candidate_scores = candidates
        .as_ref()
        .map(|set| by_rate::score_candidates(&gold_pairs, &predicted_pairs, set));

    let docs = universe(gold);
    let gold_groups = ari::partition(&docs, gold_pairs.keys().copied(), n);
    let predicted_groups = ari::partition(&docs, predicted_pairs.iter().copied(), n);
    let adjusted_rand_index = ari::adjusted_rand_index(&gold_groups, &predicted_groups);

    // A passage between two documents the gold calls duplicates is part of a whole copy,
    // which the duplicate measures score; the gold has no passage cases there.
    let (detections, left_out): (Vec<_>, Vec<_>) =
        predicted.passages.iter().copied().partition(|p| {
            pairs::unordered(p.a.doc, p.b.doc).is_none_or(|pair| !gold_pairs.contains_key(&pair))
        });
    let of_kind = |list: &[records::Passage], kind| -> Vec<records::Passage> {
        list.iter().copied().filter(|p| p.kind == kind).collect()
    };
    let mut passages = Vec::new();
    for (name, kind) in [("copy", PassageKind::Copy), ("spun", PassageKind::Spun)] {
        let scores = pan::score(&of_kind(&gold.passages, kind), &of_kind(&detections, kind));
        passages.push((name, scores));
    }
    passages.push(("all", pan::score(&gold.passages, &detections)));

    Evaluation {
        documents: docs.len(),
        duplicates,
        by_rate,
        candidates: candidate_scores,
        adjusted_rand_index,
        passages,
        passages_left_out: left_out.len(),
        spin: verdicts::score_verdicts(&gold.verdicts, &predicted.verdicts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_conventions() {
        let s = PrecisionRecall::from_counts(2, 4, 2);
        assert_eq!((s.precision, s.recall), (Some(0.5), Some(1.0)));
        assert!((s.f1.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(PrecisionRecall::from_counts(0, 0, 3).f1, Some(0.0));
        assert_eq!(PrecisionRecall::from_counts(0, 3, 0).f1, Some(0.0));
        assert_eq!(PrecisionRecall::from_counts(0, 0, 0).f1, None);
        assert_eq!(PrecisionRecall::from_counts(0, 2, 2).f1, Some(0.0));
    }
}
