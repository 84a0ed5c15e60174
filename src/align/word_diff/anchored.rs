//! The two word diffs of [`super`], made cheaper by anchoring them first, so that `similar`
//! diffs only the short stretches between anchors.
//!
//! A copy's two sides are equal most of the way, and `similar`'s diffs pay for the whole
//! length each time: Myers' for every equal word between the edits (its cost grows with the
//! length times the edits), patience's for hashing every word into its own map to find the
//! words unique to both sides. Judging a pair diffs it several times, so on the 55 MB scan
//! corpus these two diffs were a quarter of the scan's time.
//! - [`resynced_myers`] walks both sides in step while they are equal; at a difference it
//!   looks for the nearest place, fewest words skipped on both sides together and of like
//!   length first, where [`RESYNC_RUN`] words are equal again, and Myers-diffs only the
//!   stretch in between. An edit script is local, and so is its shortest reading: a spun word
//!   is replaced in place ("law" -> "legislation" between equal words), never matched to a far
//!   occurrence of itself. When nothing is equal again within [`RESYNC_REACH`] words (a
//!   heavily edited stretch), the nearest run of [`FAR_RUN`] equal words within
//!   [`FAR_REACH`] is where the two are in step again (so long a run is no chance match), and
//!   only when there is none is the rest Myers-diffed whole. Resynchronising that far on
//!   [`RESYNC_RUN`] words, or capping Myers, lost two of 40 copies with half their words
//!   edited (copies benchmark, seed 2), whose coverage hangs on Myers pairing the edits into
//!   substitutions; a long run keeps them, and bounds the Myers stretches of templated pages
//!   whose sections differ (the 55 MB corpus' dearest pairs).
//! - [`patience`] finds the words that occur once on each side by sorting (the keys are
//!   integers already), keeps the longest run of them in the same order on both sides, and
//!   Myers-diffs the stretches between two such anchors: the patience diff, without a hash
//!   map; a stretch longer than [`LARGE_STRETCH`] on both sides, or on one side and
//!   [`LOPSIDED`] times the other, is not diffed (below).
//!
//! "Myers-diffs" above means `similar`'s Myers for a stretch longer than [`TABLE_STRETCH`]
//! on a side, and its LCS table for a shorter one (the same longest common subsequence, for
//! a fraction of the cost at that length; the table computed bit-parallel, `super::lcs`).
//! Both give `similar`'s `DiffOp`s indexed into the whole inputs, which `super` reads as
//! before. On the copies benchmark (both seeds) every kind, rate and direction is as with
//! `similar`'s diffs alone; the 55 MB corpus scans in 12 % less CPU time.

use similar::{Algorithm, DiffOp, capture_diff};
use std::hash::Hash;
use std::ops::Range;

/// Equal words in a row at which two sides are taken to be in step again.
pub const RESYNC_RUN: usize = 3;
/// Most words skipped, on both sides together, in looking for the next [`RESYNC_RUN`].
pub const RESYNC_REACH: usize = 16;

/// Equal words in a row that resynchronise two sides farther than [`RESYNC_REACH`]: so long
/// a run is where the sides are in step, not a chance match of common words.
pub const FAR_RUN: usize = 8;
/// Most words skipped, on both sides together, in looking for a [`FAR_RUN`]; past it, the
/// rest is Myers-diffed whole.
pub const FAR_REACH: usize = 256;

/// A stretch between two patience anchors longer than this on both sides holds no word
/// unique to both: for the dense regions the patience diff is read for, it is a rewrite (one
/// replacement), not diffed. Myers' cost there grows with the square of the length and finds
/// only scattered common words (templated pages, their paragraphs in another order, were
/// the scan's dearest pairs).
pub const LARGE_STRETCH: usize = 64;

/// How many times longer than the other side one side of a stretch between patience anchors
/// must be, and longer than [`LARGE_STRETCH`], to be read as an insertion, not diffed.
pub const LOPSIDED: usize = 4;

