//! Locality-sensitive hashing over MinHash signatures ("banding").
//!
//! A signature of `b * r` values is cut into `b` bands of `r` rows; two documents become a
//! candidate pair when all rows of at least one band agree. For Jaccard similarity s the chance
//! of that is 1 - (1 - s^r)^b, an S-curve whose steep part sits near (1/b)^(1/r). The bands and
//! rows are chosen from the user's threshold t by minimising the weighted area of false
//! positives (below t) and false negatives (above t) under that curve. False negatives are
//! weighted more, because every candidate is verified exactly afterwards: a false positive
//! costs only a little time, a false negative is a copy never reported.

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

/// The banding chosen for a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LshParams {
    pub bands: usize,
    pub rows: usize,
}

/// Weight of the false-negative area against the false-positive area.
const FALSE_NEGATIVE_WEIGHT: f64 = 0.75;

fn collision_probability(s: f64, params: LshParams) -> f64 {
    1.0 - (1.0 - s.powi(params.rows as i32)).powi(params.bands as i32)
}

/// Trapezoid-rule integral of `f` over [lo, hi].
fn integrate(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    const STEPS: usize = 200;
    let dx = (hi - lo) / STEPS as f64;
    let mut area = 0.5 * (f(lo) + f(hi));
    for i in 1..STEPS {
        area += f(lo + i as f64 * dx);
    }
    area * dx
}

impl LshParams {
    /// The bands/rows split of `permutations` values that best separates Jaccard `threshold`.
    pub fn for_threshold(threshold: f64, permutations: usize) -> LshParams {
        let t = threshold.clamp(0.01, 0.99);
        let mut best = LshParams { bands: 1, rows: 1 };
        let mut best_cost = f64::INFINITY;
        for bands in 1..=permutations {
            for rows in 1..=permutations / bands {
                let p = LshParams { bands, rows };
                let fp = integrate(|s| collision_probability(s, p), 0.0, t);
                let fn_ = integrate(|s| 1.0 - collision_probability(s, p), t, 1.0);
                let cost = (1.0 - FALSE_NEGATIVE_WEIGHT) * fp + FALSE_NEGATIVE_WEIGHT * fn_;
                if cost < best_cost - 1e-12 {
                    best_cost = cost;
                    best = p;
                }
            }
        }
        best
    }

    /// The band keys of one signature (one 64-bit hash per band).
    pub fn band_keys(&self, signature: &[u64]) -> Vec<u64> {
        // one byte buffer for all bands (an allocation per band was measurable at 25k docs)
        let mut bytes: Vec<u8> = Vec::with_capacity(self.rows * 8);
        (0..self.bands)
            .map(|band| {
                let rows = &signature[band * self.rows..(band + 1) * self.rows];
                bytes.clear();
                bytes.extend(rows.iter().flat_map(|v| v.to_le_bytes()));
                xxh3_64(&bytes)
            })
            .collect()
    }
}

/// Buckets larger than this are linked as a star (first member with each other) rather than
/// as all pairs, so one huge cluster of identical documents stays linear.
pub const MAX_BUCKET_PAIRS_MEMBERS: usize = 64;

/// Appends the candidate pairs of one LSH bucket (its members in document order, `doc`
/// reading each one's document): every pair, or past [`MAX_BUCKET_PAIRS_MEMBERS`] the first
/// member with each other. The one rule for a bucket, whoever gathered it (this module, or a
/// Spark task merging band keys).
pub fn push_bucket_pairs<T>(bucket: &[T], doc: impl Fn(&T) -> u32, pairs: &mut Vec<(u32, u32)>) {
    if bucket.len() > MAX_BUCKET_PAIRS_MEMBERS {
        let first = doc(&bucket[0]);
        pairs.extend(bucket[1..].iter().map(|m| (first, doc(m))));
    } else {
        for (x, a) in bucket.iter().enumerate() {
            pairs.extend(bucket[x + 1..].iter().map(|b| (doc(a), doc(b))));
        }
    }
}

/// Candidate pairs `(i, j)` with `i < j`, sorted and without repeats, from per-document band
/// keys (`band_keys[doc][band]`). Documents with no keys (empty texts) take no part.
pub fn candidate_pairs(band_keys: &[&[u64]], bands: usize) -> Vec<(u32, u32)> {
    let per_band: Vec<Vec<(u32, u32)>> = (0..bands)
        .into_par_iter()
        .map(|band| {
            let mut keyed: Vec<(u64, u32)> = band_keys
                .iter()
                .enumerate()
                .filter(|(_, keys)| !keys.is_empty())
                .map(|(doc, keys)| (keys[band], doc as u32))
                .collect();
            keyed.sort_unstable();
            let mut pairs = Vec::new();
            for bucket in keyed.chunk_by(|x, y| x.0 == y.0) {
                push_bucket_pairs(bucket, |&(_, doc)| doc, &mut pairs);
            }
            pairs
        })
        .collect();
    let mut pairs: Vec<(u32, u32)> = per_band.into_iter().flatten().collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_fit_the_permutations_and_put_the_curve_near_the_threshold() {
        for &t in &[0.3, 0.5, 0.7, 0.9] {
            let p = LshParams::for_threshold(t, 128);
            assert!(p.bands * p.rows <= 128);
            // the curve must already be likely at t + 0.1 and unlikely well below t
            assert!(
                collision_probability((t + 0.1).min(1.0), p) > 0.8,
                "{t} {p:?}"
            );
            assert!(collision_probability(t / 3.0, p) < 0.2, "{t} {p:?}");
        }
    }

    #[test]
    fn band_keys_hash_each_band_s_rows_as_little_endian_bytes() {
        let p = LshParams { bands: 5, rows: 3 };
        let signature: Vec<u64> = (0..15u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let reference: Vec<u64> = signature
            .chunks(3)
            .map(|rows| {
                let bytes: Vec<u8> = rows.iter().flat_map(|v| v.to_le_bytes()).collect();
                xxh3_64(&bytes)
            })
            .collect();
        assert_eq!(p.band_keys(&signature), reference);
    }

    #[test]
    fn equal_band_keys_make_pairs() {
        let keys: [&[u64]; 4] = [&[1, 9], &[2, 9], &[1, 5], &[]];
        assert_eq!(candidate_pairs(&keys, 2), vec![(0, 1), (0, 2)]);
    }
}
