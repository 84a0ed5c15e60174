//! Chaining a pair's seeds into candidate passages.
//!
//! Seeds of one copied passage lie on (nearly) one diagonal `pos_b - pos_a`, a few words apart.
//! Walking the seeds in order of `pos_a`, each joins the open chain it continues best: both
//! positions moving forward by at most `max_gap` words, the diagonal shifting by at most
//! `max_gap / 2` words (an insertion or deletion). A seed that continues no chain opens one.
//! Chains far behind the current position are closed, so the walk is linear in practice.

use super::seeds::Seed;

/// A run of seeds: first and last matching positions in both documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain {
    pub first_a: u32,
    pub first_b: u32,
    pub last_a: u32,
    pub last_b: u32,
    pub seeds: u32,
}

/// Chains the seeds of one document pair (sorted by `pos_a`, then `pos_b`).
pub fn chain_seeds(seeds: &[Seed], max_gap: usize) -> Vec<Chain> {
    let max_gap = max_gap as i64;
    let max_skew = (max_gap / 2).max(1);
    let mut done: Vec<Chain> = Vec::new();
    let mut open: Vec<Chain> = Vec::new();
    for seed in seeds {
        let (pa, pb) = (seed.pos_a as i64, seed.pos_b as i64);
        // close chains that can no longer be continued
        let mut i = 0;
        while i < open.len() {
            if open[i].last_a as i64 + max_gap < pa {
                done.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let mut best: Option<(i64, i64, usize)> = None;
        for (idx, c) in open.iter().enumerate() {
            let da = pa - c.last_a as i64;
            let db = pb - c.last_b as i64;
            if da < 0 || db < 0 || da > max_gap || db > max_gap || (da == 0 && db == 0) {
                continue;
            }
            let skew = (da - db).abs();
            if skew > max_skew {
                continue;
            }
            let key = (skew, da, idx);
            if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                best = Some(key);
            }
        }
        match best {
            Some((_, _, idx)) => {
                let c = &mut open[idx];
                c.last_a = seed.pos_a;
                c.last_b = seed.pos_b;
                c.seeds += 1;
            }
            None => {
                let duplicate = open
                    .iter()
                    .any(|c| c.last_a == seed.pos_a && c.last_b == seed.pos_b);
                if !duplicate {
                    open.push(Chain {
                        first_a: seed.pos_a,
                        first_b: seed.pos_b,
                        last_a: seed.pos_a,
                        last_b: seed.pos_b,
                        seeds: 1,
                    });
                }
            }
        }
    }
    done.extend(open);
    done.sort_by_key(|c| (c.first_a, c.first_b, c.last_a, c.last_b));
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(pos_a: u32, pos_b: u32) -> Seed {
        Seed {
            a: 0,
            b: 1,
            pos_a,
            pos_b,
        }
    }

    #[test]
    fn one_diagonal_with_an_edit_is_one_chain() {
        let seeds = [seed(10, 110), seed(14, 114), seed(30, 131), seed(35, 136)];
        let chains = chain_seeds(&seeds, 20);
        assert_eq!(chains.len(), 1);
        assert_eq!(
            (chains[0].first_a, chains[0].last_b, chains[0].seeds),
            (10, 136, 4)
        );
    }

    #[test]
    fn distant_or_crossing_seeds_open_new_chains() {
        let seeds = [seed(10, 110), seed(12, 50), seed(80, 180)];
        assert_eq!(chain_seeds(&seeds, 20).len(), 3);
    }
}