/// Longest stretch, in words on each side, diffed by `similar`'s LCS table rather than its
/// Myers: both find a longest common subsequence (where several are equally long they may
/// pick different ones). The table was first used up to 256 words (the far resync's reach:
/// cell by cell, its O(N·M) cost a third to a quarter of Myers' there); computed 64 cells
/// at a time (`super::lcs`), it is cheaper than Myers on every stretch the word diffs meet,
/// and is used up to the longest stretch below `similar`'s check for nearly disjoint inputs
/// (`lcs::DISJOINT_MIN_LEN`), so that its ops stay `similar`'s LCS's: on the 55 MB corpus
/// 0.22 G instructions less than Myers between 257 and 511 words, the same pairs and kinds
/// there and on the copies benchmark. Past that, the table's own walk (a true longest common
/// subsequence, no such check) saved 0.16 G more but read one spun pair of 239 the wrong way
/// round (copies benchmark, seed 2: its ties pair other words).
pub const TABLE_STRETCH: usize = super::lcs::DISJOINT_MIN_LEN - 1;

/// Longest stretch, in words on each side, looked over pair by pair for a word both sides
/// share before Myers is asked (most stretches between anchors are a replaced word or two).
const SMALL_STRETCH: usize = 8;

/// Appends Myers' diff of `old[o]` against `new[n]`, indexed into the whole inputs: the equal
/// words at both ends first, and a short stretch with no word in common is one replacement,
/// as Myers would read it, without building its tables.
fn myers_into<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
    o: Range<usize>,
    n: Range<usize>,
    ops: &mut Vec<DiffOp>,
) {
    trimmed_into(old, new, o, n, ops, Middle::Diffed);
}

/// What [`trimmed_into`] makes of the stretch left between the equal words at both ends.
#[derive(Clone, Copy, PartialEq)]
enum Middle {
    /// Myers-diffed (unless short with no word in common: one replacement).
    Diffed,
    /// One replacement, undiffed.
    Replaced,
}

