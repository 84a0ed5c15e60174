//! From chains to aligned passages: extension over small edits, measurement, merging.
//!
//! A chain covers its seeds' shingles. It is extended outwards while the words agree; where
//! they stop agreeing, up to `MAX_SKIP` words are skipped on either side if that leads to
//! `RESYNC_WORDS` agreeing words again (an edit inside a copied passage), else the extension
//! stops. The result is measured with a word diff (the `similar` crate's Myers diff): the
//! matched words and a similarity 2·matched/(|a|+|b|). Chains of one pair whose passages
//! overlap on both sides are merged and measured again.

use super::chain::Chain;
use super::{Passage, PassageConfig, WordRange};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Largest number of words skipped on one side to get past an edit.
const MAX_SKIP: usize = 4;
/// Words that must agree after a skip for the extension to go on.
const RESYNC_WORDS: usize = 3;

/// Words of a slice read forwards from an index, or backwards from it (for left extension),
/// so that one extension routine serves both directions without copying.
#[derive(Clone, Copy)]
struct Walk<'a> {
    words: &'a [u64],
    origin: usize,
    backwards: bool,
}

impl Walk<'_> {
    /// How many words lie ahead of the origin in this direction.
    fn len(&self) -> usize {
        if self.backwards {
            self.origin
        } else {
            self.words.len() - self.origin
        }
    }

    /// The word `i` steps ahead of the origin.
    fn at(&self, i: usize) -> u64 {
        if self.backwards {
            self.words[self.origin - 1 - i]
        } else {
            self.words[self.origin + i]
        }
    }
}

/// How far two walks can go together, crossing small edits: returns the steps taken on each.
fn extend(a: Walk<'_>, b: Walk<'_>) -> (usize, usize) {
    let (mut ea, mut eb) = (0, 0);
    let agree = |fa: usize, fb: usize| {
        fa + RESYNC_WORDS <= a.len()
            && fb + RESYNC_WORDS <= b.len()
            && (0..RESYNC_WORDS).all(|i| a.at(fa + i) == b.at(fb + i))
    };
    loop {
        while ea < a.len() && eb < b.len() && a.at(ea) == b.at(eb) {
            ea += 1;
            eb += 1;
        }
        let resync = (1..=MAX_SKIP * 2)
            .flat_map(|total| (0..=total).map(move |sa| (sa, total - sa)))
            .filter(|&(sa, sb)| sa <= MAX_SKIP && sb <= MAX_SKIP)
            .find(|&(sa, sb)| agree(ea + sa, eb + sb));
        match resync {
            Some((sa, sb)) => {
                ea += sa + RESYNC_WORDS;
                eb += sb + RESYNC_WORDS;
            }
            None => return (ea, eb),
        }
    }
}

/// Extends `[ea..]` / `[eb..]` to the right; returns the new exclusive ends.
fn extend_right(a: &[u64], b: &[u64], ea: usize, eb: usize) -> (usize, usize) {
    let forwards = |words, origin| Walk {
        words,
        origin,
        backwards: false,
    };
    let (da, db) = extend(forwards(a, ea), forwards(b, eb));
    (ea + da, eb + db)
}

/// Extends `[..sa]` / `[..sb]` to the left; returns the new inclusive starts.
fn extend_left(a: &[u64], b: &[u64], sa: usize, sb: usize) -> (usize, usize) {
    let backwards = |words, origin| Walk {
        words,
        origin,
        backwards: true,
    };
    let (da, db) = extend(backwards(a, sa), backwards(b, sb));
    (sa - da, sb - db)
}

/// Matched words of the word diff of two ranges.
pub(super) fn matched_words(a: &[u64], b: &[u64]) -> usize {
    capture_diff_slices(Algorithm::Myers, a, b)
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum()
}

fn measure(a: &[u64], b: &[u64], ra: WordRange, rb: WordRange) -> Passage {
    let sa = &a[ra.start as usize..ra.end as usize];
    let sb = &b[rb.start as usize..rb.end as usize];
    let matched = matched_words(sa, sb);
    Passage {
        a: ra,
        b: rb,
        matched_words: matched as u32,
        similarity: 2.0 * matched as f64 / (sa.len() + sb.len()).max(1) as f64,
        kind: super::MatchKind::Copy,
        immutables: 0,
    }
}

fn overlaps(x: WordRange, y: WordRange) -> bool {
    x.start < y.end && y.start < x.end
}

/// Aligns the chains of documents `doc_a < doc_b` and returns the passages that pass the
/// thresholds, ordered by their start in `doc_a`.
pub fn align_chains(
    a: &[u64],
    b: &[u64],
    doc_a: u32,
    doc_b: u32,
    chains: &[Chain],
    cfg: &PassageConfig,
) -> Vec<Passage> {
    let k = cfg.shingle_words;
    let mut regions: Vec<(WordRange, WordRange)> = chains
        .iter()
        .map(|c| {
            let end_a = (c.last_a as usize + k).min(a.len());
            let end_b = (c.last_b as usize + k).min(b.len());
            let (start_a, start_b) = extend_left(a, b, c.first_a as usize, c.first_b as usize);
            let (end_a, end_b) = extend_right(a, b, end_a, end_b);
            (
                WordRange {
                    doc: doc_a,
                    start: start_a as u32,
                    end: end_a as u32,
                },
                WordRange {
                    doc: doc_b,
                    start: start_b as u32,
                    end: end_b as u32,
                },
            )
        })
        .filter(|(ra, rb)| (ra.end - ra.start).min(rb.end - rb.start) as usize >= cfg.min_words)
        .collect();
    // merge regions overlapping on both sides until none do
    regions.sort();
    let mut merged: Vec<(WordRange, WordRange)> = Vec::new();
    for (ra, rb) in regions {
        if let Some(last) = merged
            .iter_mut()
            .find(|(ma, mb)| overlaps(*ma, ra) && overlaps(*mb, rb))
        {
            last.0.start = last.0.start.min(ra.start);
            last.0.end = last.0.end.max(ra.end);
            last.1.start = last.1.start.min(rb.start);
            last.1.end = last.1.end.max(rb.end);
        } else {
            merged.push((ra, rb));
        }
    }
    merged.dedup();
    let mut out: Vec<Passage> = merged
        .into_iter()
        .map(|(ra, rb)| measure(a, b, ra, rb))
        .filter(|p| p.matched_words as usize >= cfg.min_words && p.similarity >= cfg.min_similarity)
        .collect();
    out.sort_by_key(|p| (p.a.start, p.b.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_crosses_a_small_edit() {
        let a: Vec<u64> = (0..30).collect();
        let mut b: Vec<u64> = (0..30).collect();
        b[15] = 999; // substitution
        b.insert(20, 998); // insertion
        assert_eq!(extend_right(&a, &b, 0, 0), (30, 31));
        assert_eq!(extend_left(&a, &b, 30, 31), (0, 0));
    }

    #[test]
    fn extension_stops_at_unrelated_text() {
        let a: Vec<u64> = (0..10).chain(100..120).collect();
        let b: Vec<u64> = (0..10).chain(200..220).collect();
        assert_eq!(extend_right(&a, &b, 0, 0), (10, 10));
    }
}
