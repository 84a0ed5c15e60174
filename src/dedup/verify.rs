//! Exact similarity of a candidate pair, measured on the full shingle sets.
//!
//! Jaccard |A∩B|/|A∪B| says how alike two documents are as wholes; containment
//! |A∩B|/min(|A|,|B|) says how much of the smaller one is inside the larger, so that an article
//! reprinted inside a longer page (low Jaccard) is still visible as a copy.

use crate::sketch::shingle::intersection_size;

/// Exact similarity of two shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairSimilarity {
    pub jaccard: f64,
    pub containment: f64,
}

/// Measures two sorted, repeat-free shingle sets.
pub fn verify_pair(a: &[u64], b: &[u64]) -> PairSimilarity {
    if a.is_empty() || b.is_empty() {
        return PairSimilarity {
            jaccard: 0.0,
            containment: 0.0,
        };
    }
    let shared = intersection_size(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - shared;
    PairSimilarity {
        jaccard: shared / union,
        containment: shared / a.len().min(b.len()) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_and_containment() {
        let s = verify_pair(&[1, 2, 3, 4], &[3, 4, 5, 6, 7, 8]);
        assert!((s.jaccard - 2.0 / 8.0).abs() < 1e-12);
        assert!((s.containment - 0.5).abs() < 1e-12);
        assert_eq!(verify_pair(&[], &[1]).jaccard, 0.0);
    }
}