/// Appends the equal words at both ends of `old[o]` and `new[n]`, and between them `middle`.
fn trimmed_into<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
    o: Range<usize>,
    n: Range<usize>,
    ops: &mut Vec<DiffOp>,
    middle: Middle,
) {
    let prefix = old[o.clone()]
        .iter()
        .zip(&new[n.clone()])
        .take_while(|(a, b)| a == b)
        .count();
    push_equal(ops, o.start, n.start, prefix);
    let (o, n) = (o.start + prefix..o.end, n.start + prefix..n.end);
    let suffix = old[o.clone()]
        .iter()
        .rev()
        .zip(new[n.clone()].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (o, n) = (o.start..o.end - suffix, n.start..n.end - suffix);
    let (o0, n0) = (o.start, n.start);
    let (o_end, n_end) = (o.end, n.end);
    let apart = || {
        middle == Middle::Replaced
            || o.len() <= SMALL_STRETCH
                && n.len() <= SMALL_STRETCH
                && old[o.clone()].iter().all(|w| !new[n.clone()].contains(w))
    };
    match (o.is_empty(), n.is_empty()) {
        (true, true) => {}
        (false, true) => ops.push(DiffOp::Delete {
            old_index: o0,
            old_len: o.len(),
            new_index: n0,
        }),
        (true, false) => ops.push(DiffOp::Insert {
            old_index: o0,
            new_index: n0,
            new_len: n.len(),
        }),
        (false, false) if apart() => ops.push(DiffOp::Replace {
            old_index: o0,
            old_len: o.len(),
            new_index: n0,
            new_len: n.len(),
        }),
        (false, false) => {
            // `similar` indexes the ops of a range in the whole inputs
            // both find a longest common subsequence (ties may pair other words), the table
            // several times cheaper on a short stretch (and its ops `similar`'s, made faster)
            let diffed = if o.len().max(n.len()) <= TABLE_STRETCH {
                super::lcs::capture(old, o.clone(), new, n.clone())
            } else {
                capture_diff(Algorithm::Myers, old, o.clone(), new, n.clone())
            };
            for op in diffed {
                match op {
                    DiffOp::Equal {
                        old_index,
                        new_index,
                        len,
                    } => push_equal(ops, old_index, new_index, len),
                    op => ops.push(op),
                }
            }
        }
    }
    push_equal(ops, o_end, n_end, suffix);
}

/// Appends an equal run, joined to the previous op when that is an equal run it continues.
fn push_equal(ops: &mut Vec<DiffOp>, old_index: usize, new_index: usize, len: usize) {
    if len == 0 {
        return;
    }
    if let Some(DiffOp::Equal {
        old_index: o,
        new_index: n,
        len: l,
    }) = ops.last_mut()
        && *o + *l == old_index
        && *n + *l == new_index
    {
        *l += len;
        return;
    }
    ops.push(DiffOp::Equal {
        old_index,
        new_index,
        len,
    });
}

/// The nearest `(i, j)` past `(i0, j0)` where [`RESYNC_RUN`] words are equal on both sides:
/// fewest words skipped in all, then the most alike on both sides.
fn resync<T: Eq>(old: &[T], new: &[T], i0: usize, j0: usize) -> Option<(usize, usize)> {
    let in_step = |i: usize, j: usize| {
        i + RESYNC_RUN <= old.len()
            && j + RESYNC_RUN <= new.len()
            && old[i..i + RESYNC_RUN] == new[j..j + RESYNC_RUN]
    };
    let reach = RESYNC_REACH.min((old.len() - i0) + (new.len() - j0));
    for skipped in 1..=reach {
        let middle = skipped / 2;
        // old-side skips middle, middle + 1, middle - 1, middle + 2, …
        for t in 0..=2 * skipped {
            let di = if t % 2 == 0 {
                middle.checked_sub(t / 2)
            } else {
                Some(middle + t.div_ceil(2))
            };
            let Some(di) = di.filter(|&di| di <= skipped) else {
                continue;
            };
            if in_step(i0 + di, j0 + skipped - di) {
                return Some((i0 + di, j0 + skipped - di));
            }
        }
    }
    None
}

/// [`resync`] for a [`FAR_RUN`] past [`RESYNC_REACH`] words skipped, up to [`FAR_REACH`], in
/// the same order, found through an index of the runs of `new` by hash rather than by trying
/// every place (a few hundred hashes instead of some 30,000 comparisons). Old-side runs are
/// read in order and the search stops once they are farther than the best run found.
///
/// A run's hash rolls from one start to the next (each word hashed once, not once per run it
/// is in), and the index is a flat table of chains by the hash's top bits, made afresh in a
/// few hundred bytes: on the 55 MB corpus a scan asks this 7,359 times, and hashing every
/// run whole into a hash map was most of the word diff's own cost.
fn resync_far<T: Hash + Eq>(
    old: &[T],
    new: &[T],
    (i0, j0): (usize, usize),
) -> Option<(usize, usize)> {
    // runs that start within reach on each side
    let starts = |len: usize, from: usize| {
        from..(from + FAR_REACH + 1)
            .min(len.saturating_sub(FAR_RUN - 1))
            .max(from)
    };
    let (old_starts, new_starts) = (starts(old.len(), i0), starts(new.len(), j0));
    if old_starts.is_empty() || new_starts.is_empty() {
        return None;
    }
    // the runs of `new` by hash: in each slot, the last start whose hash falls there, and
    // before each start the previous one of its slot (runs are checked equal before use)
    let new_hashes = run_hashes(&new[new_starts.start..new_starts.end + FAR_RUN - 1]);
    let mut last_of = [NO_RUN; FAR_SLOTS];
    let mut previous = vec![NO_RUN; new_hashes.len()];
    for (k, &h) in new_hashes.iter().enumerate() {
        let slot = far_slot(h);
        previous[k] = last_of[slot];
        last_of[slot] = k as u16;
    }
    // resync's order: fewest skipped, then the old-side skip nearest half of them, the larger
    // first
    let order = |(i, j): (usize, usize)| {
        let (di, skipped) = (i - i0, (i - i0) + (j - j0));
        let middle = skipped / 2;
        (skipped, di.abs_diff(middle), di < middle)
    };
    let mut best: Option<(usize, usize)> = None;
    // old-side runs are hashed as they are read: the search often stops early
    let mut old_hashes = RunHashes::new(&old[old_starts.start..old_starts.end + FAR_RUN - 1]);
    for i in old_starts {
        if best.is_some_and(|at| i - i0 > order(at).0) {
            break; // every later run skips more on the old side alone
        }
        let h = old_hashes.next_hash();
        let mut next = last_of[far_slot(h)];
        while next != NO_RUN {
            let k = usize::from(next);
            next = previous[k];
            let j = j0 + k;
            let skipped = (i - i0) + (j - j0);
            if new_hashes[k] == h
                && skipped > RESYNC_REACH
                && skipped <= FAR_REACH
                && old[i..i + FAR_RUN] == new[j..j + FAR_RUN]
                && best.is_none_or(|at| order((i, j)) < order(at))
            {
                best = Some((i, j));
            }
        }
    }
    best
}

/// Slots of [`resync_far`]'s index of runs: a power of two, over twice the runs indexed.
const FAR_SLOTS: usize = 1024;
const _: () = assert!(FAR_SLOTS.is_power_of_two() && FAR_SLOTS > 2 * (FAR_REACH + 1));
/// An empty slot, or the end of a chain.
const NO_RUN: u16 = u16::MAX;

/// The slot of a run's hash in [`resync_far`]'s index: its top bits, mixed.
fn far_slot(hash: u64) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FAR_SLOTS.trailing_zeros())) as usize
}

