//! `similar`'s LCS-table diff with its table computed 64 cells at a time.
//!
//! `similar`'s LCS diff (`similar::algorithms::lcs`) fills the table of the longest common
//! subsequence of every pair of suffixes, cell by cell, then walks it from the start: an equal
//! word is matched, else a word of `old` is deleted when that keeps the longest common
//! subsequence (the cell to the right holds at least the cell below), else a word of `new` is
//! inserted. Along a row the cells fall by 0 or 1 from one column to the next, so a row is a
//! bit vector of its falls, and the bit-parallel LCS recurrence (Hyyrö 2004: `U = V & match`,
//! `V' = (V + U) | (V - U)`) makes each row from the one below in a few word operations per 64
//! cells. Where two words differ, the cell is the larger of its right and lower neighbours,
//! so "the right one holds at least the lower one" is "the row does not fall there": one bit.
//!
//! [`capture`] emits the same calls to the same hooks (`Compact`, `Replace`, `Capture`) as
//! `similar::capture_diff` with `Algorithm::Lcs`, so its ops are `similar`'s, for stretches
//! shorter than [`DISJOINT_MIN_LEN`] on a side, below which `similar` makes no other check
//! first (a test holds the two equal). On the 55 MB corpus the word diffs' tables were most
//! of a 0.37 G-instruction `similar` LCS.

use rustc_hash::FxHashMap;
use similar::DiffOp;
use similar::algorithms::{Capture, Compact, DiffHook, Replace};
use std::hash::Hash;
use std::ops::Range;

/// Length on both sides from which `similar`'s diffs first look for nearly disjoint inputs
/// (`DISJOINT_FAST_PATH_MIN_LEN` in `similar`'s preflight); [`capture`] does not.
pub const DISJOINT_MIN_LEN: usize = 512;

/// The ops of `similar::capture_diff(Algorithm::Lcs, old, o, new, n)`, for `o` or `n` shorter
/// than [`DISJOINT_MIN_LEN`] (see the module doc).
pub fn capture<T: Hash + Eq>(
    old: &[T],
    o: Range<usize>,
    new: &[T],
    n: Range<usize>,
) -> Vec<DiffOp> {
    let mut d = Compact::new(Replace::new(Capture::new()), old, new);
    emit(&mut d, old, o, new, n);
    d.into_inner().into_inner().into_ops()
}

/// What `similar::algorithms::lcs::diff` tells `d` (a hook that cannot fail).
fn emit<T, D>(d: &mut D, old: &[T], o: Range<usize>, new: &[T], n: Range<usize>)
where
    T: Hash + Eq,
    D: DiffHook<Error = std::convert::Infallible>,
{
    let Ok(()) = emit_fallible(d, old, o, new, n);
}

