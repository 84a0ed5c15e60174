//! Duplicate pairs: precision, recall and F1 over unordered document pairs.
//!
//! Definition (the usual set-based one, e.g. Manning, Raghavan & Schütze, *Introduction to
//! Information Retrieval*, 2008, §8.3): with G the gold pairs and P the predicted pairs,
//! precision = |G ∩ P| / |P|, recall = |G ∩ P| / |G|, F1 = 2PR / (P + R). Pairs are unordered
//! and a document is never paired with itself.
//!
//! - **Gold pairs** are the transitive closure of the gold `duplicate` records: every pair of
//!   documents in one connected component of the gold duplicate graph, since copies of one
//!   origin are copies of each other. A pair named by a record keeps the record's `kind`
//!   (`exact`, `edited`, `spun`); a pair implied only by the closure has kind `transitive`.
//! - **Predicted pairs** are the pairs of the predicted `duplicate` records (both kinds, `copy`
//!   and `spun`) together with every pair of members of each `cluster` record. `copydesk scan`
//!   verifies each pair on its own, so two copies that each match an origin closely can fall
//!   just short of the threshold against each other although their cluster joins them; the
//!   cluster records state that they are copies, and the gold side is closed the same way.

use super::PrecisionRecall;
use super::records::Labels;
use crate::dedup::component_labels;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// An unordered pair of document indices, smaller first.
pub type Pair = (u32, u32);

/// The pair `{a, b}` in canonical order; `None` for a document paired with itself.
pub fn unordered(a: u32, b: u32) -> Option<Pair> {
    match a.cmp(&b) {
        std::cmp::Ordering::Less => Some((a, b)),
        std::cmp::Ordering::Greater => Some((b, a)),
        std::cmp::Ordering::Equal => None,
    }
}

/// Every pair within each connected component of `links` over documents `0..n`.
pub fn closure(n: usize, links: &[Pair]) -> Vec<Pair> {
    let mut groups: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    let linked: HashSet<u32> = links.iter().flat_map(|&(a, b)| [a, b]).collect();
    for (doc, root) in component_labels(n, links).into_iter().enumerate() {
        if linked.contains(&(doc as u32)) {
            groups.entry(root).or_default().push(doc as u32);
        }
    }
    let mut pairs = Vec::new();
    for members in groups.values() {
        for (i, &a) in members.iter().enumerate() {
            pairs.extend(members[i + 1..].iter().map(|&b| (a, b)));
        }
    }
    pairs
}

/// The gold pairs (closure of the `duplicate` records) with their kinds; `n` ids in all.
pub fn gold_pairs(gold: &Labels, n: usize) -> HashMap<Pair, String> {
    let mut named: HashMap<Pair, String> = HashMap::new();
    for link in &gold.duplicates {
        if let Some(pair) = unordered(link.a, link.b) {
            named.entry(pair).or_insert_with(|| link.kind.clone());
        }
    }
    let links: Vec<Pair> = named.keys().copied().collect();
    closure(n, &links)
        .into_iter()
        .map(|pair| {
            let kind = named
                .get(&pair)
                .cloned()
                .unwrap_or_else(|| "transitive".to_string());
            (pair, kind)
        })
        .collect()
}

/// The predicted pairs: `duplicate` records and all member pairs of `cluster` records.
pub fn predicted_pairs(predicted: &Labels) -> HashSet<Pair> {
    let mut pairs: HashSet<Pair> = predicted
        .duplicates
        .iter()
        .filter_map(|link| unordered(link.a, link.b))
        .collect();
    for members in &predicted.clusters {
        for (i, &a) in members.iter().enumerate() {
            pairs.extend(members[i + 1..].iter().filter_map(|&b| unordered(a, b)));
        }
    }
    pairs
}

/// Recall of the gold pairs of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindRecall {
    pub kind: String,
    pub found: usize,
    pub gold: usize,
}

/// Duplicate pair scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairScores {
    #[serde(flatten)]
    pub scores: PrecisionRecall,
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
    /// Recall per gold kind, kinds in alphabetical order.
    pub by_kind: Vec<KindRecall>,
}

/// Scores predicted pairs against gold pairs.
pub fn score_pairs(gold: &HashMap<Pair, String>, predicted: &HashSet<Pair>) -> PairScores {
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut hits = 0;
    for (pair, kind) in gold {
        let found = predicted.contains(pair);
        hits += usize::from(found);
        let entry = by_kind.entry(kind).or_default();
        entry.0 += usize::from(found);
        entry.1 += 1;
    }
    PairScores {
        scores: PrecisionRecall::from_counts(hits, predicted.len(), gold.len()),
        true_positives: hits,
        predicted: predicted.len(),
        gold: gold.len(),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, (found, gold))| KindRecall {
                kind: kind.to_string(),
                found,
                gold,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closure_joins_copies_of_one_origin() {
        let mut pairs = closure(6, &[(0, 1), (0, 2), (4, 5)]);
        pairs.sort();
        assert_eq!(pairs, vec![(0, 1), (0, 2), (1, 2), (4, 5)]);
        assert_eq!(unordered(3, 1), Some((1, 3)));
        assert_eq!(unordered(2, 2), None);
    }
}