/// The hashes of the runs of [`FAR_RUN`] words of a sequence, start after start: a
/// polynomial in the words' own hashes, rolled from one start to the next.
struct RunHashes<'a, T> {
    seq: &'a [T],
    /// The next run's start, and the hash of the run before it.
    at: usize,
    hash: u64,
}

impl<'a, T: Hash> RunHashes<'a, T> {
    /// Odd, so that no word's hash is multiplied away.
    const BASE: u64 = 0x0100_0000_01b3;

    /// The runs of `seq`, which holds at least one.
    fn new(seq: &'a [T]) -> Self {
        RunHashes {
            seq,
            at: 0,
            hash: 0,
        }
    }

    fn word(w: &T) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(w)
    }

    /// The hash of the next run (the caller reads no more runs than `seq` holds).
    fn next_hash(&mut self) -> u64 {
        let k = self.at;
        self.hash = if k == 0 {
            self.seq[..FAR_RUN].iter().fold(0u64, |h, w| {
                h.wrapping_mul(Self::BASE).wrapping_add(Self::word(w))
            })
        } else {
            let top = Self::BASE.wrapping_pow(FAR_RUN as u32 - 1);
            self.hash
                .wrapping_sub(Self::word(&self.seq[k - 1]).wrapping_mul(top))
                .wrapping_mul(Self::BASE)
                .wrapping_add(Self::word(&self.seq[k + FAR_RUN - 1]))
        };
        self.at += 1;
        self.hash
    }
}

/// The hash of each run of [`FAR_RUN`] words of `seq` ([`RunHashes`]), by start.
fn run_hashes<T: Hash>(seq: &[T]) -> Vec<u64> {
    let runs = (seq.len() + 1).saturating_sub(FAR_RUN);
    let mut hashes = RunHashes::new(seq);
    (0..runs).map(|_| hashes.next_hash()).collect()
}

/// Myers' diff of `old` against `new`, walked in step where they are equal and computed only
/// between resynchronisation points (see the module doc).
pub fn resynced_myers<T: Hash + Eq + Ord>(old: &[T], new: &[T]) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    resynced_into(old, new, 0..old.len(), 0..new.len(), &mut ops);
    ops
}

/// Appends [`resynced_myers`] of `old[o]` against `new[n]`, indexed into the whole inputs.
fn resynced_into<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
    o: Range<usize>,
    n: Range<usize>,
    ops: &mut Vec<DiffOp>,
) {
    let (old, new) = (&old[..o.end], &new[..n.end]);
    let (mut i, mut j) = (o.start, n.start);
    loop {
        let equal = old[i..]
            .iter()
            .zip(&new[j..])
            .take_while(|(a, b)| a == b)
            .count();
        push_equal(ops, i, j, equal);
        (i, j) = (i + equal, j + equal);
        if i == old.len() || j == new.len() {
            break;
        }
        let near = resync(old, new, i, j);
        // nothing near (a heavily edited stretch): a long equal run farther on is where the
        // two are in step again, and bounds the stretch Myers is asked to diff
        let far = || resync_far(old, new, (i, j));
        match near.or_else(far) {
            Some((i2, j2)) => {
                myers_into(old, new, i..i2, j..j2, ops);
                (i, j) = (i2, j2);
            }
            None => break,
        }
    }
    myers_into(old, new, i..old.len(), j..new.len(), ops);
}

