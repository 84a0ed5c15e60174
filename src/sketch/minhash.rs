//! MinHash signatures by one permutation hashing with densification.
//!
//! Classic MinHash applies `P` hash functions to every shingle and keeps each minimum: `P`
//! hash evaluations per shingle, which dominated the whole scan. One permutation hashing (Li,
//! Owen and Zhang, NIPS 2012) hashes each shingle once, uses the hash's high bits to pick one of
//! `P` bins and keeps the minimum per bin; two sets agree in a bin with probability equal to
//! their Jaccard similarity, as with `P` separate functions. A bin that no shingle fell into
//! (short documents) borrows the value of the next non-empty bin to its right, shifted by a
//! constant per step ("densification by rotation", Shrivastava and Li, UAI 2014), which keeps
//! that collision property. Cost: one hash per shingle plus `P`. The hash is a seeded 64-bit
//! finaliser (splitmix64's), so signatures are the same on every run and machine.

/// A MinHash signature function with `permutations` values (bins).
#[derive(Debug, Clone)]
pub struct MinHasher {
    bins: usize,
}

const SEED: u64 = 0x2545_f491_4f6c_dd1d;
/// Added once per rotation step, so a borrowed value differs from the one it was borrowed from.
const ROTATION_OFFSET: u64 = 0x9e37_79b9_7f4a_7c15;

/// splitmix64's output function: a bijective 64-bit mixer.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl MinHasher {
    /// A signature function with `permutations` bins (at least 1).
    pub fn new(permutations: usize) -> Self {
        MinHasher {
            bins: permutations.max(1),
        }
    }

    pub fn permutations(&self) -> usize {
        self.bins
    }

    /// The signature of a set of shingle hashes (repeats are harmless). Empty input gives
    /// `u64::MAX` everywhere.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        let mut sig = vec![u64::MAX; self.bins];
        let mut filled = vec![false; self.bins];
        for &shingle in shingles {
            let h = mix(shingle ^ SEED);
            // the high bits choose the bin (multiply-shift range reduction)
            let bin = ((h as u128 * self.bins as u128) >> 64) as usize;
            // written unconditionally: whether a random hash lowers its bin's minimum is a
            // branch the processor cannot predict early in a document
            sig[bin] = sig[bin].min(h);
            filled[bin] = true;
        }
        if shingles.is_empty() || filled.iter().all(|&f| f) {
            return sig;
        }
        let donors: Vec<u64> = sig.clone();
        for bin in 0..self.bins {
            if filled[bin] {
                continue;
            }
            let mut step = 1;
            loop {
                let from = (bin + step) % self.bins;
                if filled[from] {
                    sig[bin] =
                        donors[from].wrapping_add((step as u64).wrapping_mul(ROTATION_OFFSET));
                    break;
                }
                step += 1;
            }
        }
        sig
    }
}

/// The fraction of positions where two signatures agree: the Jaccard estimate.
pub fn estimate_jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_estimate(hasher: &MinHasher, a: &[u64], b: &[u64], trials: u64) -> f64 {
        // shift the shingle universe per trial: an average over many "random" hash functions
        (0..trials)
            .map(|t| {
                let shift = |s: &[u64]| s.iter().map(|x| mix(x ^ (t << 40))).collect::<Vec<_>>();
                estimate_jaccard(&hasher.signature(&shift(a)), &hasher.signature(&shift(b)))
            })
            .sum::<f64>()
            / trials as f64
    }

    #[test]
    fn estimate_tracks_jaccard_for_large_sets() {
        let hasher = MinHasher::new(128);
        let a: Vec<u64> = (0..1000).collect();
        let b: Vec<u64> = (500..1500).collect();
        let est = estimate_jaccard(&hasher.signature(&a), &hasher.signature(&b));
        assert!((est - 1.0 / 3.0).abs() < 0.15, "estimate {est}");
        assert!((mean_estimate(&hasher, &a, &b, 200) - 1.0 / 3.0).abs() < 0.02);
        assert_eq!(hasher.signature(&a), hasher.signature(&a));
    }

    #[test]
    fn densified_estimate_is_unbiased_for_small_sets() {
        let hasher = MinHasher::new(128);
        // 20 and 20 shingles sharing 10: J = 10/30; most bins are empty and borrowed
        let a: Vec<u64> = (0..20).collect();
        let b: Vec<u64> = (10..30).collect();
        let mean = mean_estimate(&hasher, &a, &b, 400);
        assert!((mean - 1.0 / 3.0).abs() < 0.03, "mean estimate {mean}");
        let single = hasher.signature(&[42]);
        assert_eq!(single, hasher.signature(&[42, 42]));
        assert!(single.iter().all(|&v| v != u64::MAX));
    }
}
