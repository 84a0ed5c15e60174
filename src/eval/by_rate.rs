//! Duplicate pairs per gold kind and rate: how many were found, whether the predicted kind and
//! direction are right, and at which stage the others were lost.
//!
//! The groups are the gold's own `duplicate` records (not the pairs only the closure implies),
//! grouped by `(kind, rate)`; `copydesk synth` writes `rate` (the share of words the copy was
//! made to change) and `changed` (the share measured). A gold pair is **found** when a
//! predicted `duplicate` record names the same unordered pair; `cluster` records do not count
//! here, unlike in the overall pair scores (`super::pairs`), because the checks below need the
//! record's `kind` and order. When several predicted records name one pair, the first is used.
//!
//! - **recall** = found / gold pairs of the group.
//! - **kind accuracy** = found pairs whose predicted `kind` is the expected one / found pairs.
//!   Expected: `near` for gold `edited`; for the other kinds (`exact`, `spun`, `contained`) the
//!   same word. An older scan's `copy` is right for none of them.
//! - **direction accuracy**, for the kinds whose records are ordered (`spun`: `a` is the
//!   source; `contained`: `a` is the container): found pairs labelled with the expected kind
//!   whose predicted `a` is the gold `a` / those pairs. `None` for the other kinds, and when no
//!   found pair had the expected kind.
//! - With the candidate pairs of the scan (the pairs proposed before verification, `scan
//!   --write-candidates`): **candidate recall** = gold pairs among the candidates / gold pairs,
//!   and **verification recall** = found pairs among the candidates / gold pairs among the
//!   candidates. Recall is then candidate recall times verification recall, unless the scan
//!   reported a pair it did not propose (counted in `found_outside_candidates`).
//!
//! A ratio with nothing to divide by is `None`.

use super::pairs::{Pair, unordered};
use super::records::Labels;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The scores of one `(kind, rate)` group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateGroup {
    pub kind: String,
    /// The gold's target rate; `None` when its records have none.
    pub rate: Option<f64>,
    pub gold: usize,
    pub found: usize,
    pub recall: Option<f64>,
    /// Mean of the gold's measured `changed` over the records that have it.
    pub changed_mean: Option<f64>,
    /// The predicted kind counted as right.
    pub expected_kind: String,
    pub kind_right: usize,
    pub kind_accuracy: Option<f64>,
    /// For `spun` and `contained`: pairs whose direction was checked, and those right.
    pub direction_checked: Option<usize>,
    pub direction_right: Option<usize>,
    pub direction_accuracy: Option<f64>,
    /// With candidates: gold pairs among them, found pairs among them, found pairs not.
    pub candidates: Option<usize>,
    pub candidate_recall: Option<f64>,
    pub verification_recall: Option<f64>,
    pub found_outside_candidates: Option<usize>,
}

/// The predicted kind that is right for a gold kind.
pub fn expected_kind(gold_kind: &str) -> &str {
    match gold_kind {
        "edited" => "near",
        other => other,
    }
}

/// Whether records of this gold kind are ordered (and their direction is checked).
pub fn is_directed(gold_kind: &str) -> bool {
    matches!(gold_kind, "spun" | "contained")
}

/// Order of the kinds in the report; other kinds follow in alphabetical order.
const KIND_ORDER: [&str; 4] = ["exact", "edited", "spun", "contained"];

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// Running counts of one group.
#[derive(Default)]
struct Counts {
    gold: usize,
    found: usize,
    changed_sum: f64,
    changed_n: usize,
    kind_right: usize,
    direction_checked: usize,
    direction_right: usize,
    candidates: usize,
    found_in_candidates: usize,
}

