//! Winnowing: pick a sparse, position-aware subset of shingle hashes as fingerprints.
//!
//! In every window of `w` consecutive shingle hashes the minimum is selected, and each
//! selected position is kept once. On ties the position selected for the previous window is
//! kept while it is still in the window, else the rightmost minimum is taken ("robust
//! winnowing"): a run of one repeated shingle ("the the the …") then yields one fingerprint
//! per window rather than one per position. Two texts sharing a run of at least
//! `w + k - 1` words therefore share at least one fingerprint, whatever surrounds the run, while
//! only about 2/(w+1) of all shingles are kept (Schleimer, Wilkerson and Aiken, SIGMOD 2003).

/// One fingerprint: a shingle hash and the index of its first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fingerprint {
    pub hash: u64,
    pub pos: u32,
}

/// Winnows `shingles` (position i = the shingle starting at word i) with window `w`.
pub fn winnow(shingles: &[u64], w: usize) -> Vec<Fingerprint> {
    assert!(w > 0, "window must be positive");
    // About 2/(w+1) of random shingles are selected: reserve a little more than that, so that
    // most documents never grow the vector.
    let mut out: Vec<Fingerprint> = Vec::with_capacity(shingles.len() * 9 / (4 * (w + 1)) + 8);
    if shingles.is_empty() {
        return out;
    }
    if shingles.len() <= w {
        let (pos, &hash) = shingles
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, h)| **h)
            .expect("non-empty");
        out.push(Fingerprint {
            hash,
            pos: pos as u32,
        });
        return out;
    }
    // The minimum of the current window (robust on ties, see above); the window is scanned
    // again only when its minimum slides out of it (rare: on average every w/2 positions or less).
    let rightmost_min = |from: usize, to: usize| {
        let mut best = from;
        for j in from + 1..to {
            if shingles[j] <= shingles[best] {
                best = j;
            }
        }
        best
    };
    let mut chosen = rightmost_min(0, w);
    out.push(Fingerprint {
        hash: shingles[chosen],
        pos: chosen as u32,
    });
    for end in w + 1..=shingles.len() {
        let (start, new) = (end - w, end - 1);
        let next = if chosen < start {
            rightmost_min(start, end)
        } else if shingles[new] < shingles[chosen] {
            new
        } else {
            chosen
        };
        if next != chosen {
            chosen = next;
            out.push(Fingerprint {
                hash: shingles[chosen],
                pos: chosen as u32,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naive robust winnowing: the minimum of every window, the previous window's choice on
    /// ties while it is in the window, else the rightmost minimum; deduplicated by position.
    fn naive(shingles: &[u64], w: usize) -> Vec<Fingerprint> {
        let mut out: Vec<Fingerprint> = Vec::new();
        if shingles.len() <= w {
            return winnow(shingles, w);
        }
        for start in 0..=shingles.len() - w {
            let window = &shingles[start..start + w];
            let min = *window.iter().min().unwrap();
            let previous = out
                .last()
                .map(|f| f.pos as usize)
                .filter(|&p| p >= start && shingles[p] == min);
            let pos =
                previous.unwrap_or_else(|| start + window.iter().rposition(|&h| h == min).unwrap());
            if out.last().is_none_or(|f| f.pos as usize != pos) {
                out.push(Fingerprint {
                    hash: min,
                    pos: pos as u32,
                });
            }
        }
        out
    }

    #[test]
    fn agrees_with_naive_winnowing() {
        let mut state = 7u64;
        for len in 0..60 {
            let shingles: Vec<u64> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (state >> 60) % 7
                })
                .collect();
            for w in 1..6 {
                assert_eq!(winnow(&shingles, w), naive(&shingles, w), "len {len} w {w}");
            }
        }
    }

    #[test]
    fn a_repeated_shingle_gives_one_fingerprint_per_window() {
        let fps = winnow(&[5; 60], 6);
        assert_eq!(fps.len(), 10, "{fps:?}");
        assert!(fps.windows(2).all(|f| f[1].pos - f[0].pos == 6));
    }
}
