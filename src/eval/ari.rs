//! Cluster agreement: the adjusted Rand index.
//!
//! Definition (Hubert & Arabie, "Comparing partitions", *Journal of Classification* 2, 1985):
//! for two partitions of the same n items with contingency counts n_ij (items in gold group i
//! and predicted group j), row sums a_i and column sums b_j,
//!
//! ARI = (Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E),  E = Σ C(a_i,2)·Σ C(b_j,2) / C(n,2).
//!
//! 1 is perfect agreement, 0 the agreement expected by chance. When the denominator is 0 both
//! partitions are the same trivial one (all singletons, or one group of all), and the index
//! is 1; with fewer than two items it is 1 too.
//!
//! For `copydesk eval` the items are the gold's documents (README "`copydesk eval`"); the
//! gold groups are the connected components of the gold duplicate pairs, the predicted groups
//! those of the predicted pairs (`pairs::predicted_pairs`), restricted to those documents; a
//! document in no pair is a group of its own.

use super::pairs::Pair;
use crate::dedup::component_labels;
use std::collections::HashMap;

/// C(x, 2) as a float (exact up to 2^53).
fn choose2(x: u64) -> f64 {
    let x = x as u128;
    (x * x.saturating_sub(1) / 2) as f64
}

/// The adjusted Rand index of two labelings of the same items (`gold[i]`, `predicted[i]` are
/// item i's group labels). Panics if the lengths differ (a caller's bug, not an input's).
pub fn adjusted_rand_index(gold: &[u32], predicted: &[u32]) -> f64 {
    assert_eq!(gold.len(), predicted.len(), "labelings of the same items");
    let n = gold.len() as u64;
    let mut cells: HashMap<(u32, u32), u64> = HashMap::new();
    let mut rows: HashMap<u32, u64> = HashMap::new();
    let mut cols: HashMap<u32, u64> = HashMap::new();
    for (&g, &p) in gold.iter().zip(predicted) {
        *cells.entry((g, p)).or_default() += 1;
        *rows.entry(g).or_default() += 1;
        *cols.entry(p).or_default() += 1;
    }
    let index: f64 = cells.values().map(|&c| choose2(c)).sum();
    let row_sum: f64 = rows.values().map(|&c| choose2(c)).sum();
    let col_sum: f64 = cols.values().map(|&c| choose2(c)).sum();
    let all = choose2(n);
    if all == 0.0 {
        return 1.0;
    }
    let expected = row_sum * col_sum / all;
    let max = (row_sum + col_sum) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

/// Group labels of the `universe` documents (indices among `n` ids) under the connected
/// components of `pairs`; pairs with a document outside the universe are left out.
pub fn partition(universe: &[u32], pairs: impl IntoIterator<Item = Pair>, n: usize) -> Vec<u32> {
    let mut member = vec![false; n];
    for &d in universe {
        member[d as usize] = true;
    }
    let inside: Vec<Pair> = pairs
        .into_iter()
        .filter(|&(a, b)| member[a as usize] && member[b as usize])
        .collect();
    let labels = component_labels(n, &inside);
    universe.iter().map(|&d| labels[d as usize]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_partitions_score_one_and_labels_do_not_matter() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 2], &[7, 7, 3, 9]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 1, 2], &[0, 1, 2]), 1.0);
        assert_eq!(adjusted_rand_index(&[], &[]), 1.0);
        // Hand-checked: gold {0,1}{2,3}, predicted {0,1,2,3}: index 2, rows 2, cols 6,
        // E = 2*6/6 = 2, max = 4, ARI = 0.
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 0, 0]), 0.0);
    }
}