/// Scores the gold `duplicate` records per `(kind, rate)` against the predicted `duplicate`
/// records, and against `candidates` when given. Groups are sorted by kind (exact, edited,
/// spun, contained, then others alphabetically), then rate (none first, then ascending).
pub fn score_by_rate(
    gold: &Labels,
    predicted: &Labels,
    candidates: Option<&HashSet<Pair>>,
) -> Vec<RateGroup> {
    let mut said: HashMap<Pair, (u32, &str)> = HashMap::new();
    for link in &predicted.duplicates {
        if let Some(pair) = unordered(link.a, link.b) {
            said.entry(pair).or_insert((link.a, link.kind.as_str()));
        }
    }
    let mut groups: HashMap<(String, Option<u64>), Counts> = HashMap::new();
    let mut seen: HashSet<Pair> = HashSet::new();
    for link in &gold.duplicates {
        let Some(pair) = unordered(link.a, link.b) else {
            continue;
        };
        if !seen.insert(pair) {
            continue;
        }
        let key = (link.kind.clone(), link.rate.map(f64::to_bits));
        let c = groups.entry(key).or_default();
        c.gold += 1;
        if let Some(changed) = link.changed {
            c.changed_sum += changed;
            c.changed_n += 1;
        }
        let candidate = candidates.is_some_and(|set| set.contains(&pair));
        c.candidates += usize::from(candidate);
        let Some(&(a, kind)) = said.get(&pair) else {
            continue;
        };
        c.found += 1;
        c.found_in_candidates += usize::from(candidate);
        if kind == expected_kind(&link.kind) {
            c.kind_right += 1;
            if is_directed(&link.kind) {
                c.direction_checked += 1;
                c.direction_right += usize::from(a == link.a);
            }
        }
    }
    let mut out: Vec<RateGroup> = groups
        .into_iter()
        .map(|((kind, rate), c)| {
            let directed = is_directed(&kind);
            let with_candidates = candidates.is_some();
            RateGroup {
                expected_kind: expected_kind(&kind).to_string(),
                rate: rate.map(f64::from_bits),
                gold: c.gold,
                found: c.found,
                recall: ratio(c.found, c.gold),
                changed_mean: (c.changed_n > 0).then(|| c.changed_sum / c.changed_n as f64),
                kind_right: c.kind_right,
                kind_accuracy: ratio(c.kind_right, c.found),
                direction_checked: directed.then_some(c.direction_checked),
                direction_right: directed.then_some(c.direction_right),
                direction_accuracy: ratio(c.direction_right, c.direction_checked)
                    .filter(|_| directed),
                candidates: with_candidates.then_some(c.candidates),
                candidate_recall: ratio(c.candidates, c.gold).filter(|_| with_candidates),
                verification_recall: ratio(c.found_in_candidates, c.candidates)
                    .filter(|_| with_candidates),
                found_outside_candidates: with_candidates
                    .then_some(c.found - c.found_in_candidates),
                kind,
            }
        })
        .collect();
    let rank = |kind: &str| {
        KIND_ORDER
            .iter()
            .position(|k| *k == kind)
            .unwrap_or(KIND_ORDER.len())
    };
    out.sort_by(|x, y| {
        rank(&x.kind)
            .cmp(&rank(&y.kind))
            .then_with(|| x.kind.cmp(&y.kind))
            .then_with(|| match (x.rate, y.rate) {
                (Some(p), Some(q)) => p.total_cmp(&q),
                (p, q) => p.is_some().cmp(&q.is_some()),
            })
    });
    out
}

/// Candidate recall over all gold pairs (the closure) and verification recall over all
/// predicted pairs (`super::pairs`), with candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateScores {
    /// Distinct unordered pairs in the candidates file.
    pub pairs: usize,
    pub gold: usize,
    /// Gold pairs among the candidates, and the share of gold pairs that is.
    pub gold_candidates: usize,
    pub recall: Option<f64>,
    /// Gold pairs among the candidates that were predicted, and their share of those.
    pub found: usize,
    pub verification_recall: Option<f64>,
}

