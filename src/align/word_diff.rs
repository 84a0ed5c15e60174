//! The word diff of two aligned texts, summed up as equal words, in-place substitutions and
//! insertions or deletions.
//!
//! Two stages read a word diff: the copy verdict (`dedup::judge`), which decides from it what
//! kind of copy a pair is, and the spinner learner (`spin::learn`), which counts the
//! substitutions. Both need the same reading, so it is made here once. The diff itself is
//! `similar`'s Myers diff, a shortest edit script: a heavily spun sentence is then read as the
//! word-for-word replacement it is (the patience diff, anchored on words unique to both sides,
//! sometimes anchored a spinner's word on an unrelated occurrence of it and split the
//! replacement into a deletion and an insertion: 2 of 40 fully spun copies of the calibration
//! corpus were read as edited). Long inputs are cut into proportional chunks of
//! [`CHUNK_WORDS`], which bounds the cost at O(`CHUNK_WORDS`²) per chunk whatever the edits (a
//! copy's sides advance together; a cut can only misplace the few words at a chunk's edge).
//! [`dense_regions`] finds the aligned regions of a heavily edited pair with the patience
//! diff, whose anchors on rare words are what such a pair still shares. Both diffs are
//! anchored first (`anchored`: walked in step where equal, or on the words unique to both),
//! so that `similar` diffs only the stretches between anchors.
//!
//! A *substitution* is a replaced run of at most [`MAX_SUBSTITUTION_WORDS`] words on each side
//! between equal words ("law" -> "legislation", "1980s" -> "Nineteen Eighties"): a Replace op,
//! or a deletion and an insertion next to each other. A longer replaced run of the same length
//! on both sides is read word for word, as that many one-word substitutions (a heavily spun
//! sentence). Other longer runs are rewrites and count as words deleted and inserted, as pure
//! deletions and insertions do.

use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::hash::Hash;

mod anchored;
mod lcs;
use std::ops::Range;

/// Longest run, in words on either side, that counts as one substitution.
pub const MAX_SUBSTITUTION_WORDS: usize = 3;

/// Largest side, in words, diffed in one piece.
pub const CHUNK_WORDS: usize = 4096;

/// One substitution: `old[old_start..old_start + old_len]` became
/// `new[new_start..new_start + new_len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Substitution {
    pub old_start: u32,
    pub old_len: u8,
    pub new_start: u32,
    pub new_len: u8,
}

/// Word counts of a diff of `old` against `new`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiffCounts {
    /// Words equal on both sides.
    pub matched: u32,
    /// Words of `old` inside substitutions, and of `new`.
    pub substituted_old: u32,
    pub substituted_new: u32,
    /// Words only in `new` (inserted) and only in `old` (deleted), outside substitutions.
    pub inserted: u32,
    pub deleted: u32,
}

impl DiffCounts {
    pub fn add(&mut self, other: DiffCounts) {
        self.matched += other.matched;
        self.substituted_old += other.substituted_old;
        self.substituted_new += other.substituted_new;
        self.inserted += other.inserted;
        self.deleted += other.deleted;
    }
}

/// A word diff read as counts and substitutions (indices into the whole inputs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordDiff {
    pub counts: DiffCounts,
    pub substitutions: Vec<Substitution>,
}

impl WordDiff {
    /// Adds the diff of a piece of the inputs that starts at `old_start` and `new_start`: its
    /// counts, and its substitutions moved to indices into the whole inputs.
    pub fn append(&mut self, piece: WordDiff, old_start: usize, new_start: usize) {
        self.counts.add(piece.counts);
        self.substitutions
            .extend(piece.substitutions.into_iter().map(|s| Substitution {
                old_start: s.old_start + old_start as u32,
                new_start: s.new_start + new_start as u32,
                ..s
            }));
    }
}

/// The proportional pieces of two inputs of at most [`CHUNK_WORDS`] words each that long
/// inputs are diffed in: `(old range, new range)`, in order, covering both whole.
fn chunks(old: usize, new: usize) -> impl Iterator<Item = (Range<usize>, Range<usize>)> {
    let n = old.max(new).div_ceil(CHUNK_WORDS).max(1);
    let cut = move |len: usize, k: usize| len * k / n;
    (0..n).map(move |c| (cut(old, c)..cut(old, c + 1), cut(new, c)..cut(new, c + 1)))
}

/// Every replaced run of a diff of `old` against `new`, of any length: `(old_index, old_len,
/// new_index, new_len)` where words were deleted and others inserted at the same place (a
/// Replace op, or a deletion and an insertion next to each other). Pure insertions and
/// deletions are not replaced runs and are left out. One piece, Myers: for short texts.
pub fn replaced_runs<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
) -> Vec<(usize, usize, usize, usize)> {
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    let mut runs = Vec::new();
    walk(&ops, |op| {
        if let Op::Replaced(o, ol, n, nl) = op {
            runs.push((o, ol, n, nl));
        }
    });
    runs
}

