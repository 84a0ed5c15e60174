//! Spin verdicts: precision, recall and F1 of the `spun` flag of `spin` records.
//!
//! Definition (set-based, as in [`super::pairs`]): the positives are the gold documents whose
//! `spin` record says `"spun":true`; the predicted positives are the documents whose predicted
//! `spin` record says so. Only documents with a gold `spin` record are scored; one of them
//! without a predicted `spin` record counts as not flagged and is counted in `missing`.
//! Predictions without any `spin` record (a scan run without `--spin`) are not scored.

use super::PrecisionRecall;
use serde::Serialize;
use std::collections::HashMap;

/// Spin verdict scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictScores {
    #[serde(flatten)]
    pub scores: PrecisionRecall,
    pub documents: usize,
    pub true_positives: usize,
    pub flagged: usize,
    pub spun: usize,
    pub missing: usize,
}

/// Scores predicted verdicts against gold verdicts (`(document, spun)`); `None` when nothing
/// was predicted at all.
pub fn score_verdicts(gold: &[(u32, bool)], predicted: &[(u32, bool)]) -> Option<VerdictScores> {
    if predicted.is_empty() {
        return None;
    }
    let said: HashMap<u32, bool> = predicted.iter().copied().collect();
    let truth: HashMap<u32, bool> = gold.iter().copied().collect();
    let (mut hits, mut flagged, mut spun, mut missing) = (0, 0, 0, 0);
    for (doc, &is_spun) in &truth {
        let verdict = said.get(doc).copied();
        missing += usize::from(verdict.is_none());
        let verdict = verdict.unwrap_or(false);
        flagged += usize::from(verdict);
        spun += usize::from(is_spun);
        hits += usize::from(verdict && is_spun);
    }
    Some(VerdictScores {
        scores: PrecisionRecall::from_counts(hits, flagged, spun),
        documents: truth.len(),
        true_positives: hits,
        flagged,
        spun,
        missing,
    })
}
