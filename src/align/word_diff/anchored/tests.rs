//! Tests of the anchored diffs: valid edit scripts, nearly shortest against a naive LCS, and the
//! resync searches against naive ones that try every place.

use super::*;
use proptest::prelude::*;

/// Words equal in `ops`, checked to be a valid edit script of `old` into `new`.
fn matched_checked<T: PartialEq + std::fmt::Debug>(old: &[T], new: &[T], ops: &[DiffOp]) -> usize {
    let (mut i, mut j, mut matched) = (0, 0, 0);
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        assert_eq!((o.start, n.start), (i, j), "ops out of order: {ops:?}");
        if let DiffOp::Equal { .. } = op {
            assert_eq!(old[o.clone()], new[n.clone()]);
            matched += o.len();
        }
        (i, j) = (o.end, n.end);
    }
    assert_eq!(
        (i, j),
        (old.len(), new.len()),
        "ops do not cover both: {ops:?}"
    );
    matched
}

/// The longest common subsequence, by the full table.
fn lcs(a: &[u32], b: &[u32]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (k, &y) in b.iter().enumerate() {
            let up = row[k + 1];
            row[k + 1] = if x == y { diagonal + 1 } else { up.max(row[k]) };
            diagonal = up;
        }
    }
    row[b.len()]
}

/// A copy of `old` with a few edits at the given places: a word replaced (kind 0),
/// dropped (1) or followed by an inserted word (2); inserted words are not in `old`.
fn edited(old: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut new = Vec::new();
    for (k, &w) in old.iter().enumerate() {
        match edits.iter().find(|e| e.0 == k) {
            Some(&(_, 0, word)) => new.push(word | 0x80),
            Some(&(_, 1, _)) => {}
            Some(&(_, _, word)) => new.extend([w, word | 0x80]),
            None => new.push(w),
        }
    }
    new
}

proptest! {
    #[test]
    fn resynced_myers_is_a_valid_script_and_nearly_shortest_on_sparse_edits(
        old in proptest::collection::vec(0u8..60, 0..400),
        edits in proptest::collection::vec((0usize..400, 0u8..3, 0u8..60), 0..12),
    ) {
        let new = edited(&old, &edits);
        let ops = resynced_myers(&old, &new);
        let matched = matched_checked(&old, &new, &ops);
        let myers = matched_checked(&old, &new, &capture_diff(Algorithm::Myers, &old, 0..old.len(), &new, 0..new.len()));
        // a few edits (too few to leave 64 words without 3 equal in a row): as short as
        // Myers' script but for a word or two where an edit sits near a repeat
        prop_assert!(matched + 2 >= myers, "{matched} against Myers {myers}");
    }

    #[test]
    fn patience_is_a_valid_script(
        old in proptest::collection::vec(0u32..200, 0..300),
        new in proptest::collection::vec(0u32..200, 0..300),
    ) {
        let ops = patience(&old, &new);
        let matched = matched_checked(&old, &new, &ops);
        prop_assert!(matched <= lcs(&old, &new));
    }
}

#[test]
fn resync_replaces_in_place_and_sees_insertions() {
    let old = b"abcdefghijklmnop";
    let new = b"abcXefghijkYYlmnop";
    let ops = resynced_myers(old, new);
    assert_eq!(matched_checked(old, new, &ops), 15);
    assert!(ops.contains(&DiffOp::Replace {
        old_index: 3,
        old_len: 1,
        new_index: 3,
        new_len: 1
    }));
    assert!(ops.contains(&DiffOp::Insert {
        old_index: 11,
        new_index: 11,
        new_len: 2
    }));
}

#[test]
fn patience_aligns_a_copy_inside_a_longer_text() {
    let old: Vec<u32> = (100..140).collect();
    let mut new: Vec<u32> = (500..700).collect();
    new.splice(80..80, old.iter().copied());
    let ops = patience(&old, &new);
    let equal: usize = ops
        .iter()
        .filter(|op| matches!(op, DiffOp::Equal { .. }))
        .map(|op| op.old_range().len())
        .sum();
    assert_eq!(equal, 40);
}

#[test]
fn lopsided_stretches_are_not_diffed() {
    // between the anchors 1 and 2: two 8s against a long insertion holding three (not
    // unique, so no anchors), which Myers would match
    let old: Vec<u32> = vec![1, 8, 8, 2];
    let mut new: Vec<u32> = vec![1];
    new.extend((0..300).map(|i| if i % 100 == 50 { 8 } else { 1000 + i }));
    new.push(2);
    let ops = patience(&old, &new);
    assert_eq!(matched_checked(&old, &new, &ops), 2, "{ops:?}");
    assert!(ops.contains(&DiffOp::Replace {
        old_index: 1,
        old_len: 2,
        new_index: 1,
        new_len: 300
    }));
    // the equal words at its ends are kept
    let mut ends = new.clone();
    ends[1] = 8;
    assert_eq!(matched_checked(&old, &ends, &patience(&old, &ends)), 3);
    // short on both sides: diffed
    let short = [1, 2000, 8, 2001, 8, 2];
    assert_eq!(matched_checked(&old, &short, &patience(&old, &short)), 4);
}

/// [`resync_far`] by trying every place: of all the places where a [`FAR_RUN`] is equal
/// far enough, the one fewest words away, then the one whose old-side skip is nearest half
/// of them, the larger first (the order [`resync`] tries places in).
fn naive_resync_far(old: &[u8], new: &[u8], i0: usize, j0: usize) -> Option<(usize, usize)> {
    let mut places = Vec::new();
    for i in i0..old.len() {
        for j in j0..new.len() {
            let skipped = (i - i0) + (j - j0);
            let equal = i + FAR_RUN <= old.len()
                && j + FAR_RUN <= new.len()
                && old[i..i + FAR_RUN] == new[j..j + FAR_RUN];
            if equal && skipped > RESYNC_REACH && skipped <= FAR_REACH {
                let half = skipped as f64 / 2.0;
                let away = ((i - i0) as f64 - half.floor()).abs();
                places.push((
                    (skipped, away as usize, ((i - i0) as f64) < half.floor()),
                    (i, j),
                ));
            }
        }
    }
    places.sort();
    places.first().map(|p| p.1)
}

proptest! {
    #[test]
    fn rolled_run_hashes_are_each_runs_own(
        seq in proptest::collection::vec(0u32..5, 0..40),
    ) {
        let rolled = run_hashes(&seq);
        prop_assert_eq!(rolled.len(), (seq.len() + 1).saturating_sub(FAR_RUN));
        for (k, &h) in rolled.iter().enumerate() {
            // the run hashed afresh, as the first run of a sequence of its own
            prop_assert_eq!(h, run_hashes(&seq[k..k + FAR_RUN])[0]);
        }
    }
}

proptest! {
    #[test]
    fn resync_far_finds_the_place_trying_every_place_finds(
        old in proptest::collection::vec(0u8..3, 0..300),
        new in proptest::collection::vec(0u8..3, 0..300),
        i0 in 0usize..40,
        j0 in 0usize..40,
    ) {
        let (i0, j0) = (i0.min(old.len()), j0.min(new.len()));
        prop_assert_eq!(resync_far(&old, &new, (i0, j0)), naive_resync_far(&old, &new, i0, j0));
    }
}
