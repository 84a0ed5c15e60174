//! MinHash signatures: `P` independent hash functions, the minimum of each over a shingle set.
//!
//! For two sets A and B, the chance that one hash function has the same minimum on both equals
//! their Jaccard similarity |A∩B|/|A∪B|, so the fraction of agreeing minima estimates it. Each
//! hash function is the shingle hash XOR a fixed per-function seed, passed through a 64-bit
//! finaliser (splitmix64's): fast, and as good as a random permutation for this purpose. Seeds
//! come from a fixed generator, so signatures are the same on every run and machine.

/// A family of `permutations` MinHash functions.
#[derive(Debug, Clone)]
pub struct MinHasher {
    seeds: Vec<u64>,
}

/// splitmix64's output function: a bijective 64-bit mixer.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl MinHasher {
    /// A family of `permutations` functions (deterministic seeds).
    pub fn new(permutations: usize) -> Self {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let seeds = (0..permutations)
            .map(|_| {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                mix(state)
            })
            .collect();
        MinHasher { seeds }
    }

    pub fn permutations(&self) -> usize {
        self.seeds.len()
    }

    /// The signature of a set of shingle hashes (repeats are harmless). Empty input gives
    /// `u64::MAX` everywhere.
    pub fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        let mut sig = vec![u64::MAX; self.seeds.len()];
        for &shingle in shingles {
            for (slot, &seed) in sig.iter_mut().zip(&self.seeds) {
                let h = mix(shingle ^ seed);
                if h < *slot {
                    *slot = h;
                }
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

    #[test]
    fn estimate_tracks_jaccard() {
        let hasher = MinHasher::new(256);
        let a: Vec<u64> = (0..1000).collect();
        let b: Vec<u64> = (500..1500).collect();
        let est = estimate_jaccard(&hasher.signature(&a), &hasher.signature(&b));
        // true Jaccard 500/1500 = 0.333; 256 permutations give a standard error near 0.03
        assert!((est - 1.0 / 3.0).abs() < 0.12, "estimate {est}");
        assert_eq!(hasher.signature(&a), hasher.signature(&a));
    }
}