/// The words that occur exactly once in `seq` (word keys), with their index, sorted by word.
pub(super) fn once(seq: &[u32]) -> Vec<(u32, u32)> {
    let all: Vec<u64> = seq
        .iter()
        .zip(0u32..)
        .map(|(&w, i)| (u64::from(w) << 32) | u64::from(i))
        .collect();
    // the word keys on top are folded hashes: spread evenly
    let all = crate::align::bucket_sort::spread::sort_spread(all);
    let word = |k: usize| (all[k] >> 32) as u32;
    let mut out = Vec::with_capacity(all.len());
    let mut k = 0;
    while k < all.len() {
        let mut end = k + 1;
        while end < all.len() && word(end) == word(k) {
            end += 1;
        }
        if end == k + 1 {
            out.push((word(k), all[k] as u32));
        }
        k = end;
    }
    out
}

/// The longest chain of `anchors` (old index, new index; sorted by old index) increasing on
/// the new side too (patience sorting, O(n log n)).
fn longest_increasing(anchors: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tops[k]: the anchor ending the best chain of length k + 1 found so far
    let mut tops: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; anchors.len()];
    for (a, &(_, n)) in anchors.iter().enumerate() {
        let pile = tops.partition_point(|&t| anchors[t].1 < n);
        before[a] = pile.checked_sub(1).map(|p| tops[p]);
        if pile == tops.len() {
            tops.push(a);
        } else {
            tops[pile] = a;
        }
    }
    let mut chain = Vec::with_capacity(tops.len());
    let mut at = tops.last().copied();
    while let Some(a) = at {
        chain.push(anchors[a]);
        at = before[a];
    }
    chain.reverse();
    chain
}

/// The patience diff of `old` against `new`: anchored on the items unique to both sides, in
/// the longest order they share, with Myers' diff between anchors.
pub fn patience(old: &[u32], new: &[u32]) -> Vec<DiffOp> {
    patience_with(old, new, &once(old), &once(new))
}

/// [`patience`], given the words that occur once on each side ([`once`] of each).
pub(super) fn patience_with(
    old: &[u32],
    new: &[u32],
    uo: &[(u32, u32)],
    un: &[(u32, u32)],
) -> Vec<DiffOp> {
    let mut anchors = Vec::new();
    let (mut p, mut q) = (0, 0);
    while p < uo.len() && q < un.len() {
        match uo[p].0.cmp(&un[q].0) {
            std::cmp::Ordering::Less => p += 1,
            std::cmp::Ordering::Greater => q += 1,
            std::cmp::Ordering::Equal => {
                anchors.push((uo[p].1 as usize, un[q].1 as usize));
                p += 1;
                q += 1;
            }
        }
    }
    if anchors.is_empty() {
        // nothing unique to both (a text repeated on one side): walk it in step instead
        return resynced_myers(old, new);
    }
    anchors.sort_unstable();
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ai, aj) in longest_increasing(&anchors) {
        stretch_into(old, new, i..ai, j..aj, &mut ops);
        push_equal(&mut ops, ai, aj, 1);
        (i, j) = (ai + 1, aj + 1);
    }
    stretch_into(old, new, i..old.len(), j..new.len(), &mut ops);
    ops
}

/// A stretch between two patience anchors: Myers-diffed unless it is longer than
/// [`LARGE_STRETCH`] on both sides, which is a rewrite (one replacement), or longer than
/// that on one side and over [`LOPSIDED`] times the other side's length, which is an
/// insertion (or a deletion) with at most a few scattered words in common: one replacement
/// after the equal words at both ends. Myers' cost there grows with the square of the longer
/// side however short the other (a page's own sections around the part a shorter page
/// shares were a quarter of the content-word diffs' time on the 55 MB corpus).
fn stretch_into(old: &[u32], new: &[u32], o: Range<usize>, n: Range<usize>, ops: &mut Vec<DiffOp>) {
    let (short, long) = (o.len().min(n.len()), o.len().max(n.len()));
    if short <= LARGE_STRETCH && long > LARGE_STRETCH && long > LOPSIDED * short {
        trimmed_into(old, new, o, n, ops, Middle::Replaced);
    } else if short > LARGE_STRETCH {
        ops.push(DiffOp::Replace {
            old_index: o.start,
            old_len: o.len(),
            new_index: n.start,
            new_len: n.len(),
        });
    } else {
        myers_into(old, new, o, n, ops);
    }
}

#[cfg(test)]
mod tests;