/// Scores the candidate stage over all gold pairs.
pub fn score_candidates(
    gold: &HashMap<Pair, String>,
    predicted: &HashSet<Pair>,
    candidates: &HashSet<Pair>,
) -> CandidateScores {
    let in_candidates: Vec<&Pair> = gold.keys().filter(|p| candidates.contains(p)).collect();
    let found = in_candidates
        .iter()
        .filter(|p| predicted.contains(p))
        .count();
    CandidateScores {
        pairs: candidates.len(),
        gold: gold.len(),
        gold_candidates: in_candidates.len(),
        recall: ratio(in_candidates.len(), gold.len()),
        found,
        verification_recall: ratio(found, in_candidates.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::records::DuplicateLink;

    fn link(a: u32, b: u32, kind: &str, rate: Option<f64>) -> DuplicateLink {
        DuplicateLink {
            rate,
            changed: rate,
            ..DuplicateLink::new(a, b, kind)
        }
    }

    #[test]
    fn groups_count_found_kind_and_direction() {
        let gold = Labels {
            duplicates: vec![
                link(0, 1, "spun", Some(0.1)),
                link(2, 3, "spun", Some(0.1)),
                link(4, 5, "spun", Some(0.1)),
                link(6, 7, "spun", Some(0.1)),
                link(8, 9, "edited", Some(0.1)),
                link(10, 11, "edited", Some(0.1)),
                link(12, 13, "contained", None),
                link(14, 15, "exact", Some(0.0)),
            ],
            ..Labels::default()
        };
        let predicted = Labels {
            duplicates: vec![
                DuplicateLink::new(0, 1, "spun"), // right, right way
                DuplicateLink::new(3, 2, "spun"), // right kind, wrong way
                DuplicateLink::new(4, 5, "near"), // wrong kind
                DuplicateLink::new(4, 5, "spun"), // a second record: not used
                DuplicateLink::new(9, 8, "near"), // right (no direction)
                DuplicateLink::new(12, 13, "contained"),
                DuplicateLink::new(14, 15, "copy"), // an older scan's kind
                DuplicateLink::new(1, 2, "near"),   // not gold
            ],
            ..Labels::default()
        };
        let candidates: HashSet<Pair> = [(0, 1), (2, 3), (6, 7), (8, 9), (10, 11), (14, 15)]
            .into_iter()
            .collect();
        let groups = score_by_rate(&gold, &predicted, Some(&candidates));
        let kinds: Vec<(&str, Option<f64>)> =
            groups.iter().map(|g| (g.kind.as_str(), g.rate)).collect();
        assert_eq!(
            kinds,
            [
                ("exact", Some(0.0)),
                ("edited", Some(0.1)),
                ("spun", Some(0.1)),
                ("contained", None)
            ]
        );
        let spun = &groups[2];
        assert_eq!((spun.gold, spun.found, spun.kind_right), (4, 3, 2));
        assert_eq!(
            (spun.direction_checked, spun.direction_right),
            (Some(2), Some(1))
        );
        assert_eq!(spun.direction_accuracy, Some(0.5));
        assert_eq!(spun.recall, Some(0.75));
        // candidates (0,1) (2,3) (6,7): 3 of 4; found among them (0,1) (2,3): 2 of 3; (4,5)
        // was found without being proposed.
        assert_eq!(spun.candidates, Some(3));
        assert_eq!(spun.verification_recall, Some(2.0 / 3.0));
        assert_eq!(spun.found_outside_candidates, Some(1));
        let edited = &groups[1];
        assert_eq!((edited.gold, edited.found, edited.kind_right), (2, 1, 1));
        assert_eq!(edited.expected_kind, "near");
        assert_eq!(edited.direction_checked, None);
        assert_eq!(edited.candidate_recall, Some(1.0));
        assert_eq!(edited.verification_recall, Some(0.5));
        let exact = &groups[0];
        assert_eq!(
            (exact.found, exact.kind_right, exact.kind_accuracy),
            (1, 0, Some(0.0))
        );
        let contained = &groups[3];
        assert_eq!(contained.direction_accuracy, Some(1.0));
        assert_eq!(contained.candidate_recall, Some(0.0));
        assert_eq!(contained.verification_recall, None);

        let without = score_by_rate(&gold, &predicted, None);
        assert!(without.iter().all(|g| g.candidates.is_none()
            && g.candidate_recall.is_none()
            && g.found_outside_candidates.is_none()));
        assert_eq!(without[2].found, 3);
    }
}