/// The diff of `old` against `new`, chunked for long inputs (see the module doc).
pub fn diff<T: Hash + Eq + Ord>(old: &[T], new: &[T]) -> WordDiff {
    let mut out = WordDiff::default();
    for (o, n) in chunks(old.len(), new.len()) {
        let (os, ns) = (o.start, n.start);
        out.append(diff_piece(&old[o], &new[n]), os, ns);
    }
    out
}

fn diff_piece<T: Hash + Eq + Ord>(old: &[T], new: &[T]) -> WordDiff {
    let ops = anchored::resynced_myers(old, new);
    let mut out = WordDiff::default();
    let c = &mut out.counts;
    walk(&ops, |op| match op {
        Op::Equal(n) => c.matched += n as u32,
        Op::Inserted(n) => c.inserted += n as u32,
        Op::Deleted(n) => c.deleted += n as u32,
        Op::Replaced(o, ol, n, nl) => {
            if ol <= MAX_SUBSTITUTION_WORDS && nl <= MAX_SUBSTITUTION_WORDS {
                c.substituted_old += ol as u32;
                c.substituted_new += nl as u32;
                out.substitutions.push(Substitution {
                    old_start: o as u32,
                    old_len: ol as u8,
                    new_start: n as u32,
                    new_len: nl as u8,
                });
            } else if ol == nl {
                // a context-blind spinner replaces word for word: a long run of the same
                // length on both sides is as many one-word substitutions
                c.substituted_old += ol as u32;
                c.substituted_new += nl as u32;
                out.substitutions.extend((0..ol).map(|k| Substitution {
                    old_start: (o + k) as u32,
                    old_len: 1,
                    new_start: (n + k) as u32,
                    new_len: 1,
                }));
            } else {
                c.deleted += ol as u32;
                c.inserted += nl as u32;
            }
        }
    });
    out
}

/// The words of a sequence that occur in it exactly once, with their index, sorted by word:
/// the patience diff anchors on those unique to both sides. Made once for a sequence that is
/// diffed against many ([`dense_regions_with`]).
#[derive(Debug, Clone, Default)]
pub struct Unique(Vec<(u32, u32)>);

impl Unique {
    pub fn of(seq: &[u32]) -> Unique {
        Unique(anchored::once(seq))
    }
}

/// Aligned regions of two sequences by their diff: maximal runs of equal words whose density,
/// 2·matched/(words spanned on both sides), stays at least `min_density`, with at least
/// `min_matched` equal words. Built greedily in diff order: an equal run joins the current
/// region if the region stays dense enough with it, else it starts a new one. Returns
/// `(old range, new range)` pairs, in order. Chunked as [`diff`] is.
pub fn dense_regions(
    old: &[u32],
    new: &[u32],
    min_density: f64,
    min_matched: usize,
) -> Vec<(Range<usize>, Range<usize>)> {
    dense_regions_with(old, new, None, min_density, min_matched)
}

/// [`dense_regions`], given the [`Unique`] words of each whole side when they are known: read
/// when the two sides are diffed in one chunk (neither over [`CHUNK_WORDS`]), the same
/// anchors as those found afresh.
pub fn dense_regions_with(
    old: &[u32],
    new: &[u32],
    unique: Option<(&Unique, &Unique)>,
    min_density: f64,
    min_matched: usize,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut regions = Vec::new();
    let mut current: Option<(usize, usize, usize, usize, usize)> = None; // os, oe, ns, ne, matched
    let close = |r: Option<(usize, usize, usize, usize, usize)>,
                 out: &mut Vec<(Range<usize>, Range<usize>)>| {
        if let Some((os, oe, ns, ne, matched)) = r
            && matched >= min_matched
        {
            out.push((os..oe, ns..ne));
        }
    };
    for (o_chunk, n_chunk) in chunks(old.len(), new.len()) {
        let (o0, n0) = (o_chunk.start, n_chunk.start);
        let whole = o_chunk.len() == old.len() && n_chunk.len() == new.len();
        let ops = match unique {
            Some((uo, un)) if whole => anchored::patience_with(old, new, &uo.0, &un.0),
            _ => anchored::patience(&old[o_chunk], &new[n_chunk]),
        };
        for op in ops {
            let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            else {
                continue;
            };
            let (o, n) = (o0 + old_index, n0 + new_index);
            current = match current {
                Some((os, _, ns, _, matched)) => {
                    let spanned = (o + len - os) + (n + len - ns);
                    let joined = matched + len;
                    if 2.0 * joined as f64 >= min_density * spanned as f64 {
                        Some((os, o + len, ns, n + len, joined))
                    } else {
                        close(current, &mut regions);
                        Some((o, o + len, n, n + len, len))
                    }
                }
                None => Some((o, o + len, n, n + len, len)),
            };
        }
    }
    close(current, &mut regions);
    regions
}

