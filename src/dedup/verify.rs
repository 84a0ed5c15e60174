//! Exact similarity of a candidate pair, measured on the full shingle sets.
//!
//! Jaccard |A∩B|/|A∪B| says how alike two documents are as wholes; containment
//! |A∩B|/min(|A|,|B|) says how much of the smaller one is inside the larger, so that an article
//! reprinted inside a longer page (low Jaccard) is still visible as a copy.

use crate::sketch::shingle::{intersection_size, intersection_size_unless};

/// Exact similarity of two shingle sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairSimilarity {
    pub jaccard: f64,
    pub containment: f64,
}

/// Measures two sorted, repeat-free shingle sets.
pub fn verify_pair<T: Copy + Ord>(a: &[T], b: &[T]) -> PairSimilarity {
    if a.is_empty() || b.is_empty() {
        return PairSimilarity::NONE;
    }
    PairSimilarity::of(intersection_size(a, b), a.len(), b.len())
}

/// [`verify_pair`] for a pair that matters only if `keep` accepts its similarity: `None` as
/// soon as the shared shingles counted so far, plus all those that could still be, would not
/// be accepted. `keep` must be monotone (a pair sharing more is kept if one sharing less is),
/// as similarity thresholds are; the result is then that of `verify_pair` filtered by `keep`.
pub fn verify_pair_if<T: Copy + Ord>(
    a: &[T],
    b: &[T],
    keep: impl Fn(&PairSimilarity) -> bool,
) -> Option<PairSimilarity> {
    if a.is_empty() || b.is_empty() {
        return Some(PairSimilarity::NONE).filter(&keep);
    }
    let of = |shared| PairSimilarity::of(shared, a.len(), b.len());
    intersection_size_unless(a, b, |bound| !keep(&of(bound))).map(of)
}

impl PairSimilarity {
    const NONE: PairSimilarity = PairSimilarity {
        jaccard: 0.0,
        containment: 0.0,
    };

    /// The similarity of two sets of `a` and `b` elements sharing `shared`.
    fn of(shared: usize, a: usize, b: usize) -> PairSimilarity {
        let shared = shared as f64;
        let union = (a + b) as f64 - shared;
        PairSimilarity {
            jaccard: shared / union,
            containment: shared / a.min(b) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::shingle::STEPS_PER_CHECK;

    #[test]
    fn jaccard_and_containment() {
        let s = verify_pair(&[1, 2, 3, 4], &[3, 4, 5, 6, 7, 8]);
        assert!((s.jaccard - 2.0 / 8.0).abs() < 1e-12);
        assert!((s.containment - 0.5).abs() < 1e-12);
        assert_eq!(verify_pair(&[], &[1]).jaccard, 0.0);
    }

    /// A sorted, repeat-free set from arbitrary values.
    fn set(mut values: Vec<u64>) -> Vec<u64> {
        values.sort_unstable();
        values.dedup();
        values
    }

    proptest::proptest! {
        /// Giving up early never changes which pairs are kept nor their similarity.
        #[test]
        fn stopping_early_keeps_the_same_pairs(
            a in proptest::collection::vec(0u64..600, 0..400),
            b in proptest::collection::vec(0u64..600, 0..400),
            threshold in 0.0f64..1.0,
            containment in 0.0f64..1.0,
        ) {
            let (a, b) = (set(a), set(b));
            let keep = |s: &PairSimilarity| s.jaccard >= threshold || s.containment >= containment;
            let full = verify_pair(&a, &b);
            let early = verify_pair_if(&a, &b, keep);
            proptest::prop_assert_eq!(early, Some(full).filter(keep));
        }
    }

    #[test]
    fn dissimilar_sets_are_given_up_before_the_end() {
        let a: Vec<u64> = (0..1000).map(|x| 2 * x).collect();
        let b: Vec<u64> = (0..1000).map(|x| 2 * x + 1).collect();
        let checks = std::cell::Cell::new(0);
        let kept = intersection_size_unless(&a, &b, |bound| {
            checks.set(checks.get() + 1);
            bound < 500
        });
        assert_eq!(kept, None);
        // the bound falls below 500 once about 1000 of the 2000 merge steps are done
        assert!(
            checks.get() < 2000 / STEPS_PER_CHECK,
            "{} checks",
            checks.get()
        );
    }
}