fn emit_fallible<T, D>(
    d: &mut D,
    old: &[T],
    o: Range<usize>,
    new: &[T],
    n: Range<usize>,
) -> Result<(), D::Error>
where
    T: Hash + Eq,
    D: DiffHook,
{
    if o.is_empty() && n.is_empty() {
        return d.finish();
    } else if n.is_empty() {
        d.delete(o.start, o.len(), n.start)?;
        return d.finish();
    } else if o.is_empty() {
        d.insert(o.start, n.start, n.len())?;
        return d.finish();
    }
    let prefix = old[o.clone()]
        .iter()
        .zip(&new[n.clone()])
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old[o.start + prefix..o.end]
        .iter()
        .rev()
        .zip(new[n.start + prefix..n.end].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == o.len() && o.len() == n.len() {
        d.equal(o.start, n.start, o.len())?;
        return d.finish();
    }
    let (o0, n0) = (o.start + prefix, n.start + prefix);
    let (old_len, new_len) = (o.len() - prefix - suffix, n.len() - prefix - suffix);
    if prefix > 0 {
        d.equal(o.start, n.start, prefix)?;
    }
    let (mut old_idx, mut new_idx) = (0, 0);
    if old_len > 0 && new_len > 0 {
        let rows = Rows::new(&old[o0..o0 + old_len], &new[n0..n0 + new_len]);
        while new_idx < new_len && old_idx < old_len {
            let (oi, ni) = (o0 + old_idx, n0 + new_idx);
            if new[ni] == old[oi] {
                d.equal(oi, ni, 1)?;
                old_idx += 1;
                new_idx += 1;
            } else if !rows.falls(new_idx, old_idx) {
                d.delete(oi, 1, ni)?;
                old_idx += 1;
            } else {
                d.insert(oi, ni, 1)?;
                new_idx += 1;
            }
        }
    }
    if old_idx < old_len {
        d.delete(o0 + old_idx, old_len - old_idx, n0 + new_idx)?;
        old_idx = old_len;
    }
    if new_idx < new_len {
        d.insert(o0 + old_idx, n0 + new_idx, new_len - new_idx)?;
    }
    if suffix > 0 {
        d.equal(o0 + old_len, n0 + new_len, suffix)?;
    }
    d.finish()
}

/// The LCS table of `old` against `new` by rows: row `i` (the suffix `new[i..]`) as the bit
/// vector of where it falls from column `j` to `j + 1` (the suffixes `old[j..]` and
/// `old[j + 1..]`), column `j` at bit `old.len() - 1 - j`, so that the suffixes of `old` are
/// the prefixes the recurrence reads from bit 0 up. The recurrence keeps `V`, the complement
/// of the falls.
struct Rows {
    /// `u64` words per row.
    words: usize,
    old_len: usize,
    /// `V` of row `i` at `bits[i * words..(i + 1) * words]`.
    bits: Vec<u64>,
}

impl Rows {
    fn new<T: Hash + Eq>(old: &[T], new: &[T]) -> Rows {
        let words = old.len().div_ceil(64);
        // the bits of `old` equal to each of its words
        let mut index: FxHashMap<&T, usize> = FxHashMap::default();
        index.reserve(old.len());
        let mut matches: Vec<u64> = Vec::new();
        for (j, w) in old.iter().enumerate() {
            let next = matches.len() / words;
            let at = *index.entry(w).or_insert(next);
            if at == next {
                matches.resize(matches.len() + words, 0);
            }
            let bit = old.len() - 1 - j;
            matches[at * words + bit / 64] |= 1 << (bit % 64);
        }
        let mut bits = vec![0u64; (new.len() + 1) * words];
        bits[new.len() * words..].fill(u64::MAX);
        for i in (0..new.len()).rev() {
            let (row, below) = bits[i * words..(i + 2) * words].split_at_mut(words);
            match index.get(&new[i]) {
                None => row.copy_from_slice(below),
                Some(&at) => {
                    let m = &matches[at * words..(at + 1) * words];
                    // `U` is a part of `V`'s bits, so `V - U` borrows nothing: `V & !U`
                    let mut carry = false;
                    for k in 0..words {
                        let v = below[k];
                        let u = v & m[k];
                        let (sum, c1) = v.overflowing_add(u);
                        let (sum, c2) = sum.overflowing_add(u64::from(carry));
                        carry = c1 | c2;
                        row[k] = sum | (v & !u);
                    }
                }
            }
        }
        Rows {
            words,
            old_len: old.len(),
            bits,
        }
    }

    /// Whether row `i` falls from column `j` to `j + 1`: `LCS(new[i..], old[j..])` is one more
    /// than `LCS(new[i..], old[j + 1..])`.
    fn falls(&self, i: usize, j: usize) -> bool {
        let bit = self.old_len - 1 - j;
        self.bits[i * self.words + bit / 64] & (1 << (bit % 64)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use similar::{Algorithm, capture_diff};

    proptest! {
        #[test]
        fn ops_are_similars(
            old in proptest::collection::vec(0u8..6, 0..300),
            new in proptest::collection::vec(0u8..6, 0..300),
            from in 0usize..20,
            to in 0usize..20,
        ) {
            // a few letters, so that the table has long equal runs and many ties
            let o = from.min(old.len())..old.len().saturating_sub(to).max(from.min(old.len()));
            let n = from.min(new.len())..new.len().saturating_sub(to).max(from.min(new.len()));
            prop_assert_eq!(
                capture(&old, o.clone(), &new, n.clone()),
                capture_diff(Algorithm::Lcs, &old, o, &new, n)
            );
        }

        #[test]
        fn ops_are_similars_on_words(
            old in proptest::collection::vec(0u32..40, 0..200),
            edits in proptest::collection::vec((0usize..200, 0u32..60), 0..40),
        ) {
            // a copy with scattered replacements, as the word diffs see
            let mut new = old.clone();
            for &(at, word) in &edits {
                if at < new.len() {
                    new[at] = word;
                }
            }
            prop_assert_eq!(
                capture(&old, 0..old.len(), &new, 0..new.len()),
                capture_diff(Algorithm::Lcs, &old, 0..old.len(), &new, 0..new.len())
            );
        }
    }

    #[test]
    fn rows_fall_where_the_table_does() {
        let old = b"abcbdabxyzzy";
        let new = b"bdcabazzyqb";
        let rows = Rows::new(old, new);
        let (m, n) = (old.len(), new.len());
        let mut table = vec![vec![0usize; m + 1]; n + 1];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                table[i][j] = if old[j] == new[i] {
                    table[i + 1][j + 1] + 1
                } else {
                    table[i + 1][j].max(table[i][j + 1])
                };
            }
        }
        for (i, row) in table[..n].iter().enumerate() {
            for j in 0..m {
                assert_eq!(rows.falls(i, j), row[j] > row[j + 1], "({i}, {j})");
            }
        }
    }
}