/// What a diff op, or a deletion next to an insertion, amounts to.
enum Op {
    Equal(usize),
    Inserted(usize),
    Deleted(usize),
    /// old index, old length, new index, new length.
    Replaced(usize, usize, usize, usize),
}

/// Calls `f` for each op, a deletion and an insertion at the same place read as one
/// replacement.
fn walk(ops: &[DiffOp], mut f: impl FnMut(Op)) {
    let mut i = 0;
    while i < ops.len() {
        let (op, step) = match (&ops[i], ops.get(i + 1)) {
            (&DiffOp::Equal { len, .. }, _) => (Op::Equal(len), 1),
            (
                &DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                },
                _,
            ) => (Op::Replaced(old_index, old_len, new_index, new_len), 1),
            (
                &DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                },
                Some(&DiffOp::Insert {
                    new_len,
                    new_index: at,
                    ..
                }),
            ) if at == new_index => (Op::Replaced(old_index, old_len, new_index, new_len), 2),
            (
                &DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                },
                Some(&DiffOp::Delete {
                    old_index: at,
                    old_len,
                    ..
                }),
            ) if at == old_index => (Op::Replaced(old_index, old_len, new_index, new_len), 2),
            (&DiffOp::Delete { old_len, .. }, _) => (Op::Deleted(old_len), 1),
            (&DiffOp::Insert { new_len, .. }, _) => (Op::Inserted(new_len), 1),
        };
        f(op);
        i += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn substitutions_insertions_and_deletions_are_told_apart() {
        let old = words("the law was said to be very clear on this point");
        let new = words("the legislation was mentioned to be clear on this small point");
        let d = diff(&old, &new);
        assert_eq!(d.substitutions.len(), 2, "{d:?}");
        assert_eq!(
            d.counts,
            DiffCounts {
                matched: 8,
                substituted_old: 2,
                substituted_new: 2,
                inserted: 1,
                deleted: 1,
            }
        );
        let s = d.substitutions[0];
        assert_eq!(
            (old[s.old_start as usize], new[s.new_start as usize]),
            ("law", "legislation")
        );
    }

    #[test]
    fn long_replaced_runs_are_rewrites_unless_word_for_word() {
        let old = words("one two three four five six seven");
        let new = words("one alpha beta gamma delta seven");
        let d = diff(&old, &new);
        assert!(d.substitutions.is_empty());
        assert_eq!(
            (d.counts.deleted, d.counts.inserted, d.counts.matched),
            (5, 4, 2)
        );
        let new = words("one alpha beta gamma delta epsilon seven");
        let d = diff(&old, &new);
        assert_eq!(d.substitutions.len(), 5);
        assert_eq!((d.counts.substituted_old, d.counts.substituted_new), (5, 5));
        assert_eq!(d.substitutions[4].old_start, 5);
    }

    #[test]
    fn dense_regions_follow_a_heavily_edited_copy_and_skip_sparse_matches() {
        // every third word of the copy differs: one region over the whole
        let old: Vec<u32> = (0..300).collect();
        let new: Vec<u32> = (0..300)
            .map(|i| if i % 3 == 0 { 1000 + i } else { i })
            .collect();
        let r = dense_regions(&old, &new, 0.5, 10);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!(r[0].0.len() >= 295 && r[0].1.len() >= 295, "{r:?}");
        // a copy framed by unrelated words on the new side: the region is the copy alone
        let mut framed: Vec<u32> = (5000..5200).collect();
        framed.extend(0..300u32);
        framed.extend(6000..6200);
        let r = dense_regions(&old, &framed, 0.5, 10);
        assert_eq!(r, vec![(0..300, 200..500)]);
        // one shared word in ten, scattered: no region
        let sparse: Vec<u32> = (0..300)
            .map(|i| if i % 10 == 0 { i } else { 2000 + i })
            .collect();
        assert!(dense_regions(&old, &sparse, 0.5, 10).is_empty());
    }

    #[test]
    fn chunked_diffs_count_every_word_once() {
        // 3 chunks: every side's words are counted exactly once, whatever the cuts
        let old: Vec<u32> = (0..10_000).map(|i| i % 977).collect();
        let mut new = old.clone();
        for i in (0..new.len()).step_by(10) {
            new[i] = 5000 + i as u32;
        }
        new.insert(4000, 9999);
        let d = diff(&old, &new);
        let c = d.counts;
        assert_eq!(c.matched + c.substituted_old + c.deleted, old.len() as u32);
        assert_eq!(c.matched + c.substituted_new + c.inserted, new.len() as u32);
        assert!(c.substituted_old >= 900, "{c:?}");
        for s in &d.substitutions {
            assert_ne!(old[s.old_start as usize], new[s.new_start as usize]);
        }
    }
}
